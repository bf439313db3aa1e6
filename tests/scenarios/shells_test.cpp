// Background shells, shell groups with a shared stop, the stress gate, interactive sessions and RTA runs
// against the simulator (arangosim + its arangosh stand-in).
#define BOOST_TEST_MODULE arangokit_scenarios_shells
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/scenarios/background_shell.hpp>
#include <arangokit/scenarios/interactive_shell.hpp>
#include <arangokit/scenarios/rta.hpp>
#include <arangokit/scenarios/shell_group.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include "run_coro.hpp"
#include "sim_fixture.hpp"
#include "timing.hpp"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ak::test::read_file;
using ak::test::run_with_simulator;
using ak::test::sim_env;
using ak::test::sleep_for;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

ak::client_config http_config(const ak::simulator& sim)
{
    ak::client_config c;
    c.endpoints = {ak::endpoint::parse(sim.endpoint())};
    c.auth.authentication = false;
    return c;
}

// Lets a group's first `n` shells get going (Node start-up on a loaded machine takes a while), then gives
// them `settle` to run a few iterations.
asio::awaitable<void> let_shells_start(ak::shell_group& g, std::size_t n, std::chrono::milliseconds settle)
{
    co_await ak::test::eventually([&] { return g.group().snapshot().running >= n; }, 10s, 50ms);
    co_await sleep_for(settle);
}

// The RTA scripts rta_runner runs, reduced to what the RTA test checks.
void write_rta_scripts(const fs::path& test_data)
{
    fs::create_directories(test_data);
    std::ofstream(test_data / "makedata.js")
        << "print(JSON.stringify({args: ARGUMENTS}));\n"
           "print('# ' + Date() + ' - inner Loop End,' + 1 + ',' + 0.5);\n"
           "db._create('rta_made'); db.rta_made.save({_key: 'x'});\n"
           "print('# ' + Date() + ' - outer loop end,' + 2 + ',' + 0.25);\n";
    std::ofstream(test_data / "checkdata.js")
        << "if (!db._collection('rta_made')) { throw new Error('no data made'); }\n"
           "print('# ' + Date() + ' - outer loop end');\n";
    std::ofstream(test_data / "cleardata.js") << "db._drop('rta_made');\n";
    std::ofstream(test_data / "run_in_arangosh.js") << "print('shards ' + ARGUMENTS.join(' '));\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(eight_looping_shells_stopped_by_the_stop_document_report_iterations)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            auto inst = env.scratch_instance();
            ak::arango_tools tools(env.runner, inst);
            ak::shell_group_options go;
            go.collection = "control";
            go.stop_grace = 120s;
            ak::shell_group g(tools, inst, go);
            for (int i = 0; i < 8; ++i)
            {
                std::string snippet = "require('internal').sleep(0.01);";
                co_await g.async_launch_snippet(snippet, "c" + std::to_string(i));
            }
            BOOST_TEST(g.size() == 8u);
            co_await let_shells_start(g, 8, 1000ms);
            auto [ec, r] = co_await g.async_stop(as_tuple);
            BOOST_TEST(!ec, r.report());
            BOOST_TEST(r.ok());
            BOOST_TEST(r.stop_document_written);
            BOOST_TEST_REQUIRE(r.shells.size() == 8u);
            std::vector<fs::path> files;
            for (const auto& sh : r.shells)
            {
                BOOST_TEST(sh.member.outcome == ak::member_outcome::succeeded, sh.key << ": " << sh.reason);
                BOOST_TEST(sh.iterations > 0u, sh.key);
                BOOST_TEST_REQUIRE(sh.done_document.has_value());
                BOOST_TEST(sh.done_document->at("done").as_bool());
                BOOST_TEST(!sh.failed);
                BOOST_TEST_REQUIRE(sh.member.tool.has_value());
                BOOST_TEST(!ak::test::process_alive(sh.member.tool->pid));
                files.push_back(sh.script);
                files.push_back(sh.log_file);
            }
            BOOST_TEST(r.iterations >= 8u);
            BOOST_TEST(env.runner.live_count() == 1u); // only the simulator
            auto kept = g.cleanup();
            BOOST_TEST(kept.empty());
            for (const auto& f : files)
                BOOST_TEST(!fs::exists(f), f);
            BOOST_TEST(!fs::exists(g.directory()));
        },
        300s
    );
}

BOOST_AUTO_TEST_CASE(shell_ignoring_the_stop_is_stopped_after_the_grace_and_a_failing_shells_log_is_reported)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            auto inst = env.scratch_instance();
            ak::arango_tools tools(env.runner, inst);
            ak::shell_group_options go;
            go.stop_grace = 4s;
            go.stop = ak::stop_policy{1000ms, 1000ms, true};
            ak::shell_group g(tools, inst, go);
            co_await g.async_launch_snippet("require('internal').sleep(0.01);", "good");
            std::size_t deaf = g.launch_plain("while (true) { require('internal').sleep(0.05); }", "deaf");
            co_await g.async_launch_snippet("throw new Error('boom-' + 'xyz42');", "thrower");
            co_await let_shells_start(g, 3, 500ms);
            int deaf_pid = g.pid(deaf);
            auto t0 = std::chrono::steady_clock::now();
            auto [ec, r] = co_await g.async_stop(as_tuple);
            auto took = std::chrono::steady_clock::now() - t0;
            BOOST_TEST(ec == ak::errc::member_failed);
            BOOST_TEST(!r.ok());
            BOOST_TEST(r.failed == 2u);
            BOOST_TEST(took >= 3500ms); // the grace was given
            BOOST_TEST_REQUIRE(r.shells.size() == 3u);
            const auto& good = r.shells[0];
            const auto& d = r.shells[1];
            const auto& thrower = r.shells[2];
            BOOST_TEST(!good.failed, good.reason);
            BOOST_TEST(good.iterations > 0u);
            BOOST_TEST(d.killed_after_grace);
            BOOST_TEST(d.failed);
            BOOST_TEST(d.member.outcome == ak::member_outcome::stopped);
            BOOST_TEST(d.member.stopped_because == ak::stop_cause::join_timeout);
            if (deaf_pid > 0)
                BOOST_TEST(!ak::test::process_alive(deaf_pid));
            BOOST_TEST(thrower.failed);
            BOOST_TEST(thrower.member.outcome == ak::member_outcome::failed);
            BOOST_TEST(!thrower.done_document.has_value());
            BOOST_TEST(thrower.log_text.find("boom-xyz42") != std::string::npos, thrower.log_text);
            std::string report = r.report();
            BOOST_TEST(report.find("shell 'deaf'") != std::string::npos, report);
            BOOST_TEST(report.find("did not end within the grace") != std::string::npos);
            BOOST_TEST(report.find("shell 'thrower'") != std::string::npos);
            BOOST_TEST(report.find("boom-xyz42") != std::string::npos);
            BOOST_TEST(report.find("shell 'good'") == std::string::npos);
            BOOST_TEST(env.runner.live_count() == 1u);

            auto kept = g.cleanup();
            auto has = [&](const fs::path& p) {
                return std::find(kept.begin(), kept.end(), p) != kept.end();
            };
            BOOST_TEST(has(thrower.script));
            BOOST_TEST(has(thrower.log_file));
            BOOST_TEST(has(d.log_file));
            BOOST_TEST(fs::exists(thrower.log_file));
            BOOST_TEST(!fs::exists(good.script));
            BOOST_TEST(!fs::exists(good.log_file));
        },
        300s
    );
}

BOOST_AUTO_TEST_CASE(entry_gate_releases_sixteen_shells_together)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            auto inst = env.scratch_instance();
            ak::arango_tools tools(env.runner, inst);
            ak::arango_client http(env.ctx.get_executor(), http_config(env.sim));
            co_await http.async_create_collection("_system", "gate_times", {}, as_tuple);
            ak::shell_group g(tools, inst, {});
            std::string fn =
                "function() { db._collection('gate_times').save({ _key: 'k' + idx, idx: idx, volume: "
                "volume, passed: require('internal').time() }); }";
            auto [ec, released] = co_await g.async_spawn_stress(fn, "stress", 16, 240s, as_tuple);
            BOOST_TEST(!ec, ec.message());
            auto [jec, r] = co_await g.async_join(240s, as_tuple);
            BOOST_TEST(!jec, r.report());
            BOOST_TEST(r.shells.size() == 16u);
            ak::query_options q;
            q.query = "FOR d IN gate_times RETURN d";
            auto [qec, rows] = co_await http.async_query_all("_system", q, as_tuple);
            BOOST_TEST_REQUIRE(!qec, qec.message());
            BOOST_TEST_REQUIRE(rows.size() == 16u);
            double rel = std::chrono::duration<double>(released.time_since_epoch()).count();
            double lo = 1e300, hi = 0;
            for (const auto& row : rows)
            {
                double p = row.at("passed").to_number<double>();
                BOOST_TEST(row.at("volume").to_number<int>() == 16);
                lo = std::min(lo, p);
                hi = std::max(hi, p);
            }
            BOOST_TEST(lo >= rel - 0.05, "a shell passed the gate before the release");
            // All were waiting at the gate (async_spawn_stress waited for 16 arrivals), so they went
            // together; the spread only bounds scheduling on a loaded 2-core machine.
            BOOST_TEST(hi - lo < 20.0);
            BOOST_TEST(g.cleanup().empty());
            BOOST_TEST(env.runner.live_count() == 1u);
        },
        400s
    );
}

BOOST_AUTO_TEST_CASE(background_shell_gets_instanceinfo_and_a_private_script)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            auto inst = env.scratch_instance();
            ak::arango_tools tools(env.runner, inst);
            ak::background_shell_options bo;
            bo.key = "solo";
            bo.script_text = "print('info ' + JSON.parse(require('internal').env.INSTANCEINFO).endpoint);";
            bo.instance_info = ak::make_instanceinfo(inst);
            bo.directory = env.dir;
            auto shell = co_await ak::async_start_background_shell(tools, bo);
            struct stat st
            {
            };
            BOOST_TEST_REQUIRE(::stat(shell.script().c_str(), &st) == 0);
            BOOST_TEST((st.st_mode & 0777) == 0600u);
            auto r = co_await shell.async_wait();
            BOOST_TEST(r.ok());
            std::string log = read_file(r.log_file);
            BOOST_TEST(log.find("info " + env.sim.endpoint()) != std::string::npos, log);
            shell.cleanup();
            BOOST_TEST(!fs::exists(r.script));
            BOOST_TEST(!fs::exists(r.log_file));
        },
        120s
    );
}

BOOST_AUTO_TEST_CASE(interactive_sessions_are_driven_through_stdin_with_markers_and_deadlines)
{
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            using namespace asio::experimental::awaitable_operators;
            ak::arango_tools tools(env.runner, env.scratch_instance());
            ak::interactive_shell_options io;
            io.shell.console_pretty_print = false;
            auto a = co_await ak::async_start_interactive_shell(tools, io);
            auto b = co_await ak::async_start_interactive_shell(tools, io);
            BOOST_TEST(a.pid() != b.pid());

            auto r1 = co_await a.async_execute("var x = 40 + 2; x");
            BOOST_TEST(r1.output() == "42");
            BOOST_TEST(!r1.threw());
            auto r2 = co_await b.async_execute("typeof x");
            BOOST_TEST(r2.output().find("undefined") != std::string::npos, r2.output());
            co_await a.async_execute("db._create('interplay')");
            auto r3 = co_await b.async_execute("db._collection('interplay') !== null");
            BOOST_TEST(r3.output() == "true");

            // Both sessions at once, from one coroutine.
            auto both =
                co_await (a.async_execute("x + 1", {}, as_tuple) && b.async_execute("6 * 7", {}, as_tuple));
            // `&&` flattens: (ec_a, result_a, (ec_b, result_b)).
            BOOST_TEST(std::get<1>(both).output() == "43");
            BOOST_TEST(std::get<1>(std::get<2>(both)).output() == "42");

            auto r4 = co_await a.async_execute("throw new Error('kaput-17')");
            BOOST_TEST(r4.threw());
            std::string err;
            for (const auto& l : r4.err)
                err += l + "\n";
            BOOST_TEST(err.find("kaput-17") != std::string::npos, err);

            // A statement past its deadline; the session stays usable.
            auto [tec, slow] =
                co_await a.async_execute("require('internal').sleep(2); 'late'", 300ms, as_tuple);
            BOOST_TEST(tec == ak::errc::deadline_exceeded);
            auto r5 = co_await a.async_execute("x * 2");
            BOOST_TEST(r5.output() == "84", r5.output());
            BOOST_TEST(r5.out.size() == 1u); // the late 'late' was skipped

            auto [cec, ra] = co_await a.async_close(10s, as_tuple);
            BOOST_TEST(!cec, ra.describe());
            auto [cec2, rb] = co_await b.async_close(10s, as_tuple);
            BOOST_TEST(!cec2, rb.describe());
            BOOST_TEST(env.runner.live_count() == 1u);
        },
        180s
    );
}

BOOST_AUTO_TEST_CASE(rta_steps_run_with_the_originals_arguments_and_report_progress)
{
    std::vector<std::string> events;
    ak::test::sim_setup setup;
    setup.runner.sinks.push_back(std::make_shared<ak::callback_event_sink>([&](const ak::tool_event& e) {
        if (e.kind == ak::event_kind::progress)
            events.push_back(e.label + ": " + e.text);
    }));
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            const fs::path data = env.dir / "rta" / "test_data";
            write_rta_scripts(data);
            ak::arango_tools tools(env.runner, env.scratch_instance());
            ak::rta_options o;
            o.rta_source = env.dir / "rta";
            o.skip = "900_oneshard";
            o.one_shard = true;
            o.makedata_args = {{"bigDoc", "false"}};
            ak::rta_runner rta(tools, o);
            std::vector<std::string> gauges;
            rta.on_progress([&](ak::rta_step, const ak::rta_progress& p) { gauges.push_back(p.gauge); });

            auto made = co_await rta.async_run(ak::rta_step::makedata);
            BOOST_TEST(made.ok());
            BOOST_TEST(made.progress.size() == 2u);
            BOOST_TEST(
                gauges == (std::vector<std::string>{"inner Loop End", "outer loop end"}),
                boost::test_tools::per_element()
            );
            BOOST_TEST(events.size() == 2u);
            std::vector<std::string> args;
            for (const auto& l : made.run.result.out.tail)
                if (l.rfind("{\"args\"", 0) == 0)
                {
                    boost::json::value parsed =
                        boost::json::parse(l); // named: a range-for temporary would die
                    for (const auto& a : parsed.at("args").as_array())
                        args.emplace_back(a.as_string());
                }
            BOOST_TEST_REQUIRE(args.size() == 15u);
            BOOST_TEST(args[0] == "_system");
            BOOST_TEST(args[1] == "--minReplicationFactor");
            BOOST_TEST(args[7] == "--oldVersion");
            BOOST_TEST(!args[8].empty()); // the server's version
            BOOST_TEST(args[9] == "--skip");
            BOOST_TEST(args[10] == "900_oneshard");
            BOOST_TEST(args[11] == "--singleShard");
            BOOST_TEST(args[13] == "--bigDoc");
            BOOST_TEST(made.log_file == env.dir / "rta_makedata.log");
            auto& argv = made.run.result.argv;
            BOOST_TEST((std::find(argv.begin(), argv.end(), (data / "makedata.js").string()) != argv.end()));

            auto checked = co_await rta.async_run(ak::rta_step::checkdata);
            BOOST_TEST(checked.ok());
            auto cleared = co_await rta.async_run(ak::rta_step::cleardata);
            BOOST_TEST(cleared.ok());
            auto [fec, failed] = co_await rta.async_run(ak::rta_step::checkdata, as_tuple);
            BOOST_TEST(fec == ak::errc::nonzero_exit);
            BOOST_TEST(!failed.ok());

            auto waited = co_await rta.async_wait_for_shards();
            BOOST_TEST(waited.ok());
            bool saw = false;
            for (const auto& l : waited.run.result.out.tail)
                saw = saw || l.find("wait_for_shards_in_sync.js --args true") != std::string::npos;
            BOOST_TEST(saw);
        },
        240s, setup
    );
}

BOOST_AUTO_TEST_CASE(native_shard_wait_is_the_fast_alternative)
{
    ak::test::sim_setup setup;
    setup.sim.coordinators = 2;
    setup.sim.shard_sync_delay = 300ms;
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_client http(env.ctx.get_executor(), http_config(env.sim));
            co_await http.async_create_collection("_system", "sharded", {}, as_tuple);
            auto [ec, v] = co_await ak::rta_runner::async_wait_for_shards_native(
                http, "_system", ak::deadline::after(60s), as_tuple
            );
            BOOST_TEST(!ec, ec.message());
            BOOST_TEST(v.is_object());
        },
        120s, setup
    );
}
