// A user's Boost.Test program: arangokit/testing/boost_test.hpp runs the coroutine test bodies under a cap.
// With CONSUMER_SIMULATOR the simulator is started with default options: built against an installed
// arangokit, that is the simulator installed with it; $CONSUMER_PREFIX (the install prefix) lets the test
// check so.
#define BOOST_TEST_MODULE arangokit_consumer_boost_test
#include <arangokit.hpp>
#include <arangokit/testing/boost_test.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(a_tool_runs_under_the_cap)
{
    ak::boost_test::run([](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor());
        ak::command c;
        c.program = "echo";
        c.args = {"hello"};
        auto r = co_await runner.async_run(c);
        BOOST_TEST(r.out.tail.at(0) == "hello");
    });
}

// Run explicitly (it is disabled): must fail with the cap message.
BOOST_AUTO_TEST_CASE(hangs, *boost::unit_test::disabled())
{
    ak::boost_test::run(
        [](asio::io_context& ctx) -> asio::awaitable<void> {
            asio::steady_timer t(ctx, 1h);
            co_await t.async_wait(asio::use_awaitable);
        },
        100ms
    );
}

#ifdef CONSUMER_SIMULATOR
BOOST_AUTO_TEST_CASE(the_installed_simulator_is_found_by_default)
{
    asio::io_context ctx;
    ak::tool_runner runner(ctx.get_executor());
    std::optional<ak::simulator> sim;
    ak::boost_test::run(ctx, [&]() -> asio::awaitable<void> {
        ak::simulator_options defaults; // named: g++ 12 miscompiles a braced temporary inside co_await
        sim = co_await ak::async_start_simulator(runner, defaults);
        BOOST_TEST_MESSAGE("simulator bin dir: " << sim->bin_dir());
        const char* prefix = std::getenv("CONSUMER_PREFIX");
        BOOST_REQUIRE(prefix);
        auto want = std::filesystem::weakly_canonical(prefix);
        auto got = std::filesystem::weakly_canonical(sim->bin_dir());
        BOOST_TEST(got.string().rfind(want.string() + "/", 0) == 0, got << " is not under " << want);
        // The installed stand-in tools work against the installed server.
        ak::arango_tools tools(runner, sim->make_instance());
        ak::arangosh_options sh;
        sh.javascript_execute_string.push_back("print(db._version());");
        auto r = co_await tools.async_run(sh);
        BOOST_TEST(r.result.exit_code.value_or(-1) == 0);
        co_await sim->async_stop();
    });
}
#endif
