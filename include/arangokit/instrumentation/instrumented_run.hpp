// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_INSTRUMENTATION_INSTRUMENTED_RUN_HPP
#define ARANGOKIT_INSTRUMENTATION_INSTRUMENTED_RUN_HPP

#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/instrumentation/core_files.hpp>
#include <arangokit/instrumentation/launch_prefix.hpp>
#include <arangokit/instrumentation/resource_limits.hpp>
#include <arangokit/instrumentation/sanitizer_reports.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/tool_error.hpp>
#include <arangokit/tool_result.hpp>

#include <arangokit/detail/async_from_coro.hpp>
#include <arangokit/detail/named_options.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace arangokit {

/// \brief How one tool run is instrumented: sanitizer/coverage environment, rlimits, launch prefix, crash
/// analysis.
struct instrumentation_options
{
    sanitizer_setup sanitizers{}; ///< `log_dir` must be set when a sanitizer is enabled
    resource_limits limits{};
    launch_prefix prefix{};
    bool analyze_crashes = true; ///< look for a core file and run gdb after a crash signal
    crash_options crash{};

    /// \brief Applies environment, limits and prefix (with its timeout scaling) to a command.
    /// \param unique a per-process name for coverage output (defaults to the command's label).
    void prepare(command& cmd, std::string unique = {}) const
    {
        if (unique.empty())
            unique = cmd.label.empty() ? std::filesystem::path(cmd.program).filename().string() : cmd.label;
        sanitizers.apply(cmd, unique);
        limits.apply(cmd);
        prefix.apply(cmd);
    }
};

/// \brief A tool run plus what instrumentation found: sanitizer reports, crash and core, backtrace.
struct instrumented_result
{
    tool_result result{};
    std::vector<sanitizer_report> sanitizer_reports{};
    crash_report crash{};

    /// Exit 0, no sanitizer report, no crash.
    bool ok() const noexcept { return result.ok() && sanitizer_reports.empty() && !crash.crashed; }

    /// The run's error: the tool's own, or `tool_reported_failure` when only a sanitizer report failed it.
    error_code classify() const noexcept
    {
        error_code ec = result.classify();
        if (!ec && !sanitizer_reports.empty())
            ec = errc::tool_reported_failure;
        return ec;
    }

    /// Outcome, sanitizer report files (with their first lines) and the crash analysis.
    std::string describe() const
    {
        std::string s = result.describe();
        for (const auto& r : sanitizer_reports)
        {
            s += "\n" + std::string(to_string(r.kind)) + " report " + r.file.string() + ":";
            std::size_t pos = 0;
            for (int i = 0; i < 5 && pos < r.text.size(); ++i)
            {
                auto nl = r.text.find('\n', pos);
                s += "\n  " + r.text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
                pos = nl == std::string::npos ? r.text.size() : nl + 1;
            }
        }
        if (crash.crashed)
            s += "\n" + crash.describe();
        return s;
    }
};

/// \brief The exception the default token throws for an instrumented run: a `tool_error` whose `what()`
/// adds the sanitizer reports and the crash analysis (`instrumented_result::describe()`).
class instrumented_tool_error : public tool_error
{
  public:
    instrumented_tool_error(error_code ec, const instrumented_result& r)
        : tool_error(ec, r.result), what_(std::string(tool_error::what()) + "\n" + r.describe())
    {
    }
    const char* what() const noexcept override { return what_.c_str(); }

  private:
    std::string what_;
};

inline std::exception_ptr make_diagnostic_exception(const error_code& ec, const instrumented_result& r)
{
    return std::make_exception_ptr(instrumented_tool_error(ec, r));
}

/// \brief After a run: collects the sanitizer reports of its pid and analyses a crash.
/// \par Handler signature
/// `void(error_code, instrumented_result)`; `ec` as `instrumented_result::classify()`.
/// \par Cancellation
/// terminal: stops a running gdb and completes with operation_aborted.
template <
    boost::asio::completion_token_for<void(error_code, instrumented_result)> CompletionToken = default_token>
auto async_collect_instrumentation(
    tool_runner& runner, tool_result r, const instrumentation_options& o, CompletionToken&& token = {}
)
{
    tool_runner* rn = &runner;
    return detail::async_from_coro<instrumented_result>(
        runner.get_executor(),
        [rn, r = std::move(r),
         o = std::move(o)]() mutable -> boost::asio::awaitable<std::pair<error_code, instrumented_result>> {
            instrumented_result ir;
            ir.result = std::move(r);
            ir.sanitizer_reports = o.sanitizers.collect(ir.result.pid);
            if (o.analyze_crashes)
            {
                auto [cec, cr] = co_await async_analyze_crash(
                    *rn, ir.result, o.crash, boost::asio::as_tuple(boost::asio::use_awaitable)
                );
                ir.crash = std::move(cr);
                if (cec)
                    co_return std::pair{cec, std::move(ir)};
            }
            error_code ec = ir.classify();
            co_return std::pair{ec, std::move(ir)};
        },
        token
    );
}

/// \brief Runs a command instrumented: prepare (environment, limits, prefix), run, collect.
/// \details The working directory given to crash analysis is the command's (for a relative core_pattern).
/// \par Handler signature
/// `void(error_code, instrumented_result)`: success only for exit 0 with no sanitizer report.
/// \par Cancellation
/// As `tool_runner::async_run` (terminal: graded stop; partial: SIGTERM; total: SIGINT).
/// \par Deadline
/// The command's timeout, scaled by the prefix's factor, clamped to the runner's global deadline.
template <
    boost::asio::completion_token_for<void(error_code, instrumented_result)> CompletionToken = default_token>
auto async_run_instrumented(
    tool_runner& runner, command cmd, const instrumentation_options& opts, CompletionToken&& token = {}
)
{
    tool_runner* rn = &runner;
    instrumentation_options o = opts;
    o.prepare(cmd);
    if (o.crash.working_directory.empty())
        o.crash.working_directory = cmd.working_directory;
    return detail::async_from_coro<instrumented_result>(
        runner.get_executor(),
        [rn, cmd = std::move(cmd),
         o = std::move(o)]() mutable -> boost::asio::awaitable<std::pair<error_code, instrumented_result>> {
            co_await boost::asio::this_coro::reset_cancellation_state(boost::asio::enable_total_cancellation()
            );
            auto [ec, r] =
                co_await rn->async_run(std::move(cmd), boost::asio::as_tuple(boost::asio::use_awaitable));
            if (ec == boost::asio::error::operation_aborted)
            {
                instrumented_result ir;
                ir.result = std::move(r);
                co_return std::pair{ec, std::move(ir)};
            }
            auto [iec, ir] = co_await async_collect_instrumentation(
                *rn, std::move(r), o, boost::asio::as_tuple(boost::asio::use_awaitable)
            );
            co_return std::pair{iec, std::move(ir)};
        },
        token
    );
}

/// \cond internal
// Options temporaries are refused (detail/named_options.hpp says why).
template <
    boost::asio::completion_token_for<void(error_code, instrumented_result)> CompletionToken = default_token>
auto async_collect_instrumentation(
    tool_runner& runner, tool_result r, instrumentation_options&& o, CompletionToken&& token = {}
)
{
    static_assert(detail::options_temporary_refused<CompletionToken>, ARANGOKIT_NAMED_OPTIONS_MESSAGE);
}
template <
    boost::asio::completion_token_for<void(error_code, instrumented_result)> CompletionToken = default_token>
auto async_run_instrumented(
    tool_runner& runner, command cmd, instrumentation_options&& opts, CompletionToken&& token = {}
)
{
    static_assert(detail::options_temporary_refused<CompletionToken>, ARANGOKIT_NAMED_OPTIONS_MESSAGE);
}
/// \endcond

} // namespace arangokit

#endif
