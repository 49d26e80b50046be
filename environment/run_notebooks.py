#!/usr/bin/python3
"""Executes cegi's notebooks headlessly on the 'cegi-java' kernel and writes what a person reads.

    run_notebooks.py [NOTEBOOK ...] [--out DIR] [--profile main|test] [--retries N] [--no-html]

For each notebook (default: notebooks/*.ipynb in order) it writes, under --out:
  notebooks/NAME.ipynb   the executed copy (also when a cell failed: the error is in it)
  html/NAME.html         the same as one HTML file with the images embedded (readable off-line)
  logs/NAME.kernel.log   what the kernel process printed outside the notebook
  results/               whatever the notebooks write (they find it through CEGI_OUTPUT_DIR)
  summary.json           one record per notebook: status, seconds, kernel start attempts, paths
A failing cell stops its notebook; the runner prints the cell, the Java exception and its stack trace, goes on
with the next notebook, and exits 1. A kernel that does not answer at start is started again (--retries, default
1); each such retry is counted in the summary.
"""
import argparse
import json
import os
import re
import sys
import time
import traceback

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = "cegi-java"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class KernelStartError(RuntimeError):
    pass


def strip_ansi(s):
    return ANSI.sub("", s)


def failing_cell(nb):
    """The first code cell whose outputs hold an error, with its index among code cells."""
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        n += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return n, cell, out
    return None


def describe_failure(name, nb, exc):
    found = failing_cell(nb)
    lines = [f"FAILED {name}"]
    if found:
        n, cell, out = found
        lines.append(f"--- code cell {n} ---")
        lines.extend("    " + l for l in cell.source.splitlines())
        lines.append(f"--- {out.get('ename', 'error')}: {strip_ansi(out.get('evalue', ''))}")
        lines.extend(strip_ansi(t).rstrip("\n") for t in out.get("traceback", []))
    else:
        lines.append(strip_ansi(str(exc)))
    return "\n".join(lines)


def execute(path, args, env_extra, log_path):
    """Runs one notebook; returns (notebook node, attempts, error or None)."""
    attempts = 0
    while True:
        attempts += 1
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb, kernel_name=args.kernel, timeout=args.timeout, startup_timeout=args.startup_timeout,
            allow_errors=False, record_timing=True,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        os.environ.update(env_extra)
        with open(log_path, "a") as log:
            log.write(f"=== attempt {attempts} at {time.strftime('%H:%M:%S')}\n")
            log.flush()
            try:
                client.execute(stdout=log, stderr=log)
                return nb, attempts, None
            except CellExecutionError as e:
                return nb, attempts, e
            except RuntimeError as e:
                # nbclient's "Kernel didn't respond in N seconds" and kernel deaths during start.
                started = any(c.get("execution_count") for c in nb.cells if c.cell_type == "code")
                if started or attempts > args.retries:
                    return nb, attempts, e
                log.write(f"kernel start failed ({e}); starting it again\n")
            except Exception as e:  # keep the run going for the other notebooks
                return nb, attempts, e


# Scripts that nbconvert's template loads from elsewhere (a CDN, or Debian's /usr/share/javascript): the notebooks
# need neither MathJax nor RequireJS, and an HTML file that must work off-line and on other machines cannot rely
# on them, so they are taken out; the images are data URIs already.
EXTERNAL_SCRIPTS = [
    re.compile(r'<script src="[^"]*(?:MathJax|mathjax|require)[^"]*">\s*</script>\s*'),
    re.compile(r'<!-- MathJax configuration -->\s*<script type="text/x-mathjax-config">.*?</script>\s*', re.S),
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>\s*', re.S),
]


# Read-ability at any window width (checked at 1100 px in headless Chromium): a wide table scrolls inside its
# output instead of pushing the page sideways, charts shrink to fit, and text output wraps.
READING_STYLE = """<style id="cegi-reading">
.jp-OutputArea-output { overflow-x: auto; max-width: 100%; }
.jp-OutputArea-output img { max-width: 100%; height: auto; }
.jp-OutputArea-output pre { white-space: pre-wrap; word-break: normal; overflow-wrap: break-word; }
.jp-RenderedHTMLCommon table.cegi { margin-left: 0; }
</style>
"""


def write_html(nb, target):
    from nbconvert import HTMLExporter
    exporter = HTMLExporter()
    body, _ = exporter.from_notebook_node(nb)
    for pattern in EXTERNAL_SCRIPTS:
        body = pattern.sub("", body)
    body = body.replace("</head>", READING_STYLE + "</head>", 1)
    with open(target, "w", encoding="utf-8") as f:
        f.write(body)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("notebooks", nargs="*")
    p.add_argument("--out", default=os.path.join(ROOT, "build", "output"))
    p.add_argument("--profile", choices=["main", "test"], default="main",
                   help="passed to the notebooks as CEGI_PROFILE; 'test' asks them for reduced sizes")
    p.add_argument("--kernel", default=KERNEL)
    p.add_argument("--timeout", type=int, default=1800, help="seconds one cell may run")
    p.add_argument("--startup-timeout", type=int, default=60, help="seconds a kernel may take to answer")
    p.add_argument("--retries", type=int, default=1, help="kernel start retries per notebook")
    p.add_argument("--no-html", action="store_true")
    p.add_argument("--retrain-labs", action="store_true",
                   help="02-run-variants trains the lab models again even when build/lab/ has them (CEGI_RETRAIN_LABS)")
    args = p.parse_args()

    notebooks = args.notebooks or sorted(
        os.path.join(ROOT, "notebooks", f) for f in os.listdir(os.path.join(ROOT, "notebooks"))
        if f.endswith(".ipynb"))
    if not notebooks:
        sys.exit("run_notebooks.py: no notebooks to run")
    out = os.path.abspath(args.out)
    dirs = {k: os.path.join(out, k) for k in ("notebooks", "html", "logs", "results")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    env_extra = {"CEGI_PROFILE": args.profile, "CEGI_OUTPUT_DIR": dirs["results"], "CEGI_ROOT": ROOT}
    if args.retrain_labs:
        env_extra["CEGI_RETRAIN_LABS"] = "1"

    summary, failures = [], []
    for path in notebooks:
        if not os.path.isfile(path):
            sys.exit(f"run_notebooks.py: notebook {path!r} not found")
        name = os.path.splitext(os.path.basename(path))[0]
        log_path = os.path.join(dirs["logs"], name + ".kernel.log")
        open(log_path, "w").close()
        t0 = time.monotonic()
        nb, attempts, error = execute(path, args, env_extra, log_path)
        seconds = time.monotonic() - t0
        nb_out = os.path.join(dirs["notebooks"], name + ".ipynb")
        nbformat.write(nb, nb_out)
        html_out = None
        if not args.no_html:
            html_out = os.path.join(dirs["html"], name + ".html")
            try:
                write_html(nb, html_out)
            except Exception:
                traceback.print_exc()
                html_out = None
        status = "ok" if error is None else "failed"
        summary.append({"notebook": name, "status": status, "seconds": round(seconds, 1),
                        "kernel_starts": attempts, "executed": nb_out, "html": html_out,
                        "kernel_log": log_path})
        print(f"{status.upper():6} {name:32} {seconds:7.1f} s  kernel starts: {attempts}", flush=True)
        if error is not None:
            failures.append(describe_failure(name, nb, error))

    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    for text in failures:
        print("\n" + text, file=sys.stderr, flush=True)
    results = sorted(f for f in os.listdir(dirs["results"]) if not f.startswith("."))
    if results:
        print(f"\nresult files ({len(results)}) in {dirs['results']}:")
        for f in results:
            path = os.path.join(dirs["results"], f)
            size = os.path.getsize(path) if os.path.isfile(path) else 0
            print(f"  {f:48} {size / 1024:8.1f} KiB")
    print(f"\n{len(summary) - len(failures)} passed, {len(failures)} failed"
          f" -- executed notebooks in {dirs['notebooks']}, HTML in {dirs['html']}, results in {dirs['results']}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
