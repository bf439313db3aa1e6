// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_EXIT_CODES_HPP
#define ARANGOKIT_ARANGO_EXIT_CODES_HPP

#include <arangokit/arango/parsers/arangobackup.hpp>
#include <arangokit/arango/parsers/arangoimport.hpp>
#include <arangokit/arango/tool_invocation.hpp>
#include <arangokit/error.hpp>
#include <arangokit/tool_result.hpp>

#include <string>

namespace arangokit {

/// \brief ArangoDB's exit codes (`lib/Basics/exitcodes.dat`, `TRI_EXIT_*`). Codes 10-30 are server codes.
enum class arango_exit
{
    success = 0,
    failed = 1, ///< every FATAL, connection failures, tool-level failures
    code_resolving_failed = 2,
    invalid_option_name = 3,  ///< unknown option (command line or config file)
    invalid_option_value = 4, ///< bad value, or a value missing at the end of argv
    binary_not_found = 5,
    config_not_found = 6, ///< explicit --configuration file missing (devel: also none found)
    upgrade_failed = 10,
    upgrade_required = 11,
    downgrade_required = 12,
    version_check_failed = 13,
    already_running = 20,
    could_not_bind_port = 21,
    could_not_lock = 22,
    recovery = 23,
    db_not_empty = 24,
    unsupported_storage_engine = 25,
    icu_initialization_failed = 26,
    tzdata_initialization_failed = 27,
    resources_too_low = 28,
    sst_file_check = 29,
    full_compaction_failed = 30,
};

/// The enumerator's name (`"success"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(arango_exit v) noexcept
{
    switch (v)
    {
    case arango_exit::success:
        return "success";
    case arango_exit::failed:
        return "failed";
    case arango_exit::code_resolving_failed:
        return "code_resolving_failed";
    case arango_exit::invalid_option_name:
        return "invalid_option_name";
    case arango_exit::invalid_option_value:
        return "invalid_option_value";
    case arango_exit::binary_not_found:
        return "binary_not_found";
    case arango_exit::config_not_found:
        return "config_not_found";
    case arango_exit::upgrade_failed:
        return "upgrade_failed";
    case arango_exit::upgrade_required:
        return "upgrade_required";
    case arango_exit::downgrade_required:
        return "downgrade_required";
    case arango_exit::version_check_failed:
        return "version_check_failed";
    case arango_exit::already_running:
        return "already_running";
    case arango_exit::could_not_bind_port:
        return "could_not_bind_port";
    case arango_exit::could_not_lock:
        return "could_not_lock";
    case arango_exit::recovery:
        return "recovery";
    case arango_exit::db_not_empty:
        return "db_not_empty";
    case arango_exit::unsupported_storage_engine:
        return "unsupported_storage_engine";
    case arango_exit::icu_initialization_failed:
        return "icu_initialization_failed";
    case arango_exit::tzdata_initialization_failed:
        return "tzdata_initialization_failed";
    case arango_exit::resources_too_low:
        return "resources_too_low";
    case arango_exit::sst_file_check:
        return "sst_file_check";
    case arango_exit::full_compaction_failed:
        return "full_compaction_failed";
    }
    return "?";
}

/// Name and meaning of an exit code.
struct exit_code_info
{
    int code = 0;
    const char* name = "";    ///< `EXIT_INVALID_OPTION_NAME`; "" for codes ArangoDB does not define
    const char* meaning = ""; ///< for a client tool run
    bool known = false;
};

/// Describes an exit code (unknown codes get `known == false`).
inline exit_code_info describe_exit_code(int code) noexcept
{
    switch (code)
    {
    case 0:
        return {0, "EXIT_SUCCESS", "success", true};
    case 1:
        return {1, "EXIT_FAILED", "general error (FATAL message, connection failure or tool failure)", true};
    case 2:
        return {2, "EXIT_CODE_RESOLVING_FAILED", "unspecified exit code", true};
    case 3:
        return {3, "EXIT_INVALID_OPTION_NAME", "unknown startup option", true};
    case 4:
        return {4, "EXIT_INVALID_OPTION_VALUE", "invalid startup option value", true};
    case 5:
        return {5, "EXIT_BINARY_NOT_FOUND", "referenced binary not found", true};
    case 6:
        return {6, "EXIT_CONFIG_NOT_FOUND", "config file not found or structurally invalid", true};
    case 10:
        return {10, "EXIT_UPGRADE_FAILED", "database upgrade failed (server)", true};
    case 11:
        return {11, "EXIT_UPGRADE_REQUIRED", "database upgrade required (server)", true};
    case 12:
        return {12, "EXIT_DOWNGRADE_REQUIRED", "database downgrade required (server)", true};
    case 13:
        return {13, "EXIT_VERSION_CHECK_FAILED", "version check failed (server)", true};
    case 20:
        return {20, "EXIT_ALREADY_RUNNING", "already running (server)", true};
    case 21:
        return {21, "EXIT_COULD_NOT_BIND_PORT", "port in use (server)", true};
    case 22:
        return {22, "EXIT_COULD_NOT_LOCK", "could not lock (server)", true};
    case 23:
        return {23, "EXIT_RECOVERY", "startup recovery failed (server)", true};
    case 24:
        return {24, "EXIT_DB_NOT_EMPTY", "database directory not empty (server)", true};
    case 25:
        return {25, "EXIT_UNSUPPORTED_STORAGE_ENGINE", "unsupported storage engine (server)", true};
    case 26:
        return {26, "EXIT_ICU_INITIALIZATION_FAILED", "ICU data problem", true};
    case 27:
        return {27, "EXIT_TZDATA_INITIALIZATION_FAILED", "tzdata not found", true};
    case 28:
        return {28, "EXIT_RESOURCES_TOO_LOW", "resource limits too low", true};
    case 29:
        return {29, "EXIT_SST_FILE_CHECK", "SST file check failed (server)", true};
    case 30:
        return {30, "EXIT_FULL_COMPACTION_FAILED", "full compaction after upgrade failed (server)", true};
    }
    return {
        code, "",
        code > 128 && code < 160 ? "terminated by a signal (shell convention 128 + N)" : "unknown exit code",
        false};
}

/// \brief The verdict on one run: the exit status combined with what the output says.
struct tool_outcome
{
    bool ok = false;
    error_code ec{};      ///< empty, the run's classification, or errc::tool_reported_failure
    std::string reason{}; ///< why, for reports
};

/// \brief Judges a run by its exit status only (`tool_result::classify`), with the exit code's meaning.
inline tool_outcome assess_exit(const tool_result& r)
{
    tool_outcome o;
    o.ec = r.classify();
    o.ok = !o.ec;
    if (r.reason == end_reason::exited && r.exit_code)
    {
        auto info = describe_exit_code(*r.exit_code);
        o.reason = "exit " + std::to_string(*r.exit_code) +
                   (info.known ? std::string(" (") + info.name + "): " : ": ") + info.meaning;
    }
    else
        o.reason = r.describe();
    return o;
}

/// \brief What a failed run's output says went wrong, in one line; empty when the output names nothing.
/// \details Built from the diagnostics: a failed connection (`arangodump failed: could not connect to
/// endpoint 'tcp://127.0.0.1:8529' (database '_system', username 'root'): connect() failed with #111 -
/// Connection refused`), else the collection, the server's answer and the first FATAL/ERROR message
/// (`arangorestore failed on collection 'x': HTTP 409, ArangoError 1210 (unique constraint violated);
/// first error: cannot restore data into collection 'x': …`). `tool` is the program name.
inline std::string describe_failure(std::string_view tool, const report_base& report)
{
    std::string s(tool.empty() ? std::string_view("tool") : tool);
    if (const auto& f = report.connection_error)
    {
        s += " failed: could not connect to endpoint '" + f->endpoint + "'";
        if (!f->database.empty() || !f->username.empty())
        {
            s += " (";
            if (!f->database.empty())
                s += "database '" + f->database + "'";
            if (!f->username.empty())
                s += std::string(f->database.empty() ? "" : ", ") + "username '" + f->username + "'";
            s += ")";
        }
        if (!f->error.empty())
            s += ": " + f->error;
        return s;
    }
    const diagnostic* first = report.first_error();
    if (!first)
        return {};
    // The server's answer: from the first error that carries one (the first error may be a later summary).
    const diagnostic* server = nullptr;
    for (const auto& d : report.diagnostics())
        if (d.is_error() && (d.http_status || d.error_num))
        {
            server = &d;
            break;
        }
    s += " failed";
    if (report.failed_collection)
        s += " on collection '" + *report.failed_collection + "'";
    if (server)
        s += ": " + server->server_summary();
    constexpr std::size_t max_message = 300;
    std::string msg =
        first->message.size() > max_message ? first->message.substr(0, max_message) + "..." : first->message;
    s += std::string(server ? "; first error: " : ": ") + msg;
    return s;
}

/// \brief Judges a run of any tool whose output report derives from `report_base`: a run that exited 0 but
/// whose output contains FATAL lines is not trusted either. When the run failed and the output says why,
/// the reason starts with describe_failure() (the exit status follows it).
template <class Report> tool_outcome assess(const tool_result& r, const Report& report)
{
    tool_outcome o = assess_exit(r);
    if (o.ok && report.fatal)
    {
        o.ok = false;
        o.ec = errc::tool_reported_failure;
        o.reason = "exit 0, but the output has a FATAL line";
    }
    if (!o.ok && r.reason != end_reason::not_started)
    {
        auto what = describe_failure(r.label, report);
        if (!what.empty())
            o.reason = what + "; " + o.reason;
    }
    return o;
}

/// arangoimport exits 0 even when the server rejected documents: `warnings/errors: N > 0` or error lines
/// fail.
inline tool_outcome assess(const tool_result& r, const arangoimport_report& report)
{
    tool_outcome o = assess<report_base>(r, report);
    if (!o.ok)
        return o;
    if (report.rejected_documents() || !report.error_messages.empty() || !report.errors.empty())
    {
        o.ok = false;
        o.ec = errc::tool_reported_failure;
        o.reason = "exit 0, but arangoimport reported " +
                   std::to_string(report.counters ? report.counters->errors.value_or(0) : 0) +
                   " warning(s)/error(s)";
        auto what = describe_failure(r.label, report);
        if (!what.empty())
            o.reason = what + "; " + o.reason;
    }
    return o;
}

/// arangobackup exits 0 even when the operation failed: `Error during backup operation` fails the run.
inline tool_outcome assess(const tool_result& r, const arangobackup_report& report)
{
    tool_outcome o = assess<report_base>(r, report);
    if (!o.ok)
        return o;
    if (report.operation_failed() || !report.errors.empty())
    {
        o.ok = false;
        o.ec = errc::tool_reported_failure;
        o.reason = report.operation_failed() ? "exit 0, but backup operation '" + *report.failed_operation +
                                                   "' failed: " + report.failure_message.value_or("")
                                             : "exit 0, but arangobackup logged errors";
        auto what = describe_failure(r.label, report);
        if (!what.empty())
            o.reason = what + "; " + o.reason;
    }
    return o;
}

} // namespace arangokit

#endif
