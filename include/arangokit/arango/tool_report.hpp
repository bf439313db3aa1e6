// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOL_REPORT_HPP
#define ARANGOKIT_ARANGO_TOOL_REPORT_HPP

#include <arangokit/arango/exit_codes.hpp>
#include <arangokit/arango/tool_invocation.hpp>
#include <arangokit/error.hpp>
#include <arangokit/tool_error.hpp>
#include <arangokit/tool_result.hpp>

#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief What one run of an ArangoDB tool produced: the process result, the report parsed from its output,
/// and the verdict combining both (exit status and what the output says).
template <class Options> struct tool_report
{
    using report_type = typename tool_traits<Options>::report_type;

    tool_result result{};   ///< exit status, timing, tails, the tool's log file (result.tool_log_file)
    report_type report{};   ///< e.g. arangodump_report: collections, bytes, batches, errors...
    tool_outcome outcome{}; ///< ok / ec / reason: what ok() is based on
    std::vector<std::string> notes{}; ///< renderer notes (obsolete or renamed options) and problems

    /// True only if the tool exited 0 *and* its output does not report a failure (arangoimport with rejected
    /// documents and arangobackup with a failed operation exit 0 but are not ok).
    bool ok() const noexcept { return outcome.ok; }
};

/// The exception the default token throws for a failed tool run: a tool_error whose result carries the
/// verdict, and whose `what()` starts with it (`arangorestore failed on collection 'x': HTTP 409, …`).
template <class Options>
std::exception_ptr make_diagnostic_exception(const error_code& ec, const tool_report<Options>& r)
{
    tool_result res = r.result;
    if (!r.outcome.reason.empty())
        res.notes.push_back(r.outcome.reason);
    std::string verdict = r.outcome.reason;
    return std::make_exception_ptr(tool_error(ec, std::move(res), verdict));
}

} // namespace arangokit

#endif
