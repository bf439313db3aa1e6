#!/usr/bin/env python3
"""Self-test of scripts/docs_snippets.py on a scratch tree: --update fills a copy, --check then passes, and a
stale copy, a missing region, a missing source, a missing fence, an unclosed region and a hand-typed C++ block in
docs/guides/ each make --check fail."""
import pathlib
import shutil
import subprocess
import sys
import tempfile

script = pathlib.Path(sys.argv[1]).resolve()
failures = []


def run(root, mode):
    p = subprocess.run([sys.executable, str(root / "scripts" / script.name), mode], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def expect(cond, what, out=""):
    if not cond:
        failures.append(what + ("\n" + out if out else ""))


with tempfile.TemporaryDirectory() as tmp:
    root = pathlib.Path(tmp)
    (root / "scripts").mkdir()
    (root / "docs").mkdir()
    shutil.copy(script, root / "scripts" / script.name)
    src = root / "example.cpp"
    src.write_text("int main()\n{\n    //[outer\n    int a = 1;\n    //[inner\n    int b = 2;\n    //]\n"
                   "    return a + b;\n    //]\n}\n")
    doc = root / "docs" / "page.md"
    doc.write_text("# Page\n\n<!-- snippet: example.cpp#inner -->\n```cpp\nstale\n```\n\n"
                   "<!-- snippet: example.cpp#outer -->\n\ntext\n")

    rc, out = run(root, "--check")
    expect(rc != 0 and "stale" in out and "no fenced code block" in out, "stale copy and missing fence must fail", out)
    rc, out = run(root, "--update")
    expect(rc == 0, "--update must succeed", out)
    text = doc.read_text()
    expect("```cpp\nint b = 2;\n```" in text, "inner region must be dedented and filled", text)
    expect("```cpp\nint a = 1;\nint b = 2;\nreturn a + b;\n```" in text, "outer region must omit inner markers", text)
    rc, out = run(root, "--check")
    expect(rc == 0, "--check must pass after --update", out)

    src.write_text(src.read_text().replace("int b = 2;", "int b = 3;"))
    rc, out = run(root, "--check")
    expect(rc != 0 and "stale" in out, "a changed source must make the copy stale", out)
    run(root, "--update")

    doc.write_text(doc.read_text() + "\n<!-- snippet: example.cpp#nope -->\n```cpp\n```\n")
    rc, out = run(root, "--check")
    expect(rc != 0 and "no region '//[nope'" in out, "a missing region must fail", out)

    doc.write_text("<!-- snippet: missing.cpp#x -->\n```cpp\n```\n")
    rc, out = run(root, "--check")
    expect(rc != 0 and "does not exist" in out, "a missing source must fail", out)

    (root / "docs" / "guides").mkdir()
    guide = root / "docs" / "guides" / "g.md"
    guide.write_text("```sh\nls\n```\n\n```cpp\nint typed_by_hand;\n```\n")
    doc.write_text("")
    rc, out = run(root, "--check")
    expect(rc != 0 and "hand-typed C++ block" in out and "g.md:5" in out, "a hand-typed C++ block must fail", out)
    guide.unlink()

    src.write_text("//[open\nint x;\n")
    doc.write_text("<!-- snippet: example.cpp#open -->\n```cpp\n```\n")
    rc, out = run(root, "--check")
    expect(rc != 0 and "never closed" in out, "an unclosed region must fail", out)

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
