// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_TESTING_CATCH2_HPP
#define ARANGOKIT_TESTING_CATCH2_HPP

// Catch2 support, for Catch2 v3 (<catch2/catch_test_macros.hpp>) or v2 (the single header
// <catch2/catch.hpp>).
#include <arangokit/testing/run_capped.hpp>

#if __has_include(<catch2/catch_test_macros.hpp>)
#include <catch2/catch_test_macros.hpp>
#else
#include <catch2/catch.hpp>
#endif

namespace arangokit::catch2 {

/// \brief Runs a coroutine test body on `ctx` under a hard cap (see `run_capped`) and fails the current
/// Catch2 test case if it exceeds the cap.
/// \details A body that exceeded the cap is cancelled (its tools stopped) and the test case fails with
/// `FAIL` (which ends it). An exception the body threw is rethrown: Catch2 reports it with its `what()`.
template <class Body>
void run(boost::asio::io_context& ctx, Body&& body, std::chrono::milliseconds cap = std::chrono::seconds(60))
{
    auto r = run_capped(ctx, std::forward<Body>(body), cap);
    if (!r.completed)
        FAIL(r.describe());
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

} // namespace arangokit::catch2

#endif
