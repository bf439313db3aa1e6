// 07_hot_backup: create, list and restore hot backups with arangobackup.
//
// Shows: one options type for every arangobackup operation, and the parsed `arangobackup_report`
// (`created_id`, `backups`, `restored_id`, `failure_message`). arangobackup exits 0 even when an operation
// failed; arangokit reads the output, so such a run is not ok() (errc::tool_reported_failure).
//
// Usage: example_07_hot_backup
//   No arguments. Starts the simulator from the build tree ($ARANGOKIT_SIM_BIN_DIR overrides where).
#include <arangokit.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <iostream>

namespace asio = boost::asio;
namespace ak = arangokit;
using namespace std::chrono_literals;

asio::awaitable<int> co_main()
{
    ak::runner_config cfg;
    cfg.global_deadline = ak::deadline::after(120s);
    ak::tool_runner runner(co_await asio::this_coro::executor, cfg);
    ak::simulator_options so; // bin_dir: $ARANGOKIT_SIM_BIN_DIR or this build's sim-bin/
    ak::simulator sim = co_await ak::async_start_simulator(runner, so);
    ak::arango_tools tools(runner, sim.make_instance());

    //[backup
    ak::arangobackup_options create;
    create.operation = ak::backup_operation::create;
    create.label = "before-migration";
    auto created = co_await tools.async_run(create);
    const std::string id = created.report.created_id.value();
    std::cout << "created " << id << '\n';

    ak::arangobackup_options list;
    list.operation = ak::backup_operation::list;
    auto listed = co_await tools.async_run(list);
    for (const ak::backup_entry& b : listed.report.backups)
        std::cout << "  " << b.id << ", " << b.size_bytes.value_or(0) << " bytes\n";

    ak::arangobackup_options restore;
    restore.operation = ak::backup_operation::restore;
    restore.identifier = id;
    auto restored = co_await tools.async_run(restore);
    //]

    //[backup_failure
    ak::arangobackup_options missing;
    missing.operation = ak::backup_operation::delete_;
    missing.identifier = "no-such-backup";
    auto [ec, failed] = co_await tools.async_run(missing, asio::as_tuple(asio::use_awaitable));
    std::cout << "delete of a missing backup: exit " << failed.result.exit_code.value_or(-1) << ", "
              << ec.message() << ": " << failed.report.failure_message.value_or("?") << '\n';
    //]

    bool in_list = std::any_of(
        listed.report.backups.begin(), listed.report.backups.end(),
        [&](const ak::backup_entry& b) { return b.id == id; }
    );
    co_await sim.async_stop();
    bool ok = in_list && restored.report.restored_id == id && ec == ak::errc::tool_reported_failure &&
              failed.result.exit_code == 0;
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
        catch (const ak::tool_error& e) // what(): command line, exit status or signal, last stderr lines
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
