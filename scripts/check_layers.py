#!/usr/bin/env python3
"""Checks the layer picture of docs/design.md ("Layers") against the includes of every header.

    scripts/check_layers.py [--root DIR]    print each violation as `file:line: why`; exit 1 if there is any
    scripts/check_layers.py --selftest      prove that each kind of violation fails the check

A header under include/arangokit/ may include headers of its own layer and of lower layers only, never another
layer's private `detail/` (or `impl/`; the top-level `detail/` serves every layer), and the top-level `detail/` stays layer-free (it may include only the
top-level vocabulary headers and itself). Siblings of one rank do not include each other. The ranks below are
the ones docs/design.md draws; change both together.

The `layers` ctest runs it (tests/structure/CMakeLists.txt).
"""
import argparse
import pathlib
import re
import sys
import tempfile

# Rank of each layer (the first directory under include/arangokit/). "" is the top level: the vocabulary headers
# (error, deadline, tool_result, ...) and the layer-free helpers in the top-level detail/.
RANK = {
    "": 0,
    "process": 1,
    "concurrency": 2,
    "instrumentation": 2,
    "arango": 2,
    "artifacts": 3,
    "testing": 3,
    "reports": 3,
    "scenarios": 4,
}
# Siblings of one rank are independent: none includes another.
SIBLINGS_APART = True

# Known violations, each with the reason it is still there. ONE list: the only place an exception may be
# written. An entry that no longer occurs fails the check too, so the list cannot outlive its reason.
ALLOWED = {}

# Component headers (arangokit/process.hpp, ...) gather the public headers of one CMake component, like the
# umbrella: they stand above every layer and may include any public header, never a private one.
COMPONENT_HEADERS = {
    "process.hpp", "concurrency.hpp", "arango.hpp", "http.hpp", "artifacts.hpp", "scenarios.hpp", "reports.hpp"
}

INCLUDE = re.compile(r'^\s*#\s*include\s*<arangokit/([^>]+)>')
HEADER_SUFFIXES = (".hpp", ".ipp", ".h")


def layer_of(rel):
    """The layer of a path relative to include/arangokit/: its first directory, or "" for the top level."""
    parts = rel.split("/")
    if len(parts) > 1 and parts[0] in RANK:
        return parts[0]
    return ""


def is_private(rel):
    parts = rel.split("/")[:-1]
    return "detail" in parts or "impl" in parts


def why_not(me_rel, target):
    """Why `me_rel` must not include `target` (both relative to include/arangokit/), or None."""
    me, them = layer_of(me_rel), layer_of(target)
    if me_rel in COMPONENT_HEADERS:
        return f"the component header includes the private {target}" if is_private(target) else None
    if me_rel.startswith("detail/") and them:
        return f"the top-level detail/ includes the {them}/ layer (it must stay layer-free)"
    if RANK[them] > RANK[me]:
        return f"{me or 'the top level'} (rank {RANK[me]}) includes the higher layer {them}/ (rank {RANK[them]})"
    if SIBLINGS_APART and them != me and them and RANK[them] == RANK[me]:
        return f"{me}/ includes its sibling {them}/ (same rank {RANK[me]}: siblings stay independent)"
    if them != me and them and is_private(target):
        return f"{me or 'the top level'} includes {them}/'s private {target}"
    return None


def check(include_dir, allowed):
    base = pathlib.Path(include_dir) / "arangokit"
    if not base.is_dir():
        return [f"{base}: no such directory"], 2
    problems, seen = [], set()
    for path in sorted(base.rglob("*")):
        if path.suffix not in HEADER_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(base).as_posix()
        for no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            why = why_not(rel, target)
            if not why:
                continue
            if (rel, target) in allowed:
                seen.add((rel, target))
                continue
            problems.append(f"include/arangokit/{rel}:{no}: {why}: <arangokit/{target}>")
    for key in sorted(set(allowed) - seen):
        problems.append(f"scripts/check_layers.py: ALLOWED lists {key[0]} -> {key[1]}, which no longer occurs: "
                        f"remove the entry")
    return problems, 1 if problems else 0


def selftest():
    cases = {
        # (file, its include) -> must it fail?
        ("process/a.hpp", "error.hpp"): False,
        ("process/a.hpp", "process/detail/x.hpp"): False,
        ("arango/a.hpp", "process/tool_runner.hpp"): False,
        ("scenarios/a.hpp", "arango/arango_tools.hpp"): False,
        ("detail/a.hpp", "detail/b.hpp"): False,
        ("detail/a.hpp", "error.hpp"): False,
        ("arango/a.hpp", "detail/config.hpp"): False,           # the top-level detail/ serves every layer
        ("process/a.hpp", "arango/instance.hpp"): True,         # a higher layer
        ("error.hpp", "process/command.hpp"): True,             # the top level includes a layer
        ("detail/a.hpp", "process/command.hpp"): True,          # the top-level detail/ includes a layer
        ("instrumentation/a.hpp", "arango/instance.hpp"): True, # a sibling
        ("concurrency/a.hpp", "process/detail/x.hpp"): True,    # another layer's detail/
        ("arango/a.hpp", "process/impl/x.hpp"): True,           # another layer's impl/
    }
    failures = 0
    for (me, target), must_fail in cases.items():
        with tempfile.TemporaryDirectory() as d:
            f = pathlib.Path(d) / "arangokit" / me
            f.parent.mkdir(parents=True)
            f.write_text(f"#include <arangokit/{target}>\n")
            problems, rc = check(d, {})
            if (rc != 0) != must_fail:
                failures += 1
                print(f"selftest: {me} including {target}: expected {'a' if must_fail else 'no'} violation, "
                      f"got {problems}")
    # An allowed violation passes; a stale allowance fails.
    with tempfile.TemporaryDirectory() as d:
        f = pathlib.Path(d) / "arangokit" / "process" / "a.hpp"
        f.parent.mkdir(parents=True)
        f.write_text("#include <arangokit/arango/x.hpp>\n")
        if check(d, {("process/a.hpp", "arango/x.hpp"): "why"})[1] != 0:
            failures += 1
            print("selftest: an allowed violation failed the check")
        if check(d, {("process/a.hpp", "arango/x.hpp"): "why", ("process/b.hpp", "arango/y.hpp"): "why"})[1] == 0:
            failures += 1
            print("selftest: a stale ALLOWED entry passed the check")
    print(f"check_layers selftest: {len(cases) + 2 - failures} of {len(cases) + 2} cases as expected")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=".", help="the source tree (holding include/)")
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args()
    if a.selftest:
        return selftest()
    problems, rc = check(pathlib.Path(a.root) / "include", ALLOWED)
    for p in problems:
        print(p)
    print(f"layers: {len(problems)} problems ({len(ALLOWED)} known exceptions allowed)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
