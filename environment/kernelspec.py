#!/usr/bin/python3
"""Writes the Jupyter kernelspec 'cegi-java': a Java kernel whose class path holds cegi's lib.

    kernelspec.py rapaio --dest DIR --java JAVA --kernel-jar JAR --patch DIR --root ROOT
    kernelspec.py ijava  --dest DIR --java JAVA --kernel-jar JAR --root ROOT [--flavor ijava|jjava]

Both kernels get the same class path (lib/target/classes and lib/target/dependency/*.jar) through their own
variable -- RJK_CLASSPATH (';'-separated) for rapaio, IJAVA_CLASSPATH or JJAVA_CLASSPATH (':'-separated) for
IJava and JJava -- and the same JVM flags, so the notebooks need no magics and run on either.
"""
import argparse
import json
import os
import sys

KERNEL_NAME = "cegi-java"


def jvm_flags(root):
    cache = os.path.join(root, "build", "engine-cache")
    return ["-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-DENGINE_CACHE_DIR=" + cache,
            "-Djava.awt.headless=true", "-Dcegi.root=" + root,
            # JShell snippets and the kernel's own reflection need these on JDK 17+.
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED"]


def common_env(root):
    return {"DJL_OFFLINE": "true", "OPT_OUT_TRACKING": "true",
            "ENGINE_CACHE_DIR": os.path.join(root, "build", "engine-cache"),
            "CEGI_ROOT": root}


def class_path(root):
    return [os.path.join(root, "lib", "target", "classes"),
            os.path.join(root, "lib", "target", "dependency", "*.jar")]


def rapaio_spec(a):
    env = common_env(a.root)
    env.update({"RJK_CLASSPATH": ";".join(class_path(a.root)),
                "RJK_COMPILER_OPTIONS": "",
                "RJK_TIMEOUT_MILLIS": "-1",
                "RJK_INIT_SCRIPT": "",
                "RJK_MIMA_CACHE": os.path.join(a.root, "build", "kernel", "mima")})
    return {"argv": [a.java, *jvm_flags(a.root), "-cp", a.patch + os.pathsep + a.kernel_jar,
                     "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"],
            "display_name": "Java (cegi)", "language": "java", "interrupt_mode": "message",
            "env": env, "metadata": {"cegi": {"kernel": "rapaio"}}}


def ijava_spec(a):
    prefix = "JJAVA" if a.flavor == "jjava" else "IJAVA"
    env = common_env(a.root)
    env[prefix + "_CLASSPATH"] = ":".join(class_path(a.root))
    return {"argv": [a.java, *jvm_flags(a.root), "-jar", a.kernel_jar, "{connection_file}"],
            "display_name": "Java (cegi)", "language": "java", "interrupt_mode": "message",
            "env": env, "metadata": {"cegi": {"kernel": a.flavor}}}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["rapaio", "ijava"])
    p.add_argument("--dest", required=True, help="a kernels/ folder of a Jupyter data path")
    p.add_argument("--java", required=True)
    p.add_argument("--kernel-jar", required=True)
    p.add_argument("--patch", help="rapaio only: folder with cegi's LoopThread fix and logging.properties")
    p.add_argument("--root", required=True, help="the cegi checkout")
    p.add_argument("--flavor", choices=["ijava", "jjava"], default="ijava")
    a = p.parse_args()
    for path, what in [(a.kernel_jar, "--kernel-jar"), (a.java, "--java")]:
        if not os.path.isfile(path):
            sys.exit(f"kernelspec.py: {what} {path!r} is not a file")
    if a.kind == "rapaio" and not a.patch:
        sys.exit("kernelspec.py: rapaio needs --patch (built by environment/install.sh)")
    spec = rapaio_spec(a) if a.kind == "rapaio" else ijava_spec(a)
    target = os.path.join(a.dest, KERNEL_NAME)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    print(target)


if __name__ == "__main__":
    main()
