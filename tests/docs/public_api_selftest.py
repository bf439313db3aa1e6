#!/usr/bin/env python3
"""Self-test of scripts/check_public_api.py on a synthetic source tree: a complete tree passes; a public header
missing from the umbrella, a private header in it, a public enum without to_string and an enumerator the unit
test does not name and an unconstrained completion token (even in detail/) each fail the check with a message naming the file; private and detail enums are ignored."""
import pathlib
import subprocess
import sys
import tempfile

CHECKER = sys.argv[1]

GOOD_HEADER = '''
namespace arangokit {
/// A colour.
enum class colour
{
    red, ///< first
    green = 2,
};
inline const char* to_string(colour v) noexcept { return v == colour::red ? "red" : "green"; }
struct holder
{
    enum class kind { a, b };
  private:
    enum class hidden { x };
};
inline const char* to_string(holder::kind k) noexcept { return k == holder::kind::a ? "a" : "b"; }
class owner
{
    enum class secret { s }; // private by default: no to_string needed
};
namespace detail {
enum class internal { i };
}
} // namespace arangokit
'''
GOOD_TEST = "colour::red colour::green holder::kind::a holder::kind::b\n"


def make(tmp, umbrella, header=GOOD_HEADER, test=GOOD_TEST, extra=None):
    root = pathlib.Path(tmp)
    for rel, text in (extra or {}).items():
        (root / "include" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "include" / rel).write_text(text)
    (root / "include/arangokit/detail").mkdir(parents=True, exist_ok=True)
    (root / "tests/unit").mkdir(parents=True, exist_ok=True)
    (root / "include/arangokit/colour.hpp").write_text(header)
    (root / "include/arangokit/other.hpp").write_text("namespace arangokit {}\n")
    (root / "include/arangokit/detail/impl.hpp").write_text("namespace arangokit::detail { enum class z { q }; }\n")
    (root / "include/arangokit.hpp").write_text("".join(f"#include <{h}>\n" for h in umbrella))
    (root / "tests/unit/enum_to_string.cpp").write_text(test)
    return root


def run(root):
    p = subprocess.run([sys.executable, CHECKER, "--root", str(root)], capture_output=True, text=True)
    return p.returncode, p.stderr


failures = []
ALL = ["arangokit/colour.hpp", "arangokit/other.hpp"]
cases = [
    ("complete tree", dict(umbrella=ALL), 0, []),
    ("header missing from the umbrella", dict(umbrella=ALL[:1]), 1,
     ["includes the public header <arangokit/other.hpp>"]),
    ("headers reached through a component header", dict(umbrella=["arangokit/colour.hpp", "arangokit/process.hpp"],
     extra={"arangokit/process.hpp": "#include <arangokit/other.hpp>\n"}), 0, []),
    ("component header missing from the umbrella", dict(umbrella=ALL,
     extra={"arangokit/process.hpp": "#include <arangokit/other.hpp>\n"}), 1,
     ["does not include the component header <arangokit/process.hpp>"]),
    ("detail header in the umbrella", dict(umbrella=ALL + ["arangokit/detail/impl.hpp"]), 1,
     ["includes <arangokit/detail/impl.hpp>"]),
    ("enum without to_string", dict(umbrella=ALL, header=GOOD_HEADER.replace("inline const char* to_string(colour", "inline const char* name_of(colour")), 1,
     ["colour.hpp:4: enum colour has no to_string"]),
    ("enumerator not in the unit test", dict(umbrella=ALL, test="colour::red holder::kind::a holder::kind::b\n"), 1,
     ["does not check colour::green"]),
    ("unconstrained completion token in a detail header", dict(umbrella=ALL, extra={"arangokit/detail/op.hpp":
     "template <class T, class CompletionToken> auto async_op(CompletionToken&& t);\n"}), 1,
     ["detail/op.hpp:1: completion token `CompletionToken` is unconstrained"]),
    ("constrained completion token", dict(umbrella=ALL, extra={"arangokit/detail/op.hpp":
     "template <boost::asio::completion_token_for<void(int)> CompletionToken> auto async_op(CompletionToken&&);\n"
     "// a comment naming class CompletionToken is not code\n"}), 0, []),
    ("nested enumerator not in the unit test", dict(umbrella=ALL, test="colour::red colour::green holder::kind::a\n"), 1,
     ["does not check holder::kind::b"]),
]
for name, kw, want_rc, want_msgs in cases:
    with tempfile.TemporaryDirectory() as tmp:
        rc, err = run(make(tmp, **kw))
        if rc != want_rc:
            failures.append(f"{name}: exit {rc}, expected {want_rc}; stderr: {err}")
        for m in want_msgs:
            if m not in err:
                failures.append(f"{name}: expected {m!r} in stderr, got: {err}")
        for bad in ("hidden", "secret", "internal", "detail/impl.hpp: ", "z::q"):
            if bad in err:
                failures.append(f"{name}: reported the private/detail enum or header {bad!r}: {err}")
for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print(f"public_api_selftest: {len(cases)} cases ok")
