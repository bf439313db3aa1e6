// 06_arangobench_report: run a load test and read its numbers as typed values.
//
// Shows: arangobench with a request count, concurrency and several runs, and the parsed
// `arangobench_report`: total operations, the median result block (operations per second, time per
// operation), min/avg/max request time, and the failure flags the tool prints.
//
// Usage: example_06_arangobench_report
//   No arguments. Starts the simulator from the build tree ($ARANGOKIT_SIM_BIN_DIR overrides where).
#include <arangokit.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <iostream>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

asio::awaitable<int> co_main()
{
    ak::runner_config cfg;
    cfg.global_deadline = ak::deadline::after(180s);
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so; // bin_dir: $ARANGOKIT_SIM_BIN_DIR or this build's sim-bin/
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);
    ak::arango_tools tools(runner, sim.make_instance());

    //[bench
    ak::arangobench_options bench;
    bench.test_case = ak::bench_test_case::crud;
    bench.requests = 400;
    bench.threads = 2;
    bench.runs = 3; // three runs: the report then has fastest, slowest and median blocks
    bench.timeout = 120s;
    auto run = co_await tools.async_run(bench);
    const ak::arangobench_report& rep = run.report;
    const ak::bench_result_block* main = rep.main_result(); // the median with several runs
    std::printf(
        "%s: %llu operations, %zu result blocks\n", rep.test_case.c_str(),
        static_cast<unsigned long long>(rep.total_operations.value_or(0)), rep.results.size()
    );
    if (main && main->operations_per_second)
        std::printf("  %s: %.0f ops/s\n", main->which.c_str(), *main->operations_per_second);
    if (rep.min_ms && rep.avg_ms && rep.max_ms)
        std::printf("  request time min/avg/max: %.3f/%.3f/%.3f ms\n", *rep.min_ms, *rep.avg_ms, *rep.max_ms);
    //]

    bool numbers_ok = rep.total_operations == 400u && main && main->which == "median" &&
                      main->operations_per_second.value_or(0) > 0 && rep.avg_ms && !rep.failures;
    co_await sim.async_stop();
    co_return run.ok() && numbers_ok ? 0 : 1;
}

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
            std::cerr << "tool failed: " << e.what() << '\n';
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
