// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_SCENARIOS_INTERACTIVE_SHELL_HPP
#define ARANGOKIT_SCENARIOS_INTERACTIVE_SHELL_HPP

#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/tools/arangosh.hpp>
#include <arangokit/deadline.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <arangokit/detail/async_from_coro.hpp>
#include <arangokit/detail/random.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arangokit {

/// \brief How to start an interactive arangosh session.
struct interactive_shell_options
{
    /// Base options; no run mode may be set (the session is console mode). `quiet = true` and
    /// `console_colors = false` are defaulted.
    arangosh_options shell{};
    /// The `INSTANCEINFO` environment variable; empty: not set.
    std::string instance_info{};
    /// Each statement's default deadline (`async_execute` can override it).
    std::chrono::milliseconds statement_timeout{std::chrono::seconds(60)};
    /// How long the shell may take to start and answer the first (empty) statement.
    std::chrono::milliseconds startup_timeout{std::chrono::seconds(60)};
};

/// \brief What one statement printed.
struct statement_result
{
    std::string statement;
    std::vector<std::string> out; ///< stdout lines, without the markers
    std::vector<std::string> err; ///< stderr lines (exception reports, console.warn/error)
    std::chrono::steady_clock::duration elapsed{};

    /// The statement threw (something was written to stderr).
    bool threw() const noexcept { return !err.empty(); }
    /// stdout lines joined with `\n`.
    std::string output() const
    {
        std::string s;
        for (const auto& l : out)
        {
            if (!s.empty())
                s += '\n';
            s += l;
        }
        return s;
    }
};

/// A system_error carrying the statement and its output.
inline std::exception_ptr make_diagnostic_exception(const error_code& ec, const statement_result& r)
{
    std::string what = "statement `" + r.statement + "` failed";
    for (const auto& l : r.err)
        what += "\n  " + l;
    return std::make_exception_ptr(boost::system::system_error(ec, what));
}

/// \brief An arangosh console session driven through its stdin: the original's WRITEPIPE/READPIPE.
/// \details Each `async_execute` writes the statement, then a line `print("<m1>"); console.error("<m2>")`
/// with two markers unique to this session and statement, and collects output until it has seen both (from
/// either stream, so it also works when a shell logs console.error to stdout). The stderr marker makes sure
/// an exception report (written to stderr before it) is not mistaken for the next statement's. A statement
/// whose deadline passes completes with `errc::deadline_exceeded` and the output so far; the next statement
/// first skips the late output of the timed-out one (under its own deadline).
///
/// Several sessions can be driven from one coroutine (script injection orchestration): start them, then
/// interleave `co_await a.async_execute(...)` and `co_await b.async_execute(...)`, or run statements of
/// different sessions concurrently with `asio::experimental::make_parallel_group`.
///
/// \par Object lifetimes
/// Move-only; destroying a session stops the shell (graded) and removes its private files. One statement
/// at a time per session.
///
/// \par Thread safety
/// Use on the runner's executor only.
class interactive_shell
{
    struct state
    {
        tool_runner* runner = nullptr;
        running_tool tool;
        tool_invocation invocation;
        std::string marker_base;
        std::uint64_t seq = 0;
        std::vector<std::string> pending_markers; // markers of a timed-out statement still to come
        std::chrono::milliseconds default_timeout{};
        ~state() { remove_private_files(invocation); }
    };

  public:
    interactive_shell() = default;

    int pid() const noexcept { return s_ ? s_->tool.pid() : 0; }
    bool running() const noexcept { return s_ && s_->tool.running(); }
    /// The process handle (request_stop, kill).
    running_tool& process() noexcept { return s_->tool; }

    /// \brief Sends one statement (complete JavaScript; several lines are fine) and collects its output.
    /// \par Handler signature
    /// `void(error_code, statement_result)`: `errc::deadline_exceeded` when the deadline passed, the shell's
    /// outcome (e.g. `errc::nonzero_exit`) if it ended before answering. A statement that threw is *not* an
    /// error here (see `statement_result::threw`).
    /// \par Deadline
    /// `timeout`, or the session's `statement_timeout`.
    /// \par Cancellation
    /// terminal: stops waiting (the shell keeps running; the late output is skipped by the next statement).
    template <
        boost::asio::completion_token_for<void(error_code, statement_result)> CompletionToken = default_token>
    auto async_execute(
        std::string statement,
        std::optional<std::chrono::milliseconds> timeout = {},
        CompletionToken&& token = {}
    )
    {
        auto s = s_;
        return detail::async_from_coro<statement_result>(
            s->runner->get_executor(),
            [s, statement = std::move(statement),
             timeout]() mutable -> boost::asio::awaitable<std::pair<error_code, statement_result>> {
                co_return co_await execute(
                    s, std::move(statement), deadline::after(timeout.value_or(s->default_timeout))
                );
            },
            token
        );
    }

    /// \brief Ends the session: `exit`, EOF on stdin, wait (graded stop after `grace`).
    /// \par Handler signature
    /// `void(error_code, tool_result)`
    template <
        boost::asio::completion_token_for<void(error_code, tool_result)> CompletionToken = default_token>
    auto async_close(std::chrono::milliseconds grace = std::chrono::seconds(10), CompletionToken&& token = {})
    {
        auto s = s_;
        return detail::async_from_coro<tool_result>(
            s->runner->get_executor(),
            [s, grace]() -> boost::asio::awaitable<std::pair<error_code, tool_result>> {
                co_await s->tool.async_write("exit\n", boost::asio::as_tuple(boost::asio::use_awaitable));
                s->tool.close_stdin();
                boost::asio::steady_timer t(s->runner->get_executor(), grace);
                std::weak_ptr<state> w = s;
                t.async_wait([w](error_code ec) {
                    if (auto st = w.lock(); st && !ec)
                        st->tool.request_stop();
                });
                auto [ec, r] = co_await s->tool.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
                t.cancel();
                remove_private_files(s->invocation);
                co_return std::pair{ec, std::move(r)};
            },
            token
        );
    }

    /// \cond internal
    explicit interactive_shell(std::shared_ptr<state> s) : s_(std::move(s)) {}

    static std::shared_ptr<state> make_state() { return std::make_shared<state>(); }

    static boost::asio::awaitable<std::pair<error_code, statement_result>>
    execute(std::shared_ptr<state> s, std::string statement, deadline dl)
    {
        namespace asio = boost::asio;
        statement_result res;
        res.statement = statement;
        auto t0 = std::chrono::steady_clock::now();
        asio::steady_timer timer(s->runner->get_executor());
        timer.expires_at(dl.time());
        // Reads one line or times out; nullopt + ec on timeout, nullopt + no ec at EOF.
        auto read = [&]() -> asio::awaitable<std::pair<error_code, std::optional<output_line>>> {
            auto [order, rec, line, tec] =
                co_await asio::experimental::make_parallel_group(
                    s->tool.async_read_line(asio::deferred), timer.async_wait(asio::deferred)
                )
                    .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
            if (order[0] == 1)
                co_return std::pair{error_code(errc::deadline_exceeded), std::optional<output_line>()};
            co_return std::pair{rec, std::move(line)};
        };
        // Late output of a statement that timed out earlier.
        while (!s->pending_markers.empty())
        {
            auto [ec, line] = co_await read();
            if (ec || !line)
            {
                res.elapsed = std::chrono::steady_clock::now() - t0;
                co_return std::pair{ec ? ec : eof_error(s), std::move(res)};
            }
            std::erase(s->pending_markers, line->text);
        }
        ++s->seq;
        std::string m1 = s->marker_base + "_o" + std::to_string(s->seq);
        std::string m2 = s->marker_base + "_e" + std::to_string(s->seq);
        std::string text = statement;
        if (!text.empty() && text.back() != '\n')
            text += '\n';
        text += "print(\"" + m1 + "\"); console.error(\"" + m2 + "\")\n";
        auto [wec, n] = co_await s->tool.async_write(std::move(text), asio::as_tuple(asio::use_awaitable));
        (void)n;
        if (wec)
        {
            res.elapsed = std::chrono::steady_clock::now() - t0;
            co_return std::pair{eof_error(s), std::move(res)};
        }
        std::vector<std::string> waiting{m1, m2};
        while (!waiting.empty())
        {
            auto [ec, line] = co_await read();
            if (ec || !line)
            {
                if (ec)
                    s->pending_markers = waiting;
                res.elapsed = std::chrono::steady_clock::now() - t0;
                co_return std::pair{ec ? ec : eof_error(s), std::move(res)};
            }
            if (std::erase(waiting, line->text) > 0)
                continue;
            (line->source == stream_id::out ? res.out : res.err).push_back(std::move(line->text));
        }
        res.elapsed = std::chrono::steady_clock::now() - t0;
        co_return std::pair{error_code{}, std::move(res)};
    }
    /// \endcond

  private:
    static error_code eof_error(const std::shared_ptr<state>& s)
    {
        // The shell ended: report how, if it has been reaped already.
        error_code ec = s->tool.running() ? error_code(errc::protocol_error) : s->tool.result().classify();
        return ec ? ec : error_code(errc::protocol_error);
    }

    std::shared_ptr<state> s_;
};

/// \brief Starts arangosh in console mode with a stdin pipe and waits until it answers.
/// \par Handler signature
/// `void(error_code, interactive_shell)`: `errc::invalid_options` if a run mode is set or options are
/// rejected; `errc::deadline_exceeded` if the shell did not answer within `startup_timeout` (it is stopped).
/// \par Cancellation
/// terminal: the start is abandoned and the shell stopped.
template <
    boost::asio::completion_token_for<void(error_code, interactive_shell)> CompletionToken = default_token>
auto async_start_interactive_shell(
    arango_tools& tools, interactive_shell_options o, CompletionToken&& token = {}
)
{
    tool_runner* rn = &tools.runner();
    arangosh_options sh = std::move(o.shell);
    bool has_mode = !sh.javascript_execute.empty() || !sh.javascript_execute_string.empty() ||
                    !sh.javascript_check_syntax.empty() || !sh.javascript_unit_tests.empty() ||
                    !sh.jslint.empty();
    if (!sh.quiet)
        sh.quiet = true;
    if (!sh.console_colors)
        sh.console_colors = false;
    auto inv = tools.render(sh);
    return detail::async_from_coro<interactive_shell>(
        rn->get_executor(),
        [rn, inv = std::move(inv), o = std::move(o),
         has_mode]() mutable -> boost::asio::awaitable<std::pair<error_code, interactive_shell>> {
            if (has_mode || inv.ec)
                co_return std::pair{error_code(errc::invalid_options), interactive_shell()};
            auto s = interactive_shell::make_state();
            s->runner = rn;
            s->default_timeout = o.statement_timeout;
            s->marker_base = "__ak_" + detail::random_hex_id(8);
            error_code ec;
            write_private_files(inv.invocation, ec);
            if (ec)
                co_return std::pair{ec, interactive_shell()};
            s->invocation = std::move(inv.invocation);
            command cmd = s->invocation.cmd;
            cmd.stdin_source = stdin_spec::from_pipe();
            if (!o.instance_info.empty())
                cmd.env.set["INSTANCEINFO"] = o.instance_info;
            auto [sec, t] =
                co_await rn->async_start(std::move(cmd), boost::asio::as_tuple(boost::asio::use_awaitable));
            if (sec)
                co_return std::pair{sec, interactive_shell()};
            s->tool = std::move(t);
            auto [hec, hello] =
                co_await interactive_shell::execute(s, "", deadline::after(o.startup_timeout));
            if (hec)
            {
                s->tool.request_stop();
                co_return std::pair{hec, interactive_shell()};
            }
            co_return std::pair{error_code{}, interactive_shell(std::move(s))};
        },
        token
    );
}

} // namespace arangokit

#endif
