// arangokit_demo: one scenario end to end, under one global deadline.
//
//   start the server (the bundled simulator, unless --endpoint points at a real one)
//   4 background arangosh clients write documents while arangoimport loads a JSON Lines file
//   stop the clients through a stop document (graded process stop as the fallback)
//   arangodump (gzip) -> arangorestore into a new database -> arangodump -> compare the two dumps
//   arangobench for a few seconds; arangobackup create + list
//   a report table and a JUnit report; exit code 1 if any step failed
//
// Usage: arangokit_demo [--deadline SECONDS] [--bin-dir DIR --endpoint URL [--user U]] [--keep] [--serve]
//                       [--junit FILE]
//   The password comes from $ARANGOKIT_PASSWORD, never from argv.
//   --serve shows the scenario live in a browser (arangokit/reports/status_server.hpp) at the printed URL, on
//   127.0.0.1, until the scenario ends; with $ARANGOKIT_STATUS_TOKEN set it needs that bearer token.
//   --junit FILE: where the JUnit XML report goes (default: arangokit-demo-junit.xml in the current
//   directory). With --endpoint the demo talks to that server with the tools in --bin-dir (real ArangoDB
//   binaries); otherwise it starts the simulator from the build tree (or $ARANGOKIT_SIM_BIN_DIR).
#include <arangokit.hpp>
#include <arangokit/arango/http/instance_client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;
namespace ak = arangokit;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> no_throw{};

namespace {

struct settings
{
    int deadline_s = 180;
    std::string bin_dir, endpoint, user, password;
    bool keep = false;
    bool serve = false;
    std::string junit = "arangokit-demo-junit.xml";
    std::string status_token;
};

// The steps' results, printed as the library's summary table (arangokit/reports/summary_table.hpp).
struct report : ak::result_report
{
    void add(std::string step, std::string tool, bool ok, std::string outcome, double s, std::string figures)
    {
        ak::report_entry e;
        e.name = std::move(step);
        e.tool = std::move(tool);
        e.status = ok ? ak::entry_status::passed : ak::entry_status::failed;
        e.outcome = std::move(outcome);
        e.time = std::chrono::duration<double>(s);
        e.figures = std::move(figures);
        ak::result_report::add(std::move(e));
    }
    //[summary_table
    void print() const { std::printf("\n%s", ak::format_summary_table(*this).c_str()); }
    //]
};

double secs(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

std::string outcome_of(const ak::error_code& ec, bool ok)
{
    if (ok)
        return "ok";
    return ec ? ec.message() : std::string("failed");
}

// The background clients' snippet, run in a loop by the generated wrapper until the stop document appears
// (checked every tenth iteration); the wrapper then writes a done document with the iteration count.
constexpr const char* client_snippet = "db.events.save({t: Date.now()});";

asio::awaitable<int> scenario(asio::io_context& ctx, settings cfg)
{
    report rep;
    fs::path work = fs::temp_directory_path() / ("arangokit-demo-" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::create_directories(work);
    auto global = ak::deadline::after(std::chrono::seconds(cfg.deadline_s));
    std::printf("arangokit demo: working in %s, global deadline %d s\n", work.c_str(), cfg.deadline_s);

    // Every tool's output, streamed with a prefix. Progress: one live line on a terminal, else lines of
    // their own (a log gets no carriage returns).
    ak::runner_config rc;
    rc.global_deadline = global;
    //[progress_line
    auto progress = std::make_shared<ak::progress_line>(STDOUT_FILENO);
    rc.sinks.push_back(progress);
    //]
    rc.sinks.push_back(std::make_shared<ak::callback_event_sink>(
        [progress](const ak::tool_event& e) {
            if (e.kind == ak::event_kind::line && e.label != "arangosim" && e.label != "arangosh")
            {
                progress->clear();
                std::printf("  [%s] %s\n", e.label.c_str(), e.text.c_str());
                std::fflush(stdout);
            }
            else if (e.kind == ak::event_kind::progress && !progress->enabled())
                std::printf("  progress [%s] %s\n", e.label.c_str(), e.text.c_str());
            else if (e.kind == ak::event_kind::timed_out)
            {
                progress->clear();
                std::printf("  [%s] deadline reached: stopping\n", e.label.c_str());
            }
        },
        true
    ));
    //[live_status
    // The live page: the board follows every run and group through the events; the server shows it.
    auto board = std::make_shared<ak::status_board>(ak::status_board_options{.title = "arangokit demo"});
    std::optional<ak::status_server> status;
    if (cfg.serve)
    {
        rc.sinks.push_back(board);
        rc.sample_interval = 500ms; // CPU and RSS charts
        ak::status_server_options so;
        so.token = cfg.status_token; // empty: no token
        status.emplace(ctx.get_executor(), board, so);
        status->listen();
        status->async_serve(asio::detached);
        std::printf(
            "arangokit demo: live status at %s%s\n", status->url().c_str(),
            so.token.empty() ? "" : " (append #token=<$ARANGOKIT_STATUS_TOKEN>)"
        );
        std::fflush(stdout);
    }
    //]
    ak::tool_runner runner(ctx.get_executor(), rc);

    // 1. The server.
    std::optional<ak::simulator> sim;
    ak::instance inst;
    auto t0 = std::chrono::steady_clock::now();
    if (cfg.endpoint.empty())
    {
        ak::simulator_options so;
        so.bin_dir = cfg.bin_dir;
        auto [ec, s] = co_await ak::async_start_simulator(runner, so, no_throw);
        rep.add(
            "start server", "arangosim", !ec, outcome_of(ec, !ec),
            secs(std::chrono::steady_clock::now() - t0), ec ? "" : s.endpoint()
        );
        if (ec)
        {
            rep.print();
            if (status)
                status->stop();
            co_return 1;
        }
        sim.emplace(std::move(s));
        inst = sim->make_instance();
    }
    else
    {
        inst.endpoints = {cfg.endpoint};
        inst.bin_dir = cfg.bin_dir;
        if (!cfg.user.empty())
            inst.username = cfg.user;
        if (!cfg.password.empty())
            inst.password = cfg.password;
    }
    inst.root_dir = work;
    ak::arango_tools tools(runner, inst);
    ak::arango_client http(ctx.get_executor(), ak::client_config_for(inst, global));
    co_await http.async_wait_until_ready(global);
    for (const char* c : {"events"})
    {
        boost::json::object p;
        p["type"] = 2;
        co_await http.async_create_collection("_system", c, p, no_throw);
    }

    // 2. Four background shells writing documents, while arangoimport loads a file.
    ak::shell_group_options sgo;
    sgo.directory = work / "shells";
    sgo.stop_grace = 10s;
    ak::shell_group shells(tools, inst, sgo);
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 4; ++i)
    {
        std::string key = "client-" + std::to_string(i);
        co_await shells.async_launch_snippet(client_snippet, key, false, no_throw);
    }
    {
        std::ofstream f(work / "orders.jsonl");
        for (int i = 0; i < 20000; ++i)
            f << "{\"_key\":\"o" << i << "\",\"amount\":" << (i * 7) % 1000 << ",\"customer\":\"c" << i % 97
              << "\"}\n";
    }
    ak::arangoimport_options imp;
    imp.file = (work / "orders.jsonl").string();
    imp.type = ak::import_type::jsonl;
    imp.collection = "orders";
    imp.create_collection = true;
    imp.batch_size = 65536;
    auto [iec, ir] = co_await tools.async_run(imp, no_throw);
    rep.add(
        "import 20000 orders", "arangoimport", ir.ok(), outcome_of(iec, ir.ok()), secs(ir.result.elapsed),
        ir.report.counters ? "created " + std::to_string(ir.report.counters->created.value_or(0)) +
                                 ", errors " + std::to_string(ir.report.counters->errors.value_or(0))
                           : "no summary"
    );

    // 3. Stop the shells: the stop document ends their loops; the graded stop is the fallback after the
    // grace.
    auto [sec_, sres] = co_await shells.async_stop(no_throw);
    std::size_t clean = sres.shells.size() - sres.failed;
    rep.add(
        "4 background shells", "arangosh", sres.failed == 0 && sres.shells.size() == 4,
        std::to_string(clean) + "/" + std::to_string(sres.shells.size()) + " stopped cleanly",
        secs(std::chrono::steady_clock::now() - t0), std::to_string(sres.iterations) + " iterations"
    );
    if (sres.failed)
        std::printf("%s\n", sres.report().c_str());
    shells.cleanup();

    // 4. Dump, restore into a new database, dump again, compare.
    ak::arangodump_options dump;
    dump.output_directory = (work / "dump").string();
    dump.compress_output = true;
    dump.overwrite = true;
    auto [dec, dr] = co_await tools.async_run(dump, no_throw);
    rep.add(
        "dump (gzip)", "arangodump", dr.ok(), outcome_of(dec, dr.ok()), secs(dr.result.elapsed),
        dr.report.summary ? std::to_string(dr.report.summary->collections) + " collections, " +
                                std::to_string(dr.report.summary->bytes) + " bytes"
                          : "no summary"
    );
    ak::arangorestore_options restore;
    restore.input_directory = (work / "dump").string();
    restore.server.database = "demo_copy";
    restore.create_database = true;
    auto [rec, rr] = co_await tools.async_run(restore, no_throw);
    rep.add(
        "restore into demo_copy", "arangorestore", rr.ok(), outcome_of(rec, rr.ok()), secs(rr.result.elapsed),
        rr.report.summary ? std::to_string(rr.report.summary->collections) + " collections" : "no summary"
    );
    ak::arangodump_options dump2;
    dump2.output_directory = (work / "dump-copy").string();
    dump2.server.database = "demo_copy";
    dump2.overwrite = true;
    auto [d2ec, d2] = co_await tools.async_run(dump2, no_throw);
    t0 = std::chrono::steady_clock::now();
    ak::error_code cec;
    ak::artifact_diagnostics diag;
    auto diff = ak::compare_dumps(work / "dump", work / "dump-copy", {}, cec, diag);
    bool same = d2.ok() && !cec && diff.empty();
    rep.add(
        "compare dumps", "arangokit", same, same ? "identical" : (cec ? diag.message : "differ"),
        secs(std::chrono::steady_clock::now() - t0), same ? "document by document" : diff.describe(3)
    );

    // 5. arangobench for a few seconds.
    ak::arangobench_options bench;
    bench.test_case = ak::bench_test_case::document;
    bench.duration = 3;
    bench.threads = 2;
    auto [bec, br] = co_await tools.async_run(bench, no_throw);
    std::string bench_fig = "no report";
    if (br.report.total_operations && br.report.avg_ms)
        bench_fig = std::to_string(*br.report.total_operations) + " ops, avg " +
                    std::to_string(*br.report.avg_ms).substr(0, 5) + " ms";
    rep.add(
        "benchmark 3 s", "arangobench", br.ok(), outcome_of(bec, br.ok()), secs(br.result.elapsed), bench_fig
    );

    // 6. Hot backup: create and list.
    ak::arangobackup_options create;
    create.operation = ak::backup_operation::create;
    create.label = "demo";
    auto [cec2, cr] = co_await tools.async_run(create, no_throw);
    rep.add(
        "hot backup create", "arangobackup", cr.ok(), outcome_of(cec2, cr.ok()), secs(cr.result.elapsed),
        cr.report.created_id.value_or("")
    );
    ak::arangobackup_options list;
    list.operation = ak::backup_operation::list;
    auto [lec, lr] = co_await tools.async_run(list, no_throw);
    rep.add(
        "hot backup list", "arangobackup", lr.ok() && !lr.report.backups.empty(), outcome_of(lec, lr.ok()),
        secs(lr.result.elapsed), std::to_string(lr.report.backups.size()) + " backup(s)"
    );

    if (sim)
    {
        t0 = std::chrono::steady_clock::now();
        auto [sec, sr] = co_await sim->async_stop(no_throw);
        rep.add(
            "stop server", "arangosim", !sec, outcome_of(sec, !sec),
            secs(std::chrono::steady_clock::now() - t0), ""
        );
    }
    rep.print();
    bool ok = rep.all_ok();
    rep.name = "arangokit demo";
    ak::error_code jec;
    ak::write_junit_xml(rep, cfg.junit, jec);
    if (jec)
        std::printf("cannot write the JUnit report %s: %s\n", cfg.junit.c_str(), jec.message().c_str());
    else
        std::printf("JUnit report: %s\n", fs::absolute(cfg.junit).c_str());
    if (status)
    {
        std::printf("live status: the scenario ended; stopping the server at %s\n", status->url().c_str());
        status->stop();
    }
    std::printf(
        "\n%s; %zu steps under one %d s deadline (%.1f s left)\n", ok ? "all steps ok" : "SOME STEPS FAILED",
        rep.entries.size(), cfg.deadline_s, secs(global.remaining())
    );
    if (!cfg.keep && ok)
        fs::remove_all(work);
    else
        std::printf("kept: %s\n", work.c_str());
    co_return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    settings cfg;
    if (const char* e = std::getenv("ARANGOKIT_SIM_BIN_DIR"))
        cfg.bin_dir = e;
    if (const char* e = std::getenv("ARANGOKIT_PASSWORD"))
        cfg.password = e;
    if (const char* e = std::getenv("ARANGOKIT_STATUS_TOKEN"))
        cfg.status_token = e;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
            {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--deadline")
            cfg.deadline_s = std::stoi(value());
        else if (a == "--bin-dir")
            cfg.bin_dir = value();
        else if (a == "--endpoint")
            cfg.endpoint = value();
        else if (a == "--user")
            cfg.user = value();
        else if (a == "--keep")
            cfg.keep = true;
        else if (a == "--serve")
            cfg.serve = true;
        else if (a == "--junit")
            cfg.junit = value();
        else
        {
            std::fprintf(
                stderr,
                "usage: %s [--deadline SECONDS] [--bin-dir DIR --endpoint URL [--user U]] "
                "[--keep] [--serve] [--junit FILE]\n",
                argv[0]
            );
            return 2;
        }
    }
    asio::io_context ctx;
    int rc = 1;
    asio::co_spawn(ctx, scenario(ctx, cfg), [&](std::exception_ptr ep, int r) {
        rc = r;
        if (ep)
        {
            try
            {
                std::rethrow_exception(ep);
            }
            catch (const std::exception& e)
            {
                std::fprintf(stderr, "demo failed: %s\n", e.what());
                rc = 1;
            }
        }
    });
    ctx.run();
    return rc;
}
