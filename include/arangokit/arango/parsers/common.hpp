// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_COMMON_HPP
#define ARANGOKIT_ARANGO_PARSERS_COMMON_HPP

#include <arangokit/arango/parsers/diagnostic.hpp>
#include <arangokit/output_line.hpp>

#include <cstdint>
#include <cstring>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace arangokit {

/// \brief One output line split into its log prefix and message.
/// \details Every prefix form of the tools since 1.5 is recognised: none at all (up to 3.3 stdout),
/// `<ts> [pid] LEVEL msg` (2.x, 3.x), `<ts> [pid] LEVEL [logid] {topic} msg` (3.5+), microsecond timestamps
/// and
/// `[pid-thread]` (3.12), and the shortened forms seen in docs and issue reports (`INFO [66c0e] {dump} msg`,
/// `[19866] FATAL {config} msg`, `{restore} msg`), plus 2.x source locations `[lib/Rest/x.cpp:353]`.
struct log_line
{
    std::string timestamp{}; ///< as printed (`2025-02-11T08:19:52.611622Z`), empty if none
    std::optional<long> pid{};
    std::optional<long> thread{};
    std::string level{};  ///< FATAL, ERROR, WARNING (also for WARN), INFO, DEBUG, TRACE; empty if none
    std::string log_id{}; ///< 5 hex digits, empty if none
    std::string topic{};  ///< e.g. `dump`, empty if none
    std::string source_location{}; ///< 2.x `lib/Rest/EndpointIp.cpp:353`
    std::string message{};         ///< the rest of the line
    bool has_prefix() const noexcept
    {
        return !timestamp.empty() || pid || !level.empty() || !log_id.empty() || !topic.empty();
    }
    bool is_error() const noexcept { return level == "ERROR" || level == "FATAL"; }
};

/// Splits a line into prefix and message. Never throws; a line without a prefix is all message.
log_line parse_log_line(std::string_view line);

/// \brief A progress line: a percentage, a byte count, an operation count, or a unit of work started.
struct progress_event
{
    enum class kind
    {
        bytes,      ///< `processed 32767 bytes (3.0%)`, `processed 1.0 MB (3%)` (arangoimport)
        operations, ///< `number of operations: 2500` (arangobench)
        collection, ///< `# Dumping collection 'x'...`, `# Loading data into ...` (dump/restore)
    };
    kind type = kind::bytes;
    std::optional<double> percent{};
    std::optional<std::uint64_t> bytes{}; ///< exact, or approximate for `1.0 MB` (binary units)
    std::optional<std::uint64_t> operations{};
    std::string name{}; ///< the collection or shard for kind::collection
    std::string text{}; ///< the message as printed
};

/// The enumerator's name (`"bytes"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(progress_event::kind v) noexcept
{
    switch (v)
    {
    case progress_event::kind::bytes:
        return "bytes";
    case progress_event::kind::operations:
        return "operations";
    case progress_event::kind::collection:
        return "collection";
    }
    return "?";
}

/// Classifies one message (prefix already removed, or a raw line) as progress. Never throws.
std::optional<progress_event> classify_progress(std::string_view message);

/// The `Connected to ArangoDB '<endpoint>'...` line, in all its historical forms.
struct connection_info
{
    std::string endpoint{};
    std::string version{}; ///< empty when the form carries none
    std::string role{};    ///< `SINGLE`, `COORDINATOR`, `unknown`, ...
    std::string mode{};    ///< `server`, ...
    std::string database{};
    std::string username{};
};

/// Parses a `Connected to ArangoDB` message; nullopt if the message is not one.
std::optional<connection_info> parse_connected_line(std::string_view message);

/// \brief A failed connection attempt, as the tools print it.
/// \details Every historical form: `Could not connect to endpoint '<ep>', database: '<db>', username: '<u>'`
/// followed by `Error message: '<text>'` (3.x), `Error message '<text>'` (2.3, no colon), the endpoint
/// unquoted and without database/username (2.6, 3.3 restore), and arangoinspect's `FATAL cannot connect to
/// server '<ep>': <text>` after its banner.
struct connection_failure
{
    std::string endpoint{};
    std::string database{}; ///< empty when the form carries none
    std::string username{};
    std::string error{};        ///< the error text (`Error message`), outer quotes removed
    std::string system_error{}; ///< `Connection refused`, when the error text names one
    std::optional<int> system_errno{};
    std::string text{}; ///< the first line of the failure as printed (without prefix)
};

/// \brief The client's own version, from arangosh's banner or from `--version` output.
struct client_version_info
{
    std::string version{};  ///< `3.12.4`
    std::string build{};    ///< `tags/v3.12.4-0-g1234abc`, empty if not printed
    std::string platform{}; ///< `linux`, empty if not printed
    std::string text{};     ///< the line the version was read from
};

/// \brief What every tool's parser reports besides the tool-specific values.
/// \details `diagnostics()` is the structured record of every FATAL, ERROR and WARNING message (and of the
/// error forms printed without a level), in output order. `errors` and `warnings` are the flat views of the
/// same messages (joined text), kept for simple checks.
struct report_base
{
    std::optional<connection_info> connected{};
    std::vector<diagnostic> diags{};            ///< see diagnostics()
    std::vector<std::string> errors{};          ///< FATAL/ERROR diagnostics' messages
    std::vector<std::string> warnings{};        ///< WARNING diagnostics' messages
    std::vector<std::string> unknown_options{}; ///< `unknown option '--x'`, `unrecognized option 'x'`
    std::vector<std::string> suggestions{};     ///< the names after `Did you mean one of these?`
    std::optional<connection_failure> connection_error{}; ///< a failed connection attempt
    std::string server_version{};                         ///< `Server version:` or the `Connected to` line
    std::optional<client_version_info> client{};          ///< banner or `--version` output
    std::optional<std::string> failed_collection{};       ///< the collection the first error names
    std::optional<std::string> config_file{};             ///< the configuration file the tool names
    std::optional<std::string> created_database{};        ///< `Creating database '<db>'`
    std::vector<progress_event> progress{};
    std::vector<std::string> unparsed{}; ///< lines the parser did not understand (kept verbatim)
    std::size_t lines = 0;               ///< lines fed
    std::size_t quoted_lines = 0;        ///< lines that carried the documentation quote marker `> `
    /// `diags`, `errors`, `warnings`, `unparsed`, `progress`, `unknown_options`, `suggestions` (and the
    /// tools' exceptions and error messages) keep at most this many entries each, so that a tool printing
    /// millions of lines (a chatty script, a retry loop) cannot grow the report without bound. Lists of
    /// named objects (collections, shards) hold one entry per object the tool announced. Set before feeding.
    std::size_t keep_limit = 1000;
    std::size_t dropped = 0; ///< lines counted in `lines` but not kept because of `keep_limit`
    bool fatal = false;      ///< a FATAL line was seen

    /// Every FATAL, ERROR and WARNING message, structured, in output order (at most `keep_limit`).
    const std::vector<diagnostic>& diagnostics() const noexcept { return diags; }
    /// The first FATAL or ERROR diagnostic, or nullptr.
    const diagnostic* first_error() const noexcept
    {
        for (const auto& d : diags)
            if (d.is_error())
                return &d;
        return nullptr;
    }
    /// Something in the output says the run failed (independent of the exit code).
    bool reported_errors() const noexcept
    {
        return fatal || !errors.empty() || !unknown_options.empty() || connection_error.has_value();
    }
};

namespace detail {

/// \brief A literal to search for, with the byte of it to scan for first (its rarest by a fixed ranking of
/// tool output text: quotes and brackets before capitals, capitals before rare letters, spaces last).
/// \details string_view::find compares at every occurrence of the needle's first byte (a space, for most
/// needles), memmem has a setup cost per call; together they were most of the cost of a line that matches
/// nothing. Literals are ranked at compile time (consteval); runtime keys use needle::runtime().
struct needle
{
    std::string_view text{};
    std::size_t anchor = 0;

    template <std::size_t N> consteval needle(const char (&lit)[N]) : text(lit, N - 1), anchor(pick(text)) {}
    static constexpr needle runtime(std::string_view t) noexcept { return needle(t, 0); }

  private:
    constexpr needle(std::string_view t, int) noexcept : text(t), anchor(pick(t)) {}
    static constexpr int rank(char c) noexcept
    {
        switch (c)
        {
        case '\'':
        case '(':
        case '#':
        case '%':
        case '[':
        case '{':
        case '"':
        case '/':
        case '=':
            return 0;
        case 'x':
        case 'q':
        case 'z':
        case 'j':
        case 'k':
        case 'v':
        case 'b':
        case 'y':
        case 'w':
        case 'g':
        case 'p':
            return 2;
        case ' ':
            return 9;
        case 'e':
        case 't':
        case 'a':
        case 'o':
        case 'i':
        case 'n':
        case 's':
        case 'r':
            return 5;
        default:
            return c >= 'A' && c <= 'Z' ? 1 : 3;
        }
    }
    static constexpr std::size_t pick(std::string_view t) noexcept
    {
        std::size_t best = 0;
        for (std::size_t i = 1; i < t.size(); ++i)
            if (rank(t[i]) < rank(t[best]))
                best = i;
        return best;
    }
};

/// `s.starts_with(lit)` with the length known at compile time and the first byte compared inline (most
/// calls fail on it), instead of strlen + memcmp per call.
template <std::size_t N> inline bool sw(std::string_view s, const char (&lit)[N]) noexcept
{
    return s.size() >= N - 1 && (N == 1 || (s[0] == lit[0] && std::memcmp(s.data(), lit, N - 1) == 0));
}

/// Whether `s` contains the needle.
inline bool contains(std::string_view s, const needle& n) noexcept
{
    const std::string_view k = n.text;
    if (k.empty())
        return true;
    if (k.size() > s.size())
        return false;
    const char a = k[n.anchor];
    const char* p = s.data() + n.anchor;
    const char* end = s.data() + (s.size() - k.size()) + n.anchor + 1;
    while (p < end)
    {
        p = static_cast<const char*>(std::memchr(p, a, static_cast<std::size_t>(end - p)));
        if (!p)
            return false;
        if (std::memcmp(p - n.anchor, k.data(), k.size()) == 0)
            return true;
        ++p;
    }
    return false;
}
/// Whether `s` contains the byte `c`.
inline bool contains(std::string_view s, char c) noexcept
{
    return !s.empty() && std::memchr(s.data(), c, s.size()) != nullptr;
}

/// A pattern with a literal that every match contains. Lines without the literal never reach the regex
/// engine: std::regex costs microseconds per line, and almost every line of a tool's output matches none of a
/// parser's patterns (a chatty arangosh script prints millions). `key` must be a substring of every possible
/// match.
class keyed_regex
{
  public:
    keyed_regex(std::string_view key, const char* pattern) : key_(key), re_(pattern)
    {
        needle_ = needle::runtime(key_);
    }

    bool search(const char* b, const char* e, std::cmatch& m) const
    {
        if (!contains(std::string_view(b, static_cast<std::size_t>(e - b)), needle_))
            return false;
        return std::regex_search(b, e, m, re_);
    }
    bool search(const char* s, std::cmatch& m) const
    {
        return search(s, s + std::char_traits<char>::length(s), m);
    }

  private:
    std::string key_;
    needle needle_ = needle::runtime({});
    std::regex re_;
};

// Numbers as the tools print them: `1234`, `0.132990`, `1,234` never (the tools do not group digits).
inline std::optional<std::uint64_t> parse_u64(std::string_view s) noexcept
{
    if (s.empty() || s.size() > 19)
        return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s)
    {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

inline std::optional<double> parse_double(std::string_view s) noexcept
{
    if (s.empty() || s.size() > 64)
        return std::nullopt;
    std::string tmp(s);
    char* end = nullptr;
    double d = std::strtod(tmp.c_str(), &end);
    if (end != tmp.c_str() + tmp.size())
        return std::nullopt;
    return d;
}

// `753 bytes`, `2256 byte(s)`, `1.0 MB`, `12 Byte(s)`, `2.1 KB`: binary units (approximate for fractions).
inline std::optional<std::uint64_t> parse_size(std::string_view number, std::string_view unit) noexcept
{
    auto d = parse_double(number);
    if (!d || *d < 0)
        return std::nullopt;
    double mult = 1;
    std::string u;
    for (char c : unit)
        u += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    if (detail::sw(u, "KB") || detail::sw(u, "KIB"))
        mult = 1024.0;
    else if (detail::sw(u, "MB") || detail::sw(u, "MIB"))
        mult = 1024.0 * 1024;
    else if (detail::sw(u, "GB") || detail::sw(u, "GIB"))
        mult = 1024.0 * 1024 * 1024;
    else if (detail::sw(u, "TB") || detail::sw(u, "TIB"))
        mult = 1024.0 * 1024 * 1024 * 1024;
    else if (!(u.empty() || detail::sw(u, "B")))
        return std::nullopt;
    double v = *d * mult + 0.5;
    // Converting a double beyond the uint64 range (or inf/nan from `1e400`) is undefined behaviour.
    if (!(v < 18446744073709551616.0))
        return std::nullopt;
    return static_cast<std::uint64_t>(v);
}

inline std::string_view trim_view(std::string_view s) noexcept
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

/// A log line split without copying (the parsers' hot path); the fields as in log_line.
struct log_view
{
    std::string_view timestamp{};
    std::optional<long> pid{};
    std::optional<long> thread{};
    std::string_view level{};
    std::string_view log_id{};
    std::string_view topic{};
    std::string_view source_location{};
    std::string_view message{};
    bool has_prefix() const noexcept
    {
        return !timestamp.empty() || pid || !level.empty() || !log_id.empty() || !topic.empty();
    }
    bool is_error() const noexcept { return level == "ERROR" || level == "FATAL"; }
};
log_view parse_log_view(std::string_view line) noexcept;
std::optional<client_version_info> parse_client_banner(std::string_view msg);
bool is_banner_art(std::string_view msg) noexcept;

// Shared feed logic: prefix, diagnostics (with joining of continuation lines), connection lines and
// failures, versions, option errors, progress; the tool's on_message() gets the rest.
template <class Derived, class Report> class basic_output_parser
{
  public:
    /// \brief Feeds one line (without its line terminator; a trailing `\r` is dropped). Never throws.
    void feed(std::string_view line) noexcept
    {
        try
        {
            feed_impl(line);
        }
        catch (...)
        {
            try
            {
                report_.unparsed.emplace_back(line);
            }
            catch (...)
            {
            }
        }
    }
    /// Feeds a line as the runner delivers it (both streams are accepted).
    void feed(const output_line& l) noexcept { feed(std::string_view(l.text)); }
    /// \brief Feeds a whole text (a log file's content, captured output): split at `\n`.
    void feed_text(std::string_view text) noexcept
    {
        while (!text.empty())
        {
            auto nl = text.find('\n');
            feed(text.substr(0, nl));
            if (nl == std::string_view::npos)
                break;
            text.remove_prefix(nl + 1);
        }
    }
    const Report& report() const noexcept { return report_; }
    Report take_report() noexcept { return std::move(report_); }

  protected:
    Report report_;

    void keep(std::vector<std::string>& v, std::string_view line)
    {
        if (v.size() < report_.keep_limit)
            v.emplace_back(line);
        else
            ++report_.dropped;
    }

    /// Appends to a kept list (progress, exceptions, ...) unless it holds `keep_limit` entries already.
    template <class V, class T> void keep_item(V& v, T&& x)
    {
        if (v.size() < report_.keep_limit)
            v.push_back(std::forward<T>(x));
        else
            ++report_.dropped;
    }

    /// For the tools: the current line is an error although it has no level (e.g. arangobench's
    /// `At least one of the runs produced failures!`). No-op when the line already is a diagnostic.
    void note_error(const log_view& l, std::string_view msg) { note(l, msg, "ERROR"); }
    void note_warning(const log_view& l, std::string_view msg) { note(l, msg, "WARNING"); }
    /// For the tools: the current line is a header (`error message(s):`), not a diagnostic of its own.
    void drop_current_diagnostic()
    {
        if (current_ == npos || current_ + 1 != report_.diags.size())
            return;
        const auto& d = report_.diags.back();
        auto& view = d.is_warning() ? report_.warnings : report_.errors;
        if (view_index_ != npos && view_index_ + 1 == view.size())
            view.pop_back();
        report_.diags.pop_back();
        current_ = open_ = view_index_ = npos;
    }
    /// For the tools: `text` continues the open diagnostic (a wrapped message).
    void append_to_open(std::string_view text) { join(text); }
    /// The diagnostic the current line produced, or nullptr.
    diagnostic* current_diagnostic() noexcept
    {
        return current_ == npos || current_ >= report_.diags.size() ? nullptr : &report_.diags[current_];
    }

  private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    // A joined message stops growing here (a payload echoed over thousands of wrapped lines).
    static constexpr std::size_t max_joined = 64 * 1024;
    static constexpr std::size_t max_joined_lines = 256;

    std::size_t current_ = npos;    // diagnostic made from the current line
    std::size_t open_ = npos;       // diagnostic that continuation lines join
    std::size_t view_index_ = npos; // its entry in errors/warnings
    bool glue_space_ = true;        // join with a space (wrapped) or without (cut by another line)
    bool in_suggestions_ = false;
    bool in_version_block_ = false;

    void note(const log_view& l, std::string_view msg, const char* level)
    {
        if (current_ != npos)
            return;
        current_ = open_diagnostic(l, msg, level);
    }

    std::size_t open_diagnostic(const log_view& l, std::string_view msg, std::string_view level)
    {
        if (report_.diags.size() >= report_.keep_limit)
        {
            ++report_.dropped;
            open_ = npos;
            return npos;
        }
        diagnostic d;
        d.level = std::string(level);
        d.log_id = std::string(l.log_id);
        d.topic = std::string(l.topic);
        d.timestamp = std::string(l.timestamp);
        d.pid = l.pid;
        d.thread = l.thread;
        d.line = report_.lines;
        std::string_view tail{};
        glue_space_ = true;
        // Another worker's stdout line may land inside this one: `…while executing# Dumping collection 'b'`.
        static constexpr std::string_view inner[] = {
            "# Dumping ", "# Loading data into ", "# Re-creating ", "# Successfully restored ",
            "# Exporting "};
        for (auto k : inner)
        {
            auto p = msg.find(k);
            if (p != std::string_view::npos && p > 0)
            {
                tail = msg.substr(p);
                msg = msg.substr(0, p);
                glue_space_ = false;
                break;
            }
        }
        d.message = std::string(trim_view(msg));
        extract_diagnostic_facts(d);
        report_.diags.push_back(std::move(d));
        auto& view = level == "WARNING" ? report_.warnings : report_.errors;
        view_index_ = npos;
        if (view.size() < report_.keep_limit)
        {
            view_index_ = view.size();
            view.push_back(report_.diags.back().message);
        }
        open_ = report_.diags.size() - 1;
        absorb(report_.diags.back());
        if (!tail.empty())
        {
            log_view none;
            if (!static_cast<Derived*>(this)->on_message(none, tail))
                if (auto p = classify_progress(tail))
                    keep_item(report_.progress, std::move(*p));
        }
        return open_;
    }

    // Appends a continuation line to the open diagnostic.
    bool join(std::string_view text)
    {
        if (open_ == npos || open_ >= report_.diags.size())
            return false;
        auto& d = report_.diags[open_];
        if (d.physical_lines >= max_joined_lines || d.message.size() >= max_joined)
            return true; // still part of it, but no longer stored
        text = trim_view(text);
        if (glue_space_ && !d.message.empty() && !text.empty())
            d.message += ' ';
        d.message.append(text.substr(0, max_joined - d.message.size()));
        ++d.physical_lines;
        glue_space_ = true;
        extract_diagnostic_facts(d);
        auto& view = d.is_warning() ? report_.warnings : report_.errors;
        if (view_index_ != npos && view_index_ < view.size())
            view[view_index_] = d.message;
        absorb(d);
        return true;
    }

    // Report-level facts from a (new or grown) diagnostic.
    void absorb(const diagnostic& d)
    {
        if (d.is_fatal())
            report_.fatal = true;
        if (d.is_error() && !d.collection.empty() &&
            (!report_.failed_collection || &d == first_error_with_collection()))
            report_.failed_collection = d.collection;
        std::string_view m = d.message;
        if (!report_.config_file)
        {
            std::string f;
            if (dg_quoted_after(m, "config file '", f))
                report_.config_file = std::move(f);
        }
        if (detail::sw(m, "Could not connect to endpoint ") || detail::sw(m, "cannot connect to server "))
        {
            connection_failure f = report_.connection_error.value_or(connection_failure{});
            bool inspect = detail::sw(m, "cannot");
            std::string_view rest = m.substr(inspect ? 25 : 30);
            if (detail::sw(rest, "'"))
            {
                auto q = rest.find('\'', 1);
                f.endpoint = std::string(rest.substr(1, q == std::string_view::npos ? q : q - 1));
                rest = q == std::string_view::npos ? std::string_view{} : rest.substr(q + 1);
            }
            else
            {
                // `tcp://h:1` contains colons: an unquoted endpoint ends at a comma or a space only.
                auto e = rest.find_first_of(", ");
                f.endpoint = std::string(rest.substr(0, e));
                rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e);
            }
            f.database = d.database;
            std::string u;
            if (dg_quoted_after(rest, "username: '", u))
                f.username = std::move(u);
            f.text = d.message;
            if (inspect && detail::sw(rest, ": "))
                f.error = std::string(trim_view(rest.substr(2)));
            f.system_error = d.system_error;
            f.system_errno = d.system_errno;
            report_.connection_error = std::move(f);
        }
        else if (detail::sw(m, "Error message") && report_.connection_error)
        {
            std::string_view t = m.substr(13);
            auto a = t.find('\'');
            auto b = t.rfind('\'');
            if (a != std::string_view::npos && b > a)
                t = t.substr(a + 1, b - a - 1);
            else if (detail::sw(t, ": "))
                t.remove_prefix(2);
            auto& f = *report_.connection_error;
            f.error = std::string(t);
            if (!d.system_error.empty())
            {
                f.system_error = d.system_error;
                f.system_errno = d.system_errno;
            }
        }
    }

    const diagnostic* first_error_with_collection() const noexcept
    {
        for (const auto& x : report_.diags)
            if (x.is_error() && !x.collection.empty())
                return &x;
        return nullptr;
    }

    static bool unprefixed_error_form(std::string_view msg) noexcept
    {
        if (msg.empty())
            return false;
        switch (msg.front())
        {
        case 'E':
            return detail::sw(msg, "Error while processing ") || detail::sw(msg, "Error: ") ||
                   detail::sw(msg, "Error message");
        case 'g':
            return detail::sw(msg, "got error from server") ||
                   detail::sw(msg, "got invalid response from server");
        case 'C':
            return detail::sw(msg, "Could not connect to endpoint");
        case 'F':
            return detail::sw(msg, "FATAL ");
        case 'e':
            return detail::sw(msg, "error: ");
        case 'c':
            return detail::sw(msg, "cannot read config file") ||
                   detail::sw(msg, "cannot find configuration file") ||
                   detail::sw(msg, "cannot connect to server");
        default:
            break;
        }
        // `<argv0> terminated because of an unhandled exception: …`, `<path>: cannot find configuration file`
        return detail::contains(msg, " terminated because of an unhandled exception") ||
               detail::contains(msg, ": cannot find configuration file");
    }

    void feed_impl(std::string_view raw)
    {
        if (!raw.empty() && raw.back() == '\r')
            raw.remove_suffix(1);
        ++report_.lines;
        current_ = npos;
        if (raw.size() > (1u << 20))
        {
            keep(report_.unparsed, raw.substr(0, 200));
            return;
        }
        // Documentation quotes output lines with `> ` (and the command line with it): the marker is not
        // the tool's, the rest is read as usual; a quoted command line is skipped.
        if (raw.size() >= 2 && raw[0] == '>' && raw[1] == ' ')
        {
            raw.remove_prefix(2);
            ++report_.quoted_lines;
            if (detail::sw(raw, "arango") || detail::sw(raw, "./arango") || detail::sw(raw, "$ "))
                return;
        }
        log_view l = parse_log_view(raw);
        std::string_view msg = l.message;
        if (l.has_prefix() || msg.empty())
            open_ = npos;
        if (in_version_block_ && version_block_line(l, msg))
            return;
        if (!l.level.empty() && (l.level == "FATAL" || l.level == "ERROR" || l.level == "WARNING"))
            current_ = open_diagnostic(l, msg, l.level);
        else if (!l.has_prefix() && unprefixed_error_form(msg))
        {
            std::string_view level = "ERROR";
            if (detail::sw(msg, "FATAL "))
            {
                msg.remove_prefix(6);
                level = "FATAL";
            }
            current_ = open_diagnostic(l, msg, level);
        }
        if (auto c = current_ == npos ? parse_connected_line(msg) : std::nullopt)
        {
            if (!c->version.empty())
                report_.server_version = c->version;
            report_.connected = std::move(*c);
            return;
        }
        if (static_cast<Derived*>(this)->on_message(l, msg))
            return;
        if (common_message(l, msg))
            return;
        if (current_ != npos || (l.level.size() && l.is_error()) || l.level == "WARNING")
            return;
        if (msg.empty() && !l.has_prefix())
            return;
        // An unprefixed line nobody recognised right after a message: its continuation.
        if (open_ != npos && !l.has_prefix() && join(msg))
            return;
        keep(report_.unparsed, raw);
    }

    // `--version` output: the bare version, then `key: value` lines.
    bool version_block_line(const log_view& l, std::string_view msg)
    {
        auto colon = msg.find(": ");
        if (l.has_prefix() || colon == std::string_view::npos || msg.find(' ') < colon)
        {
            in_version_block_ = msg.empty() && !l.has_prefix();
            return in_version_block_;
        }
        auto key = msg.substr(0, colon);
        auto val = trim_view(msg.substr(colon + 2));
        auto& c = *report_.client;
        if (key == "build-repository")
            c.build = std::string(val);
        else if (key == "platform")
            c.platform = std::string(val);
        else if (key == "server-version" && c.version.empty())
            c.version = std::string(val);
        else if (key == "full-version-string")
        {
            if (auto b = parse_client_banner(val))
            {
                if (c.build.empty())
                    c.build = b->build;
                if (c.platform.empty())
                    c.platform = b->platform;
            }
        }
        return true;
    }

    bool common_message(const log_view& l, std::string_view msg)
    {
        std::string_view t = trim_view(msg);
        if (t.empty())
            return false;
        const bool quote = contains(t, '\'');
        // `unknown option '--x'` (3.x, indented), `<path>: unrecognized option '--x'` and `unrecognized
        // option 'server.x'` (no dashes).
        if (auto p = quote ? t.find(" option '") : std::string_view::npos; p != std::string_view::npos)
        {
            std::string_view before = t.substr(0, p);
            if (before.ends_with("unknown") || before.ends_with("unrecognized"))
            {
                std::string name;
                if (dg_quoted_after(t.substr(p), " option '", name))
                {
                    std::size_t i = 0;
                    while (i < name.size() && name[i] == '-')
                        ++i;
                    keep_item(report_.unknown_options, name.substr(i));
                }
                in_suggestions_ = false;
                bool header = open_ != npos && open_ < report_.diags.size() &&
                              detail::sw(report_.diags[open_].message, "Error while");
                if (current_ == npos && !(header && join(t)))
                    note_error(l, t);
                return true;
            }
        }
        if (in_suggestions_)
        {
            if (!l.has_prefix() && detail::sw(msg, " ") && t.find(' ') == std::string_view::npos)
            {
                std::size_t i = 0;
                while (i < t.size() && t[i] == '-')
                    ++i;
                keep_item(report_.suggestions, std::string(t.substr(i)));
                return true;
            }
            in_suggestions_ = false;
        }
        if (detail::sw(t, "Did you mean"))
        {
            in_suggestions_ = true;
            return true;
        }
        if (detail::sw(t, "Use --help") || detail::sw(t, "(tried locations"))
            return true;
        if (current_ != npos)
        {
            // An indented line after `Error while processing …:` (`  error setting value for option …`).
            return false;
        }
        if (t.size() > 15 && t[0] == 'S' && detail::sw(t, "Server version: "))
        {
            report_.server_version = std::string(trim_view(t.substr(16)));
            return true;
        }
        if (t.size() > 19 && t[0] == 'C' && detail::sw(t, "Creating database '"))
        {
            std::string db;
            if (dg_quoted_after(t, "Creating database '", db))
                report_.created_database = std::move(db);
            return true;
        }
        if (t.size() > 18 && t[0] == 'C' && detail::sw(t, "Creating database "))
        {
            auto db = t.substr(18);
            report_.created_database = std::string(db.substr(0, db.find_first_of(" .")));
            return true;
        }
        if (report_.lines == 1 && !l.has_prefix() && is_bare_version(t))
        {
            client_version_info c;
            c.version = std::string(t);
            c.text = std::string(t);
            report_.client = std::move(c);
            in_version_block_ = true;
            return true;
        }
        if (detail::contains(t, "(ArangoDB ") || detail::sw(t, "Welcome to arangosh "))
        {
            if (auto b = parse_client_banner(t))
            {
                report_.client = std::move(*b);
                return true;
            }
        }
        if (quote && detail::contains(t, " file '") && config_file_line(l, t))
            return true;
        if (l.has_prefix() && detail::sw(msg, "  "))
            return true;
        if (auto p = classify_progress(msg))
        {
            keep_item(report_.progress, std::move(*p));
            return true;
        }
        if (!l.has_prefix() && is_banner_art(msg))
            return true;
        return false;
    }

    bool config_file_line(const log_view& l, std::string_view t)
    {
        static constexpr std::string_view keys[] = {
            "using configuration file '", "using user configuration file '", "using config file '",
            "Using config file '", "Using configuration file '"};
        for (auto k : keys)
        {
            std::string f;
            if (dg_quoted_after(t, k, f))
            {
                report_.config_file = std::move(f);
                return true;
            }
        }
        (void)l;
        return false;
    }

    static bool is_bare_version(std::string_view t) noexcept
    {
        if (t.size() < 3 || t.size() > 40 || !pc_digit_c(t[0]))
            return false;
        std::size_t dots = 0;
        for (char c : t)
        {
            if (c == '.')
                ++dots;
            else if (c == ' ' || c == ':' || c == ',' || c == '%' || c == '(')
                return false;
        }
        // `3.12.4`, `2.8.9`: three parts, so that a script's `3.14` is not taken for a version.
        return dots >= 2 && t.find('.') < 3;
    }
    static bool pc_digit_c(char c) noexcept { return c >= '0' && c <= '9'; }
};

} // namespace detail

} // namespace arangokit

#include <arangokit/arango/detail/tools_parse_common.hpp>

#endif
