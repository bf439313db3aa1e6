// 04_dump_restore_verify: dump a database, restore it elsewhere, and prove the copy is identical.
//
// Shows: arangodump (gzip) with its parsed summary, arangorestore into a new database, a second dump of
// the copy, and `compare_dumps`, which compares two dump directories document by document (compressed or
// not) and reports differences as data.
//
// Usage: example_04_dump_restore_verify
//   No arguments. Starts the simulator from the build tree ($ARANGOKIT_SIM_BIN_DIR overrides where).
#include <arangokit.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

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
    cfg.global_deadline = ak::deadline::after(180s);
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so; // bin_dir: $ARANGOKIT_SIM_BIN_DIR or this build's sim-bin/
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);
    ak::arango_tools tools(runner, sim.make_instance());

    ak::arangosh_options seed; // two collections with a few hundred documents
    seed.javascript_execute_string.push_back(
        "for (const c of ['orders', 'customers']) { db._create(c);"
        " for (let i = 0; i < 300; ++i) db[c].save({_key: 'k' + i, n: i, tag: c}); }"
    );
    co_await tools.async_run(seed);

    //[dump
    ak::arangodump_options dump;
    dump.output_directory = (work / "original").string();
    dump.compress_output = true;
    auto dumped = co_await tools.async_run(dump);
    std::cout << "dumped " << dumped.report.summary->collections << " collections, "
              << dumped.report.summary->bytes << " bytes\n";
    //]

    //[restore
    ak::arangorestore_options restore;
    restore.input_directory = (work / "original").string();
    restore.server.database = "copy";
    restore.create_database = true;
    auto restored = co_await tools.async_run(restore);
    std::cout << "restored " << restored.report.loaded.size() << " collections into 'copy'\n";
    //]

    //[verify
    ak::arangodump_options again;
    again.output_directory = (work / "copy").string();
    again.server.database = "copy";
    co_await tools.async_run(again);
    ak::dump_diff diff = ak::compare_dumps(work / "original", work / "copy"); // throws if unreadable
    std::cout << (diff.empty() ? std::string("identical\n") : diff.describe());
    //]

    co_await sim.async_stop();
    co_return diff.empty() && dumped.report.summary->collections == 2 ? 0 : 1;
}

int main()
{
    fs::path work = fs::temp_directory_path() / ("ak-example-04-" + std::to_string(::getpid()));
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
