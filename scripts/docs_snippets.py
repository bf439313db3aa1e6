#!/usr/bin/env python3
"""Keeps code snippets in the Markdown docs identical to marked regions of compiled source files.

A region in a source file is delimited by a line `//[name` and the matching `//]` (regions may nest; marker
lines of inner regions are left out of the outer one). A Markdown file quotes it with

    <!-- snippet: examples/04_dump_restore_verify.cpp#dump -->
    ```cpp
    ...the region, dedented...
    ```

The path is relative to the repository root. `--update` rewrites the fenced block after every marker from
the region; `--check` (the docs test) fails if a referenced file or region is missing, a marker has no fenced
block after it, a copy is stale, or a source file has malformed markers. Scanned: README.md and docs/**/*.md.
"""
import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^<!--\s*snippet:\s*(?P<path>[^#\s]+)#(?P<name>[A-Za-z0-9_.-]+)\s*-->\s*$")
OPEN = re.compile(r"^\s*//\[(?P<name>[A-Za-z0-9_.-]+)\s*$")
CLOSE = re.compile(r"^\s*//\]\s*$")
# In these files every C++ code block must be a snippet copy (no hand-typed code).
STRICT = ["docs/index.md", "docs/tutorial.md", "docs/guides/*.md"]
LANG = {".cpp": "cpp", ".hpp": "cpp", ".py": "python", ".js": "js", ".txt": "cmake", ".cmake": "cmake", ".sh": "sh"}


def read_regions(path):
    """Returns ({name: [lines]}, [problems]) for one source file."""
    regions, problems, stack = {}, [], []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = OPEN.match(line)
        if m:
            name = m.group("name")
            if name in regions or any(n == name for n, _ in stack):
                problems.append(f"{path.relative_to(ROOT)}:{no}: region '{name}' defined twice")
            stack.append((name, []))
            continue
        if CLOSE.match(line):
            if not stack:
                problems.append(f"{path.relative_to(ROOT)}:{no}: '//]' without an open region")
                continue
            name, body = stack.pop()
            regions[name] = body
            continue
        for _, body in stack:
            body.append(line)
    for name, _ in stack:
        problems.append(f"{path.relative_to(ROOT)}: region '{name}' is never closed")
    return {k: dedent(v) for k, v in regions.items()}, problems


def dedent(lines):
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
    cut = min(indents) if indents else 0
    return [l[cut:].rstrip() for l in lines]


def doc_files():
    files = [ROOT / "README.md"] if (ROOT / "README.md").exists() else []
    files += sorted((ROOT / "docs").rglob("*.md"))
    return files


def skip_block(lines, i, out):
    """Copies the rest of a fenced block (from line i, through its closing fence); returns the next index."""
    while i < len(lines) and lines[i].rstrip() != "```":
        out.append(lines[i])
        i += 1
    if i < len(lines):
        out.append(lines[i])
        i += 1
    return i


def process(md, cache, update):
    """Returns (new_text, problems, stale_count) for one Markdown file."""
    lines = md.read_text(encoding="utf-8").split("\n")
    out, problems, stale, i = [], [], 0, 0
    rel = md.relative_to(ROOT)
    strict = any(rel.match(g) for g in STRICT) and rel.parts[0] == "docs"
    while i < len(lines):
        line = lines[i]
        out.append(line)
        m = MARKER.match(line.strip())
        i += 1
        if not m:
            if strict and line.startswith("```c") and (i < 2 or not MARKER.match(lines[i - 2].strip())):
                problems.append(f"{rel}:{i}: hand-typed C++ block; quote a marked region with <!-- snippet: ... -->")
                # skip to the end of this block so its closing fence is not mistaken for an opening one
                i = skip_block(lines, i, out)
            elif line.startswith("```"):
                i = skip_block(lines, i, out)
            continue
        src = ROOT / m.group("path")
        name = m.group("name")
        where = f"{rel}:{i}"
        if not src.is_file():
            problems.append(f"{where}: snippet source {m.group('path')} does not exist")
            continue
        if src not in cache:
            cache[src] = read_regions(src)
            problems.extend(cache[src][1])
        regions = cache[src][0]
        if name not in regions:
            problems.append(f"{where}: no region '//[{name}' in {m.group('path')}")
            continue
        lang = LANG.get(src.suffix, "")
        want = ["```" + lang] + regions[name] + ["```"]
        # The fenced block must follow the marker directly.
        if i < len(lines) and lines[i].startswith("```"):
            end = i + 1
            while end < len(lines) and lines[end].rstrip() != "```":
                end += 1
            if end >= len(lines):
                problems.append(f"{where}: unterminated code fence after the snippet marker")
                continue
            have = lines[i:end + 1]
            if have != want:
                stale += 1
                if not update:
                    problems.append(f"{where}: copy of {m.group('path')}#{name} is stale (run docs_snippets.py --update)")
            out.extend(want if update else have)
            i = end + 1
        else:
            stale += 1
            if update:
                out.extend(want)
            else:
                problems.append(f"{where}: no fenced code block after the marker for {m.group('path')}#{name}")
    return "\n".join(out), problems, stale


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="fail on missing or stale snippets")
    mode.add_argument("--update", action="store_true", help="rewrite the fenced copies from the sources")
    ap.add_argument("--list", action="store_true", help="also print every snippet reference")
    args = ap.parse_args()

    cache, problems, refs, changed = {}, [], 0, []
    for md in doc_files():
        text, probs, stale = process(md, cache, args.update)
        refs += sum(1 for l in md.read_text(encoding="utf-8").split("\n") if MARKER.match(l.strip()))
        problems += probs
        if args.update and stale and text != md.read_text(encoding="utf-8"):
            md.write_text(text, encoding="utf-8")
            changed.append(str(md.relative_to(ROOT)))
        if args.list:
            for l in md.read_text(encoding="utf-8").split("\n"):
                mm = MARKER.match(l.strip())
                if mm:
                    print(f"{md.relative_to(ROOT)}: {mm.group('path')}#{mm.group('name')}")
    for c in changed:
        print(f"updated {c}")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{refs} snippet reference(s) in {len(doc_files())} Markdown file(s); {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
