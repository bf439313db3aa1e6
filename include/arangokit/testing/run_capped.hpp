// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_TESTING_RUN_CAPPED_HPP
#define ARANGOKIT_TESTING_RUN_CAPPED_HPP

#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

namespace arangokit {

/// \brief How a test body run by `run_capped` ended.
struct capped_run_result
{
    bool completed = false; ///< the body returned or threw before the cap
    bool unwound = true;    ///< after the cap: the cancelled body finished unwinding within the grace
    std::chrono::milliseconds cap{};
    std::chrono::milliseconds elapsed{}; ///< from the start to completion (or to the end of the grace)
    std::exception_ptr error{};          ///< what the body threw (also when it threw while being cancelled)

    /// True if the body completed before the cap without throwing.
    bool ok() const noexcept { return completed && !error; }

    /// "test body exceeded its cap of 200 ms; cancelled, it unwound in 3 ms", or "" for a completed run.
    std::string describe() const
    {
        if (completed)
            return {};
        std::string s = "test body exceeded its cap of " + std::to_string(cap.count()) + " ms";
        s += unwound
                 ? "; cancelled, it unwound in " + std::to_string((elapsed - cap).count()) + " ms"
                 : "; cancelled, it did not unwind within the grace (it is destroyed with its io_context)";
        return s;
    }
};

namespace detail {
struct capped_run_state
{
    boost::asio::cancellation_signal signal;
    std::exception_ptr error;
    bool done = false;
};

template <class Body> boost::asio::awaitable<void> capped_body(Body& body, boost::asio::io_context& ctx)
{
    if constexpr (std::is_invocable_v<Body&, boost::asio::io_context&>)
        return body(ctx);
    else if constexpr (std::is_invocable_v<Body&>)
        return body();
    else
    {
        static_assert(
            std::is_same_v<std::decay_t<Body>, boost::asio::awaitable<void>>,
            "run_capped: the body must be an awaitable<void>, or a callable returning one (called with no "
            "arguments or with the io_context&)"
        );
        return std::move(body);
    }
}

// Runs `ctx` until the state is done or `until`, whichever comes first.
inline void run_until(
    boost::asio::io_context& ctx, const capped_run_state& st, std::chrono::steady_clock::time_point until
)
{
    while (!st.done && std::chrono::steady_clock::now() < until)
    {
        if (ctx.run_one_until(until) == 0 && ctx.stopped())
        {
            // Out of work while the body waits on something outside this io_context (another thread):
            // poll again shortly instead of spinning.
            ctx.restart();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
}
} // namespace detail

/// \brief Runs a coroutine test body on `ctx` to completion, under a hard time cap.
/// \details `body` is a `boost::asio::awaitable<void>`, or a callable returning one, called with no arguments
/// or with `ctx`. The calling thread runs `ctx` (restarted first if it was stopped) until the body completes
/// or `cap` has passed, so a hung tool fails the test instead of hanging CI.
/// \par Cancellation
/// At the cap the body is cancelled through its cancellation slot (terminal): arangokit operations it awaits
/// complete with `operation_aborted` and stop their tools (graded stop), so nothing is left running. `ctx`
/// then runs for at most `unwind_grace` more while the body unwinds. The calling thread runs the body, so a
/// body that never suspends (a busy loop without `co_await`) cannot be capped.
/// \par Lifetime
/// The body is moved (or copied) into the call and lives until its coroutine finishes; what it references
/// must outlive the call. A body that did not unwind within the grace is destroyed with `ctx` (or completes
/// on a later run of it) and never touches this call's frame.
/// \par Exceptions
/// None of the body's: they are returned in `error`. See arangokit/testing/boost_test.hpp (and gtest.hpp,
/// catch2.hpp) for the versions that fail the current test.
template <class Body>
capped_run_result run_capped(
    boost::asio::io_context& ctx,
    Body&& body,
    std::chrono::milliseconds cap = std::chrono::seconds(60),
    std::chrono::milliseconds unwind_grace = std::chrono::seconds(10)
)
{
    using clock = std::chrono::steady_clock;
    auto st = std::make_shared<detail::capped_run_state>();
    // The completion handler owns the state and the body (a coroutine lambda's frame refers to its closure):
    // a body that outlives this call never touches its frame.
    auto held = std::make_shared<std::decay_t<Body>>(std::forward<Body>(body));
    ctx.restart();
    auto start = clock::now();
    boost::asio::co_spawn(
        ctx, detail::capped_body(*held, ctx),
        boost::asio::bind_cancellation_slot(
            st->signal.slot(),
            [st, held](std::exception_ptr e) {
                st->error = e;
                st->done = true;
            }
        )
    );
    detail::run_until(ctx, *st, start + cap);
    capped_run_result r;
    r.cap = cap;
    r.completed = st->done;
    if (!st->done)
    {
        st->signal.emit(boost::asio::cancellation_type::terminal);
        detail::run_until(ctx, *st, clock::now() + unwind_grace);
        r.unwound = st->done;
    }
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start);
    r.error = st->error;
    return r;
}

/// \brief `run_capped` on a fresh `io_context` of its own (passed to `body` if it takes one).
template <class Body>
capped_run_result run_capped(
    Body&& body,
    std::chrono::milliseconds cap = std::chrono::seconds(60),
    std::chrono::milliseconds unwind_grace = std::chrono::seconds(10)
) requires(!std::is_convertible_v<Body&&, boost::asio::io_context&>)
{
    boost::asio::io_context ctx;
    return run_capped(ctx, std::forward<Body>(body), cap, unwind_grace);
}

} // namespace arangokit

#endif
