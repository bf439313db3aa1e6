// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_TESTING_BOOST_TEST_HPP
#define ARANGOKIT_TESTING_BOOST_TEST_HPP

// Include after Boost.Test itself (<boost/test/unit_test.hpp> or <boost/test/included/unit_test.hpp>), so the
// program chooses how Boost.Test is linked.
#include <arangokit/testing/run_capped.hpp>

#include <boost/test/unit_test.hpp>

namespace arangokit::boost_test {

/// \brief Runs a coroutine test body on `ctx` under a hard cap (see `run_capped`) and fails the current
/// Boost.Test test case if it exceeds the cap.
/// \details A body that exceeded the cap is cancelled (its tools stopped) and the test case fails with
/// `BOOST_FAIL` (which ends it). An exception the body threw is rethrown, so Boost.Test reports it with its
/// `what()` (a `tool_error` names the command, exit code and stderr).
template <class Body>
void run(boost::asio::io_context& ctx, Body&& body, std::chrono::milliseconds cap = std::chrono::seconds(60))
{
    auto r = run_capped(ctx, std::forward<Body>(body), cap);
    if (!r.completed)
        BOOST_FAIL(r.describe());
    if (r.error)
        std::rethrow_exception(r.error);
}

/// \brief `run` on a fresh `io_context` of its own (passed to `body` if it takes one).
template <class Body>
void run(
    Body&& body, std::chrono::milliseconds cap = std::chrono::seconds(60)
) requires(!std::is_convertible_v<Body&&, boost::asio::io_context&>)
{
    boost::asio::io_context ctx;
    run(ctx, std::forward<Body>(body), cap);
}

} // namespace arangokit::boost_test

#endif
