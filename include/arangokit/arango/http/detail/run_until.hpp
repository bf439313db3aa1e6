// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_DETAIL_RUN_UNTIL_HPP
#define ARANGOKIT_ARANGO_HTTP_DETAIL_RUN_UNTIL_HPP

#include <arangokit/deadline.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <optional>

namespace arangokit::detail {

// Every cancellation type the caller emits becomes terminal inside: Boost 1.81's parallel_group forwards the
// parent's type unchanged and then suppresses its own `all` (cancellations_requested_ is already non-zero),
// so a co_spawned child with the default terminal-only filter would ignore partial/total and run on.
struct cancel_as_terminal
{
    boost::asio::cancellation_type_t operator()(boost::asio::cancellation_type_t t) const noexcept
    {
        return t == boost::asio::cancellation_type::none ? t : boost::asio::cancellation_type::terminal;
    }
};

inline auto accept_any_cancellation()
{
    return boost::asio::this_coro::reset_cancellation_state(
        boost::asio::enable_total_cancellation(), cancel_as_terminal{}
    );
}

// Runs `op` until it finishes or `dl` passes; nullopt means the deadline won. Boost 1.81 has no
// cancel_after, and operator|| would swallow op's exception (notes 5), hence the explicit group.
// A cancelled parent cancels the timer first, which the group reports as operation_aborted.
template <class T>
boost::asio::awaitable<std::optional<T>> run_until(deadline dl, boost::asio::awaitable<T> op)
{
    namespace asio = boost::asio;
    auto ex = co_await asio::this_coro::executor;
    if (dl.is_none())
        co_return co_await std::move(op);
    asio::steady_timer timer(ex, dl.time());
    auto [order, ep, value, tec] =
        co_await asio::experimental::make_parallel_group(
            asio::co_spawn(ex, std::move(op), asio::deferred), timer.async_wait(asio::deferred)
        )
            .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
    if (order[0] == 0)
    {
        if (ep)
            std::rethrow_exception(ep);
        co_return std::move(value);
    }
    if (tec)
        throw boost::system::system_error(asio::error::operation_aborted);
    co_return std::nullopt;
}

// A sleep that ends early at the deadline.
inline boost::asio::awaitable<void> sleep_until_or(deadline dl, std::chrono::steady_clock::duration d)
{
    namespace asio = boost::asio;
    asio::steady_timer t(co_await asio::this_coro::executor, dl.clamp(d));
    co_await t.async_wait(asio::use_awaitable);
}

} // namespace arangokit::detail

#endif
