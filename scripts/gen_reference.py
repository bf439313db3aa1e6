#!/usr/bin/env python3
"""Generates docs/reference.md: one entry per public header under include/, from the headers' doc comments.

Public headers are every `.hpp` under include/ outside `detail/` and `impl/` directories. For each header the
entry lists its namespace-level types (class, struct, enum, alias), free functions and constants in
`arangokit` (not `arangokit::detail`, not `\\cond internal` blocks), each with the first sentence of its `///`
comment, and for classes their documented public member functions. The header's one-line description is the
brief of the type named after the file, else of the first documented declaration.

    scripts/gen_reference.py            write docs/reference.md
    scripts/gen_reference.py --check    fail if docs/reference.md is not what the headers give (the docs test)
"""
import argparse
import difflib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
INCLUDE = ROOT / "include"
OUTPUT = ROOT / "docs" / "reference.md"

KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "decltype", "static_assert", "alignof", "noexcept",
            "requires", "catch", "defined"}


def public_headers():
    out = []
    for p in sorted(INCLUDE.rglob("*.hpp")):
        parts = p.relative_to(INCLUDE).parts
        if "detail" in parts or "impl" in parts:
            continue
        out.append(p)
    return out


def strip_code(line, state):
    """Removes comments and string/char literals (keeping the quotes), tracking raw strings and block comments
    across lines in `state`. Returns the code part of the line."""
    out, i, n = [], 0, len(line)
    while i < n:
        if state.get("raw") is not None:
            end = line.find(")" + state["raw"] + '"', i)
            if end < 0:
                return "".join(out)
            i = end + len(state["raw"]) + 2
            state["raw"] = None
            out.append('""')
            continue
        if state.get("block"):
            end = line.find("*/", i)
            if end < 0:
                return "".join(out)
            i = end + 2
            state["block"] = False
            continue
        c = line[i]
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"] = True
            i += 2
            continue
        m = re.match(r'R"([^(\s]*)\(', line[i:])
        if m and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == "_")):
            state["raw"] = m.group(1)
            i += m.end()
            continue
        if c in "\"'":
            j = i + 1
            while j < n and line[j] != c:
                j += 2 if line[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def first_sentence(doc):
    text = " ".join(doc)
    text = re.split(r"\\(details|par|copydoc|note|warning)\b", text)[0]
    text = text.replace("\\brief", "").strip()
    text = re.sub(r"\s+", " ", text)
    m = re.match(r"(.+?(?<!e\.g)(?<!i\.e)(?<!etc)(?<!vs)[.!?])(\s|$)", text)
    return m.group(1) if m else text


def classify(decl):
    """(kind, name, display) for a declaration's text, or None."""
    d = re.sub(r"\s+", " ", decl).strip()
    d = strip_template_prefix(d) or ""
    m = re.match(r"^enum (class |struct )?(\w+)", d)
    if m:
        return "enum", m.group(2), f"enum class {m.group(2)}"
    m = re.match(r"^(class|struct) (?:\[\[\w+\]\] )?(\w+)(?!\s*;)", d)
    if m and not re.match(r"^(class|struct) \w+ ?;", d):
        return "type", m.group(2), f"{m.group(1)} {m.group(2)}"
    m = re.match(r"^using (\w+) ?=", d)
    if m:
        return "alias", m.group(1), f"using {m.group(1)}"
    m = re.match(r"^(?:inline |static |constexpr )*(?:const )?[\w:<>, ]*?\s(\w+) ?(?:=|\{|;)", d)
    if m and "(" not in d.split("=")[0]:
        return "constant", m.group(1), m.group(1)
    if "(" in d:
        head = head_before_paren(d)
        if head is None or "operator" in head or "=" in head or "{" in head:
            return None
        m = re.search(r"(~?\w+)\s*$", head)
        if m and m.group(1) not in KEYWORDS:
            return "function", m.group(1), m.group(1) + "()"
    return None


def strip_template_prefix(text):
    """`text` without leading `template <...>` clauses; None while a clause is still open."""
    while text.startswith("template"):
        i = text.find("<")
        if i < 0:
            return None
        depth = 0
        for j in range(i, len(text)):
            if text[j] == "<":
                depth += 1
            elif text[j] == ">" and text[j - 1] != "-":
                depth -= 1
                if depth == 0:
                    break
        else:
            return None
        text = text[j + 1:].strip()
    return text


def head_before_paren(d):
    """The text before the first '(' outside template angle brackets (`std::function<void(x)> f(` -> `... f`)."""
    depth = 0
    for i, c in enumerate(d):
        if c == "<":
            depth += 1
        elif c == ">" and depth:
            depth -= 1
        elif c == "(" and depth == 0:
            return d[:i]
    return None


def parse_header(path):
    """Returns (entries, member map): entries = [(kind, name, display, brief)], members = {type: [(name, brief)]}."""
    lines = path.read_text(encoding="utf-8").splitlines()
    state = {}
    stack = []          # scopes: ("ns", name) | ("type", name, access) | ("other",)
    doc = []            # pending /// lines
    cond = 0            # inside \cond ... \endcond
    pending = None      # (doc, text) of a declaration being collected
    entries, members = [], {}

    def public_level():
        names = [s for s in stack if s[0] == "ns"]
        if len(names) != len(stack):
            return False
        ns = "::".join(s[1] for s in names)
        return ns == "arangokit"

    def member_level():
        if not stack or stack[-1][0] != "type":
            return None
        outer = stack[:-1]
        if any(s[0] != "ns" for s in outer) or "::".join(s[1] for s in outer) != "arangokit":
            return None
        return stack[-1]

    for raw in lines:
        s = raw.strip()
        if s.startswith("///") and not s.startswith("///<"):
            text = s[3:].strip()
            if text.startswith("\\cond"):
                cond += 1
            elif text.startswith("\\endcond"):
                cond = max(0, cond - 1)
            elif not cond:
                doc.append(text)
            continue
        code = strip_code(raw, state)
        cs = code.strip()
        if not cs:
            continue
        if cs.startswith("#"):
            continue
        # Access labels inside a type.
        m = re.match(r"^(public|private|protected)\s*:", cs)
        if m and stack and stack[-1][0] == "type":
            stack[-1] = ("type", stack[-1][1], m.group(1))
            doc = []
            continue
        # Collect a declaration's text up to its first '{', ';' or '(' line end.
        if pending is None and doc and not cond:
            pending = (doc, "")
            doc = []
        elif pending is None:
            doc = []
        if pending is not None:
            pdoc, ptext = pending
            ptext += " " + cs
            rest = strip_template_prefix(ptext.strip())
            if rest is None or rest == "":
                pending = (pdoc, ptext)  # still inside `template <...>`, or nothing after it yet
            elif re.search(r"[{;)]|\($|,$", cs) or re.match(r"^(class|struct|enum)\b", rest):
                c = classify(ptext)
                if c:
                    kind, name, display = c
                    brief = first_sentence(pdoc)
                    if public_level():
                        entries.append((kind, name, display, brief))
                    else:
                        t = member_level()
                        if t and t[2] == "public" and kind == "function":
                            members.setdefault(t[1], []).append((name, brief))
                pending = None
            else:
                pending = (pdoc, ptext)
        # Scope tracking.
        ns = re.match(r"^namespace\s+([\w:]+)\s*\{", cs)
        ty = re.match(r"^(?:template\s*<.*>\s*)?(class|struct)\s+(?:\[\[\w+\]\]\s+)?(\w+)(?:\s+final)?\s*(?::[^{;]*)?\{?\s*$", cs)
        first = True
        for ch in cs:
            if ch == "{":
                if first and ns:
                    kind = ("ns", ns.group(1))
                elif first and state.get("type_next"):
                    kind = state["type_next"]
                elif first and ty:
                    kind = ("type", ty.group(2), "public" if ty.group(1) == "struct" else "private")
                else:
                    kind = ("other",)
                first = False
                stack.append(kind)
            elif ch == "}":
                if stack:
                    stack.pop()
        if "{" in cs or cs.endswith(";"):
            state.pop("type_next", None)
        # `class x` (or `class x : base`) on one line, its `{` on a later one.
        if ty and "{" not in cs and not cs.endswith(";"):
            state["type_next"] = ("type", ty.group(2), "public" if ty.group(1) == "struct" else "private")
    return entries, members


def header_description(path, entries):
    """The brief of the header's main declaration: named after the file (`x`, `x_options`, `x_report`), else
    the first type, else the first documented declaration."""
    stem = path.stem
    for want in (stem, stem + "_options", stem + "_report"):
        for kind, name, _, brief in entries:
            if name == want and brief:
                return brief
    for kind, name, _, brief in entries:
        if kind == "type" and brief:
            return brief
    for kind, name, _, brief in entries:
        if brief:
            return brief
    return ""


def area_of(rel):
    parts = rel.parts
    if len(parts) <= 2:
        return "core"
    return "/".join(parts[1:-1])


AREA_TITLES = {
    "core": "Core vocabulary (`arangokit/*.hpp`)",
    "process": "Process core (`arangokit/process/`)",
    "arango": "ArangoDB layer (`arangokit/arango/`)",
    "arango/tools": "Tool options (`arangokit/arango/tools/`)",
    "arango/parsers": "Output parsers (`arangokit/arango/parsers/`)",
    "arango/http": "HTTP client (`arangokit/arango/http/`)",
    "artifacts": "Artifacts (`arangokit/artifacts/`)",
    "concurrency": "Concurrency (`arangokit/concurrency/`)",
    "scenarios": "Scenarios (`arangokit/scenarios/`)",
    "instrumentation": "Instrumentation (`arangokit/instrumentation/`)",
    "testing": "Testing (`arangokit/testing/`)",
}


def generate():
    out = [
        "# API reference",
        "",
        "<!-- GENERATED by scripts/gen_reference.py from the headers' doc comments. Do not edit by hand: run",
        "     `python3 scripts/gen_reference.py` after changing a public header (the docs test checks this). -->",
        "",
        "One entry per public header: its namespace-level types, functions and constants with the first sentence",
        "of their doc comment, and the documented public member functions of each class. The headers' own",
        "comments are the full contract (handler signatures, cancellation, deadlines, lifetimes, thread safety).",
        "Everything is in namespace `arangokit`; `detail/` and `impl/` headers are private.",
        "",
    ]
    groups = {}
    for p in public_headers():
        rel = p.relative_to(INCLUDE)
        groups.setdefault(area_of(rel) if rel.parts[0] == "arangokit" else "umbrella", []).append(p)
    order = ["umbrella", "core", "process", "arango", "arango/tools", "arango/parsers", "arango/http", "artifacts",
             "concurrency", "scenarios", "instrumentation", "testing"]
    areas = [a for a in order if a in groups] + sorted(a for a in groups if a not in order)
    out.append("Areas: " + ", ".join(f"[{a}](#{anchor(AREA_TITLES.get(a, a))})" for a in areas if a != "umbrella"))
    out.append("")
    for area in areas:
        if area == "umbrella":
            out += ["## `arangokit.hpp`", "", "The umbrella header: includes every public header listed below.", ""]
            continue
        out += [f"## {AREA_TITLES.get(area, area)}", ""]
        for p in groups[area]:
            rel = p.relative_to(INCLUDE)
            entries, members = parse_header(p)
            out.append(f"### `{rel.as_posix()}`")
            out.append("")
            desc = header_description(p, entries)
            out.append(desc if desc else "_(no doc comments)_")
            out.append("")
            seen = set()
            for kind, name, display, brief in entries:
                key = (kind, name)
                if key in seen:
                    continue
                seen.add(key)
                line = f"- `{display}`" + (f": {brief}" if brief else "")
                out.append(line)
                if kind == "type" and members.get(name):
                    names = []
                    for mname, _ in members[name]:
                        if mname not in names and mname != name:
                            names.append(mname)
                    if names:
                        out.append("  - members: " + ", ".join(f"`{n}`" for n in names))
            if not entries:
                out.append("- _(nothing documented at namespace level)_")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def anchor(title):
    a = title.lower()
    a = re.sub(r"[^\w\- ]", "", a)
    return a.replace(" ", "-")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if docs/reference.md is out of date")
    args = ap.parse_args()
    text = generate()
    if args.check:
        have = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if have != text:
            diff = difflib.unified_diff(have.splitlines(), text.splitlines(), "docs/reference.md (committed)",
                                        "docs/reference.md (from the headers)", lineterm="", n=1)
            print("\n".join(list(diff)[:60]), file=sys.stderr)
            print("docs/reference.md is out of date: run python3 scripts/gen_reference.py", file=sys.stderr)
            return 1
        print(f"docs/reference.md is up to date ({len(public_headers())} public headers)")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(public_headers())} public headers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
