// Instrumentation (sanitizer reports, crashes and cores, rlimits, launch prefixes), the generated JavaScript
// wrappers (checked by Node's parser) and the RTA argv. Real child processes, no simulator.
#define BOOST_TEST_MODULE arangokit_scenarios_instrumentation
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/instrumentation/core_files.hpp>
#include <arangokit/instrumentation/instrumented_run.hpp>
#include <arangokit/instrumentation/launch_prefix.hpp>
#include <arangokit/instrumentation/resource_limits.hpp>
#include <arangokit/instrumentation/sanitizer_reports.hpp>
#include <arangokit/scenarios/rta.hpp>
#include <arangokit/scenarios/snippet.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include "run_coro.hpp"
#include "test_paths.hpp"
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <regex>
#include <utility>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ak::test::run_coro;
using ak::test::temp_dir;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

ak::runner_config test_config()
{
    ak::runner_config c;
    c.bin_dirs = {ak::test::test_bin_dir()};
    return c;
}

ak::command child(std::vector<std::string> args)
{
    ak::command c;
    c.program = "ak_scen_child";
    c.args = std::move(args);
    c.timeout = 60s;
    return c;
}

// Writes `js` to `file` and runs `node --check` on it: Node's real JavaScript parser.
std::pair<ak::error_code, ak::tool_result> node_check(const fs::path& file, const std::string& js)
{
    ak::test::write_file(file, js);
    std::pair<ak::error_code, ak::tool_result> out;
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor());
        ak::command c;
        c.program = "node";
        c.args = {"--check", file.string()};
        c.timeout = 60s;
        auto [ec, r] = co_await runner.async_run(std::move(c), as_tuple);
        out = {ec, std::move(r)};
    });
    return out;
}

void expect_node_parses(const std::string& js, const fs::path& dir, const std::string& name)
{
    auto [ec, r] = node_check(dir / (name + ".js"), js);
    BOOST_TEST(!ec, name << ": node --check failed: " << r.describe() << "\n" << js);
}

} // namespace

BOOST_AUTO_TEST_SUITE(snippets)

BOOST_AUTO_TEST_CASE(loop_single_and_stress_wrappers_pass_nodes_parser)
{
    temp_dir s("ak_scen_js");
    ak::snippet_options o{"control \"coll\"", "key'with\"quotes\\", true};
    std::string loop = ak::make_loop_script(
        "let x = db._query('RETURN 1').toArray();\nif (checkStop(true)) { return false; }", o
    );
    std::string single = ak::make_single_run_script("db._collections();", o);
    std::string stress = ak::make_stress_script(
        "function() { print(idx, volume, endpoint); }", 3, 16, "tcp://127.0.0.1:1", s / "ready.3", s / "go"
    );
    expect_node_parses(loop, s.path(), "loop");
    expect_node_parses(single, s.path(), "single");
    expect_node_parses(stress, s.path(), "stress");
    // The names arrive as exact string literals, not pasted text.
    BOOST_TEST(loop.find(R"(db["control \"coll\""].exists('stop'))") != std::string::npos);
    BOOST_TEST(
        loop.find(R"(_key: "key'with\"quotes\\", done: true, iterations: tries)") != std::string::npos
    );
    BOOST_TEST(loop.find("tries % 10 === 0") != std::string::npos);
    BOOST_TEST(single.find("iterations: 1") != std::string::npos);
    BOOST_TEST(stress.find("let idx = 3;") != std::string::npos);
    BOOST_TEST(stress.find("let volume = 16;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_broken_snippet_is_rejected_by_the_parser_check)
{
    // The check itself must be able to fail: an unbalanced snippet breaks the wrapper.
    temp_dir s("ak_scen_jsbad");
    std::string loop = ak::make_loop_script("if (true) {", {"c", "k"});
    auto [ec, r] = node_check(s / "bad.js", loop);
    BOOST_TEST(ec == ak::errc::nonzero_exit, r.describe());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sanitizers)

BOOST_AUTO_TEST_CASE(options_point_log_path_into_the_run_directory_and_keep_inherited_options)
{
    ak::sanitizer_setup s;
    s.asan = s.ubsan = s.coverage = true;
    s.log_dir = "/runs/r1";
    s.getenv = [](const std::string& n) -> std::optional<std::string> {
        if (n == "ASAN_OPTIONS")
            return "detect_leaks=1";
        if (n == "LLVM_PROFILE_FILE")
            return "/cov/arangosh.profraw";
        return std::nullopt;
    };
    auto v = s.variables("client-7");
    BOOST_TEST(v["ASAN_OPTIONS"] == "detect_leaks=1:log_path=/runs/r1/asan.log:log_exe_name=true");
    BOOST_TEST(v["UBSAN_OPTIONS"] == "log_path=/runs/r1/ubsan.log:log_exe_name=true");
    BOOST_TEST(v.count("LSAN_OPTIONS") == 0u);
    BOOST_TEST(v.count("TSAN_OPTIONS") == 0u);
    BOOST_TEST(v["LLVM_PROFILE_FILE"] == "/cov/arangosh.%p.profraw");
    BOOST_TEST(v["GCOV_PREFIX"] == "/runs/r1/gcov/client-7");
    s.getenv = [](const std::string& n) -> std::optional<std::string> {
        if (n == "GCOV_PREFIX")
            return "/gcov";
        return std::nullopt;
    };
    v = s.variables("c");
    BOOST_TEST(v["LLVM_PROFILE_FILE"] == "/runs/r1/c-%p.profraw");
    BOOST_TEST(v["GCOV_PREFIX"] == "/gcov/c");
}

BOOST_AUTO_TEST_CASE(report_of_a_crashing_child_is_collected_and_fails_the_run)
{
    temp_dir s("ak_scen_san");
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor(), test_config());
        ak::instrumentation_options io;
        io.sanitizers.asan = true;
        io.sanitizers.log_dir = s.path();
        io.crash.gdb.clear(); // no core wanted here
        auto cmd = child({"san-report", "ASAN_OPTIONS"});
        cmd.working_directory = s.path();
        auto [ec, r] = co_await ak::async_run_instrumented(runner, cmd, io, as_tuple);
        BOOST_TEST(ec == ak::errc::killed_by_signal);
        BOOST_TEST(!r.ok());
        BOOST_TEST_REQUIRE(r.sanitizer_reports.size() == 1u);
        BOOST_TEST(r.sanitizer_reports[0].kind == ak::sanitizer::asan);
        BOOST_TEST(
            r.sanitizer_reports[0].file.filename().string() ==
            "asan.log.ak_scen_child." + std::to_string(r.result.pid)
        );
        BOOST_TEST(r.sanitizer_reports[0].text.find("heap-use-after-free") != std::string::npos);
        BOOST_TEST(r.crash.crashed);
        BOOST_TEST(r.crash.signal == SIGABRT);
        BOOST_TEST(r.describe().find("asan report") != std::string::npos);

        // A report alone (exit 0) still fails the run.
        auto exit0 = child({"san-report-exit0", "ASAN_OPTIONS"});
        auto [ec2, r2] = co_await ak::async_run_instrumented(runner, exit0, io, as_tuple);
        BOOST_TEST(ec2 == ak::errc::tool_reported_failure);
        BOOST_TEST(r2.result.exit_code.value_or(-1) == 0);
        BOOST_TEST(r2.sanitizer_reports.size() == 1u);
        BOOST_TEST(!r2.ok());

        // A file of 10 bytes or less is not a report (and is removed).
        auto tiny = child({"san-tiny", "ASAN_OPTIONS"});
        auto [ec3, r3] = co_await ak::async_run_instrumented(runner, tiny, io, as_tuple);
        BOOST_TEST(!ec3);
        BOOST_TEST(r3.sanitizer_reports.empty());
        BOOST_TEST(!fs::exists(s / ("asan.log.ak_scen_child." + std::to_string(r3.result.pid))));

        // The default token throws a tool_error naming the report.
        try
        {
            co_await ak::async_run_instrumented(runner, exit0, io);
            BOOST_FAIL("expected tool_error");
        }
        catch (const ak::tool_error& e)
        {
            BOOST_TEST(std::string(e.what()).find("asan report") != std::string::npos);
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(crashes)

BOOST_AUTO_TEST_CASE(core_name_regex_honours_the_pattern_specifiers)
{
    std::regex a(ak::core_name_regex("core.%e.%p.%t", 1234, "arangosh-with-a-long-name", 11, false));
    BOOST_TEST(std::regex_match("core.arangosh-with-a.1234.1700000000", a));
    BOOST_TEST(!std::regex_match("core.arangosh-with-a.1235.1700000000", a));
    std::regex b(ak::core_name_regex("core", 77, "x", 6, true));
    BOOST_TEST(std::regex_match("core.77", b));
    BOOST_TEST(!std::regex_match("core", b));
    std::regex c(ak::core_name_regex("core", 77, "x", 6, false));
    BOOST_TEST(std::regex_match("core", c));
    std::regex d(ak::core_name_regex("c-%s-%%-%p", 9, "x", 11, true));
    BOOST_TEST(std::regex_match("c-11-%-9", d)); // %p present: no .pid suffix
    std::vector<std::string> notes;
    ak::crash_options piped;
    piped.core_pattern = "|/usr/lib/systemd/systemd-coredump %P";
    BOOST_TEST(!ak::find_core_file(1, "x", 11, piped, notes));
    BOOST_TEST_REQUIRE(notes.size() == 1u);
    BOOST_TEST(notes[0].find("piped") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(signal_crash_is_flagged_and_core_backtrace_extracted)
{
    temp_dir s("ak_scen_core");
    run_coro(
        [&](asio::io_context& ctx) -> asio::awaitable<void> {
            ak::tool_runner runner(ctx.get_executor(), test_config());
            ak::instrumentation_options io;
            io.limits.core_size = ak::resource_limits::unlimited;
            // A private pattern keeps the test independent of the machine's core_pattern (checked above).
            io.crash.core_pattern = "core";
            io.crash.core_uses_pid = false;
            auto cmd = child({"crash", "SIGSEGV"});
            cmd.working_directory = s.path();
            auto [ec, r] = co_await ak::async_run_instrumented(runner, cmd, io, as_tuple);
            BOOST_TEST(ec == ak::errc::killed_by_signal);
            BOOST_TEST(r.crash.crashed);
            BOOST_TEST(r.crash.signal_name == "SIGSEGV");
            std::string pattern = ak::detail::read_first_line("/proc/sys/kernel/core_pattern");
            if (pattern != "core" && pattern.rfind("core", 0) != 0)
            {
                BOOST_TEST_MESSAGE("core_pattern is '" << pattern << "': core file part skipped");
                co_return;
            }
            BOOST_TEST(r.result.core_dumped);
            BOOST_TEST_REQUIRE(r.crash.core_file.has_value(), r.describe());
            BOOST_TEST(fs::exists(*r.crash.core_file));
            BOOST_TEST(r.crash.backtrace.find("crashing_function") != std::string::npos, r.crash.backtrace);
            BOOST_TEST(r.crash.backtrace.find("main") != std::string::npos);

            // Not a crash: an ordinary exit and a stop we sent ourselves.
            auto plain = child({"rlimits"});
            auto [ec2, r2] = co_await ak::async_run_instrumented(runner, plain, io, as_tuple);
            BOOST_TEST(!ec2);
            BOOST_TEST(!r2.crash.crashed);
        },
        180s
    );
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(limits_and_prefix)

BOOST_AUTO_TEST_CASE(resource_limits_are_applied_in_the_child)
{
    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor(), test_config());
        ak::instrumentation_options io;
        io.limits.core_size = 0;
        io.limits.open_files = 77;
        io.limits.cpu_seconds = 120;
        io.limits.address_space = 8ull << 30;
        auto cmd = child({"rlimits"});
        std::string line;
        cmd.on_line = [&](const ak::output_line& l) { line = l.text; };
        auto [ec, r] = co_await ak::async_run_instrumented(runner, cmd, io, as_tuple);
        BOOST_TEST(!ec, r.describe());
        BOOST_TEST(line == "core=0 as=" + std::to_string(8ull << 30) + " nofile=77 cpu=120");
    });
}

BOOST_AUTO_TEST_CASE(launch_prefix_wraps_argv_and_scales_the_timeout)
{
    auto v = ak::launch_prefix::valgrind("/r", "arangosh");
    BOOST_TEST(v.argv[0] == "valgrind");
    BOOST_TEST(v.argv[1] == "--log-file=/r/valgrind.arangosh.%p.log");
    auto p = ak::launch_prefix::perf_record("/r", "dump");
    BOOST_TEST(p.argv.back() == "--");
    ak::command c;
    c.timeout = 1000ms;
    ak::launch_prefix{{"env", "AK_PREFIXED=yes"}, 3.0}.apply(c);
    BOOST_TEST(c.timeout->count() == 3000);
    BOOST_TEST(c.launch_prefix.size() == 2u);

    run_coro([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner runner(ctx.get_executor(), test_config());
        ak::instrumentation_options io;
        io.prefix = {{"env", "AK_PREFIXED=yes"}, 2.0};
        auto cmd = child({"env", "AK_PREFIXED"});
        std::string line;
        cmd.on_line = [&](const ak::output_line& l) { line = l.text; };
        auto [ec, r] = co_await ak::async_run_instrumented(runner, cmd, io, as_tuple);
        BOOST_TEST(!ec, r.describe());
        BOOST_TEST(line == "yes"); // the prefix program ran the tool
        BOOST_TEST_REQUIRE(r.result.argv.size() >= 3u);
        BOOST_TEST(fs::path(r.result.argv[0]).filename() == "env");
        BOOST_TEST(fs::path(r.result.argv[2]).filename() == "ak_scen_child");
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rta)

BOOST_AUTO_TEST_CASE(makedata_argv_is_the_originals)
{
    asio::io_context ctx;
    ak::tool_runner runner(ctx.get_executor());
    ak::instance inst;
    inst.endpoints = {"tcp://127.0.0.1:8529"};
    inst.password = "";
    ak::arango_tools tools(runner, inst);
    ak::rta_options o;
    o.rta_source = "/src/rta";
    o.database = "shop";
    o.more_args = {"--numberOfDBs", "2"};
    o.skip = "400_views,500_";
    o.one_shard = true;
    o.makedata_args = {{"bigDoc", "true"}};
    o.old_version = "3.12.4";
    ak::rta_runner rta(tools, o);
    auto sh = rta.step_options(ak::rta_step::makedata, "3.12.4");
    BOOST_TEST(sh.timeout.value_or(0ms).count() == std::chrono::milliseconds(15min).count());
    auto inv = tools.render(sh);
    BOOST_TEST_REQUIRE(!inv.ec, inv.message());
    const auto& a = inv.invocation.cmd.args;
    auto has_pair = [&](const std::string& k, const std::string& v) {
        for (std::size_t i = 0; i + 1 < a.size(); ++i)
            if (a[i] == k && a[i + 1] == v)
                return true;
        return false;
    };
    BOOST_TEST(has_pair("--javascript.execute", "/src/rta/test_data/makedata.js"));
    BOOST_TEST(has_pair("--log.level", "warning"));
    BOOST_TEST(has_pair("--log.level", "httpclient=debug"));
    BOOST_TEST(has_pair("--log.level", "V8=debug"));
    BOOST_TEST(has_pair("--console.colors", "false"));
    auto dd = std::find(a.begin(), a.end(), "--");
    BOOST_TEST_REQUIRE((dd != a.end()));
    std::vector<std::string> tail(dd + 1, a.end());
    std::vector<std::string> want{
        "shop",
        "--numberOfDBs",
        "2",
        "--minReplicationFactor",
        "2",
        "printTimeMeasurement",
        "true",
        "--progress",
        "true",
        "--oldVersion",
        "3.12.4",
        "--skip",
        "400_views,500_",
        "--singleShard",
        "true",
        "--bigDoc",
        "true"};
    BOOST_TEST(tail == want, boost::test_tools::per_element());

    auto check = rta.step_options(ak::rta_step::checkdata, "3.11.0");
    BOOST_TEST(check.javascript_execute.at(0) == "/src/rta/test_data/checkdata.js");
    auto wait = rta.wait_shards_options();
    BOOST_TEST(wait.javascript_execute.at(0) == "/src/rta/test_data/run_in_arangosh.js");
    BOOST_TEST(wait.javascript_module_directory.at(0) == "/src/rta/test_data");
    std::vector<std::string> wargs{
        "/src/rta/test_data/tests/js/server/cluster/wait_for_shards_in_sync.js", "--args", "true"};
    BOOST_TEST(wait.script_args == wargs, boost::test_tools::per_element());
    BOOST_TEST(!wait.timeout.has_value());
}

BOOST_AUTO_TEST_CASE(progress_lines_are_recognised)
{
    auto p = ak::parse_rta_progress("# Tue Nov 26 2026 10:00:00 GMT+0000 - inner Loop End,1764150000.5,2.25");
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->gauge == "inner Loop End");
    BOOST_TEST(p->delta_seconds.value_or(-1) == 2.25);
    auto q = ak::parse_rta_progress("# Tue Nov 26 2026 - outer loop end");
    BOOST_TEST_REQUIRE(q.has_value());
    BOOST_TEST(q->gauge == "outer loop end");
    BOOST_TEST(!q->delta_seconds.has_value());
    BOOST_TEST(ak::parse_rta_progress("inner Loop start 0 1").has_value());
    BOOST_TEST(!ak::parse_rta_progress("created 10 documents").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
