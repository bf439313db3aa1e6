#!/usr/bin/env python3
"""Checks two promises of the public API that no compiler checks:

1. The umbrella header include/arangokit.hpp includes every public header (every `.hpp` under include/arangokit/
   outside `detail/` and `impl/`), and nothing else, except the test-framework adapters (OPT_IN below): each
   needs its framework, which a user of the umbrella must not be forced to have.
2. Every public enum (at namespace `arangokit`, or nested in the public part of a class there) has a
   `to_string` overload in its own header, and the enum unit test (tests/unit/enum_to_string.cpp) checks every
   enumerator of it (it names `enum::enumerator` for each one).
3. Every completion-token parameter in include/ (public, impl/ and detail/ alike) is constrained:
   `boost::asio::completion_token_for<Sig> CompletionToken`, never a bare `class CompletionToken`, so that a
   token of the wrong signature fails at the call with the expected signature named, not deep inside Asio.

    scripts/check_public_api.py [--root DIR]    exit 1 and name each problem with the fix

The docs ctest `public_api` runs it; tests/docs/public_api_selftest.py proves each kind of problem fails it.
"""
import argparse
import importlib.util
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("gen_reference", HERE / "gen_reference.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

UNIT_TEST = pathlib.Path("tests/unit/enum_to_string.cpp")
# Public, but included by the user on purpose (each includes a test framework); never in the umbrella.
OPT_IN = {"arangokit/testing/boost_test.hpp", "arangokit/testing/gtest.hpp", "arangokit/testing/catch2.hpp"}


def public_headers(include):
    out = []
    for p in sorted((include / "arangokit").rglob("*.hpp")):
        parts = p.relative_to(include).parts
        if "detail" in parts or "impl" in parts:
            continue
        out.append(p.relative_to(include).as_posix())
    return out


# Component headers: each includes the public headers of one CMake component (docs/reference.md, "Components").
COMPONENTS = ["arangokit/process.hpp", "arangokit/concurrency.hpp", "arangokit/arango.hpp", "arangokit/http.hpp",
              "arangokit/artifacts.hpp", "arangokit/scenarios.hpp", "arangokit/reports.hpp"]


def includes_of(path):
    return re.findall(r"^\s*#\s*include\s*<([^>]+)>", path.read_text(encoding="utf-8"), re.M)


def umbrella_problems(include):
    umbrella = include / "arangokit.hpp"
    if not umbrella.exists():
        return [f"{umbrella}: missing (the umbrella header must include every public header)"]
    # The umbrella includes the component headers; what they include directly counts as included.
    included = includes_of(umbrella)
    for c in included:
        if c in COMPONENTS and (include / c).exists():
            included = included + includes_of(include / c)
    problems = []
    want = [h for h in public_headers(include) if h not in OPT_IN]
    for c in COMPONENTS:
        if (include / c).exists() and c not in includes_of(umbrella):
            problems.append(f"{umbrella}: does not include the component header <{c}>")
    for h in want:
        if h not in included:
            problems.append(f"{umbrella}: no component header includes the public header <{h}>: add `#include <{h}>` "
                            f"to the component it belongs to")
    for h in included:
        if h in OPT_IN:
            problems.append(f"{umbrella}: includes <{h}>, a test-framework adapter: it would force that framework "
                            f"on every user of the umbrella; remove it")
        elif h not in want:
            problems.append(f"{umbrella}: includes <{h}>, which is not a public header of include/arangokit/ "
                            f"(detail/ headers, third-party headers and missing files do not belong there)")
    return problems


def public_enums(path):
    """[(qualified name, [enumerators], line)] of the public enums of one header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    state = {}
    stack = []  # ("ns", name) | ("type", name, access) | ("enum", qual, public, line) | ("other",)
    pending_type = None
    enums, current = [], None
    for lineno, raw in enumerate(lines, 1):
        code = gen.strip_code(raw, state).strip()
        if not code or code.startswith("#"):
            continue
        m = re.match(r"^(public|private|protected)\s*:", code)
        if m and stack and stack[-1][0] == "type":
            stack[-1] = ("type", stack[-1][1], m.group(1))
            continue
        ns = re.match(r"^namespace\s+([\w:]+)\s*\{", code)
        ty = re.match(r"^(?:template\s*<.*>\s*)?(class|struct)\s+(?:\[\[\w+\]\]\s+)?(\w+)(?:\s+final)?\s*(?::[^{;]*)?\{?\s*$",
                      code)
        en = re.match(r"^enum\s+(?:class\s+|struct\s+)?(\w+)(?:\s*:\s*[\w:]+)?\s*(?:\{.*)?$", code)
        if current is not None:
            body = code.split("}")[0]
            for item in body.split(","):
                m2 = re.match(r"\s*(\w+)", item)
                if m2:
                    current[1].append(m2.group(1))
        first = True
        for ch in code:
            if ch == "{":
                if first and ns:
                    kind = ("ns", ns.group(1))
                elif first and (en or (pending_type and pending_type[0] == "enum")):
                    name, decl_line = (en.group(1), lineno) if en else (pending_type[1], pending_type[2])
                    public = all(s[0] == "ns" or (s[0] == "type" and s[2] == "public") for s in stack)
                    in_arangokit = [s[1] for s in stack if s[0] == "ns"] == ["arangokit"]
                    qual = "::".join([s[1] for s in stack if s[0] == "type"] + [name])
                    kind = ("enum", qual, public and in_arangokit, decl_line)
                    current = (qual, [], decl_line, public and in_arangokit)
                    rest = code.split("{", 1)[1]
                    for item in rest.split("}")[0].split(","):
                        m2 = re.match(r"\s*(\w+)", item)
                        if m2:
                            current[1].append(m2.group(1))
                elif first and (ty or (pending_type and pending_type[0] == "type")):
                    if ty:
                        kind = ("type", ty.group(2), "public" if ty.group(1) == "struct" else "private")
                    else:
                        kind = ("type", pending_type[1], pending_type[2])
                else:
                    kind = ("other",)
                first = False
                stack.append(kind)
                pending_type = None
            elif ch == "}":
                if stack:
                    top = stack.pop()
                    if top[0] == "enum" and current is not None:
                        if current[3]:
                            enums.append((current[0], current[1], current[2]))
                        current = None
        if "{" not in code and not code.endswith(";"):
            if en:
                pending_type = ("enum", en.group(1), lineno)
            elif ty:
                pending_type = ("type", ty.group(2), "public" if ty.group(1) == "struct" else "private")
        elif code.endswith(";"):
            pending_type = None
    return enums


def enum_problems(root, include):
    problems = []
    test = root / UNIT_TEST
    test_text = test.read_text(encoding="utf-8") if test.exists() else ""
    for rel in public_headers(include):
        path = include / rel
        text = path.read_text(encoding="utf-8")
        for qual, enumerators, line in public_enums(path):
            if not re.search(r"\bto_string\s*\(\s*(?:const\s+)?" + re.escape(qual) + r"\b", text):
                problems.append(f"include/{rel}:{line}: enum {qual} has no to_string: add "
                                f"`inline const char* to_string({qual} v) noexcept` after it")
            for e in enumerators:
                if not re.search(r"\b" + re.escape(f"{qual}::{e}") + r"\b", test_text):
                    problems.append(f"include/{rel}:{line}: {UNIT_TEST} does not check {qual}::{e}: add it to "
                                    f"the enum's table there")
    return problems


# Initiating functions name their token parameter CompletionToken (token adapters such as
# with_diagnostics_t<Token> wrap any token and are not initiating functions).
TOKEN_PARAM = re.compile(r"\b(?:class|typename)\s+(CompletionToken)\b")


def token_problems(include):
    problems = []
    for path in sorted(include.rglob("*.hpp")):
        state = {}
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = gen.strip_code(raw, state)
            for m in TOKEN_PARAM.finditer(code):
                rel = path.relative_to(include.parent).as_posix()
                problems.append(f"{rel}:{lineno}: completion token `{m.group(1)}` is unconstrained: declare it "
                                f"`boost::asio::completion_token_for<Sig> {m.group(1)}` with the handler's "
                                f"signature")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=str(HERE.parent), help="the source tree (default: this checkout)")
    args = ap.parse_args()
    root = pathlib.Path(args.root).resolve()
    include = root / "include"
    problems = umbrella_problems(include) + enum_problems(root, include) + token_problems(include)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_public_api: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    n_enums = sum(len(public_enums(include / h)) for h in public_headers(include))
    print(f"check_public_api: the umbrella includes all {len(public_headers(include)) - len(OPT_IN)} public "
          f"headers (not the {len(OPT_IN)} test-framework adapters); "
          f"all {n_enums} public enums have to_string and a unit test; every completion token is constrained")
    return 0


if __name__ == "__main__":
    sys.exit(main())
