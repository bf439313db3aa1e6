// The fault matrix: one table of failure modes, each run with real processes (tests/helper/ak_helper, the
// arangosim server and its stand-in tools). For every case the result must say what happened, and afterwards
// nothing may be left running, no zombie, no extra descriptor, no temp file, and memory must stay bounded.
// The second suite holds the security checks: secrets, private file modes, temp names, loopback only.
#define BOOST_TEST_MODULE arangokit_fault_matrix
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/arango/auth.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/http/instance_client.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include "free_port.hpp"
#include "helper_child.hpp"
#include "run_coro.hpp"
#include "sim_fixture.hpp"
#include "test_paths.hpp"
#include "timing.hpp"
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>
#include <tuple>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using ak::test::helper_cmd;
using ak::test::ms_since;
using ak::test::sim_options;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

// Every test runs with TMPDIR pointing at a private directory, so a temp file anything leaks is visible (the
// machine's /tmp is shared with other test runs).
struct private_tmpdir
{
    fs::path dir;
    private_tmpdir()
    {
        std::string tmpl = (fs::temp_directory_path() / "ak_faults_XXXXXX").string();
        BOOST_REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        dir = tmpl;
        ::setenv("TMPDIR", dir.c_str(), 1);
    }
    ~private_tmpdir()
    {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};
private_tmpdir* tmp_root = nullptr;

struct global_setup
{
    private_tmpdir t;
    global_setup() { tmp_root = &t; }
    ~global_setup() { tmp_root = nullptr; }
};

int pid_from_tail(const ak::tool_result& r, const std::string& prefix)
{
    for (const auto& l : r.out.tail)
        if (l.rfind(prefix, 0) == 0)
            return std::stoi(l.substr(prefix.size()));
    return 0;
}

void wait_gone(int pid)
{
    for (int i = 0; i < 100 && ak::test::process_alive(pid); ++i)
        std::this_thread::sleep_for(20ms);
    BOOST_TEST(!ak::test::process_alive(pid), "process " << pid << " is still alive");
}

ak::client_config fast_client(const std::string& ep, unsigned attempts)
{
    ak::client_config cfg;
    cfg.endpoints = {ak::endpoint::parse(ep)};
    cfg.auth.authentication = false;
    cfg.request_timeout = 20s;
    cfg.connect_timeout = 5s;
    cfg.retry.max_attempts = attempts;
    cfg.retry.initial_backoff = 10ms;
    cfg.retry.max_backoff = 100ms;
    return cfg;
}

ak::http_request get(std::string target)
{
    ak::http_request r;
    r.method = boost::beast::http::verb::get;
    r.target = std::move(target);
    return r;
}

// GET /_api/version with a fresh client that tries at most `attempts` times.
asio::awaitable<std::tuple<ak::error_code, ak::http_response>>
get_version(asio::io_context& io, const std::string& ep, unsigned attempts)
{
    ak::arango_client client(io.get_executor(), fast_client(ep, attempts));
    co_return co_await client.async_request(get("/_api/version"), as_tuple);
}

asio::awaitable<void> put_faults(asio::io_context& io, const std::string& ep, std::string body)
{
    ak::arango_client c(io.get_executor(), fast_client(ep, 3));
    auto v = json::parse(body);
    auto req = ak::http_request::json(boost::beast::http::verb::put, "/_sim/faults", v);
    co_await c.async_request(req);
}

using case_body = std::function<asio::awaitable<void>(asio::io_context&)>;

struct fault_case
{
    case_body body;
    std::chrono::seconds cap = 60s;
};

// ---------------------------------------------------------------------------------------------------------------
// The cases. Each is a coroutine on a fresh io_context; the hygiene checks run around it.
// ---------------------------------------------------------------------------------------------------------------

// Runs `arangodump`, looked up in `bin_dir` only (not on PATH).
asio::awaitable<std::tuple<ak::error_code, ak::tool_result>>
run_arangodump_from(asio::io_context& ctx, const fs::path& bin_dir)
{
    ak::runner_config cfg;
    cfg.bin_dirs = {bin_dir};
    cfg.search_path = false;
    ak::tool_runner r(ctx.get_executor(), cfg);
    ak::command c;
    c.program = "arangodump";
    co_return co_await r.async_run(c, as_tuple);
}

asio::awaitable<void> tool_missing(asio::io_context& ctx)
{
    auto [ec, res] = co_await run_arangodump_from(ctx, tmp_root->dir / "no-such-bin");
    BOOST_TEST(ec == ak::errc::tool_not_found);
    BOOST_TEST(res.reason == ak::end_reason::not_started);
    BOOST_TEST(res.pid == 0);
    BOOST_TEST(res.error_message.find("no-such-bin") != std::string::npos);
}

asio::awaitable<void> tool_not_executable(asio::io_context& ctx)
{
    ak::test::temp_dir s("case_noexec");
    std::ofstream(s / "arangodump") << "#!/bin/sh\nexit 0\n";
    ::chmod((s / "arangodump").c_str(), 0644);
    auto [ec, res] = co_await run_arangodump_from(ctx, s.path());
    BOOST_TEST(ec == ak::errc::not_executable);
    BOOST_TEST(res.pid == 0);
    BOOST_TEST(!res.ok());
}

asio::awaitable<void> exec_fails(asio::io_context& ctx)
{
    ak::test::temp_dir s("case_execfail");
    std::ofstream(s / "arangodump") << "\x7f"
                                    << "ELF-but-not-really";
    ::chmod((s / "arangodump").c_str(), 0755);
    auto [ec, res] = co_await run_arangodump_from(ctx, s.path());
    BOOST_TEST(ec == ak::errc::spawn_failed);
    BOOST_TEST(res.reason == ak::end_reason::spawn_failed);
    BOOST_TEST(res.error_message.find("exec") != std::string::npos, res.error_message);
    BOOST_TEST(res.describe().find("spawn failed") != std::string::npos);
}

asio::awaitable<void> exits_at_once(asio::io_context& ctx)
{
    ak::tool_runner r(ctx.get_executor());
    auto c0 = helper_cmd({"exit", "0"});
    auto [ec0, r0] = co_await r.async_run(c0, as_tuple);
    BOOST_TEST(!ec0);
    BOOST_TEST(r0.ok());
    BOOST_TEST(r0.out.bytes == 0u);
    BOOST_TEST(r0.err.bytes == 0u);
    auto c1 = helper_cmd({"exit", "42"});
    auto [ec1, r1] = co_await r.async_run(c1, as_tuple);
    BOOST_TEST(ec1 == ak::errc::nonzero_exit);
    BOOST_TEST(r1.exit_code.value_or(-1) == 42);
    BOOST_TEST(r1.describe().find("exit 42") != std::string::npos);
}

asio::awaitable<void> crashes_with_core(asio::io_context& ctx)
{
    ak::test::temp_dir s("case_core");
    ak::tool_runner r(ctx.get_executor());
    auto c = helper_cmd({"crash", "SIGSEGV"});
    c.working_directory = s.path();
    c.limits = {{RLIMIT_CORE, 64 << 20, 64 << 20}};
    auto [ec, res] = co_await r.async_run(c, as_tuple);
    BOOST_TEST(ec == ak::errc::killed_by_signal);
    BOOST_TEST(res.reason == ak::end_reason::signaled);
    BOOST_TEST(res.term_signal == SIGSEGV);
    BOOST_TEST(res.shell_exit_code() == 128 + SIGSEGV);
    BOOST_TEST(res.describe().find("signal 11") != std::string::npos);
    std::ifstream pat("/proc/sys/kernel/core_pattern");
    std::string pattern;
    std::getline(pat, pattern);
    if (!pattern.empty() && pattern[0] != '|')
        BOOST_TEST(res.core_dumped);
}

asio::awaitable<void> hangs_until_the_deadline(asio::io_context& ctx)
{
    ak::tool_runner r(ctx.get_executor());
    auto c = helper_cmd({"sleep", "60000"});
    c.timeout = 300ms;
    auto t0 = std::chrono::steady_clock::now();
    auto [ec, res] = co_await r.async_run(c, as_tuple);
    BOOST_TEST(ec == ak::errc::deadline_exceeded);
    BOOST_TEST(res.reason == ak::end_reason::deadline);
    BOOST_TEST(res.timed_out());
    BOOST_TEST(res.last_stop_signal == SIGINT); // ak_helper dies of the first signal of the graded stop
    BOOST_TEST(ms_since(t0) < 10000);
    BOOST_TEST(!ak::test::process_alive(res.pid));
}

asio::awaitable<void> ignores_sigterm(asio::io_context& ctx)
{
    ak::tool_runner r(ctx.get_executor());
    auto c = helper_cmd({"ignore-int", "ignore-term", "spin-until-killed"});
    c.timeout = 100ms;
    c.stop = ak::stop_policy{100ms, 200ms, true};
    auto [ec, res] = co_await r.async_run(c, as_tuple);
    BOOST_TEST(ec == ak::errc::deadline_exceeded);
    BOOST_TEST(res.term_signal == SIGKILL);
    BOOST_TEST(res.last_stop_signal == SIGKILL);
    BOOST_TEST(!ak::test::process_alive(res.pid));
}

asio::awaitable<void> grandchild_keeps_the_pipe_open(asio::io_context& ctx)
{
    ak::tool_runner r(ctx.get_executor());
    auto c = helper_cmd({"grandchild", "60000", "exit", "0"});
    auto t0 = std::chrono::steady_clock::now();
    auto [ec, res] = co_await r.async_run(c, as_tuple);
    BOOST_TEST(!ec);
    BOOST_TEST(ms_since(t0) < 5000); // not the grandchild's 60 s
    int gc = pid_from_tail(res, "grandchild ");
    BOOST_TEST_REQUIRE(gc > 0);
    wait_gone(gc);
}

asio::awaitable<void> one_gib_on_stderr(asio::io_context& ctx)
{
    long before = ak::test::proc_status_kib("VmHWM:");
    ak::tool_runner r(ctx.get_executor());
    auto c = helper_cmd({"ebytes", "1073741824"});
    auto [ec, res] = co_await r.async_run(c, as_tuple);
    BOOST_TEST(!ec);
    BOOST_TEST(res.err.bytes == 1073741824u);
    BOOST_TEST(res.out.bytes == 0u);
    BOOST_TEST(res.err.tail.size() <= c.tail_lines);
    long after = ak::test::proc_status_kib("VmHWM:");
    BOOST_TEST(after - before < 64 * 1024, "peak RSS grew by " << (after - before) << " KiB");
}

asio::awaitable<void> binary_junk_and_invalid_utf8(asio::io_context& ctx)
{
    std::ostringstream events;
    ak::runner_config cfg;
    cfg.sinks.push_back(std::make_shared<ak::jsonl_event_sink>(events, true));
    ak::tool_runner r(ctx.get_executor(), cfg);
    auto c =
        helper_cmd({"junk", "200000", "print", "\xff\xfe invalid \xc3\x28 utf8", "eprint", "\x80\x81\x82"});
    auto [ec, res] = co_await r.async_run(c, as_tuple);
    BOOST_TEST(!ec);
    BOOST_TEST(res.out.bytes >= 200000u);
    BOOST_TEST(!res.out.tail.empty());
    BOOST_TEST(res.err.tail.at(0) == "\x80\x81\x82");
    // Every event is still one valid JSON document per line, whatever bytes the tool wrote.
    std::istringstream in(events.str());
    std::string line;
    int n = 0, bad = 0;
    while (std::getline(in, line))
    {
        ++n;
        boost::system::error_code jec;
        json::parse(line, jec);
        if (jec)
            ++bad;
    }
    BOOST_TEST(n > 2);
    BOOST_TEST(bad == 0, bad << " of " << n << " event lines are not valid JSON");
}

asio::awaitable<void> closes_stdout_early(asio::io_context& ctx)
{
    ak::tool_runner r(ctx.get_executor());
    auto c = helper_cmd({"close-stdout", "sleep", "300", "eprint", "still here", "exit", "3"});
    auto [ec, res] = co_await r.async_run(c, as_tuple);
    BOOST_TEST(ec == ak::errc::nonzero_exit);
    BOOST_TEST(res.exit_code.value_or(-1) == 3);
    BOOST_TEST(res.out.bytes == 0u);
    BOOST_TEST(res.err.tail.at(0) == "still here");
}

asio::awaitable<void> server_refuses_connections(asio::io_context& ctx)
{
    std::string ep = "tcp://127.0.0.1:" + std::to_string(ak::test::free_port()); // refuses connections
    auto [ec, resp] = co_await get_version(ctx, ep, 2);
    BOOST_TEST(!!ec);
    BOOST_TEST(resp.status == 0u);
    BOOST_TEST_REQUIRE(resp.error.has_value());
    BOOST_TEST(!resp.error->from_server());
    BOOST_TEST(resp.error->describe().find("127.0.0.1") != std::string::npos, resp.error->describe());

    // The tool wrapper: the stand-in arangodump fails clearly (an exit code and an error), no hang.
    ak::test::temp_dir s("case_refused");
    ak::tool_runner runner(ctx.get_executor());
    ak::instance inst;
    inst.endpoints = {ep};
    inst.bin_dir = ak::test::sim_bin_dir();
    inst.root_dir = s.path();
    ak::arango_tools tools(runner, inst);
    ak::arangodump_options dump;
    dump.output_directory = (s / "d").string();
    dump.timeout = 60s;
    auto [dec, rep] = co_await tools.async_run(dump, as_tuple);
    BOOST_TEST(!!dec);
    BOOST_TEST(rep.result.reason == ak::end_reason::exited);
    BOOST_TEST(rep.result.exit_code.value_or(0) != 0);
    BOOST_TEST(rep.report.reported_errors());
}

asio::awaitable<void> server_answers_503(asio::io_context& ctx)
{
    ak::tool_runner runner(ctx.get_executor());
    auto so = sim_options(R"({"fail_503": 2, "paths": "/_api/version"})");
    auto sim = co_await ak::async_start_simulator(runner, so);
    auto [ec, resp] = co_await get_version(ctx, sim.endpoint(), 5);
    BOOST_TEST(!ec, ec.message());
    BOOST_TEST(resp.status == 200u);
    BOOST_TEST(resp.attempts == 3u); // two 503s were retried

    co_await put_faults(ctx, sim.endpoint(), R"({"fail_503": 1000, "paths": "/_api/version"})");
    auto [ec2, resp2] = co_await get_version(ctx, sim.endpoint(), 3);
    BOOST_TEST(ec2 == ak::errc::http_error);
    BOOST_TEST(resp2.status == 503u);
    BOOST_TEST(resp2.attempts == 3u);
    BOOST_TEST_REQUIRE(resp2.error.has_value());
    BOOST_TEST(resp2.error->error_num == 503);
    co_await sim.async_stop();
}

asio::awaitable<void> server_drops_the_connection_mid_body(asio::io_context& ctx)
{
    ak::tool_runner runner(ctx.get_executor());
    auto so = sim_options(R"({"drop": 1, "paths": "/_api/version"})");
    auto sim = co_await ak::async_start_simulator(runner, so);
    // Retried: the second attempt gets the whole body.
    auto [ec, resp] = co_await get_version(ctx, sim.endpoint(), 3);
    BOOST_TEST(!ec, ec.message());
    BOOST_TEST(resp.attempts == 2u);
    BOOST_TEST(json::parse(resp.body).as_object().at("server").as_string() == "arango");

    co_await put_faults(ctx, sim.endpoint(), R"({"drop": 1, "paths": "/_api/version"})");
    // No retries left: the truncated response is an error, never a half body handed out as success.
    auto [ec2, resp2] = co_await get_version(ctx, sim.endpoint(), 1);
    BOOST_TEST(!!ec2);
    BOOST_TEST(!resp2.ok());
    BOOST_TEST(resp2.error.has_value());
    co_await sim.async_stop();
}

asio::awaitable<void> deadline_expires_before_spawn(asio::io_context& ctx)
{
    // A global deadline that has already passed: nothing is spawned.
    ak::runner_config cfg;
    cfg.global_deadline = ak::deadline::after(0ms);
    ak::tool_runner r(ctx.get_executor(), cfg);
    auto c = helper_cmd({"exit", "0"});
    auto [ec, res] = co_await r.async_run(c, as_tuple);
    BOOST_TEST(ec == ak::errc::deadline_exceeded);
    BOOST_TEST(res.pid == 0);
    BOOST_TEST(res.reason == ak::end_reason::deadline);

    // The global deadline passes while a run waits for a concurrency slot: it is never spawned. (A per-run
    // `timeout` starts at the spawn, so the queue wait does not count against it.)
    ak::runner_config one;
    one.max_concurrent = 1;
    one.global_deadline = ak::deadline::after(400ms);
    one.default_stop = ak::stop_policy::terminate_then_kill(200ms);
    ak::tool_runner r1(ctx.get_executor(), one);
    auto first = helper_cmd({"sleep", "30000"});
    auto h = co_await r1.async_start(first);
    auto second = helper_cmd({"exit", "0"});
    auto t0 = std::chrono::steady_clock::now();
    auto [ec2, res2] = co_await r1.async_run(second, as_tuple);
    BOOST_TEST(ec2 == ak::errc::deadline_exceeded);
    BOOST_TEST(res2.pid == 0);
    BOOST_TEST(ms_since(t0) < 10000);
    auto [ec1, res1] = co_await h.async_wait(as_tuple);
    BOOST_TEST(ec1 == ak::errc::deadline_exceeded);
    BOOST_TEST(res1.reason == ak::end_reason::deadline);
}

asio::awaitable<void> deadline_expires_during_streaming(asio::io_context& ctx)
{
    ak::tool_runner r(ctx.get_executor());
    auto c = helper_cmd({"flood-until-killed"});
    c.timeout = 400ms;
    auto h = co_await r.async_start(c);
    std::uint64_t lines = 0;
    for (;;)
    {
        auto l = co_await h.async_read_line();
        if (!l)
            break;
        ++lines;
    }
    auto [ec, res] = co_await h.async_wait(as_tuple);
    BOOST_TEST(lines > 0u);
    BOOST_TEST(ec == ak::errc::deadline_exceeded);
    BOOST_TEST(res.reason == ak::end_reason::deadline);
    BOOST_TEST(res.out.lines == lines); // every line read was counted, none lost at the stop
}

asio::awaitable<void> deadline_expires_during_the_graded_stop(asio::io_context& ctx)
{
    // A stop with long graces is under way when the run's deadline passes: the stop still ends in SIGKILL
    // within the graces, and the result says why it began.
    ak::tool_runner r(ctx.get_executor());
    auto c = helper_cmd({"ignore-int", "ignore-term", "print", "ready", "spin-until-killed"});
    c.timeout = 300ms;
    auto h = co_await r.async_start(c);
    auto ready = co_await h.async_read_line(); // the signals are ignored from here on
    BOOST_TEST_REQUIRE(ready.has_value());
    BOOST_TEST(ready->text == "ready");
    h.request_stop(ak::stop_policy{600ms, 600ms, true});
    auto t0 = std::chrono::steady_clock::now();
    auto [ec, res] = co_await h.async_wait(as_tuple);
    BOOST_TEST(!!ec);
    BOOST_TEST(res.term_signal == SIGKILL);
    BOOST_TEST(res.last_stop_signal == SIGKILL);
    BOOST_TEST((res.reason == ak::end_reason::stop_requested || res.reason == ak::end_reason::deadline));
    BOOST_TEST(ms_since(t0) < 8000);
    BOOST_TEST(!ak::test::process_alive(res.pid));
}

asio::awaitable<void> program_receives_sigint(asio::io_context& ctx)
{
    // The program turns its own SIGINT into terminal cancellation of the run: the tool gets the graded stop
    // (SIGINT first: trap-int exits 0 on it) and the run completes as cancelled.
    ak::tool_runner r(ctx.get_executor());
    asio::signal_set signals(ctx, SIGINT);
    asio::cancellation_signal cancel;
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (!ec)
            cancel.emit(asio::cancellation_type::terminal);
    });
    asio::steady_timer later(ctx, 300ms);
    later.async_wait([](boost::system::error_code ec) {
        if (!ec)
            ::kill(::getpid(), SIGINT);
    });
    auto c = helper_cmd({"trap-int"});
    c.timeout = 30s;
    auto [ec, res] = co_await r.async_run(c, asio::bind_cancellation_slot(cancel.slot(), as_tuple));
    BOOST_TEST(ec == asio::error::operation_aborted);
    BOOST_TEST(res.reason == ak::end_reason::cancelled);
    BOOST_TEST(res.last_stop_signal == SIGINT);
    BOOST_TEST(res.out.tail.at(0) == "got SIGINT");
    BOOST_TEST(!ak::test::process_alive(res.pid));
}

const std::map<std::string, fault_case>& matrix()
{
    static const std::map<std::string, fault_case> m{
        {"tool_missing", {tool_missing}},
        {"tool_not_executable", {tool_not_executable}},
        {"exec_fails", {exec_fails}},
        {"exits_at_once", {exits_at_once}},
        {"crashes_with_sigsegv_and_core", {crashes_with_core}},
        {"hangs_until_the_deadline", {hangs_until_the_deadline}},
        {"ignores_sigterm", {ignores_sigterm}},
        {"grandchild_keeps_the_pipe_open", {grandchild_keeps_the_pipe_open}},
        {"writes_one_gib_to_stderr", {one_gib_on_stderr, 300s}},
        {"writes_binary_junk_and_invalid_utf8", {binary_junk_and_invalid_utf8}},
        {"closes_stdout_early", {closes_stdout_early}},
        {"server_refuses_connections", {server_refuses_connections, 120s}},
        {"server_answers_503", {server_answers_503, 120s}},
        {"server_drops_the_connection_mid_body", {server_drops_the_connection_mid_body, 120s}},
        {"deadline_expires_before_spawn", {deadline_expires_before_spawn}},
        {"deadline_expires_during_streaming", {deadline_expires_during_streaming}},
        {"deadline_expires_during_the_graded_stop", {deadline_expires_during_the_graded_stop}},
        {"program_receives_sigint", {program_receives_sigint}},
    };
    return m;
}

void run_case(const std::string& name)
{
    const auto& fc = matrix().at(name);
    ak::test::hygiene h(tmp_root->dir);
    ak::test::run_coro([&](asio::io_context& ctx) { return fc.body(ctx); }, fc.cap);
}

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(global_setup);

BOOST_AUTO_TEST_SUITE(fault_matrix)

// One test per row of the table, named after it; the hygiene checks wrap every row.
#define ARANGOKIT_FAULT_CASE(name)                                                                           \
    BOOST_AUTO_TEST_CASE(name)                                                                               \
    {                                                                                                        \
        run_case(#name);                                                                                     \
    }

ARANGOKIT_FAULT_CASE(tool_missing)
ARANGOKIT_FAULT_CASE(tool_not_executable)
ARANGOKIT_FAULT_CASE(exec_fails)
ARANGOKIT_FAULT_CASE(exits_at_once)
ARANGOKIT_FAULT_CASE(crashes_with_sigsegv_and_core)
ARANGOKIT_FAULT_CASE(hangs_until_the_deadline)
ARANGOKIT_FAULT_CASE(ignores_sigterm)
ARANGOKIT_FAULT_CASE(grandchild_keeps_the_pipe_open)
ARANGOKIT_FAULT_CASE(writes_one_gib_to_stderr)
ARANGOKIT_FAULT_CASE(writes_binary_junk_and_invalid_utf8)
ARANGOKIT_FAULT_CASE(closes_stdout_early)
ARANGOKIT_FAULT_CASE(server_refuses_connections)
ARANGOKIT_FAULT_CASE(server_answers_503)
ARANGOKIT_FAULT_CASE(server_drops_the_connection_mid_body)
ARANGOKIT_FAULT_CASE(deadline_expires_before_spawn)
ARANGOKIT_FAULT_CASE(deadline_expires_during_streaming)
ARANGOKIT_FAULT_CASE(deadline_expires_during_the_graded_stop)
ARANGOKIT_FAULT_CASE(program_receives_sigint)

BOOST_AUTO_TEST_CASE(every_row_of_the_table_has_a_test)
{
    BOOST_TEST(matrix().size() == 18u);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
// Security: secrets never on argv, in events or in logs; secret files are 0600; temp names are unguessable;
// servers in tests listen on loopback only.
// ---------------------------------------------------------------------------------------------------------------

namespace {

std::string proc_cmdline(int pid)
{
    // Right after exec the new image's arguments are not set up yet and cmdline reads empty: retry briefly.
    std::string s;
    for (int i = 0; i < 200 && s.empty(); ++i)
    {
        s = ak::test::read_file("/proc/" + std::to_string(pid) + "/cmdline");
        if (s.empty())
            std::this_thread::sleep_for(1ms);
    }
    for (char& c : s)
        if (c == '\0')
            c = ' ';
    return s;
}

// The `--configuration <file>` a child was started with, read from its /proc cmdline.
fs::path config_arg(int pid)
{
    std::string raw = ak::test::read_file("/proc/" + std::to_string(pid) + "/cmdline");
    std::vector<std::string> argv;
    std::string cur;
    for (char c : raw)
    {
        if (c == '\0')
        {
            argv.push_back(cur);
            cur.clear();
        }
        else
            cur += c;
    }
    for (std::size_t i = 0; i + 1 < argv.size(); ++i)
        if (argv[i] == "--configuration")
            return argv[i + 1];
    return {};
}

// What we saw of every child at its `started` event: its real command line and its private .conf's mode.
struct spawn_observer : ak::event_sink
{
    std::vector<std::string> cmdlines;
    std::vector<unsigned> conf_modes;
    void on_event(const ak::tool_event& e) override
    {
        if (e.kind != ak::event_kind::started || e.pid <= 0)
            return;
        cmdlines.push_back(proc_cmdline(e.pid)); // also waits until the arguments are readable
        auto conf = config_arg(e.pid);
        struct stat st
        {
        };
        if (!conf.empty() && ::stat(conf.c_str(), &st) == 0)
            conf_modes.push_back(st.st_mode & 07777);
    }
};

std::set<unsigned long> socket_inodes(int pid)
{
    std::set<unsigned long> s;
    std::error_code ec;
    for (fs::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end; !ec && it != end;
         it.increment(ec))
    {
        std::error_code rec;
        auto target = fs::read_symlink(it->path(), rec).string();
        if (!rec && target.rfind("socket:[", 0) == 0)
            s.insert(std::stoul(target.substr(8)));
    }
    return s;
}

// Local addresses (hex, as in /proc/net/tcp*) of the listening sockets among `inodes`.
std::vector<std::string> listening_addresses(const std::set<unsigned long>& inodes)
{
    std::vector<std::string> out;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"})
    {
        std::ifstream in(table);
        std::string line;
        std::getline(in, line); // header
        while (std::getline(in, line))
        {
            std::istringstream ls(line);
            std::string slot, local, remote, state, queues, timer, retr, uid, timeout;
            unsigned long inode = 0;
            ls >> slot >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode;
            if (state == "0A" && inodes.count(inode))
                out.push_back(local.substr(0, local.find(':')));
        }
    }
    return out;
}

bool loopback_hex(const std::string& a)
{
    if (a.size() == 8)
        return a.substr(6, 2) == "7F"; // 127.x.x.x, little-endian
    return a == "00000000000000000000000001000000" || a == "0000000000000000FFFF00000100007F";
}

} // namespace

BOOST_AUTO_TEST_SUITE(security)

BOOST_AUTO_TEST_CASE(secrets_never_reach_argv_events_or_logs)
{
    ak::test::hygiene h(tmp_root->dir);
    ak::test::temp_dir s("case_secrets");
    const std::string password = "pw-Zq8#visible-nowhere";
    const std::string jwt_secret = "jwt-secret-Kx71-never-logged";
    ak::write_secret_keyfile(s / "server.jwtsecret", jwt_secret);
    auto observer = std::make_shared<spawn_observer>();
    ak::test::run_coro(
        [&](asio::io_context& ctx) -> asio::awaitable<void> {
            fs::create_directories(s / "run");
            ak::runner_config cfg;
            cfg.sinks.push_back(
                std::make_shared<ak::jsonl_event_sink>((s / "run" / "events.jsonl").string(), true)
            );
            cfg.sinks.push_back(observer);
            ak::tool_runner runner(ctx.get_executor(), cfg);
            auto so = sim_options();
            so.auth = "jwt";
            so.users = {"root:" + password};
            so.jwt_secret_keyfile = s / "server.jwtsecret";
            // The simulator's own database (it stores users like a server does) stays outside the run's
            // artifacts; its request log is copied in below.
            so.data_dir = s / "sim-data";
            fs::create_directories(so.data_dir);
            auto sim = co_await ak::async_start_simulator(runner, so);

            // Password authentication.
            auto inst = sim.make_instance();
            inst.username = "root";
            inst.password = password;
            inst.root_dir = s / "run";
            ak::arango_tools tools(runner, inst);
            ak::arangodump_options dump;
            dump.output_directory = (s / "run" / "dump-pw").string();
            dump.timeout = 60s;
            auto r1 = co_await tools.async_run(dump);
            BOOST_TEST(r1.ok());
            BOOST_TEST(r1.result.command_line().find(password) == std::string::npos);

            // JWT secret authentication (the secret is turned into a private keyfile for the tool).
            auto inst2 = sim.make_instance();
            inst2.jwt_secret = jwt_secret;
            inst2.root_dir = s / "run";
            ak::arango_tools tools2(runner, inst2);
            ak::arangodump_options dump2;
            dump2.output_directory = (s / "run" / "dump-jwt").string();
            dump2.timeout = 60s;
            auto r2 = co_await tools2.async_run(dump2);
            BOOST_TEST(r2.ok());

            // The HTTP client with both kinds of credentials.
            auto ccfg = ak::client_config_for(inst2);
            ak::arango_client client(ctx.get_executor(), ccfg);
            auto v = co_await client.async_version();
            BOOST_TEST(!v.version.empty());
            co_await sim.async_stop();
            fs::copy_file(sim.log_file(), s / "run" / "sim.log", fs::copy_options::overwrite_existing);
        },
        180s
    );
    // The tools really saw their secrets through a private file, never on the command line.
    BOOST_TEST(observer->cmdlines.size() >= 3u);
    for (const auto& c : observer->cmdlines)
    {
        BOOST_TEST(!c.empty());
        BOOST_TEST(c.find(password) == std::string::npos, c);
        BOOST_TEST(c.find(jwt_secret) == std::string::npos, c);
    }
    BOOST_TEST(
        !observer->conf_modes.empty(), "no private .conf seen; command lines: " <<
                                           [&] {
                                               std::string all;
                                               for (const auto& c : observer->cmdlines)
                                                   all += "\n  " + c;
                                               return all;
                                           }()
    );
    for (unsigned m : observer->conf_modes)
        BOOST_TEST(m == 0600u);
    // Every artifact of the run: events, tool logs, dumps, the server's log and data.
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(s / "run"))
    {
        if (!e.is_regular_file())
            continue;
        ++files;
        auto text = ak::test::read_file(e.path());
        BOOST_TEST(text.find(password) == std::string::npos, e.path());
        BOOST_TEST(text.find(jwt_secret) == std::string::npos, e.path());
    }
    BOOST_TEST(files >= 3);
    BOOST_TEST(ak::test::read_file(s / "run" / "events.jsonl").find("\"started\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(secret_files_are_private)
{
    ak::test::hygiene h(tmp_root->dir);
    ak::test::temp_dir s("case_modes");
    mode_t old_mask = ::umask(0); // the worst case: modes must not depend on the umask
    ak::write_secret_keyfile(s / "k", "secret");
    ::umask(old_mask);
    struct stat st
    {
    };
    BOOST_TEST_REQUIRE(::stat((s / "k").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 07777) == 0600u);
    // Rewriting an existing, too-open file narrows it again.
    ::chmod((s / "k").c_str(), 0666);
    ak::write_secret_keyfile(s / "k", "secret2");
    BOOST_TEST_REQUIRE(::stat((s / "k").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 07777) == 0600u);
    BOOST_TEST(ak::read_secret_keyfile(s / "k") == "secret2");
}

BOOST_AUTO_TEST_CASE(temp_names_of_private_files_are_unguessable)
{
    ak::test::hygiene h(tmp_root->dir);
    ak::tool_context ctx;
    ctx.server.password = "x";
    ctx.run_dir = tmp_root->dir;
    ak::arangodump_options dump;
    dump.output_directory = "/nonexistent/out";
    std::set<std::string> random_parts;
    for (int i = 0; i < 50; ++i)
    {
        auto inv = ak::render_tool(dump, ctx);
        BOOST_TEST_REQUIRE(!inv.ec, inv.message());
        auto stem = inv.invocation.config_file.stem().string();
        auto last = stem.substr(stem.rfind('-') + 1);
        // 64 random bits, not a pid, counter or clock value that another local user could predict.
        BOOST_TEST(last.size() >= 16u, stem);
        BOOST_TEST(last.find_first_not_of("0123456789abcdef") == std::string::npos, stem);
        random_parts.insert(last);
    }
    BOOST_TEST(random_parts.size() == 50u);
}

BOOST_AUTO_TEST_CASE(test_servers_listen_on_loopback_only)
{
    ak::test::hygiene h(tmp_root->dir);
    ak::test::sim_setup setup;
    setup.sim.coordinators = 2;
    ak::test::run_with_simulator(
        [&](ak::test::sim_env& env) -> asio::awaitable<void> {
            for (const auto& e : env.sim.endpoints())
            {
                auto ep = ak::endpoint::parse(e);
                BOOST_TEST((ep.host() == "127.0.0.1" || ep.host() == "::1" || ep.host() == "localhost"), e);
            }
            auto addrs = listening_addresses(socket_inodes(env.sim.pid()));
            BOOST_TEST(addrs.size() >= 2u);
            for (const auto& a : addrs)
                BOOST_TEST(loopback_hex(a), "arangosim listens on " << a);
            co_return;
        },
        120s, setup
    );
}

BOOST_AUTO_TEST_SUITE_END()
