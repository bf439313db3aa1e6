// 01_run_tool_with_deadline: run ArangoDB client tools under deadlines.
//
// Shows: a tool_runner with a global deadline, arango_tools bound to a server (the bundled simulator),
// a run that finishes in time, and a run whose own `timeout` expires: the graded stop (SIGINT, grace,
// SIGTERM, grace, SIGKILL) ends it and the run completes with errc::deadline_exceeded.
//
// Usage: example_01_run_tool_with_deadline
//   No arguments. Starts the simulator from the build tree ($ARANGOKIT_SIM_BIN_DIR overrides where).
#include <arangokit.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

ak::simulator_options sim_options()
{
    ak::simulator_options o; // bin_dir: $ARANGOKIT_SIM_BIN_DIR or this build's sim-bin/
    return o;
}

// A script that sleeps for a minute, with a 2 s timeout: the graded stop ends it at its deadline.
asio::awaitable<bool> run_past_deadline(ak::arango_tools& tools)
{
    //[deadline
    ak::arangosh_options slow;
    slow.javascript_execute_string.push_back("require('internal').sleep(60);");
    slow.timeout = 2s;
    slow.stop = ak::stop_policy{500ms, 500ms, true}; // SIGINT, 0.5 s, SIGTERM, 0.5 s, SIGKILL
    auto [ec, r] = co_await tools.async_run(slow, asio::as_tuple(asio::use_awaitable));
    std::cout << r.result.describe() << " -> " << ec.message() << '\n';
    bool stopped_in_time = ec == ak::errc::deadline_exceeded && r.result.timed_out();
    //]
    co_return stopped_in_time;
}

//[readme
asio::awaitable<int> co_main()
{
    ak::runner_config cfg;
    cfg.global_deadline = ak::deadline::after(120s); // no run outlives this
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so = sim_options(); // or point the tools at a real server
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);
    ak::arango_tools tools(runner, sim.make_instance()); // every tool talks to this server
    ak::arangodump_options dump;
    dump.output_directory = (sim.data_dir() / "dump").string();
    dump.timeout = 30s;                           // this run's cap, clamped to the global deadline
    auto dumped = co_await tools.async_run(dump); // throws ak::tool_error on failure
    std::cout << dumped.result.describe() << ": " << dumped.report.summary->text << '\n';
    bool stopped = co_await run_past_deadline(tools);
    co_await sim.async_stop(); // also removes the server's temp data dir, and the dump in it
    co_return dumped.ok() && stopped ? 0 : 1;
}
//]

int main()
{
    asio::io_context ctx;
    int rc = 1;
    asio::co_spawn(ctx, co_main(), [&](std::exception_ptr ep, int r) {
        rc = ep ? 1 : r;
        try
        {
            if (ep)
                std::rethrow_exception(ep);
        }
        catch (const ak::tool_error& e)
        {
            std::cerr << "tool failed: " << e.what() << '\n'; // command line, outcome, last stderr lines
            std::cerr << "exit code in shell convention: " << e.result().shell_exit_code() << '\n';
        }
        catch (const std::exception& e)
        {
            std::cerr << "error: " << e.what() << '\n';
        }
    });
    ctx.run();
    std::cout << (rc == 0 ? "example passed\n" : "example FAILED\n");
    return rc;
}
