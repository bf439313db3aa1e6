// 02_errors_without_exceptions: every failure as a value, never an exception.
//
// Shows: `asio::as_tuple(asio::use_awaitable)` as the completion token, so each run yields
// `(error_code, tool_report)` and the report is filled in even on failure. Three failures, three codes:
//   invalid options  -> errc::invalid_options        (rejected before anything is spawned)
//   a script throws  -> errc::nonzero_exit            (exit code, and the JavaScript exception parsed)
//   rejected imports -> errc::tool_reported_failure   (arangoimport exits 0, but its output reports errors)
// Usage: example_02_errors_without_exceptions
//   No arguments. Starts the simulator from the build tree ($ARANGOKIT_SIM_BIN_DIR overrides where).
#include <arangokit.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

//[no_throw_token
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> no_throw{}; // completions as (error_code, result)
//]
asio::awaitable<int> co_main()
{
    ak::runner_config cfg;
    cfg.global_deadline = ak::deadline::after(120s);
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so; // bin_dir: $ARANGOKIT_SIM_BIN_DIR or this build's sim-bin/
    auto [sec, sim] = co_await ak::async_start_simulator(runner, so, no_throw);
    if (sec)
    {
        std::cerr << "simulator did not start: " << sec.message() << '\n';
        co_return 1;
    }
    ak::arango_tools tools(runner, sim.make_instance());
    int matched = 0;
    //[invalid_options
    ak::arangodump_options dump;
    dump.all_databases = true;
    dump.server.database = "shop"; // arangodump refuses --all-databases with an explicit database
    dump.output_directory = "/tmp/never-written";
    auto [ec1, r1] = co_await tools.async_run(dump, no_throw);
    if (ec1 == ak::errc::invalid_options && r1.result.reason == ak::end_reason::not_started)
        std::cout << "rejected before spawning: " << r1.result.error_message << '\n';
    //]
    matched += ec1 == ak::errc::invalid_options;

    //[nonzero_exit
    ak::arangosh_options sh;
    sh.javascript_execute_string.push_back("throw new Error('no such customer');");
    auto [ec2, r2] = co_await tools.async_run(sh, no_throw);
    if (ec2 == ak::errc::nonzero_exit && !r2.report.exceptions.empty())
        std::cout << r2.result.describe() << ": " << r2.report.exceptions.front().message << '\n';
    //]
    matched += ec2 == ak::errc::nonzero_exit && r2.report.exceptions.size() == 1 &&
               r2.report.exceptions.front().message.find("no such customer") != std::string::npos;

    //[reported_failure
    auto file = std::filesystem::temp_directory_path() / "ak-example-02.jsonl";
    std::ofstream(file) << "{\"_key\":\"a\"}\n{\"_key\":\"not a valid key\"}\n";
    ak::arangoimport_options imp;
    imp.file = file.string();
    imp.type = ak::import_type::jsonl;
    imp.collection = "customers";
    imp.create_collection = true;
    auto [ec3, r3] = co_await tools.async_run(imp, no_throw);
    if (ec3 == ak::errc::tool_reported_failure && r3.result.exit_code == 0)
        std::cout << "exit 0 but not ok: " << r3.outcome.reason << '\n';
    //]
    matched += ec3 == ak::errc::tool_reported_failure && r3.report.counters &&
               r3.report.counters->errors.value_or(0) == 1;
    std::filesystem::remove(file);
    auto [stop_ec, stop_r] = co_await sim.async_stop(no_throw);
    std::cout << matched << "/3 failures reported as expected\n";
    co_return matched == 3 && !stop_ec ? 0 : 1;
}

int main()
{
    asio::io_context ctx;
    int rc = 1;
    asio::co_spawn(ctx, co_main(), [&](std::exception_ptr ep, int r) {
        rc = ep ? 1 : r; // co_main throws nothing by design: every failure above is a value
    });
    ctx.run();
    std::cout << (rc == 0 ? "example passed\n" : "example FAILED\n");
    return rc;
}
