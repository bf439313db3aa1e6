// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_ARANGO_TOOLS_HPP
#define ARANGOKIT_ARANGO_ARANGO_TOOLS_HPP

#include <arangokit/arango/arango_run.hpp>
#include <arangokit/arango/detail/cached_render.hpp>
#include <arangokit/arango/detail/tool_run.hpp>
#include <arangokit/arango/exit_codes.hpp>
#include <arangokit/arango/instance.hpp>
#include <arangokit/arango/parsers/arangobackup.hpp>
#include <arangokit/arango/parsers/arangobench.hpp>
#include <arangokit/arango/parsers/arangodump.hpp>
#include <arangokit/arango/parsers/arangoexport.hpp>
#include <arangokit/arango/parsers/arangoimport.hpp>
#include <arangokit/arango/parsers/arangorestore.hpp>
#include <arangokit/arango/parsers/arangosh.hpp>
#include <arangokit/arango/parsers/common.hpp>
#include <arangokit/arango/tool_cache.hpp>
#include <arangokit/arango/tool_report.hpp>
#include <arangokit/arango/tools/arangobackup.hpp>
#include <arangokit/arango/tools/arangobench.hpp>
#include <arangokit/arango/tools/arangodump.hpp>
#include <arangokit/arango/tools/arangoexport.hpp>
#include <arangokit/arango/tools/arangoimport.hpp>
#include <arangokit/arango/tools/arangorestore.hpp>
#include <arangokit/arango/tools/arangosh.hpp>
#include <arangokit/arango/tools/render.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/tool_error.hpp>

#include <arangokit/detail/async_from_coro.hpp>
#include <arangokit/detail/named_options.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace arangokit {

/// \brief A started ArangoDB tool: the process handle plus the parser fed by its output.
/// \details Obtained from `arango_tools::async_start`. A handle whose start failed before anything was
/// spawned (invalid options, private files that could not be written) is not `valid()`: its `async_wait`
/// completes with the same error and report that `async_run` would have given. A default-constructed or
/// moved-from handle holds no run: its `async_wait` completes with `boost::asio::error::not_connected`.
template <class Options> class running_arango_tool
{
  public:
    running_arango_tool() = default;

    /// True if a process was spawned (it may have ended since).
    bool valid() const noexcept { return tool_ && tool_->valid(); }

    /// The underlying process handle: stream lines, write stdin, request_stop, kill. Without a spawned
    /// process (`!valid()`) it is an empty `running_tool`, whose own `valid()` is false.
    running_tool& process()
    {
        if (!tool_)
            tool_ = std::make_shared<running_tool>();
        return *tool_;
    }

    /// \brief Waits for the end and returns the parsed, assessed report (private files removed).
    /// \par Handler signature
    /// `void(error_code, tool_report<Options>)`
    /// \par Cancellation
    /// As `running_tool::async_wait`: terminal runs the graded stop; partial sends SIGTERM; total SIGINT.
    template <
        boost::asio::completion_token_for<void(error_code, tool_report<Options>)> CompletionToken =
            default_token>
    auto async_wait(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, tool_report<Options>)>(
            [](auto handler, std::shared_ptr<running_tool> tool, std::shared_ptr<state> st) {
                if (!st)
                {
                    // No run at all: there is no executor of ours, so complete on the handler's own.
                    auto hex = boost::asio::get_associated_executor(handler);
                    boost::asio::post(hex, [h = std::move(handler)]() mutable {
                        tool_report<Options> rep;
                        rep.result.label = std::string(tool_traits<Options>::binary);
                        rep.result.reason = end_reason::not_started;
                        rep.result.error_message = "no tool run: a default-constructed or moved-from handle";
                        std::move(h)(error_code(boost::asio::error::not_connected), std::move(rep));
                    });
                    return;
                }
                detail::async_from_coro<tool_report<Options>>(
                    st->ex,
                    [tool, st]() -> boost::asio::awaitable<std::pair<error_code, tool_report<Options>>> {
                        if (st->prepare_ec) // nothing was spawned: repeat what the start reported
                            co_return st->finish(st->prepare_ec, st->not_started);
                        auto [ec, res] =
                            co_await tool->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
                        co_return st->finish(ec, std::move(res));
                    },
                    std::move(handler)
                );
            },
            token, tool_, state_
        );
    }

    /// \cond internal
    using state = detail::tool_run_state<Options>;
    running_arango_tool(std::shared_ptr<running_tool> t, std::shared_ptr<state> s)
        : tool_(std::move(t)), state_(std::move(s))
    {
    }
    /// \endcond

  private:
    std::shared_ptr<running_tool> tool_;
    std::shared_ptr<state> state_;
};

/// \brief Runs ArangoDB's client tools from typed options: validate, render (argv or a private .conf),
/// spawn through a `tool_runner`, parse the output as it arrives, assess, clean up.
/// \details Holds the defaults every run shares (`tool_context`: server, auth, bin dir, version, run dir,
/// timeout factor), usually made from an `instance`. Secrets travel in a private config file in memory
/// (`/proc/self/fd/N`) by default and are redacted in results and events.
///
/// \par Options are named objects
/// `async_run`, `async_start` and `make_run` take the options by reference and refuse a temporary at compile
/// time
/// (`co_await tools.async_run(arangodump_options{...})` does not compile; see docs/design.md, "g++ 12 and
/// temporaries in co_await expressions"): build the options in a variable, then pass it.
///
/// \par Thread safety
/// Like its runner: use it from the runner's executor only. A `tool_cache` given to `use_cache` may be
/// shared with other objects and threads.
class arango_tools
{
  public:
    using progress_handler = detail::tool_progress_handler;

    explicit arango_tools(tool_runner& runner, tool_context ctx = {}) : runner_(&runner), ctx_(std::move(ctx))
    {
    }
    arango_tools(tool_runner& runner, const instance& inst) : arango_tools(runner, inst.tool_defaults()) {}

    tool_runner& runner() noexcept { return *runner_; }
    tool_context& context() noexcept { return ctx_; }
    const tool_context& context() const noexcept { return ctx_; }

    /// Called (on the runner's executor) for every progress line of every tool; also emitted as
    /// `event_kind::progress` to the runner's sinks.
    void on_progress(progress_handler h) { progress_ = std::move(h); }

    /// \brief Runs of `async_run` and `async_start` go through `cache` from now on (null: no cache, the
    /// default): each binary's version is detected once and the options are checked against it, the
    /// program path is resolved once, and a secret-free run's config file is reused (see `tool_cache`).
    /// \details The first run of a binary spawns `<binary> --configuration none --version` first (the
    /// runner's sinks see that run). A detected version replaces `context().version` for the checks (a
    /// note says so when they differ) and a detected edition replaces `context().edition`; a probe that
    /// fails leaves a note and the checks use `context().version`. `render` and `make_run` do not use the
    /// cache.
    void use_cache(std::shared_ptr<tool_cache> cache) { cache_ = std::move(cache); }
    /// The cache in use (null: none).
    const std::shared_ptr<tool_cache>& cache() const noexcept { return cache_; }

    /// Validates and renders without spawning (argv, private files, problems): a dry run.
    template <class Options> invocation_result render(const Options& opts) const
    {
        return render_tool(opts, ctx_);
    }

    /// \brief Runs a tool to completion and returns its parsed report.
    /// \details Invalid options complete with errc::invalid_options before anything is spawned; the result's
    /// error_message lists every problem (tool, option, reason). A run that exits 0 but whose output reports
    /// a failure completes with errc::tool_reported_failure.
    /// \par Handler signature
    /// `void(error_code, tool_report<Options>)`
    /// \par Cancellation
    /// As tool_runner::async_run: terminal runs the graded stop; partial sends SIGTERM; total sends SIGINT.
    /// \par Deadline
    /// `opts.timeout` (scaled by the context's timeout factor), clamped to the runner's global deadline.
    template <
        class Options,
        boost::asio::completion_token_for<void(error_code, tool_report<Options>)> CompletionToken =
            default_token>
    auto async_run(const Options& opts, CompletionToken&& token = {})
    {
        // With a cache the render waits for the detected version: the options and context are copied.
        auto inv = cache_ ? invocation_result{} : render_tool(opts, ctx_);
        auto later = cache_ ? std::optional<Options>(opts) : std::nullopt;
        auto ctx = cache_ ? std::optional<tool_context>(ctx_) : std::nullopt;
        auto progress = progress_;
        tool_runner* runner = runner_;
        return detail::async_from_coro<tool_report<Options>>(
            runner->get_executor(),
            [runner, inv = std::move(inv), progress, cache = cache_, later = std::move(later),
             ctx = std::move(ctx)](
            ) mutable -> boost::asio::awaitable<std::pair<error_code, tool_report<Options>>> {
                co_await boost::asio::this_coro::reset_cancellation_state(
                    boost::asio::enable_total_cancellation()
                );
                auto st = std::make_shared<typename running_arango_tool<Options>::state>();
                st->ex = runner->get_executor();
                std::vector<std::shared_ptr<void>> shared_files;
                if (cache)
                {
                    error_code cec = co_await detail::async_render_cached(
                        *cache, *runner, *later, *ctx, inv, shared_files
                    );
                    if (cec)
                    {
                        auto r = detail::not_started_result<Options>(inv);
                        r.error_message = "cancelled while detecting the tool's version";
                        co_return st->finish(cec, std::move(r));
                    }
                }
                error_code ec = detail::prepare_tool_run<Options>(*runner, inv, st, progress);
                st->cached_files = std::move(shared_files);
                if (ec)
                {
                    auto r = detail::not_started_result<Options>(inv);
                    if (!st->prepare_error.empty())
                        r.error_message = st->prepare_error;
                    co_return st->finish(ec, std::move(r));
                }
                auto [rec, res] = co_await runner->async_run(
                    st->invocation.cmd, boost::asio::as_tuple(boost::asio::use_awaitable)
                );
                co_return st->finish(rec, std::move(res));
            },
            token
        );
    }

    /// \brief Starts a tool; stream its output through `process()`, then `async_wait` for the report.
    /// \par Handler signature
    /// `void(error_code, running_arango_tool<Options>)`
    template <
        class Options,
        boost::asio::completion_token_for<void(error_code, running_arango_tool<Options>)> CompletionToken =
            default_token>
    auto async_start(const Options& opts, CompletionToken&& token = {})
    {
        auto inv = cache_ ? invocation_result{} : render_tool(opts, ctx_);
        auto later = cache_ ? std::optional<Options>(opts) : std::nullopt;
        auto ctx = cache_ ? std::optional<tool_context>(ctx_) : std::nullopt;
        auto progress = progress_;
        tool_runner* runner = runner_;
        return detail::async_from_coro<running_arango_tool<Options>>(
            runner->get_executor(),
            [runner, inv = std::move(inv), progress, cache = cache_, later = std::move(later),
             ctx = std::move(ctx)](
            ) mutable -> boost::asio::awaitable<std::pair<error_code, running_arango_tool<Options>>> {
                auto st = std::make_shared<typename running_arango_tool<Options>::state>();
                st->ex = runner->get_executor();
                std::vector<std::shared_ptr<void>> shared_files;
                if (cache)
                {
                    error_code cec = co_await detail::async_render_cached(
                        *cache, *runner, *later, *ctx, inv, shared_files
                    );
                    if (cec)
                    {
                        st->prepare_ec = cec;
                        st->not_started = detail::not_started_result<Options>(inv);
                        st->not_started.error_message = "cancelled while detecting the tool's version";
                        co_return std::pair{
                            cec,
                            running_arango_tool<Options>(std::make_shared<running_tool>(), std::move(st))};
                    }
                }
                error_code ec = detail::prepare_tool_run<Options>(*runner, inv, st, progress);
                st->cached_files = std::move(shared_files);
                if (ec)
                {
                    // The handle repeats the failure from async_wait, as async_run reports it.
                    st->prepare_ec = ec;
                    st->not_started = detail::not_started_result<Options>(inv);
                    if (!st->prepare_error.empty())
                        st->not_started.error_message = st->prepare_error;
                    co_return std::pair{
                        ec, running_arango_tool<Options>(std::make_shared<running_tool>(), std::move(st))};
                }
                auto [sec, t] = co_await runner->async_start(
                    st->invocation.cmd, boost::asio::as_tuple(boost::asio::use_awaitable)
                );
                auto tool = std::make_shared<running_tool>(std::move(t));
                co_return std::pair{sec, running_arango_tool<Options>(std::move(tool), std::move(st))};
            },
            token
        );
    }

    /// \brief A run of a tool for another spawner, rendered now against this context and started later: a
    /// `client_group` member (`group.spawn(tools.make_run(opts))`) whose typed report is the one `async_run`
    /// gives. Progress lines reach `on_progress` and the runner's sinks as with `async_run`.
    /// \details Invalid options do not throw here: the member fails with errc::invalid_options when the
    /// group adds it, before anything is spawned.
    template <class Options> arango_run<Options> make_run(const Options& opts) const
    {
        return arango_run<Options>(opts, ctx_, progress_);
    }

    /// \cond internal
    // Options temporaries are refused: g++ 12 would miscompile them inside a co_await expression
    // (detail/named_options.hpp says more).
    template <detail::rvalue_argument Options> void make_run(Options&& opts) const
    {
        static_assert(detail::options_temporary_refused<Options>, ARANGOKIT_NAMED_OPTIONS_MESSAGE);
    }
    template <
        detail::rvalue_argument Options,
        boost::asio::completion_token_for<void(error_code, tool_report<std::remove_cvref_t<Options>>)>
            CompletionToken = default_token>
    auto async_run(Options&& opts, CompletionToken&& token = {})
    {
        static_assert(detail::options_temporary_refused<Options>, ARANGOKIT_NAMED_OPTIONS_MESSAGE);
    }
    template <
        detail::rvalue_argument Options,
        boost::asio::completion_token_for<void(error_code, running_arango_tool<std::remove_cvref_t<Options>>)>
            CompletionToken = default_token>
    auto async_start(Options&& opts, CompletionToken&& token = {})
    {
        static_assert(detail::options_temporary_refused<Options>, ARANGOKIT_NAMED_OPTIONS_MESSAGE);
    }
    /// \endcond

  private:
    tool_runner* runner_;
    tool_context ctx_;
    progress_handler progress_;
    std::shared_ptr<tool_cache> cache_;
};

} // namespace arangokit

#endif
