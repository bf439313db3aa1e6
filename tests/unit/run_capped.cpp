// The capped runner for coroutine test bodies (arangokit/testing/run_capped.hpp, boost_test.hpp): a body that
// completes is reported as such; one that hangs is cancelled at the cap, its tool is stopped and nothing is
// left running; one that ignores cancellation is abandoned after the grace without touching the caller's
// frame.
#define BOOST_TEST_MODULE arangokit_run_capped
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/testing/boost_test.hpp>
#include <arangokit/testing/run_capped.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include "run_coro.hpp"
#include <filesystem>
#include <stdexcept>
#include <string>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(a_body_that_completes_is_ok)
{
    int steps = 0;
    auto r = ak::run_capped(
        [&](asio::io_context& ctx) -> asio::awaitable<void> {
            asio::steady_timer t(ctx, 20ms);
            co_await t.async_wait(asio::use_awaitable);
            ++steps;
        },
        5s
    );
    BOOST_TEST(r.completed);
    BOOST_TEST(r.ok());
    BOOST_TEST(!r.error);
    BOOST_TEST(steps == 1);
    BOOST_TEST(r.elapsed < 5s);
    BOOST_TEST(r.describe().empty());
}

BOOST_AUTO_TEST_CASE(an_exception_is_returned_not_thrown)
{
    asio::io_context ctx;
    auto r = ak::run_capped(ctx, []() -> asio::awaitable<void> {
        throw std::runtime_error("boom");
        co_return;
    });
    BOOST_TEST(r.completed);
    BOOST_TEST(!r.ok());
    BOOST_REQUIRE(r.error);
    BOOST_CHECK_EXCEPTION(
        std::rethrow_exception(r.error), std::runtime_error,
        [](const std::runtime_error& e) { return std::string(e.what()) == "boom"; }
    );
}

BOOST_AUTO_TEST_CASE(a_hung_body_is_cancelled_at_the_cap)
{
    asio::io_context ctx;
    auto r = ak::run_capped(
        ctx,
        [&]() -> asio::awaitable<void> {
            asio::steady_timer t(ctx, 1h);
            co_await t.async_wait(asio::use_awaitable);
        },
        200ms
    );
    BOOST_TEST(!r.completed);
    BOOST_TEST(r.unwound);
    BOOST_TEST(r.elapsed >= 200ms);
    BOOST_TEST(r.elapsed < 5s);
    BOOST_TEST(r.describe().find("exceeded its cap of 200 ms") != std::string::npos);
    BOOST_REQUIRE(r.error); // the cancelled wait threw operation_aborted
    try
    {
        std::rethrow_exception(r.error);
    }
    catch (const boost::system::system_error& e)
    {
        BOOST_TEST(e.code() == asio::error::operation_aborted);
    }
}

BOOST_AUTO_TEST_CASE(the_tool_of_a_hung_body_is_stopped)
{
    asio::io_context ctx;
    int pid = 0;
    auto r = ak::run_capped(
        ctx,
        [&]() -> asio::awaitable<void> {
            ak::tool_runner runner(ctx.get_executor());
            ak::command c;
            c.program = "sleep";
            c.args = {"60"};
            auto t = co_await runner.async_start(c);
            pid = t.pid();
            co_await t.async_wait(); // cancelled at the cap: the graded stop ends `sleep`
        },
        300ms
    );
    BOOST_TEST(!r.completed);
    BOOST_TEST(r.unwound);
    BOOST_REQUIRE(pid > 0);
    BOOST_TEST(!ak::test::process_alive(pid));
    BOOST_TEST(ak::test::census_children().alive == 0);
}

BOOST_AUTO_TEST_CASE(a_body_that_ignores_cancellation_is_abandoned_after_the_grace)
{
    bool frame_touched_after_return = false;
    {
        asio::io_context ctx;
        auto alive = std::make_shared<bool>(true);
        auto r = ak::run_capped(
            ctx,
            [&ctx, alive, &frame_touched_after_return]() -> asio::awaitable<void> {
                for (;;)
                {
                    asio::steady_timer t(ctx, 20ms);
                    try
                    {
                        co_await t.async_wait(asio::use_awaitable);
                    }
                    catch (const boost::system::system_error&)
                    {
                    }
                    // Swallows the cancellation and forgets it, so the next wait suspends again: this body
                    // never ends on its own.
                    co_await asio::this_coro::reset_cancellation_state();
                    if (!*alive)
                        frame_touched_after_return = true;
                }
            },
            100ms, 200ms
        );
        BOOST_TEST(!r.completed);
        BOOST_TEST(!r.unwound);
        BOOST_TEST(r.elapsed >= 300ms);
        BOOST_TEST(r.describe().find("did not unwind") != std::string::npos);
        *alive = false;
        // ctx is destroyed here with the suspended body; that must be safe
    }
    BOOST_TEST(!frame_touched_after_return);
}

// The Boost.Test adapter fails the test case at the cap. A failing case cannot pass in-process (a fatal
// failure aborts it, which expected_failures does not excuse), so this disabled case is run in a child by the
// next one.
BOOST_AUTO_TEST_CASE(boost_test_run_at_the_cap, *boost::unit_test::disabled())
{
    ak::boost_test::run(
        [](asio::io_context& ctx) -> asio::awaitable<void> {
            asio::steady_timer t(ctx, 1h);
            co_await t.async_wait(asio::use_awaitable);
        },
        100ms
    );
    BOOST_TEST_MESSAGE("not reached: BOOST_FAIL ends the test case");
}

BOOST_AUTO_TEST_CASE(boost_test_run_fails_the_test_at_the_cap)
{
    ak::test::run_coro([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor());
        ak::command c;
        c.program = std::filesystem::read_symlink("/proc/self/exe").string();
        c.args = {"--run_test=boost_test_run_at_the_cap", "--log_level=message"};
        auto [ec, r] = co_await runner.async_run(c, asio::as_tuple(asio::use_awaitable));
        BOOST_TEST(ec == ak::errc::nonzero_exit);
        std::string out;
        for (const auto& l : r.out.tail)
            out += l + "\n";
        for (const auto& l : r.err.tail)
            out += l + "\n";
        BOOST_TEST_INFO("child output:\n" << out);
        BOOST_TEST(
            out.find("test body exceeded its cap of 100 ms; cancelled, it unwound in") != std::string::npos
        );
        BOOST_TEST(out.find("not reached") == std::string::npos);
    });
}

// ... and rethrows what the body threw.
BOOST_AUTO_TEST_CASE(boost_test_run_rethrows)
{
    BOOST_CHECK_THROW(
        ak::boost_test::run([]() -> asio::awaitable<void> {
            throw std::logic_error("from the body");
            co_return;
        }),
        std::logic_error
    );
}
