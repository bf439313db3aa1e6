#!/usr/bin/env python3
"""Self-test of scripts/gen_reference.py's header parser on a synthetic header: namespace-level types, enums,
aliases and free functions are listed with their first sentence; documented public member functions (also
templated async_* ones) are listed; detail namespaces, \\cond internal blocks, private members and fields are not.
The rendered reference shows what a user types: public fields with their defaults (string literals intact) and
comments, member and free function signatures with the default completion token and the handler signature,
enumerators with their comments; no bodies, no constructor initializer lists, nothing private."""
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
    b  ///< last, no comma
};
/// Options of a widget.
struct widget_options
{
    std::string name = "a{b};c"; ///< the name
    int count{3};
    /// \cond internal
    int hidden_field = 0;
    /// \endcond
};
/// Prints a reason.
inline std::ostream& operator<<(std::ostream& os, reason r)
{
    return os << (r == reason::a ? "a" : "b");
}
/// \brief Starts a widget.
/// \par Handler signature
/// `void(error_code, widget)`: what it says.
template <class CompletionToken = default_token>
auto async_start_widget(const widget_options& o, CompletionToken&& token = {})
{
    return 0;
}
/// A holder.
class holder
{
  public:
    /// Makes one.
    explicit holder(int x) : x_(x), y_{x} {}
    int x() const noexcept { return x_; }

  private:
    int x_, y_;
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

    text = "\n".join(gen.render_header(p))
    wanted = [
        'std::string name = "a{b};c";  // the name',
        "int count{3};",
        "template <class CompletionToken = default_token>",
        "auto async_start_widget(const widget_options& o, CompletionToken&& token = {});",
        "// handler: void(error_code, widget)",
        "auto async_run(int x, CompletionToken&& token = {});  // Runs it: the doc's first sentence.",
        "std::chrono::milliseconds timeout{std::chrono::seconds(30)};  // A field with a default.",
        "std::function<void(const output_line&)> on_line{};  // A callback field, not a function.",
        "a,  // first",
        "b,  // last, no comma",
        "explicit holder(int x);  // Makes one.",
        "int x() const noexcept;",
        "std::ostream& operator<<(std::ostream& os, reason r);",
    ]
    for w in wanted:
        if w not in text:
            failures.append(f"rendered reference lacks {w!r}")
    for bad in ("hidden_field", "x_(x)", "return", "secret", "hidden_member", "helper", "x_, y_"):
        if bad in text:
            failures.append(f"rendered reference must not show {bad!r}")
    if failures:
        print(text)

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
