// 09_client_group_shared_stop: several clients in one group, ended by one shared stop.
//
// Shows: `client_group` (structured concurrency for client tools) with typed members. Four arangosh clients
// write documents in an endless loop until the orchestrator calls `request_stop()`: one stop, four receivers.
// The group spawns each typed run itself (`clients.spawn(tools.make_run(sh))`: options in, typed report out),
// so each member has its pid, its log and an iteration count read from its output. Each tool gets the graded
// stop and its member is reported `stopped` (cause `requested`), not failed; `async_wait` returns only once
// every child has been reaped. `stop_on_failure` would stop the others if one client failed.
//
// Usage: example_09_client_group_shared_stop
//   No arguments. Starts the simulator from the build tree ($ARANGOKIT_SIM_BIN_DIR overrides where).
#include <arangokit.hpp>
#include <arangokit/arango/http/instance_client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <filesystem>
#include <iostream>
#include <regex>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

constexpr const char* writer_loop = "for (let i = 1; ; ++i) { db.events.save({client: ARGUMENTS[0], i}); if "
                                    "(i % 25 == 0) print('written ' + i); }";

asio::awaitable<int> co_main()
{
    ak::runner_config cfg;
    cfg.global_deadline = ak::deadline::after(180s);
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so; // bin_dir: $ARANGOKIT_SIM_BIN_DIR or this build's sim-bin/
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);
    ak::arango_tools tools(runner, sim.make_instance());
    ak::arango_client http(runner.get_executor(), ak::client_config_for(sim.make_instance()));
    boost::json::object properties; // a named argument: g++ 12 miscompiles temporaries in co_await
    co_await http.async_create_collection("_system", "events", properties);

    //[group
    ak::group_options opts;
    opts.on_failure = ak::group_policy::stop_on_failure; // one client failing stops the others
    opts.stop = ak::stop_policy{1s, 1s, true};           // how members are stopped
    opts.log_dir = std::filesystem::temp_directory_path() / ("ak-example-09-" + std::to_string(::getpid()));
    ak::client_group clients(runner, opts);
    ak::member_options mo;
    mo.iteration_pattern = std::regex(R"(written (\d+))"); // the count the script prints
    ak::arangosh_options sh;
    sh.javascript_execute_string.push_back(writer_loop);
    std::vector<ak::typed_member<ak::tool_report<ak::arangosh_options>>> writers;
    for (int i = 0; i < 4; ++i)
    {
        sh.script_args = {std::to_string(i)}; // make_run renders now: the options may change afterwards
        writers.push_back(clients.spawn(tools.make_run(sh), mo)); // runs until the group stops it
    }
    asio::steady_timer poll(runner.get_executor());
    for (int tries = 0; tries < 300; ++tries) // until 400 documents are there (at most about a minute)
    {
        if (std::uint64_t n = co_await http.async_count("_system", "events"); n >= 400)
            break;
        poll.expires_after(200ms);
        co_await poll.async_wait(asio::use_awaitable);
    }
    ak::group_snapshot now = clients.snapshot(); // pids and iterations while they run
    clients.request_stop();                      // one signal, four receivers
    ak::group_result all = co_await clients.async_wait();
    //]

    std::cout << all.describe() << '\n';
    bool members_ok = true;
    for (const auto& w : writers)
    {
        const ak::member_result& m = all.members[w.index()];
        const ak::tool_report<ak::arangosh_options>& rep = w.report(); // the report async_run would give
        std::cout << "  " << m.label << " pid " << now.members[w.index()].pid << ": " << m.outcome << ", "
                  << m.iterations << " iterations, " << rep.report.script_lines << " lines printed, log "
                  << m.log_file.filename().string() << '\n';
        members_ok = members_ok && now.members[w.index()].pid > 0 && m.tool && m.tool->pid > 0 &&
                     !m.log_file.empty() && rep.result.pid == m.tool->pid;
    }
    clients.cleanup(); // the logs of members that did not fail go
    std::uint64_t written = co_await http.async_count("_system", "events");
    std::size_t clients_left = runner.live_count() - 1; // the server is the runner's only other child
    std::cout << written << " documents written; " << clients_left << " client processes left\n";
    co_await sim.async_stop();
    bool ok = all.stopped == 4 && all.failed == 0 && all.stop_reason == ak::stop_cause::requested &&
              written >= 400 && clients_left == 0 && members_ok;
    co_return ok ? 0 : 1;
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
        catch (const ak::group_error& e)
        {
            std::cerr << "group failed: " << e.what() << '\n';
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
