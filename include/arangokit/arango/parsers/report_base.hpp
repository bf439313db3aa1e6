// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_REPORT_BASE_HPP
#define ARANGOKIT_ARANGO_PARSERS_REPORT_BASE_HPP

// What every tool's output parser reports besides the tool-specific values (report_base) and the pieces it
// is made of: log lines, progress events, connection lines and failures, the client's version.

#include <arangokit/arango/parsers/diagnostic.hpp>
#include <arangokit/output_line.hpp>

#include <cstdint>
#include <optional>
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

} // namespace arangokit

#endif
