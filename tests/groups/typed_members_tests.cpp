// Typed group members against the simulator: a client_group spawns arango_tools runs itself (options in,
// typed report out) and keeps for them what it keeps for command members: pids, per-member logs, iteration
// counts, the shared stop, deadlines and the failure policies.
#define BOOST_TEST_MODULE arangokit_groups_typed
#include <arangokit/arango/arango_run.hpp>
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include "run_coro.hpp"
#include "sim_fixture.hpp"
#include "test_paths.hpp"
#include "timing.hpp"
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ak::test::eventually;
using ak::test::run_with_simulator;
using ak::test::sim_env;
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

using shell_member = ak::typed_member<ak::tool_report<ak::arangosh_options>>;

// An arangosh that writes until it is stopped and prints its count every 10 documents.
ak::arangosh_options writer(const std::string& collection)
{
    ak::arangosh_options sh;
    sh.javascript_execute_string.push_back(
        "for (let i = 1; ; ++i) { db." + collection + ".save({i}); if (i % 10 == 0) print('written ' + i); }"
    );
    return sh;
}

ak::member_options counted()
{
    ak::member_options mo;
    mo.iteration_pattern = std::regex(R"(written (\d+))");
    return mo;
}

void write_jsonl(const fs::path& p, int n, int bad = 0)
{
    std::ofstream f(p);
    for (int i = 0; i < n; ++i)
        f << "{\"_key\":\"k" << i << "\",\"value\":" << i << "}\n";
    for (int i = 0; i < bad; ++i)
        f << "{\"_key\":\"bad key " << i << "\"}\n"; // spaces are not allowed in keys: rejected by the server
}

std::string slurp(const fs::path& p)
{
    std::ifstream f(p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(typed_members)

BOOST_AUTO_TEST_CASE(reports_are_parsed_and_pids_logs_and_iterations_kept_as_for_commands)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            write_jsonl(env.dir / "users.jsonl", 30);
            ak::arangoimport_options imp;
            imp.file = (env.dir / "users.jsonl").string();
            imp.type = ak::import_type::jsonl;
            imp.collection = "users";
            imp.create_collection = true;
            ak::arangobench_options bench;
            bench.test_case = ak::bench_test_case::version;
            bench.requests = 200;
            bench.threads = 2;
            ak::arangosh_options sh;
            sh.javascript_execute_string.push_back("for (let i = 1; i <= 7; ++i) print('step ' + i);");
            ak::member_options steps;
            steps.iteration_pattern = std::regex(R"(step (\d+))");

            ak::group_options go;
            go.log_dir = env.dir / "logs";
            std::vector<std::string> started;
            go.on_event = [&](const ak::group_event& e) {
                if (e.kind == ak::group_event_kind::member_started)
                    started.push_back(e.label);
            };
            ak::client_group g(env.runner, go);
            auto imported = g.spawn(tools.make_run(imp));
            auto benched = g.spawn(tools.make_run(bench));
            auto shell = g.spawn(tools.make_run(sh), steps);
            BOOST_TEST(!imported.done()); // running: no report yet
            BOOST_CHECK_THROW(imported.report(), std::logic_error);
            auto [ec, all] = co_await g.async_wait(as_tuple);
            BOOST_TEST(!ec, ec.message() << "; " << all.describe());
            BOOST_TEST(all.succeeded == 3u);
            BOOST_TEST(started.size() == 3u); // each was spawned by the group, so each was started

            BOOST_REQUIRE(imported.done());
            const auto& ir = imported.report();
            BOOST_TEST(ir.ok());
            BOOST_REQUIRE(ir.report.counters.has_value());
            BOOST_TEST(ir.report.counters->created.value_or(0) == 30u);
            BOOST_REQUIRE(benched.done());
            BOOST_REQUIRE(benched.report().report.total_operations.has_value());
            BOOST_TEST(*benched.report().report.total_operations == 200u);
            BOOST_REQUIRE(shell.done());
            BOOST_TEST(shell.report().report.script_lines == 7u);

            for (std::size_t i : {imported.index(), benched.index(), shell.index()})
            {
                const auto& m = all.members[i];
                BOOST_TEST(m.is_tool);
                BOOST_REQUIRE(m.tool.has_value());
                BOOST_TEST(m.tool->pid > 0);
                BOOST_TEST(m.tool->ok());
                BOOST_TEST(!m.log_file.empty());
                BOOST_TEST(m.log_file.parent_path() == go.log_dir);
                BOOST_TEST(fs::file_size(m.log_file) > 0u, m.log_file); // the tool's output, teed
            }
            BOOST_TEST(all.members[imported.index()].label == "arangoimport");
            BOOST_TEST(all.members[benched.index()].label == "arangobench");
            BOOST_TEST(imported.report().result.pid == all.members[imported.index()].tool->pid);
            BOOST_TEST(all.members[shell.index()].iterations == 7u);
            BOOST_TEST(slurp(all.members[shell.index()].log_file).find("step 7") != std::string::npos);

            // The same report async_run gives for the same options.
            auto direct = co_await tools.async_run(bench);
            BOOST_TEST(direct.ok() == benched.report().ok());
            BOOST_TEST(direct.report.total_operations.value_or(0) == 200u);
            BOOST_TEST(direct.report.test_case == benched.report().report.test_case);
            BOOST_TEST((direct.notes == benched.report().notes));
            BOOST_TEST(direct.result.label == benched.report().result.label);
        },
        180s
    );
}

BOOST_AUTO_TEST_CASE(the_shared_stop_stops_typed_members_who_count_as_stopped)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            ak::arangosh_options create;
            create.javascript_execute_string.push_back("db._create('w');");
            auto created = co_await tools.async_run(create);
            BOOST_REQUIRE(created.ok());

            ak::group_options go;
            go.stop = ak::stop_policy{1s, 1s, true};
            ak::client_group g(env.runner, go);
            ak::arangosh_options sh = writer("w");
            std::vector<shell_member> writers;
            for (int i = 0; i < 3; ++i)
                writers.push_back(g.spawn(tools.make_run(sh), counted()));
            bool counting = co_await eventually(
                [&] {
                    auto s = g.snapshot();
                    for (const auto& m : s.members)
                        if (m.iterations == 0)
                            return false;
                    return true;
                },
                60s
            );
            BOOST_REQUIRE(counting); // every writer is running and its lines reach the group
            ak::group_snapshot now = g.snapshot();
            BOOST_TEST(now.running == 3u);
            for (const auto& m : now.members)
                BOOST_TEST(m.pid > 0);
            g.request_stop();
            auto [ec, all] = co_await g.async_wait(as_tuple);
            BOOST_TEST(!ec, ec.message()); // an explicit request_stop is not an error
            BOOST_TEST(all.stopped == 3u, all.describe());
            BOOST_TEST(all.failed == 0u);
            BOOST_TEST(all.stop_reason == ak::stop_cause::requested);
            for (const auto& w : writers)
            {
                const auto& m = all.members[w.index()];
                BOOST_TEST(m.outcome == ak::member_outcome::stopped);
                BOOST_TEST(m.stopped_because == ak::stop_cause::requested);
                BOOST_TEST(m.iterations >= 10u);
                BOOST_REQUIRE(w.done()); // stopped members have their report too
                BOOST_TEST(!w.report().ok());
                BOOST_TEST(w.report().result.pid == now.members[w.index()].pid);
                BOOST_TEST(w.report().report.script_lines >= 1u);
            }
            BOOST_TEST(env.runner.live_count() == 1u); // only the simulator is left
        },
        180s
    );
}

BOOST_AUTO_TEST_CASE(the_group_deadline_stops_typed_members)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            ak::arangosh_options create;
            create.javascript_execute_string.push_back("db._create('d');");
            co_await tools.async_run(create);
            ak::group_options go;
            go.timeout = 3s;
            go.stop = ak::stop_policy{1s, 1s, true};
            ak::client_group g(env.runner, go);
            ak::arangosh_options sh = writer("d");
            auto w = g.spawn(tools.make_run(sh), counted());
            auto [ec, all] = co_await g.async_wait(as_tuple);
            BOOST_TEST(ec == ak::errc::deadline_exceeded, ec.message());
            BOOST_TEST(all.stop_reason == ak::stop_cause::deadline);
            BOOST_TEST(all.members[w.index()].outcome == ak::member_outcome::stopped, all.describe());
            BOOST_TEST(all.members[w.index()].iterations > 0u);
            BOOST_TEST(w.done());
        },
        180s
    );
}

BOOST_AUTO_TEST_CASE(a_failing_typed_member_fails_the_group_per_policy)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            ak::arangosh_options create;
            create.javascript_execute_string.push_back("db._create('f');");
            co_await tools.async_run(create);
            write_jsonl(env.dir / "mixed.jsonl", 20, 3);
            ak::arangoimport_options imp; // exits 0, but the server rejected 3 documents
            imp.file = (env.dir / "mixed.jsonl").string();
            imp.type = ak::import_type::jsonl;
            imp.collection = "mixed";
            imp.create_collection = true;

            // stop_on_failure: the import's reported failure stops the writer, who is stopped, not failed.
            {
                ak::group_options go;
                go.on_failure = ak::group_policy::stop_on_failure;
                go.stop = ak::stop_policy{1s, 1s, true};
                ak::client_group g(env.runner, go);
                ak::arangosh_options sh = writer("f");
                auto w = g.spawn(tools.make_run(sh), counted());
                co_await eventually([&] { return g.snapshot().iterations > 0; }, 60s);
                auto bad = g.spawn(tools.make_run(imp));
                auto [ec, all] = co_await g.async_wait(as_tuple);
                BOOST_TEST(ec == ak::errc::member_failed, ec.message());
                BOOST_TEST(all.failed == 1u, all.describe());
                BOOST_TEST(all.stopped == 1u);
                BOOST_REQUIRE(all.first_failure.has_value());
                BOOST_TEST(*all.first_failure == bad.index());
                const auto& m = all.members[bad.index()];
                BOOST_TEST(m.outcome == ak::member_outcome::failed);
                BOOST_TEST(m.error == ak::errc::tool_reported_failure);
                BOOST_REQUIRE(m.tool.has_value());
                BOOST_TEST(m.tool->exit_code.value_or(-1) == 0); // the process succeeded; its output did not
                BOOST_TEST(m.message.find("reported 3 warning(s)/error(s)") != std::string::npos, m.message);
                BOOST_REQUIRE(bad.done());
                BOOST_TEST(bad.report().report.counters->errors.value_or(0) == 3u);
                BOOST_TEST(all.members[w.index()].outcome == ak::member_outcome::stopped);
                BOOST_TEST(all.members[w.index()].stopped_because == ak::stop_cause::member_failed);
            }

            // wait_all: invalid options fail their member before anything is spawned; the others run on, a
            // non-critical failure is recorded as degraded.
            {
                ak::client_group g(env.runner);
                ak::arangodump_options dump;
                dump.all_databases = true;
                dump.server.database = "shop"; // conflicts with --all-databases
                dump.output_directory = (env.dir / "never").string();
                auto invalid = g.spawn(tools.make_run(dump));
                ak::member_options optional;
                optional.critical = false;
                auto degraded = g.spawn(tools.make_run(imp), optional);
                ak::arangobench_options bench;
                bench.test_case = ak::bench_test_case::version;
                bench.requests = 50;
                auto fine = g.spawn(tools.make_run(bench));
                BOOST_TEST(invalid.done()); // failed at once: nothing to wait for
                auto [ec, all] = co_await g.async_wait(as_tuple);
                BOOST_TEST(!ec, ec.message()); // wait_all: failures are data
                BOOST_TEST(all.failed == 1u, all.describe());
                BOOST_TEST(all.degraded == 1u);
                BOOST_TEST(all.succeeded == 1u);
                const auto& m = all.members[invalid.index()];
                BOOST_TEST(m.error == ak::errc::invalid_options);
                BOOST_TEST(m.label == "arangodump");
                BOOST_REQUIRE(m.tool.has_value());
                BOOST_TEST(m.tool->pid == 0); // never spawned
                BOOST_TEST(m.message.find("all-databases") != std::string::npos, m.message);
                BOOST_TEST(!invalid.report().ok());
                BOOST_TEST(all.members[degraded.index()].error == ak::errc::tool_reported_failure);
                BOOST_TEST(fine.report().ok());
                BOOST_TEST(!fs::exists(env.dir / "never"));
            }
        },
        240s
    );
}

BOOST_AUTO_TEST_CASE(typed_members_added_after_the_stop_never_run_but_have_a_report)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            ak::client_group g(env.runner);
            g.request_stop();
            ak::arangobench_options bench;
            bench.test_case = ak::bench_test_case::version;
            auto late = g.spawn(tools.make_run(bench));
            BOOST_TEST(late.done());
            auto [ec, all] = co_await g.async_wait(as_tuple);
            BOOST_TEST(!ec, ec.message());
            const auto& m = all.members[late.index()];
            BOOST_TEST(m.outcome == ak::member_outcome::stopped);
            BOOST_TEST(m.label == "arangobench");
            BOOST_REQUIRE(m.tool.has_value());
            BOOST_TEST(m.tool->pid == 0);
            BOOST_TEST((late.report().result.reason == ak::end_reason::not_started));
            BOOST_TEST(env.runner.live_count() == 1u);
        },
        120s
    );
}

BOOST_AUTO_TEST_CASE(kill_member_and_force_join_reach_typed_members)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            ak::arangosh_options create;
            create.javascript_execute_string.push_back("db._create('k');");
            co_await tools.async_run(create);
            ak::client_group g(env.runner);
            ak::arangosh_options sh = writer("k");
            auto a = g.spawn(tools.make_run(sh), counted());
            auto b = g.spawn(tools.make_run(sh), counted());
            co_await eventually(
                [&] {
                    auto s = g.snapshot();
                    return s.members[0].iterations > 0 && s.members[1].iterations > 0;
                },
                60s
            );
            BOOST_TEST(g.kill_member(a.index()));
            BOOST_TEST(co_await eventually([&] { return a.done(); }, 30s));
            BOOST_TEST(!b.done()); // the other writer goes on
            auto [ec, all] = co_await g.async_force_join(as_tuple);
            BOOST_TEST(all.members[a.index()].outcome == ak::member_outcome::failed); // killed: its own end
            BOOST_REQUIRE(all.members[a.index()].tool.has_value());
            BOOST_TEST(all.members[a.index()].tool->term_signal == SIGKILL);
            BOOST_TEST(all.members[b.index()].outcome == ak::member_outcome::stopped, all.describe());
            BOOST_TEST(all.stop_reason == ak::stop_cause::forced);
            BOOST_TEST(b.done());
            BOOST_TEST(env.runner.live_count() == 1u);
            (void)ec;
        },
        180s
    );
}

BOOST_AUTO_TEST_SUITE_END()
