#!/usr/bin/env python3
"""Self-test of scripts/gen_reference.py's header parser on a synthetic header: namespace-level types, enums,
aliases and free functions are listed with their first sentence; documented public member functions (also
templated async_* ones) are listed; detail namespaces, \\cond internal blocks, private members and fields are not."""
import importlib.util
import pathlib
import sys
import tempfile

spec = importlib.util.spec_from_file_location("gen_reference", sys.argv[1])
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

HEADER = r'''
#ifndef X
namespace arangokit {
/// \brief A widget. It does things, e.g. this.
/// \details Long text.
class widget
{
public:
    /// Makes one.
    widget() = default;
    /// Runs it: the doc's first sentence.
    template <boost::asio::completion_token_for<void(error_code, std::string)> CompletionToken = default_token>
    auto async_run(int x, CompletionToken&& token = {})
    {
        return 1;
    }
    /// A callback field, not a function.
    std::function<void(const output_line&)> on_line{};
    /// A field with a default.
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};
    /// \cond internal
    /// Hidden.
    void hidden_member();
    /// \endcond
private:
    /// Private.
    void secret();
};
/// Why it ended.
enum class reason
{
    a, ///< first
};
/// The token.
using token_type = int;
/// Frees a widget.
inline void free_widget(widget& w) { (void)w; }
namespace detail {
/// Internal helper.
inline int helper() { return 0; }
}  // namespace detail
/// \cond internal
/// Hidden free function.
inline int hidden() { return 1; }
/// \endcond
const char* raw = R"(a { brace)";
/// After a raw string.
struct after_raw
{
};
}  // namespace arangokit
#endif
'''

failures = []
with tempfile.TemporaryDirectory() as tmp:
    p = pathlib.Path(tmp) / "widget.hpp"
    p.write_text(HEADER)
    entries, members = gen.parse_header(p)
    names = {(k, n): b for k, n, _, b in entries}
    want = {("type", "widget"): "A widget.", ("enum", "reason"): "Why it ended.", ("alias", "token_type"): "The token.",
            ("function", "free_widget"): "Frees a widget.", ("type", "after_raw"): "After a raw string."}
    for key, brief in want.items():
        if names.get(key) != brief:
            failures.append(f"expected {key} with brief {brief!r}, got {names.get(key)!r}")
    for bad in ("helper", "hidden", "secret", "hidden_member", "on_line", "timeout", "void", "seconds"):
        if any(n == bad for _, n in names) or any(n == bad for n, _ in members.get("widget", [])):
            failures.append(f"{bad} must not be listed")
    got = [n for n, _ in members.get("widget", [])]
    if "async_run" not in got:
        failures.append(f"widget's members must include async_run, got {got}")
    if gen.header_description(p, entries) != "A widget.":
        failures.append("the header's description must be the brief of the type named after the file")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
