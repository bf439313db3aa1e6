#!/usr/bin/env python3
"""Generates docs/reference.md: one entry per public header under include/, from the headers' doc comments.

Public headers are every `.hpp` under include/ outside `detail/` and `impl/` directories. For each header the
entry lists its namespace-level declarations in `arangokit` (not `arangokit::detail`, not `\\cond internal`
blocks), each with the first sentence of its `///` comment and, in a code block, what a user types: a class's
public fields (type, name, default) and member function signatures, an enum's enumerators, a function's full
signature (template parameters, the default completion token) and, where the doc gives one, its handler
signature; each member with the first sentence of its `///` or `///<` comment. Bodies, constructor
initializer lists, private members and explicit specializations are left out. The header's one-line
description is the brief of the type named after the file, else of the first documented declaration.

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


# Characters of string literals that would confuse the statement splitter, kept as private-use stand-ins.
LITERAL_MASK = str.maketrans({c: chr(0xE000 + i) for i, c in enumerate("{}();,:<>=")})
LITERAL_UNMASK = {chr(0xE000 + i): c for i, c in enumerate("{}();,:<>=")}


def unmask(text):
    return "".join(LITERAL_UNMASK.get(c, c) for c in text)


def strip_code(line, state, keep_literals=False):
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
            out.append(line[i:j + 1].translate(LITERAL_MASK) if keep_literals else c + c)
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


def _trail_of(raw):
    """The text of a `///<` comment on a raw line, or None."""
    i = raw.find("///<")
    return raw[i + 4:].strip() if i >= 0 else None


OPERATOR = re.compile(r"operator\s*(<=>|<<=|>>=|<<|>>|<=|>=|->\*?|\(\)|\[\]|[^\w\s(]+|\s+[\w:<>&* ]+?(?=\())")
FUNC_TAIL = re.compile(r"^\s*(?:const\b|noexcept\b(?:\s*\([^)]*\))?|override\b|final\b|&&?|->\s*[^{]*|"
                       r"requires\b.*|volatile\b|\s)*$")


def _function_head(text):
    """True if `text` (a statement before its '{') is a function declarator: a top-level '(...)' followed only
    by qualifiers, a trailing return type or a requires-clause."""
    rest = strip_template_prefix(re.sub(r"\s+", " ", text).strip())
    if rest:
        rest = OPERATOR.sub("operator_", rest)
    if not rest or re.match(r"^(namespace|class|struct|union|enum|using|typedef)\b", rest):
        return False
    head = head_before_paren(rest)
    if head is None or "=" in head:
        return False
    depth, close = 0, None
    for i in range(len(head), len(rest)):
        c = rest[i]
        if c in "(<[":
            depth += 1
        elif c in ")>]":
            depth -= 1
            if depth == 0 and c == ")":
                close = i
                break
    if close is None:
        return False
    tail = rest[close + 1:]
    if tail.lstrip().startswith(":"):
        return True  # constructor with an initializer list
    return bool(FUNC_TAIL.match(tail))


def parse_statements(path):
    """Splits a header into declarations. Returns a list of dicts: scope (tuple of (kind, name, access) for each
    enclosing namespace/class), kind ("decl" | "type" | "enum"), text (the declaration without body or
    initializer braces' contents trimmed), doc (the `///` lines before it), trail (its `///<` comment),
    hidden (inside \\cond), enumerators (for enums: [(name, trail)])."""
    lines = path.read_text(encoding="utf-8").splitlines()
    state = {}
    stack = []            # dicts: kind ns|type|enum|body|init, name, access
    buf = []              # the statement being collected at the innermost collecting scope
    paren = 0
    doc, cond = [], 0
    cur = None            # dict of the statement being collected (doc, hidden), once it has started
    out = []
    last = None           # the last recorded statement or enumerator (for `///<` after it)
    continuation = False  # a preprocessor line ending in '\\'

    def scope_tuple():
        return tuple((s["kind"], s["name"], s.get("access")) for s in stack if s["kind"] in ("ns", "type"))

    def collecting():
        return not stack or stack[-1]["kind"] in ("ns", "type", "enum")

    def start_if_needed():
        nonlocal cur, doc
        if cur is None:
            cur = {"doc": doc if not cond else [], "hidden": cond > 0, "trail": None}
            doc = []

    def record(kind, text, **extra):
        nonlocal cur, last
        st = dict(scope=scope_tuple(), kind=kind, text=unmask(re.sub(r"\s+", " ", text).strip()),
                  doc=(cur or {}).get("doc", []), trail=(cur or {}).get("trail"),
                  hidden=(cur or {}).get("hidden", cond > 0), **extra)
        out.append(st)
        last = st
        cur = None
        return st

    for raw in lines:
        s = raw.strip()
        if continuation:
            continuation = s.endswith("\\")
            continue
        if s.startswith("///") and not s.startswith("///<"):
            text = s[3:].strip()
            if text.startswith("\\cond"):
                cond += 1
            elif text.startswith("\\endcond"):
                cond = max(0, cond - 1)
            elif not cond:
                doc.append(text)
            continue
        trail = _trail_of(raw)
        code = strip_code(raw, state, keep_literals=True)
        if code.strip().startswith("#"):
            continuation = code.rstrip().endswith("\\")
            continue
        if not code.strip() and trail is None:
            if not s:
                doc = [] if cur is None else doc  # a blank line ends a doc block that documents nothing
            continue
        n = len(code)
        i = 0
        while i < n:
            c = code[i]
            top = stack[-1] if stack else None
            if top is not None and top["kind"] == "body":
                if c == "{":
                    top["depth"] += 1
                elif c == "}":
                    top["depth"] -= 1
                    if top["depth"] == 0:
                        stack.pop()
                        buf, paren = [], 0
                i += 1
                continue
            if top is not None and top["kind"] == "init":
                buf.append(c)
                if c == "{":
                    top["depth"] += 1
                elif c == "}":
                    top["depth"] -= 1
                    if top["depth"] == 0:
                        stack.pop()
                i += 1
                continue
            if top is not None and top["kind"] == "enum":
                if c in ",}":
                    name = "".join(buf).strip()
                    m = re.match(r"(\w+)", name)
                    if m:
                        top["items"].append([m.group(1), top.pop("pending", None)])
                        last = top["items"][-1]
                    buf = []
                    if c == "}":
                        stack.pop()
                        top["stmt"]["enumerators"] = [(a, b) for a, b in top["items"]]
                        last = top["stmt"]
                        buf, paren = [], 0
                        cur = None
                        # the `;` after the enum's brace ends nothing more
                else:
                    buf.append(c)
                i += 1
                continue
            # A namespace or class scope (or file scope): collect the statement.
            if c.isspace() and not buf:
                i += 1
                continue
            if c == ";" and paren == 0:
                text = "".join(buf).strip()
                if text:
                    record("decl", text)
                buf, cur = [], None
                i += 1
                continue
            if c == ":" and paren == 0 and code[i + 1:i + 2] != ":" and (i == 0 or code[i - 1] != ":"):
                word = "".join(buf).strip()
                if word in ("public", "private", "protected") and top is not None and top["kind"] == "type":
                    top["access"] = word
                    buf, cur = [], None
                    doc = []
                    i += 1
                    continue
            start_if_needed()
            if c == "(":
                paren += 1
            elif c == ")":
                paren = max(0, paren - 1)
            if c == "{":
                text = "".join(buf).strip()
                flat = strip_template_prefix(re.sub(r"\s+", " ", text)) or ""
                if paren > 0:
                    stack.append({"kind": "init", "name": None, "depth": 1})
                    buf.append(c)
                elif re.match(r"^(inline )?namespace\b", flat):
                    m = re.match(r"^(?:inline )?namespace\s*([\w:]*)", flat)
                    stack.append({"kind": "ns", "name": m.group(1) or "(anonymous)"})
                    buf, cur, doc = [], None, []
                elif re.match(r"^enum\b", flat):
                    st = record("enum", text, enumerators=[])
                    stack.append({"kind": "enum", "name": None, "items": [], "stmt": st})
                    buf = []
                elif re.match(r"^(class|struct|union)\b", flat) and "(" not in flat.split(":")[0] and \
                        "=" not in flat:
                    m = re.match(r"^(class|struct|union)\s+(?:\[\[[^\]]*\]\]\s+)?([\w:]+)", flat)
                    name = m.group(2) if m else "(anonymous)"
                    record("type", text)
                    stack.append({"kind": "type", "name": name,
                                  "access": "private" if flat.startswith("class") else "public"})
                    buf = []
                elif _function_head(text) and not (re.search(r"\)\s*:", flat) and buf and
                                                      (buf[-1].isalnum() or buf[-1] == "_")):
                    record("decl", text, has_body=True)
                    stack.append({"kind": "body", "name": None, "depth": 1})
                    buf, paren = [], 0
                else:
                    stack.append({"kind": "init", "name": None, "depth": 1})
                    buf.append(c)
                i += 1
                continue
            if c == "}":
                # the end of a namespace or class scope
                if stack:
                    stack.pop()
                buf, paren, cur = [], 0, None
                i += 1
                continue
            buf.append(c)
            i += 1
        if buf and stack and stack[-1]["kind"] not in ("body",):
            buf.append(" ")
        if trail is not None:
            if stack and stack[-1]["kind"] == "enum" and "".join(buf).strip():
                stack[-1]["pending"] = trail
            elif cur is not None and buf and "".join(buf).strip():
                cur["trail"] = (cur["trail"] + " " if cur["trail"] else "") + trail
            elif isinstance(last, list):
                last[1] = (last[1] + " " if last[1] else "") + trail
            elif isinstance(last, dict):
                last["trail"] = (last["trail"] + " " if last.get("trail") else "") + trail
    return out


def _is_ns_level(scope):
    return [s[0] for s in scope] == ["ns"] and scope[0][1] == "arangokit"


def _brief_of(st):
    if st.get("doc"):
        return first_sentence(st["doc"])
    if st.get("trail"):
        return first_sentence([st["trail"]])
    return ""


def _handler_of(doc):
    m = re.search(r"\\par Handler signature\s*`([^`]+)`", " ".join(doc))
    return m.group(1) if m else None


def _decl_name(st):
    """(kind, name) of a statement: kind type | enum | alias | function | constant | field | None."""
    d = st["text"]
    rest = strip_template_prefix(d) or ""
    if st["kind"] == "enum":
        m = re.match(r"^enum (?:class |struct )?(\w+)", rest)
        return ("enum", m.group(1)) if m else (None, None)
    if st["kind"] == "type":
        m = re.match(r"^(?:class|struct|union) (?:\[\[[^\]]*\]\] )?([\w:]+)", rest)
        return ("type", m.group(1)) if m else (None, None)
    if re.match(r"^(class|struct|union|enum) [\w:]+$", rest) or rest.startswith(("friend ", "static_assert",
                                                                                   "typedef ", "using namespace")):
        return None, None  # forward declarations, friends, assertions
    m = re.match(r"^using (\w+) ?=", rest)
    if m:
        return "alias", m.group(1)
    if rest.startswith("template") or not rest:
        return None, None
    norm = OPERATOR.sub("operator_", rest)
    head = head_before_paren(norm)
    if head is not None and "=" not in head and "{" not in head:
        m = re.search(r"(~?\w+)\s*$", head)
        if m and m.group(1) not in KEYWORDS:
            name = m.group(1)
            if name == "operator_":
                om = re.search(r"operator\s*([^\s(]+|\s+[\w:<>&* ]+?)\s*\(", rest)
                name = "operator" + (om.group(1) if om else "")
            return "function", name
        return None, None
    m = re.match(r"^(?:(?:inline|static|constexpr|const|thread_local) )*.*?(\w+)\s*(?:=|\{|\[|$)", rest)
    if m:
        if re.match(r"^(?:(?:inline|static) )*constexpr\b|^(?:inline )?const\b|^static const\b", rest):
            return "constant", m.group(1)
        return "field", m.group(1)
    return None, None


def _signature(text, indent=""):
    """A declaration as a user reads it: `template <...>` on its own line, long parameter lists one per line."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
    text = re.sub(r"\{\s+", "{", re.sub(r"\s+\}", "}", text))
    text = re.sub(r"\s+([,;])", r"\1", text)
    text = re.sub(r"<\s+", "<", re.sub(r"(?<=[^-<>=\s])\s+>", ">", text))
    text = re.sub(r"\b(inline|ARANGOKIT_DECL) ", "", text)
    lines = []
    while text.startswith("template"):
        rest = strip_template_prefix(text)
        if rest is None:
            break
        lines.append(indent + text[: len(text) - len(rest)].strip())
        text = rest
    if len(indent) + len(text) <= 110 or text.startswith("concept "):
        lines.append(indent + text)
        return lines
    norm = OPERATOR.sub(lambda m: "o" * len(m.group(0)), text)
    head = head_before_paren(norm)
    if head is None:
        lines.append(indent + text)
        return lines
    start = len(head)
    depth, parts, last, end = 0, [], start + 1, None
    for i in range(start, len(text)):
        c = text[i]
        if c in "(<[{":
            depth += 1
        elif c in ")>]}" and not (c == ">" and text[i - 1] == "-"):
            depth -= 1
            if depth == 0:
                end = i
                break
        elif c == "," and depth == 1:
            parts.append(text[last:i].strip())
            last = i + 1
    if end is None:
        lines.append(indent + text)
        return lines
    parts.append(text[last:end].strip())
    lines.append(indent + text[:start + 1])
    for k, p in enumerate(parts):
        lines.append(indent + "    " + p + ("," if k + 1 < len(parts) else ""))
    lines.append(indent + text[end:])
    return lines


def _with_comment(lines, comment):
    if comment:
        lines = list(lines)
        lines[-1] += "  // " + comment
    return lines


def _skip_member(st, type_name):
    kind, name = _decl_name(st)
    if kind is None or st.get("hidden"):
        return True
    t = st["text"]
    if re.search(r"=\s*delete\s*$", t):
        return True
    if kind == "function":
        if name.startswith("~") or name == "operator=":
            return True
        if name == type_name:  # copy and move constructors say nothing a user types
            m = re.search(r"\((.*)\)", t)
            params = m.group(1).strip() if m else ""
            if re.fullmatch(rf"(const )?{re.escape(type_name)} ?&&?( \w+)?", params):
                return True
    return False


def _cut_initializers(text):
    """A constructor's declaration without its member initializer list."""
    norm = OPERATOR.sub(lambda m: "o" * len(m.group(0)), text)
    rest = strip_template_prefix(norm) or norm
    off = len(norm) - len(rest)
    head = head_before_paren(rest)
    if head is None:
        return text
    depth = 0
    for i in range(len(head), len(rest)):
        c = rest[i]
        if c in "(<[{":
            depth += 1
        elif c in ")>]}" and not (c == ">" and rest[i - 1] == "-"):
            depth -= 1
            if depth == 0 and c == ")":
                if rest[i + 1:].lstrip().startswith(":"):
                    return text[: off + i + 1]
                return text
    return text


def _decl_line(st):
    t = st["text"]
    if st.get("has_body"):
        t = _cut_initializers(t)
    if st["kind"] == "decl" and not t.endswith(";"):
        t += ";"
    return t


def _render_type(stmts, scope, st, indent):
    """The lines of a class or struct: its public members with their one-line comments."""
    kind, name = _decl_name(st)
    head = strip_template_prefix(st["text"]) or st["text"]
    out = []
    tmpl = st["text"][: len(st["text"]) - len(head)].strip()
    if tmpl:
        out += _signature(tmpl + " X", indent)[:-1]
    out.append(indent + re.sub(r"\s+", " ", head).strip())
    out.append(indent + "{")
    inner = scope + (("type", name),)
    for m in stmts:
        ms = tuple((k, n) for k, n, _ in m["scope"])
        if ms != inner or m["scope"][-1][2] != "public" or m.get("hidden"):
            continue
        mk, mn = _decl_name(m)
        if m["kind"] == "type":
            out += _with_comment(_render_type(stmts, inner, m, indent + "    "), "")
            continue
        if m["kind"] == "enum":
            out += _render_enum(m, indent + "    ")
            continue
        if _skip_member(m, name):
            continue
        out += _with_comment(_signature(_decl_line(m), indent + "    "), _brief_of(m))
        h = _handler_of(m["doc"])
        if h:
            out[-1] += f" Handler: `{h}`." if "//" in out[-1] else f"  // handler: {h}"
    out.append(indent + "};")
    return out


def _render_enum(st, indent):
    head = re.sub(r"\s+", " ", strip_template_prefix(st["text"]) or st["text"]).strip()
    out = [indent + head, indent + "{"]
    for e, trail in st.get("enumerators", []):
        out.append(indent + "    " + e + "," + (f"  // {first_sentence([trail])}" if trail else ""))
    out.append(indent + "};")
    return out


def parse_header(path):
    """Returns (entries, member map): entries = [(kind, name, display, brief)] at namespace `arangokit`,
    members = {type: [(name, brief)]} of documented public member functions (the self-test's view)."""
    stmts = parse_statements(path)
    entries, members = [], {}
    for st in stmts:
        if st.get("hidden"):
            continue
        kind, name = _decl_name(st)
        if kind is None or st["text"].startswith("template <>"):
            continue
        scope = st["scope"]
        if _is_ns_level(scope):
            if kind in ("field", "constant"):
                kind = "constant"
            display = {"enum": f"enum class {name}", "alias": f"using {name}", "function": f"{name}()",
                       "constant": name}.get(kind)
            if kind == "type":
                m = re.match(r"^(class|struct|union)", strip_template_prefix(st["text"]) or "")
                display = f"{m.group(1) if m else 'struct'} {name}"
            entries.append((kind, name, display, _brief_of(st)))
        elif len(scope) == 2 and _is_ns_level(scope[:1]) and scope[1][0] == "type" and scope[1][2] == "public":
            if kind == "function" and st.get("doc"):
                members.setdefault(scope[1][1], []).append((name, _brief_of(st)))
    return entries, members


def render_header(path):
    """The reference lines of one header: each namespace-level declaration with a one-line brief and, in a code
    block, what a user types: a type's public fields (with defaults) and member signatures, an enum's
    enumerators, a function's full signature (template parameters, default completion token)."""
    stmts = parse_statements(path)
    out = []
    seen_types = set()
    fn_groups = {}
    order = []
    for st in stmts:
        if st.get("hidden") or not _is_ns_level(st["scope"]):
            continue
        kind, name = _decl_name(st)
        if kind is None or st["text"].startswith("template <>"):
            continue  # explicit specializations (tool_traits<...>) say nothing a user types
        key = (kind if kind != "field" else "constant", name)
        if key not in fn_groups:
            fn_groups[key] = []
            order.append(key)
        fn_groups[key].append(st)
    scope0 = (("ns", "arangokit"),)
    for key in order:
        kind, name = key
        group = fn_groups[key]
        brief = next((_brief_of(s) for s in group if _brief_of(s)), "")
        if kind == "type":
            st = next((s for s in group if s["kind"] == "type"), group[0])
            m = re.match(r"^(class|struct|union)", strip_template_prefix(st["text"]) or "")
            out.append(f"- `{m.group(1) if m else 'struct'} {name}`" + (f": {brief}" if brief else ""))
            code = _render_type(stmts, scope0, st, "")
        elif kind == "enum":
            out.append(f"- `enum class {name}`" + (f": {brief}" if brief else ""))
            code = _render_enum(group[0], "")
        elif kind == "alias":
            out.append(f"- `using {name}`" + (f": {brief}" if brief else ""))
            code = _signature(_decl_line(group[0]))
        elif kind == "function":
            out.append(f"- `{name}()`" + (f": {brief}" if brief else ""))
            code = []
            for s in group:
                code += _signature(_decl_line(s))
                h = _handler_of(s["doc"])
                if h:
                    code.append(f"// handler: {h}")
        else:
            out.append(f"- `{name}`" + (f": {brief}" if brief else ""))
            code = _signature(_decl_line(group[0]))
        out.append("")
        out.append("  ```cpp")
        out += ["  " + c if c else "" for c in code]
        out.append("  ```")
        out.append("")
    return out


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
    "reports": "Reports (`arangokit/reports/`)",
}


def generate():
    out = [
        "# API reference",
        "",
        "<!-- GENERATED by scripts/gen_reference.py from the headers' doc comments. Do not edit by hand: run",
        "     `python3 scripts/gen_reference.py` after changing a public header (the docs test checks this). -->",
        "",
        "One entry per public header: its namespace-level types, functions and constants with the first sentence",
        "of their doc comment and what you type: each class's public fields with their defaults and its member",
        "signatures, each enum's enumerators, each function's signature. Everything is in namespace `arangokit`;",
        "`detail/` and `impl/` headers are private. The headers' own comments are the full contract (cancellation,",
        "deadlines, lifetimes, thread safety).",
        "",
        "Initiating functions (`async_*`) take a completion token last, defaulting to `default_token`: with it,",
        "`co_await f(...)` inside an `awaitable` returns the handler's value (the part after `error_code`) and",
        "throws on error (`tool_error` for a failed tool run, `boost::system::system_error` otherwise). Pass",
        "`boost::asio::as_tuple(boost::asio::use_awaitable)` to get `(error_code, value)` instead of an exception,",
        "or any other Asio token. \"handler\" names the completion signature.",
        "",
    ]
    groups = {}
    for p in public_headers():
        rel = p.relative_to(INCLUDE)
        groups.setdefault(area_of(rel) if rel.parts[0] == "arangokit" else "umbrella", []).append(p)
    order = ["umbrella", "core", "process", "arango", "arango/tools", "arango/parsers", "arango/http", "artifacts",
             "concurrency", "scenarios", "instrumentation", "testing", "reports"]
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
            entries, _ = parse_header(p)
            out.append(f"### `{rel.as_posix()}`")
            out.append("")
            desc = header_description(p, entries)
            out.append(desc if desc else "_(no doc comments)_")
            out.append("")
            body = render_header(p)
            out += body if body else ["- _(nothing documented at namespace level)_", ""]
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
