// A user's Catch2 program on arangokit/testing/catch2.hpp.
#define CATCH_CONFIG_MAIN
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/testing/catch2.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

TEST_CASE("a tool runs under the cap")
{
    ak::catch2::run([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor());
        ak::command c;
        c.program = "echo";
        c.args = {"hello"};
        auto r = co_await runner.async_run(c);
        CHECK(r.out.tail.at(0) == "hello");
    });
}

// Run explicitly by name (hidden): must fail with the cap message.
TEST_CASE("hangs", "[.]")
{
    ak::catch2::run(
        [](asio::io_context& ctx) -> asio::awaitable<void> {
            asio::steady_timer t(ctx, 1h);
            co_await t.async_wait(asio::use_awaitable);
        },
        100ms
    );
}
