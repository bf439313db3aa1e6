// 05_crash_and_continue: a restore that crashes part-way, resumed with --continue until it completes.
//
// Shows: the pattern of ArangoDB's "dump with crashes" test. arangorestore runs with a failure point that
// makes it exit 1 after each collection it records as restored; the loop re-runs it with `continue_ = true`,
// which skips what is done. A failed attempt is data (as_tuple token). The copy must equal the original.
//
// Usage: example_05_crash_and_continue
//   No arguments. Starts the simulator from the build tree ($ARANGOKIT_SIM_BIN_DIR overrides where).
#include <arangokit.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace asio = boost::asio;
namespace ak = arangokit;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

asio::awaitable<int> co_main(fs::path work)
{
    ak::runner_config cfg;
    cfg.global_deadline = ak::deadline::after(200s);
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so; // bin_dir: $ARANGOKIT_SIM_BIN_DIR or this build's sim-bin/
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);
    ak::tool_context defaults = sim.make_instance().tool_defaults();
    defaults.allow_unknown_extra_args = true; // the failure point exists only in failure-test builds
    ak::arango_tools tools(runner, defaults);
    ak::arangosh_options seed; // four collections of 100 documents, dumped
    seed.javascript_execute_string.push_back(
        "for (const c of ['c1', 'c2', 'c3', 'c4']) { db._create(c);"
        " for (let i = 0; i < 100; ++i) db[c].save({_key: 'k' + i, i}); }"
    );
    co_await tools.async_run(seed);
    ak::arangodump_options dump;
    dump.output_directory = (work / "dump").string();
    co_await tools.async_run(dump);
    //[continue_loop
    ak::arangorestore_options restore;
    restore.input_directory = (work / "dump").string();
    restore.server.database = "restored";
    restore.create_database = true;
    restore.extra_args = {"--fail-after-update-continue-file", "true"};
    int attempts = 0, crashes = 0;
    for (bool done = false; !done && attempts < 20; ++attempts)
    {
        auto [ec, r] = co_await tools.async_run(restore, asio::as_tuple(asio::use_awaitable));
        done = r.ok();
        crashes += ec == ak::errc::nonzero_exit;
        std::cout << "attempt " << attempts + 1 << ": " << r.result.describe() << ", skipped "
                  << r.report.skipped.size() << " restored collection(s)\n";
        restore.continue_ = true; // every later attempt resumes where the last one stopped
    }
    //]
    ak::arangodump_options again;
    again.output_directory = (work / "again").string();
    again.server.database = "restored";
    co_await tools.async_run(again);
    auto diff = ak::compare_dumps(work / "dump", work / "again");
    std::cout << crashes << " crash(es); restored copy " << (diff.empty() ? "identical\n" : diff.describe());
    co_await sim.async_stop();
    co_return crashes > 0 && attempts < 20 && diff.empty() ? 0 : 1;
}

int main()
{
    fs::path work = fs::temp_directory_path() / ("ak-example-05-" + std::to_string(::getpid()));
    fs::create_directories(work);
    asio::io_context ctx;
    int rc = 1;
    asio::co_spawn(ctx, co_main(work), [&](std::exception_ptr ep, int r) {
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
    fs::remove_all(work);
    std::cout << (rc == 0 ? "example passed\n" : "example FAILED\n");
    return rc;
}
