// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_COMMON_HPP
#define ARANGOKIT_ARANGO_PARSERS_COMMON_HPP

#include <arangokit/output_line.hpp>

#include <cstdint>
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

/// \brief What every tool's parser reports besides the tool-specific values.
struct report_base
{
    std::optional<connection_info> connected{};
    std::vector<std::string> errors{};          ///< ERROR/FATAL messages and error texts of unprefixed forms
    std::vector<std::string> warnings{};        ///< WARNING messages
    std::vector<std::string> unknown_options{}; ///< from `unknown option '--x'` / `unrecognized option '--x'`
    std::vector<progress_event> progress{};
    std::vector<std::string> unparsed{}; ///< lines the parser did not understand (kept verbatim)
    std::size_t lines = 0;               ///< lines fed
    /// `errors`, `warnings` and `unparsed` keep at most this many lines each, so that a tool printing
    /// millions of lines (a chatty script, a retry loop) cannot grow the report without bound. Set before
    /// feeding.
    std::size_t keep_limit = 1000;
    std::size_t dropped = 0; ///< lines counted in `lines` but not kept because of `keep_limit`
    bool fatal = false;      ///< a FATAL line was seen

    /// Something in the output says the run failed (independent of the exit code).
    bool reported_errors() const noexcept { return fatal || !errors.empty() || !unknown_options.empty(); }
};

namespace detail {

/// A pattern with a literal that every match contains. Lines without the literal never reach the regex
/// engine: std::regex costs microseconds per line, and almost every line of a tool's output matches none of a
/// parser's patterns (a chatty arangosh script prints millions). `key` must be a substring of every possible
/// match.
class keyed_regex
{
  public:
    keyed_regex(std::string_view key, const char* pattern) : key_(key), re_(pattern) {}

    bool search(const char* b, const char* e, std::cmatch& m) const
    {
        if (!key_.empty() &&
            std::string_view(b, static_cast<std::size_t>(e - b)).find(key_) == std::string_view::npos)
            return false;
        return std::regex_search(b, e, m, re_);
    }
    bool search(const char* s, std::cmatch& m) const
    {
        return search(s, s + std::char_traits<char>::length(s), m);
    }

  private:
    std::string key_;
    std::regex re_;
};

// Shared feed logic: prefix, connection line, errors, progress; the tool's on_message() gets the rest.
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

  private:
    void feed_impl(std::string_view raw)
    {
        if (!raw.empty() && raw.back() == '\r')
            raw.remove_suffix(1);
        ++report_.lines;
        if (raw.size() > (1u << 20))
        {
            keep(report_.unparsed, raw.substr(0, 200));
            return;
        }
        log_line l = parse_log_line(raw);
        if (l.level == "FATAL")
            report_.fatal = true;
        std::string_view msg = l.message;
        if (!l.has_prefix() && msg.starts_with("FATAL "))
            report_.fatal = true;
        if (auto c = parse_connected_line(msg))
        {
            report_.connected = std::move(*c);
            return;
        }
        if (static_cast<Derived*>(this)->on_message(l, msg))
            return;
        if (common_message(l, msg))
            return;
        if (l.is_error())
        {
            keep(report_.errors, msg);
            return;
        }
        if (l.level == "WARNING")
        {
            keep(report_.warnings, msg);
            return;
        }
        if (msg.empty() && !l.has_prefix())
            return;
        keep(report_.unparsed, raw);
    }

    bool common_message(const log_line& l, std::string_view msg)
    {
        static const detail::keyed_regex unknown_opt(
            " option '", R"((?:unknown|unrecognized) option '(-[^']*)')"
        );
        std::cmatch m;
        if (unknown_opt.search(msg.data(), msg.data() + msg.size(), m))
        {
            std::string name = m[1].str();
            while (!name.empty() && name.front() == '-')
                name.erase(0, 1);
            report_.unknown_options.push_back(name);
            keep(report_.errors, msg);
            return true;
        }
        if (msg.starts_with("Error while processing command-line options") || msg.starts_with("Error: ") ||
            msg.starts_with("got error from server") || msg.starts_with("got invalid response from server") ||
            msg.starts_with("Could not connect to endpoint") || msg.starts_with("Error message") ||
            msg.starts_with("FATAL ") || msg.starts_with("error: ") ||
            msg.find("cannot find configuration file") != std::string_view::npos ||
            msg.starts_with("cannot read config file") ||
            msg.find("terminated because of an unhandled exception") != std::string_view::npos)
        {
            keep(report_.errors, msg);
            return true;
        }
        if (msg.starts_with("Did you mean") || msg.starts_with("Use --help") ||
            msg.starts_with("(tried locations") || (l.has_prefix() && msg.starts_with("  ")))
            return true;
        if (auto p = classify_progress(msg))
        {
            report_.progress.push_back(std::move(*p));
            return true;
        }
        return false;
    }
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
    if (u.starts_with("KB") || u.starts_with("KIB"))
        mult = 1024.0;
    else if (u.starts_with("MB") || u.starts_with("MIB"))
        mult = 1024.0 * 1024;
    else if (u.starts_with("GB") || u.starts_with("GIB"))
        mult = 1024.0 * 1024 * 1024;
    else if (u.starts_with("TB") || u.starts_with("TIB"))
        mult = 1024.0 * 1024 * 1024 * 1024;
    else if (!(u.empty() || u.starts_with("B")))
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

} // namespace detail

} // namespace arangokit

#include <arangokit/arango/detail/tools_parse_common.hpp>

#endif
