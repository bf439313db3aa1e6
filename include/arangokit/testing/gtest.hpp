// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_TESTING_GTEST_HPP
#define ARANGOKIT_TESTING_GTEST_HPP

// GoogleTest support: link the test program with GTest::gtest (and GTest::gtest_main, or a main of its own).
#include <arangokit/testing/run_capped.hpp>

#include <gtest/gtest.h>

namespace arangokit::gtest {

/// \brief Runs a coroutine test body on `ctx` under a hard cap (see `run_capped`) and records a GoogleTest
/// failure if it exceeds the cap.
/// \details A body that exceeded the cap is cancelled (its tools stopped) and a fatal failure is recorded;
/// like every GoogleTest helper it returns to the test, so wrap the call in `ASSERT_NO_FATAL_FAILURE(...)` to
/// end the test there. An exception the body threw is rethrown: GoogleTest reports it with its `what()`.
template <class Body>
void run(boost::asio::io_context& ctx, Body&& body, std::chrono::milliseconds cap = std::chrono::seconds(60))
{
    auto r = run_capped(ctx, std::forward<Body>(body), cap);
    if (!r.completed)
        GTEST_FAIL() << r.describe();
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

} // namespace arangokit::gtest

#endif
