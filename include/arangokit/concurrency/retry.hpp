// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_RETRY_HPP
#define ARANGOKIT_CONCURRENCY_RETRY_HPP

#include <arangokit/deadline.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/tool_error.hpp>
#include <arangokit/tool_result.hpp>

#include <arangokit/detail/pending_op.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <random>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief When and how often to retry a tool run.
/// \details A failed attempt is *transient* (worth retrying) when any of these says so: its exit code is in
/// `transient_exit_codes`; a line of its stdout or stderr tail matches one of `transient_output`; it looks
/// like a connection failure (`connection_errors`: ArangoDB's "Could not connect to endpoint", "Connection
/// refused", ...); it could not be spawned (`spawn_failures`); or `is_transient` returns true. Anything else
/// ends the retry at once with that attempt's error. A run stopped by our own deadline or by cancellation
/// is never retried.
struct tool_retry_policy
{
    std::size_t max_attempts = 3; ///< including the first
    std::chrono::milliseconds initial_backoff{100};
    std::chrono::milliseconds max_backoff{5000};
    double multiplier = 2.0;
    /// Each delay is scaled by a uniform factor in [1 - jitter, 1 + jitter] (0: none, 1: "full jitter").
    double jitter = 0.2;
    /// Bounds the whole retry (attempts and delays): the earliest of this, now + `timeout`, and the runner's
    /// global deadline. Each attempt's own timeout is clamped to what is left.
    deadline until{};
    std::optional<std::chrono::milliseconds> timeout{};

    std::vector<int> transient_exit_codes{};
    std::vector<std::regex> transient_output{};
    bool connection_errors = true;
    bool spawn_failures = false;
    std::function<bool(const error_code&, const tool_result&)> is_transient{};
    /// Seed for the jitter (0: from std::random_device). Fixed seeds make delays reproducible in tests.
    std::uint64_t seed = 0;
};

/// \brief One attempt of a retried run.
struct retry_attempt
{
    std::size_t number = 0; ///< 1-based
    error_code error{};
    tool_result result{};
    bool transient = false;
    std::string why{};                        ///< which rule made it transient (or why it was not retried)
    std::chrono::milliseconds delay_after{0}; ///< the backoff slept after it (0 for the last)
};

/// \brief The outcome of `async_retry`: the last attempt's result and the record of every attempt.
struct retry_result
{
    tool_result last{};
    std::vector<retry_attempt> attempts{};
    bool exhausted = false;    ///< every allowed attempt failed transiently
    bool deadline_hit = false; ///< the retry deadline ended it
    bool ok() const noexcept { return !attempts.empty() && !attempts.back().error; }
};

/// Throws a `tool_error` for the last attempt when the default token is used.
inline std::exception_ptr make_diagnostic_exception(const error_code& ec, const retry_result& r)
{
    tool_result last = r.last;
    last.notes.push_back(
        "after " + std::to_string(r.attempts.size()) + " attempt(s)" +
        (r.deadline_hit ? ", retry deadline hit" : "") + (r.exhausted ? ", attempts exhausted" : "")
    );
    return std::make_exception_ptr(tool_error(ec, std::move(last)));
}

namespace detail {

/// Why an attempt is transient, or empty if it is not (sans-io: unit-testable on its own).
inline std::string transient_reason(const tool_retry_policy& p, const error_code& ec, const tool_result& r)
{
    if (!ec)
        return {};
    if (ec == boost::asio::error::operation_aborted || ec == errc::stopped)
        return {};
    if (ec == errc::deadline_exceeded && r.reason == end_reason::deadline)
        return {};
    if (p.spawn_failures && (ec == errc::spawn_failed || ec == errc::tool_not_found))
        return "spawn failure";
    if (r.exit_code &&
        std::find(p.transient_exit_codes.begin(), p.transient_exit_codes.end(), *r.exit_code) !=
            p.transient_exit_codes.end())
        return "exit code " + std::to_string(*r.exit_code);
    auto scan = [&](const std::function<bool(const std::string&)>& f) -> const std::string* {
        for (const auto* tail : {&r.err.tail, &r.out.tail})
            for (const auto& l : *tail)
                if (f(l))
                    return &l;
        return nullptr;
    };
    for (const auto& re : p.transient_output)
        if (auto l = scan([&](const std::string& s) { return std::regex_search(s, re); }))
            return "output: " + *l;
    if (p.connection_errors)
    {
        static const char* const needles[] = {
            "Could not connect to endpoint",
            "Connection refused",
            "connection refused",
            "Could not connect",
            "Connection reset",
            "could not connect to server",
            "Network is unreachable"};
        if (auto l = scan([&](const std::string& s) {
                for (const char* n : needles)
                    if (s.find(n) != std::string::npos)
                        return true;
                return false;
            }))
            return "connection error: " + *l;
    }
    if (p.is_transient && p.is_transient(ec, r))
        return "is_transient";
    return {};
}

/// The delay before attempt `n + 1` (n >= 1), jittered.
inline std::chrono::milliseconds backoff_for(const tool_retry_policy& p, std::size_t n, std::mt19937_64& rng)
{
    double d = static_cast<double>(p.initial_backoff.count());
    for (std::size_t i = 1; i < n; ++i)
        d = std::min(d * p.multiplier, static_cast<double>(p.max_backoff.count()));
    d = std::min(d, static_cast<double>(p.max_backoff.count()));
    double j = std::clamp(p.jitter, 0.0, 1.0);
    if (j > 0)
        d *= std::uniform_real_distribution<double>(1.0 - j, 1.0 + j)(rng);
    return std::chrono::milliseconds(static_cast<long long>(std::max(0.0, d)));
}

inline boost::asio::awaitable<std::pair<error_code, retry_result>>
retry_loop(tool_runner& runner, command cmd, tool_retry_policy p)
{
    namespace asio = boost::asio;
    retry_result out;
    deadline until = earliest(earliest(p.until, deadline::after(p.timeout)), runner.global_deadline());
    std::mt19937_64 rng(p.seed ? p.seed : std::random_device{}());
    asio::steady_timer timer(runner.get_executor());
    error_code last_ec;
    for (std::size_t n = 1;; ++n)
    {
        command c = cmd;
        if (!until.is_none())
        {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until.remaining());
            c.timeout = c.timeout ? std::min(*c.timeout, left) : left;
        }
        auto [ec, r] = co_await runner.async_run(std::move(c), asio::as_tuple(asio::use_awaitable));
        retry_attempt a;
        a.number = n;
        a.error = ec;
        a.result = r;
        out.last = std::move(r);
        last_ec = ec;
        if (!ec)
        {
            out.attempts.push_back(std::move(a));
            co_return std::pair{error_code{}, std::move(out)};
        }
        if (ec == errc::deadline_exceeded && until.expired())
        {
            a.why = "the retry deadline passed during the attempt";
            out.attempts.push_back(std::move(a));
            out.deadline_hit = true;
            co_return std::pair{error_code(errc::deadline_exceeded), std::move(out)};
        }
        a.why = transient_reason(p, ec, a.result);
        a.transient = !a.why.empty();
        if (!a.transient)
        {
            if (a.why.empty())
                a.why = "not transient";
            out.attempts.push_back(std::move(a));
            co_return std::pair{ec, std::move(out)};
        }
        if (n >= p.max_attempts)
        {
            out.attempts.push_back(std::move(a));
            out.exhausted = true;
            co_return std::pair{ec, std::move(out)};
        }
        auto delay = backoff_for(p, n, rng);
        if (!until.is_none() && until.remaining() <= delay)
        {
            // Sleeping past the deadline cannot lead to a successful attempt.
            out.attempts.push_back(std::move(a));
            out.deadline_hit = true;
            co_return std::pair{error_code(errc::deadline_exceeded), std::move(out)};
        }
        a.delay_after = delay;
        out.attempts.push_back(std::move(a));
        timer.expires_after(delay);
        auto [tec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (tec)
            co_return std::pair{error_code(asio::error::operation_aborted), std::move(out)};
    }
}

} // namespace detail

/// \brief Runs `cmd` on `runner`, retrying transient failures with jittered exponential backoff.
/// \details Every attempt is recorded (`retry_result::attempts`): its error, full tool result, whether it
/// was transient and why, and the delay that followed. The retry ends at the first success, the first
/// non-transient failure, after `max_attempts`, or when the retry deadline would be passed (no sleep
/// beyond it; the running attempt is bounded by it through its timeout).
/// \par Handler signature
/// `void(error_code, retry_result)`: empty on success; otherwise the last attempt's error, or
/// `errc::deadline_exceeded` when the retry deadline ended it, or operation_aborted when cancelled. With
/// the default token a failure throws `tool_error` for the last attempt.
/// \par Cancellation
/// terminal: the running attempt gets the graded stop (or the backoff sleep ends) and the operation
/// completes with operation_aborted; no further attempt starts.
/// \par Object lifetimes
/// `runner` must outlive the operation; `cmd` and `policy` are copied.
template <boost::asio::completion_token_for<void(error_code, retry_result)> CompletionToken = default_token>
auto async_retry(tool_runner& runner, command cmd, tool_retry_policy policy, CompletionToken&& token = {})
{
    return boost::asio::async_initiate<CompletionToken, void(error_code, retry_result)>(
        [&runner](auto handler, command cmd, tool_retry_policy policy) {
            auto slot = boost::asio::get_associated_cancellation_slot(handler);
            auto hex = boost::asio::get_associated_executor(handler, runner.get_executor());
            boost::asio::co_spawn(
                runner.get_executor(), detail::retry_loop(runner, std::move(cmd), std::move(policy)),
                boost::asio::bind_cancellation_slot(
                    slot, boost::asio::bind_executor(
                              hex,
                              [h = detail::hide_slot(std::move(handler)
                               )](std::exception_ptr e, std::pair<error_code, retry_result> p) mutable {
                                  if (e)
                                      p.first = boost::asio::error::operation_aborted;
                                  std::move(h)(p.first, std::move(p.second));
                              }
                          )
                )
            );
        },
        token, std::move(cmd), std::move(policy)
    );
}

} // namespace arangokit

#endif
