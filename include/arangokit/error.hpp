// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ERROR_HPP
#define ARANGOKIT_ERROR_HPP

#include <arangokit/detail/config.hpp>

#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <ostream>
#include <string>
#include <type_traits>

namespace arangokit {

using error_code = boost::system::error_code;

/// \brief Error conditions reported by arangokit.
/// \details A tool's own failure (non-zero exit, signal, deadline) is reported with one of the first values
/// *and* a fully filled result. User cancellation is reported as `boost::asio::error::operation_aborted`,
/// never as `deadline_exceeded`, so the two stay distinguishable.
enum class errc
{
    // process core
    tool_not_found = 1,    ///< the executable was not found in any bin dir nor on PATH (before spawning)
    not_executable,        ///< the file exists but cannot be executed (before spawning)
    spawn_failed,          ///< fork/exec failed; the child, if any, was reaped
    nonzero_exit,          ///< the tool exited with a non-zero code
    killed_by_signal,      ///< the tool was terminated by a signal it was not sent by us
    deadline_exceeded,     ///< the effective deadline expired; the graded stop ended the tool
    stopped,               ///< the tool was ended by an explicit stop request (request_stop / group stop)
    invalid_options,       ///< options rejected before spawning (the message says which and why)
    tool_reported_failure, ///< exit code 0, but the tool's output says it failed (arangoimport, arangobackup)
    output_not_consumed,   ///< async_read_line called after async_wait took over the output

    // ArangoDB layer
    invalid_endpoint,      ///< an endpoint string could not be parsed
    authentication_failed, ///< 401 from the server, or a tool's authentication error
    http_error,            ///< an HTTP status >= 400 (with an ArangoDB error body when there is one)
    server_not_ready,      ///< the server did not become ready before the deadline
    protocol_error,        ///< a response that is not what ArangoDB sends
    tls_error,             ///< TLS handshake or certificate verification failed

    // artifacts
    archive_error,        ///< libarchive reported an error
    unsafe_archive_entry, ///< an archive entry would escape the target directory (zip-slip, links)
    checksum_mismatch,    ///< a file does not match its manifest entry
    damaged_dump,         ///< a dump directory is incomplete or malformed
    parse_error,          ///< input text could not be parsed

    // concurrency
    member_failed, ///< a client-group member failed (the group result says which and why)

    // process core (added later; kept at the end so that the values above stay stable)
    invalid_command,     ///< a command rejected before spawning (NUL byte in an argument, bad variable name)
    exit_status_unknown, ///< the tool ran but its exit status cannot be known (the host ignores SIGCHLD)
};

/// The enumerator's name (`"tool_not_found"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(errc v) noexcept
{
    switch (v)
    {
    case errc::tool_not_found:
        return "tool_not_found";
    case errc::not_executable:
        return "not_executable";
    case errc::spawn_failed:
        return "spawn_failed";
    case errc::nonzero_exit:
        return "nonzero_exit";
    case errc::killed_by_signal:
        return "killed_by_signal";
    case errc::deadline_exceeded:
        return "deadline_exceeded";
    case errc::stopped:
        return "stopped";
    case errc::invalid_options:
        return "invalid_options";
    case errc::tool_reported_failure:
        return "tool_reported_failure";
    case errc::output_not_consumed:
        return "output_not_consumed";
    case errc::invalid_endpoint:
        return "invalid_endpoint";
    case errc::authentication_failed:
        return "authentication_failed";
    case errc::http_error:
        return "http_error";
    case errc::server_not_ready:
        return "server_not_ready";
    case errc::protocol_error:
        return "protocol_error";
    case errc::tls_error:
        return "tls_error";
    case errc::archive_error:
        return "archive_error";
    case errc::unsafe_archive_entry:
        return "unsafe_archive_entry";
    case errc::checksum_mismatch:
        return "checksum_mismatch";
    case errc::damaged_dump:
        return "damaged_dump";
    case errc::parse_error:
        return "parse_error";
    case errc::member_failed:
        return "member_failed";
    case errc::invalid_command:
        return "invalid_command";
    case errc::exit_status_unknown:
        return "exit_status_unknown";
    }
    return "?";
}

namespace detail {
class error_category_impl final : public boost::system::error_category
{
  public:
    const char* name() const noexcept override { return "arangokit"; }
    std::string message(int ev) const override
    {
        switch (static_cast<errc>(ev))
        {
        case errc::tool_not_found:
            return "tool not found";
        case errc::not_executable:
            return "tool is not executable";
        case errc::spawn_failed:
            return "failed to spawn the tool";
        case errc::nonzero_exit:
            return "tool exited with a non-zero code";
        case errc::killed_by_signal:
            return "tool was killed by a signal";
        case errc::deadline_exceeded:
            return "deadline exceeded";
        case errc::stopped:
            return "tool was stopped on request";
        case errc::invalid_options:
            return "invalid tool options";
        case errc::tool_reported_failure:
            return "tool reported a failure in its output";
        case errc::output_not_consumed:
            return "output is no longer available for reading";
        case errc::invalid_endpoint:
            return "invalid endpoint";
        case errc::authentication_failed:
            return "authentication failed";
        case errc::http_error:
            return "HTTP error";
        case errc::server_not_ready:
            return "server not ready";
        case errc::protocol_error:
            return "protocol error";
        case errc::tls_error:
            return "TLS error";
        case errc::archive_error:
            return "archive error";
        case errc::unsafe_archive_entry:
            return "unsafe archive entry";
        case errc::checksum_mismatch:
            return "checksum mismatch";
        case errc::damaged_dump:
            return "damaged dump directory";
        case errc::parse_error:
            return "parse error";
        case errc::member_failed:
            return "client group member failed";
        case errc::invalid_command:
            return "invalid command";
        case errc::exit_status_unknown:
            return "the tool's exit status cannot be known";
        }
        return "unknown arangokit error";
    }
};
} // namespace detail

/// \brief The category of `errc` values.
inline const boost::system::error_category& arangokit_category() noexcept
{
    static const detail::error_category_impl cat;
    return cat;
}

inline error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), arangokit_category()};
}

inline std::ostream& operator<<(std::ostream& os, errc e)
{
    return os << make_error_code(e).message();
}

} // namespace arangokit

template <> struct boost::system::is_error_code_enum<arangokit::errc> : std::true_type
{
};

#endif
