"""Renders the chat-template test cases with Jinja2 as Hugging Face transformers does, and writes
reference-renders.json (read by ChatTemplateReferenceTest).

Run from this folder with a Python that has Jinja2 (3.1.2 was used):  /usr/bin/python3 render_reference.py

The environment follows transformers' apply_chat_template: an ImmutableSandboxedEnvironment with
trim_blocks, lstrip_blocks and the loopcontrols extension, a {% generation %} tag that renders its body, a
tojson filter that is json.dumps (no HTML escaping, ensure_ascii=False), and the globals raise_exception and
strftime_now (fixed here to 2024-07-26 14:05:09 so the Java test can use the same clock). Variables: messages,
tools and documents (None when not given), add_generation_prompt, the special tokens, then the case's extras.
"""
import datetime
import json

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

NOW = datetime.datetime(2024, 7, 26, 14, 5, 9)


class Generation(Extension):
    tags = {"generation"}

    def parse(self, parser):
        next(parser.stream)
        return parser.parse_statements(("name:endgeneration",), drop_needle=True)


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[Generation, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: NOW.strftime(fmt)
    return env


SYSTEM_CHAT = [
    {"role": "system", "content": "You are a concise assistant."},
    {"role": "user", "content": "Hi there"},
    {"role": "assistant", "content": "Hello! How can I help?"},
    {"role": "user", "content": "What is CO2e?  "},
]
USER_ONLY = [{"role": "user", "content": "Write {{ not a template }} and 100% of it."}]
TOOLS = [{
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "City name"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city"],
        },
    },
}]
TOOL_CHAT = [
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": "", "tool_calls": [
        {"id": "call_1", "type": "function",
         "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
    {"role": "tool", "tool_call_id": "call_1", "name": "get_weather", "content": "{\"temp_c\": 21}"},
]
THINK_CHAT = [
    {"role": "user", "content": "2+2?"},
    {"role": "assistant", "content": "<think>\nadd them\n</think>\n\n4"},
    {"role": "user", "content": "And 3+3?"},
]

QWEN = {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"}
LLAMA = {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"}
PLAIN = {"bos_token": "<s>", "eos_token": "</s>"}

FEATURES = {
    "macro-defaults-kwargs": (
        "{% macro tag(name, value='none', sep=': ') %}<{{ name }}{{ sep }}{{ value }}"
        "{% if varargs %} +{{ varargs|length }}{% endif %}{% if kwargs %} {{ kwargs|tojson }}{% endif %}>{% endmacro %}"
        "{{ tag('a') }}{{ tag('b', 2) }}{{ tag('c', sep='=') }}{{ tag('d', 1, '-', 9, 8) }}{{ tag('e', extra=true) }}"
    ),
    "macro-recursion-and-scope": (
        "{% set top = 'T' %}{% macro walk(x, depth=0) -%}\n"
        "{%- if x is mapping %}{% for k, v in x.items() %}{{ '  ' * depth }}{{ k }}{{ top }}\n{{ walk(v, depth + 1) }}"
        "{% endfor %}{% else %}{{ '  ' * depth }}= {{ x }}\n{% endif -%}\n"
        "{%- endmacro %}{{ walk({'a': {'b': 1, 'c': [1, 2]}, 'd': 'x'}) }}"
    ),
    "call-and-caller": (
        "{% macro box(title) %}[{{ title }}|{{ caller() }}|{{ caller()|upper }}]{% endmacro %}"
        "{% macro each(items) %}{% for i in items %}{{ caller(i, loop.index) }}{% endfor %}{% endmacro %}"
        "{% set outer = 'o' %}{% call box('t') %}body {{ outer }}{% endcall %}\n"
        "{% call(item, n) each(['x', 'y']) %}{{ n }}={{ item }};{% endcall %}"
    ),
    "block-set-and-filter": (
        "{% set greeting %}\n  Hello {{ messages[0]['content'] }}  \n{% endset %}"
        "[{{ greeting }}]\n{% filter trim|upper %}  shout {{ 1 + 1 }}  {% endfilter %}\n"
        "{% set ns = namespace(text='') %}{% set ns.text %}in ns{% endset %}{{ ns.text }}\n"
        "{% for m in messages %}{% generation %}<{{ m.role }}>{% endgeneration %}{% endfor %}"
    ),
    "percent-formatting": (
        "{{ '%s and %s' % ('a', 1) }}|{{ '%d%%' % 42 }}|{{ '%5.2f' % 3.14159 }}|{{ '%-6s|' % 'ab' }}"
        "|{{ '%05d' % -42 }}|{{ '%x %X %o' % (255, 255, 8) }}|{{ '%r' % 'q' }}|{{ '%s' % [1, 'b'] }}"
        "|{{ '%(name)s is %(age)d' % {'name': 'Ann', 'age': 30} }}|{{ '%.3s' % 'abcdef' }}|{{ '%+.1e' % 12345.678 }}"
        "|{{ '%g %g %g' % (0.0001, 123456789.0, 2.5) }}|{{ '%s' % none }}|{{ '%s' % (1,) }}|{{ '%i' % 7.9 }}"
        "|{{ 'Messages: %s' % messages|length }}"
    ),
    "format-dictsort-selectattr": (
        "{{ '{} + {} = {total}'.format(1, 2, total=3) }}|{{ '{1}{0}{{x}}'.format('a', 'b') }}\n"
        "{% for k, v in {'b': 2, 'A': 1, 'c': 0}|dictsort %}{{ k }}{{ v }}{% endfor %}"
        "|{% for k, v in {'b': 2, 'A': 1, 'c': 0}|dictsort(by='value', reverse=true) %}{{ k }}{% endfor %}"
        "|{% for k, v in {0: 'zero', 512: 'half'}|dictsort %}{{ k + 1 }}{{ v }}{% endfor %}\n"
        "{{ messages|selectattr('role', 'equalto', 'user')|map(attribute='content')|join(' / ') }}"
        "|{{ messages|rejectattr('role', 'in', ['user', 'system'])|list|length }}"
        "|{{ messages|selectattr('tool_calls')|list|length }}"
    ),
}


def cases():
    out = []

    def add(name, template, tokens, messages, extra=None, gen=True):
        out.append({"name": name, "template": template, "special_tokens": tokens, "messages": messages,
                    "extra": extra or {}, "add_generation_prompt": gen})

    add("qwen2.5-tools", "Qwen-Qwen2.5-7B-Instruct.jinja", QWEN, TOOL_CHAT, {"tools": TOOLS})
    add("llama3.1-tools", "meta-llama-Llama-3.1-8B-Instruct.jinja", LLAMA, TOOL_CHAT, {"tools": TOOLS})
    add("llama3.2-system", "meta-llama-Llama-3.2-3B-Instruct.jinja", LLAMA, SYSTEM_CHAT)
    add("qwen3-system", "Qwen-Qwen3-0.6B.jinja", QWEN, SYSTEM_CHAT)
    add("qwen3-thinking-history", "Qwen-Qwen3-0.6B.jinja", QWEN, THINK_CHAT, {"enable_thinking": False})
    add("qwen3-tools", "Qwen-Qwen3-0.6B.jinja", QWEN, TOOL_CHAT, {"tools": TOOLS})
    add("qwen3.5-system", "Qwen3.5-4B.jinja", QWEN, SYSTEM_CHAT)
    add("qwen3.5-tools", "Qwen3.5-4B.jinja", QWEN, TOOL_CHAT, {"tools": TOOLS})
    add("smollm3-system", "HuggingFaceTB-SmolLM3-3B.jinja", {"eos_token": "<|im_end|>"}, SYSTEM_CHAT)
    add("smollm3-no-think-tools", "HuggingFaceTB-SmolLM3-3B.jinja", {"eos_token": "<|im_end|>"}, USER_ONLY,
        {"enable_thinking": False, "xml_tools": TOOLS})
    add("phi3.5-system", "microsoft-Phi-3.5-mini-instruct.jinja", {"eos_token": "<|endoftext|>"}, SYSTEM_CHAT)
    add("mistral-nemo-tools", "mistralai-Mistral-Nemo-Instruct-2407.jinja", PLAIN,
        [{"role": "system", "content": "Be brief."}] + TOOL_CHAT[:1], {"tools": TOOLS})
    add("granite3.3-system", "ibm-granite-granite-3.3-2B-Instruct.jinja", {"eos_token": "<|end_of_text|>"},
        SYSTEM_CHAT)
    add("gpt-oss-tools", "openai-gpt-oss-120b.jinja", {"eos_token": "<|return|>"}, SYSTEM_CHAT[:2],
        {"tools": TOOLS, "reasoning_effort": "low"})
    add("seed-oss-budget", "ByteDance-Seed-OSS.jinja", PLAIN, SYSTEM_CHAT, {"thinking_budget": 1000})
    for name, src in FEATURES.items():
        add("feature-" + name, "inline:" + src, PLAIN, SYSTEM_CHAT[:2] + TOOL_CHAT[1:2])
    return out


def main():
    env = environment()
    rendered = []
    for c in cases():
        t = c["template"]
        source = t[len("inline:"):] if t.startswith("inline:") else open(t, encoding="utf-8").read()
        variables = dict(messages=c["messages"], tools=None, documents=None,
                         add_generation_prompt=c["add_generation_prompt"])
        variables.update(c["special_tokens"])
        variables.update(c["extra"])
        c["expected"] = env.from_string(source).render(**variables)
        if t.startswith("inline:"):
            c["template"] = "inline"
            c["source"] = source
        rendered.append(c)
    with open("reference-renders.json", "w", encoding="utf-8") as f:
        json.dump({"jinja2": jinja2.__version__, "now": NOW.isoformat(), "cases": rendered}, f, indent=1,
                  ensure_ascii=False)
        f.write("\n")
    print("wrote", len(rendered), "cases")


if __name__ == "__main__":
    main()
