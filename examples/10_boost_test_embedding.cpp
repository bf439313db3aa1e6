// 10_boost_test_embedding: arangokit inside a Boost.Test suite.
//
// Shows: a fixture that gives every test case its own simulator, runner and tools; arangokit's capped runner
// for coroutine test bodies (arangokit/testing/boost_test.hpp: a hung tool fails the test instead of hanging
// CI); assertions on parsed reports and error codes. A complete test program (header-only Boost.Test: nothing
// extra to link).
// Usage: example_10_boost_test_embedding [Boost.Test options, e.g. --log_level=test_suite]
#define BOOST_TEST_MODULE arangokit_example_boost_test
#include <arangokit.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/included/unit_test.hpp>
// After Boost.Test: the adapter uses whichever variant the program included.
#include <arangokit/testing/boost_test.hpp>

#include <filesystem>
#include <fstream>
#include <optional>

namespace asio = boost::asio;
namespace ak = arangokit;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

//[fixture
struct simulator_fixture
{
    asio::io_context ctx;
    ak::tool_runner runner{ctx.get_executor()};
    std::optional<ak::simulator> sim;
    std::optional<ak::arango_tools> tools;

    // Runs a coroutine test body on ctx; at `cap` the body is cancelled (its tools stopped) and the test
    // fails. An exception from the body is rethrown: a tool_error's what() names the command, exit and
    // stderr.
    template <class F> void run(F body, std::chrono::seconds cap = 60s)
    {
        ak::boost_test::run(ctx, body, cap);
    }

    simulator_fixture()
    {
        ak::simulator_options so; // bin_dir empty: found at run time (env, install, this build)
        run([&]() -> asio::awaitable<void> { sim = co_await ak::async_start_simulator(runner, so); });
        tools.emplace(runner, sim->make_instance());
    }
    ~simulator_fixture() // must not throw: no assertions here; removes the server's temp data dir
    {
        ctx.restart();
        if (sim)
            asio::co_spawn(ctx, sim->async_stop(asio::as_tuple(asio::use_awaitable)), asio::detached);
        ctx.run_for(30s); // returns as soon as the server is gone
    }
};
//]
BOOST_FIXTURE_TEST_SUITE(with_simulator, simulator_fixture)

//[test_case
BOOST_AUTO_TEST_CASE(imported_documents_are_dumped)
{
    run([&]() -> asio::awaitable<void> {
        fs::path dir = sim->data_dir(); // a private temp dir, removed with the server
        std::ofstream(dir / "users.jsonl") << "{\"_key\":\"ann\"}\n{\"_key\":\"bob\"}\n{\"_key\":\"cy\"}\n";
        ak::arangoimport_options imp;
        imp.file = (dir / "users.jsonl").string();
        imp.type = ak::import_type::jsonl;
        imp.collection = "users";
        imp.create_collection = true;
        auto imported = co_await tools->async_run(imp); // a failure throws tool_error: the test fails
        BOOST_TEST(imported.report.counters->created.value_or(0) == 3u);
        ak::arangodump_options dump;
        dump.output_directory = (dir / "dump").string();
        auto dumped = co_await tools->async_run(dump);
        BOOST_TEST(dumped.report.collections == std::vector<std::string>{"users"});
    });
}
//]

BOOST_AUTO_TEST_CASE(a_script_error_is_a_nonzero_exit)
{
    run([&]() -> asio::awaitable<void> {
        ak::arangosh_options sh;
        sh.javascript_execute_string.push_back("db._collection('nope').count();");
        auto [ec, r] = co_await tools->async_run(sh, asio::as_tuple(asio::use_awaitable));
        BOOST_TEST((ec == ak::errc::nonzero_exit && r.result.exit_code.value_or(0) != 0));
    });
}
BOOST_AUTO_TEST_SUITE_END()
