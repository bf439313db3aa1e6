// Test helpers for time: elapsed milliseconds, an awaitable sleep, and polling until a condition holds.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>

namespace arangokit::test {

/// Milliseconds since `t0`.
inline double ms_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

/// Waits `d` on the current coroutine's executor (a cancelled wait just ends early).
inline boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds d)
{
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
    co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
}

/// Polls `pred` every `poll` until it holds or `cap` has passed; returns its last value.
template <class Pred>
boost::asio::awaitable<bool> eventually(
    Pred pred,
    std::chrono::milliseconds cap = std::chrono::seconds(20),
    std::chrono::milliseconds poll = std::chrono::milliseconds(5)
)
{
    auto t0 = std::chrono::steady_clock::now();
    while (!pred() && std::chrono::steady_clock::now() - t0 < cap)
        co_await sleep_for(poll);
    co_return pred();
}

} // namespace arangokit::test
