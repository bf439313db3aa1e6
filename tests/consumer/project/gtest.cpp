// A user's GoogleTest program on arangokit/testing/gtest.hpp.
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/testing/gtest.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest-spi.h>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

TEST(consumer, a_tool_runs_under_the_cap)
{
    ak::gtest::run([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor());
        ak::command c;
        c.program = "echo";
        c.args = {"hello"};
        auto r = co_await runner.async_run(c);
        EXPECT_EQ(r.out.tail.at(0), "hello");
    });
}

static void hang_for_a_while()
{
    ak::gtest::run(
        [](asio::io_context& ctx) -> asio::awaitable<void> {
            asio::steady_timer t(ctx, 1h);
            co_await t.async_wait(asio::use_awaitable);
        },
        100ms
    );
}

TEST(consumer, a_hung_body_fails_the_test)
{
    EXPECT_FATAL_FAILURE(hang_for_a_while(), "test body exceeded its cap of 100 ms");
}
