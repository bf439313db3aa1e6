// The promises under faults that a user or an attacker finds from outside: SIGPIPE, a host that dies, SIGCHLD
// ignored, a subreaper host, a full disk, unwritable private files, secrets at every boundary, hostile output
// shapes, exact line accounting, bad input, and groups whose members stream. Each case once broke a promise
// the docs make; each runs with real processes and ends with the hygiene checks (no child, zombie, guardian,
// descriptor or temp file left). The table of all cases is in docs/reliability.md; the group case lives in
// tests/groups (streaming_members_are_stopped_and_reaped_before_the_group_completes), so TSan runs it too.
#define BOOST_TEST_MODULE arangokit_promises
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include "helper_child.hpp"
#include "run_coro.hpp"
#include "sim_fixture.hpp"
#include "test_paths.hpp"
#include "timing.hpp"
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>

namespace ak = arangokit;
namespace asio = boost::asio;
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using ak::test::helper_cmd;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

// ASan's quarantine keeps freed buffers resident, so peak RSS says little about the runner there: the bound
// holds for the normal build; under ASan only a gross leak (the whole stream kept) would fail.
#if defined(__SANITIZE_ADDRESS__)
constexpr long rss_bound_kib = 192 * 1024;
#else
constexpr long rss_bound_kib = 12 * 1024;
#endif

std::string random_token(const char* prefix)
{
    std::random_device rd;
    return std::string(prefix) + std::to_string(rd()) + std::to_string(rd());
}

std::string orchestrator()
{
    return ak::test::test_bin_dir() + "/ak_orchestrator";
}

// Every live (non-zombie) process whose environment holds `marker`.
std::vector<int> marked_processes(const std::string& marker)
{
    std::vector<int> out;
    std::error_code ec;
    for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec))
    {
        auto name = it->path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        std::string env = ak::test::read_file(it->path() / "environ");
        if (env.find(marker) == std::string::npos)
            continue;
        std::string st = ak::test::read_file(it->path() / "stat");
        auto rp = st.rfind(')');
        if (rp != std::string::npos && rp + 2 < st.size() && st[rp + 2] == 'Z')
            continue;
        out.push_back(std::stoi(name));
    }
    return out;
}

std::vector<fs::path> files_containing(const fs::path& dir, const std::string& needle)
{
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && ak::test::read_file(it->path()).find(needle) != std::string::npos)
            out.push_back(it->path());
    return out;
}

// Runs ak_orchestrator with `args` and `env`, returns its first stdout line starting with `prefix`
// (and the running handle, so the caller can kill it).
struct host_run
{
    ak::running_tool tool;
    std::string line;
};

asio::awaitable<host_run> start_host(
    ak::tool_runner& r,
    std::vector<std::string> args,
    std::map<std::string, std::string> env,
    const std::string& prefix
)
{
    ak::command c;
    c.program = orchestrator();
    c.args = std::move(args);
    c.env.set = std::move(env);
    auto started = co_await r.async_start(c);
    host_run h;
    h.tool = std::move(started);
    for (;;)
    {
        auto l = co_await h.tool.async_read_line();
        if (!l)
            break;
        if (l->text.rfind(prefix, 0) == 0)
        {
            h.line = l->text.substr(prefix.size());
            break;
        }
    }
    co_return h;
}

// The host is killed with `sig`; within 1 s nothing it started may be alive and no file with the secret may
// remain. In process-group mode the daemonized grandchildren are the documented exception.
void host_dies(int sig, const std::string& mode)
{
    ak::test::hygiene h;
    ak::test::temp_dir tmp("host_tmp");
    const std::string marker = random_token("AK_MARK_");
    const std::string secret = random_token("pw-secret-");
    json::object ready;
    std::vector<int> left;
    double ms = 0;
    ak::test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            ak::runner_config cfg;
            cfg.containment = ak::containment_mode::off; // the host's own containment is under test
            ak::tool_runner r(io.get_executor(), cfg);
            std::vector<std::string> args = {"death", mode, ak::test::helper_path(), ak::test::sim_bin_dir()};
            std::map<std::string, std::string> env = {
                {"AK_SECRET", secret}, {"AK_MARK", marker}, {"TMPDIR", tmp.path().string()}};
            auto host = co_await start_host(r, args, env, "READY ");
            BOOST_TEST_REQUIRE(
                !host.line.empty(), "the host did not get ready: " << host.tool.result().describe()
            );
            ready = json::parse(host.line).as_object();
            BOOST_TEST(ready.at("tools").as_int64() == 20);
            BOOST_TEST_MESSAGE(
                "host containment: " << ready.at("containment") << " (" << ready.at("note") << ")"
            );
            auto before = marked_processes(marker);
            BOOST_TEST(
                before.size() >= 40u, "expected the tools and their descendants, saw " << before.size()
            );
            ::kill(host.tool.pid(), sig);
            auto t0 = std::chrono::steady_clock::now();
            auto [ec, res] = co_await host.tool.async_wait(as_tuple);
            BOOST_TEST(res.term_signal == sig);
            asio::steady_timer t(io);
            for (;;)
            {
                left = marked_processes(marker);
                bool guardian_gone =
                    !ak::test::process_alive(static_cast<int>(ready.at("guardian").as_int64()));
                bool dir_gone = !fs::exists(ready.at("sim_data_dir").as_string().c_str());
                bool groups_only = mode == "process_group" || ready.at("containment").as_string() != "cgroup";
                if ((left.empty() || (groups_only && left.size() <= 3)) && guardian_gone && dir_gone)
                    break;
                if (std::chrono::steady_clock::now() - t0 > 3s)
                    break;
                t.expires_after(10ms);
                co_await t.async_wait(as_tuple);
            }
            ms = ak::test::ms_since(t0);
        },
        180s
    );
    BOOST_TEST_MESSAGE("everything gone " << ms << " ms after the host died");
    // A machine where this process may not create a cgroup v2 (not root, no cgroup2 mount) falls back to
    // process groups, and says so; as root with a cgroup2 hierarchy the cgroup is required.
    bool fell_back = mode != "process_group" && ready.at("containment").as_string() != "cgroup";
    if (fell_back)
    {
        bool cgroup_possible = ::geteuid() == 0 && !ak::detail::own_cgroup_v2_dir().empty();
        BOOST_TEST(!cgroup_possible, "root with a cgroup v2 hierarchy, but no cgroup: " << ready.at("note"));
        BOOST_TEST_MESSAGE("no cgroup on this machine: " << ready.at("note"));
    }
    if (mode == "process_group" || fell_back)
    {
        // Documented: without a cgroup the three grandchildren that called setsid escape the group kill.
        BOOST_TEST(left.size() <= 3u);
        for (int p : left)
            ::kill(p, SIGKILL);
    }
    else
    {
        BOOST_TEST(left.empty(), left.size() << " descendants of the host's tools are still alive");
    }
    BOOST_TEST(ms < 1000.0, "cleanup took " << ms << " ms");
    BOOST_TEST(!ak::test::process_alive(static_cast<int>(ready.at("guardian").as_int64())));
    BOOST_TEST(!fs::exists(ready.at("sim_data_dir").as_string().c_str()));
    BOOST_TEST(files_containing(tmp.path(), secret).empty());
    BOOST_TEST(ak::test::dir_entries(tmp.path()).empty(), "the host left files in its TMPDIR");
    for (int p : marked_processes(marker)) // never leave anything behind, even when a check failed
        ::kill(p, SIGKILL);
}

} // namespace

BOOST_AUTO_TEST_SUITE(host_faults)

BOOST_AUTO_TEST_CASE(sigpipe_never_kills_the_host)
{
    ak::test::hygiene h;
    std::string out;
    ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
        ak::tool_runner r(io.get_executor());
        ak::command c;
        c.program = orchestrator();
        c.args = {"sigpipe", ak::test::helper_path()};
        auto [ec, res] = co_await r.async_run(c, as_tuple);
        BOOST_TEST(res.term_signal == 0, "the host died of signal " << res.term_signal);
        BOOST_TEST(res.exit_code.value_or(-1) == 0, res.describe());
        for (const auto& l : res.out.tail)
            out += l + "\n";
    });
    BOOST_TEST(out.find("WRITE 32 1 ") != std::string::npos, out); // EPIPE, as broken_pipe
    BOOST_TEST(out.find("WRITE2 ") != std::string::npos, out);
    BOOST_TEST(out.find("WRITE2 0") == std::string::npos, out);
    BOOST_TEST(out.find("RESULT ") != std::string::npos, out);
}

// Children are created inside the runner's cgroup (clone3 with CLONE_INTO_CGROUP), or join it themselves
// before exec where the kernel or a seccomp filter refuses clone3: either way the child's own view of its
// cgroup is the runner's.
BOOST_AUTO_TEST_CASE(children_run_inside_the_runners_cgroup_with_or_without_clone3)
{
    ak::test::hygiene h;
    bool cgroup_possible = ::geteuid() == 0 && !ak::detail::own_cgroup_v2_dir().empty();
    for (bool clone3 : {true, false})
    {
#if defined(ARANGOKIT_DETAIL_HAVE_CLONE3)
        ak::detail::clone3_usable() = clone3;
#else
        if (clone3)
            continue;
#endif
        std::string note, line;
        ak::containment_mode mode{};
        ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
            ak::tool_runner r(io.get_executor());
            ak::command c;
            c.program = "/bin/sh";
            c.args = {"-c", "grep '^0::' /proc/self/cgroup"};
            auto [ec, res] = co_await r.async_run(c, as_tuple);
            BOOST_TEST(!ec, ec.message());
            BOOST_TEST(res.exit_code.value_or(-1) == 0, res.describe());
            mode = r.containment().mode;
            note = r.containment().note;
            if (!res.out.tail.empty())
                line = res.out.tail.front();
        });
#if defined(ARANGOKIT_DETAIL_HAVE_CLONE3)
        ak::detail::clone3_usable() = true;
#endif
        if (mode != ak::containment_mode::cgroup)
        {
            BOOST_TEST(!cgroup_possible, "root with a cgroup v2 hierarchy, but no cgroup: " << note);
            return;
        }
        BOOST_TEST_CONTEXT("clone3 " << clone3 << ", " << note)
        {
            BOOST_TEST_REQUIRE(line.rfind("0::/", 0) == 0, line);
            std::string rel = line.substr(3);
            BOOST_TEST(rel.find("/arangokit-") != std::string::npos, line);
            BOOST_TEST(note.size() >= rel.size());
            BOOST_TEST(note.compare(note.size() - rel.size(), rel.size(), rel) == 0, line);
        }
    }
}

BOOST_AUTO_TEST_CASE(host_killed_leaves_nothing_cgroup)
{
    host_dies(SIGKILL, "automatic");
}

BOOST_AUTO_TEST_CASE(host_terminated_leaves_nothing_cgroup)
{
    host_dies(SIGTERM, "automatic");
}

BOOST_AUTO_TEST_CASE(host_killed_leaves_nothing_process_groups)
{
    host_dies(SIGKILL, "process_group");
}

BOOST_AUTO_TEST_CASE(subreaper_host_keeps_no_zombies)
{
    ak::test::hygiene h;
    std::string out;
    ak::test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            ak::tool_runner r(io.get_executor());
            ak::command c;
            c.program = orchestrator();
            c.args = {"subreaper", "100"};
            auto [ec, res] = co_await r.async_run(c, as_tuple);
            BOOST_TEST(!ec, res.describe());
            for (const auto& l : res.out.tail)
                out += l;
            for (const auto& l : res.err.tail)
                out += " / " + l;
        },
        120s
    );
    BOOST_TEST(out == "ZOMBIES 0 ALIVE 0", out);
}

BOOST_AUTO_TEST_CASE(ignored_sigchld_is_a_clear_error_not_a_false_not_started)
{
    ak::test::hygiene h;
    for (bool nocldwait : {false, true})
    {
        struct sigaction old
        {
        }, sa{};
        if (nocldwait)
        {
            sa.sa_handler = SIG_DFL;
            sa.sa_flags = SA_NOCLDWAIT;
        }
        else
            sa.sa_handler = SIG_IGN;
        ::sigaction(SIGCHLD, &sa, &old);
        ak::error_code ec;
        ak::tool_result res;
        ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
            ak::tool_runner r(io.get_executor());
            auto c = helper_cmd({"exit", "0"});
            std::tie(ec, res) = co_await r.async_run(c, as_tuple);
        });
        ::sigaction(SIGCHLD, &old, nullptr);
        BOOST_TEST(ec == ak::errc::exit_status_unknown);
        BOOST_TEST(res.pid == 0); // refused before spawning: the result cannot lie about it
        BOOST_TEST(res.error_message.find("SIGCHLD is ignored") != std::string::npos, res.error_message);
        BOOST_TEST(res.error_message.find("SIG_DFL") != std::string::npos, res.error_message);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(data_loss)

BOOST_AUTO_TEST_CASE(tee_log_on_a_full_disk_reports_the_loss)
{
    ak::test::hygiene h;
    ak::test::temp_dir d("fulldisk");
    // A 1 MiB tmpfs where we may mount one (root), and /dev/full in any case.
    fs::path small = d / "small";
    fs::create_directories(small);
    bool mounted = ::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=1m") == 0;
    std::vector<fs::path> logs = {"/dev/full"};
    if (mounted)
        logs.push_back(small / "tee.log");
    else
        BOOST_TEST_MESSAGE("no tmpfs could be mounted (not root?): /dev/full only");
    for (const auto& log : logs)
    {
        ak::tool_result res;
        ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
            ak::tool_runner r(io.get_executor());
            auto c = helper_cmd({"bytes", "3000000"});
            c.stdout_log = log;
            auto [ec, rr] = co_await r.async_run(c, as_tuple);
            BOOST_TEST(!ec, rr.describe()); // the tool's own run is unaffected
            res = rr;
        });
        BOOST_TEST(res.out.bytes == 3000000u);
        BOOST_TEST(res.out.log_bytes_lost > 0u);
        BOOST_TEST(res.out.log_error.find(log.string()) != std::string::npos, res.out.log_error);
        BOOST_TEST(res.out.log_error.find("No space left") != std::string::npos, res.out.log_error);
        if (log != "/dev/full")
        {
            auto kept = fs::file_size(log);
            BOOST_TEST(
                kept + res.out.log_bytes_lost == 3000000u, kept << " kept + " << res.out.log_bytes_lost
            );
            fs::remove(log);
        }
        else
            BOOST_TEST(res.out.log_bytes_lost == 3000000u);
    }
    // The event sink says so too.
    for (const auto& log : logs)
    {
        auto sink = std::make_shared<ak::jsonl_event_sink>(log.string(), true);
        ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
            ak::runner_config cfg;
            cfg.sinks.push_back(sink);
            ak::tool_runner r(io.get_executor(), cfg);
            auto c = helper_cmd({"lines", "30000"});
            co_await r.async_run(c, as_tuple);
        });
        BOOST_TEST(sink->lost() > 0u);
        BOOST_TEST(sink->error().find(log.string()) != std::string::npos, sink->error());
        sink.reset();
        if (log != "/dev/full")
            fs::remove(log);
    }
    if (mounted)
        ::umount(small.c_str());
}

BOOST_AUTO_TEST_CASE(event_file_is_private)
{
    ak::test::hygiene h;
    ak::test::temp_dir d("events_mode");
    mode_t old = ::umask(0);
    {
        ak::jsonl_event_sink sink((d / "events.jsonl").string(), true);
    }
    ::umask(old);
    struct stat st
    {
    };
    BOOST_TEST_REQUIRE(::stat((d / "events.jsonl").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 07777) == 0600u);
}

BOOST_AUTO_TEST_CASE(unwritable_private_file_names_the_step_and_the_path)
{
    ak::test::hygiene h;
    const std::string pw = "pw-never-in-a-message";
    ak::tool_context ctx;
    ctx.server.password = pw;
    ctx.run_dir = "/nonexistent-dir-of-arangokit";
    ak::arangodump_options dump;
    dump.output_directory = "/nonexistent/out";
    auto inv = ak::render_tool(dump, ctx);
    BOOST_TEST_REQUIRE(!inv.ec);
    // No descriptor can be had: memfd_create and open both fail, the way a full fd table or disk does.
    struct rlimit old
    {
    };
    ::getrlimit(RLIMIT_NOFILE, &old);
    int top = ::dup(0);
    ::close(top);
    struct rlimit low = old;
    low.rlim_cur = static_cast<rlim_t>(top);
    ::setrlimit(RLIMIT_NOFILE, &low);
    ak::error_code ec;
    std::string msg;
    ak::write_private_files(inv.invocation, ec, msg);
    ::setrlimit(RLIMIT_NOFILE, &old);
    BOOST_TEST(!!ec);
    BOOST_TEST(msg.find("cannot create the private file") != std::string::npos, msg);
    BOOST_TEST(msg.find("/nonexistent-dir-of-arangokit/arangokit-arangodump-") != std::string::npos, msg);
    BOOST_TEST(msg.find(ec.message()) != std::string::npos, msg);
    BOOST_TEST(msg.find("Success") == std::string::npos, msg);
    BOOST_TEST(msg.find(pw) == std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(password_with_a_line_break_gets_a_safe_suggestion)
{
    ak::tool_context ctx;
    ctx.server.password = "two\nlines";
    ak::arangodump_options dump;
    dump.output_directory = "/tmp/x";
    auto inv = ak::render_tool(dump, ctx);
    BOOST_TEST(inv.ec == ak::errc::invalid_options);
    BOOST_TEST(inv.message().find("secret_transport::argv") == std::string::npos, inv.message());
    BOOST_TEST(inv.message().find("line break") != std::string::npos, inv.message());
}

BOOST_AUTO_TEST_CASE(secrets_of_tools_never_reach_a_file_system)
{
    ak::test::hygiene h;
    // A password travels in the private .conf, a raw JWT secret in a keyfile: both become memory files.
    for (bool jwt : {false, true})
    {
        ak::tool_context ctx;
        if (jwt)
            ctx.server.jwt_secret = "jwt-memfd-only";
        else
            ctx.server.password = "pw-memfd-only";
        ak::arangodump_options dump;
        dump.output_directory = "/tmp/x";
        auto inv = ak::render_tool(dump, ctx);
        BOOST_TEST_REQUIRE(!inv.ec, inv.message());
        ak::error_code ec;
        std::string msg;
        ak::write_private_files(inv.invocation, ec, msg);
        BOOST_TEST_REQUIRE(!ec, msg);
        BOOST_TEST(!inv.invocation.files.empty());
        for (const auto& f : inv.invocation.files)
        {
            BOOST_TEST(f.fd >= 0);
            BOOST_TEST(f.path.string().rfind("/proc/self/fd/", 0) == 0u, f.path);
            BOOST_TEST(ak::test::read_file(f.path) == f.content);
            struct stat st
            {
            };
            BOOST_TEST(::stat(f.path.c_str(), &st) == 0);
            BOOST_TEST((st.st_mode & 07777) == 0600u);
        }
        std::string args;
        for (const auto& a : inv.invocation.cmd.args)
            args += a + " ";
        BOOST_TEST(
            args.find(
                jwt ? "--server.jwt-secret-keyfile /proc/self/fd/" : "--configuration /proc/self/fd/"
            ) != std::string::npos,
            args
        );
        BOOST_TEST(args.find("arangokit-arangodump-") == std::string::npos, args);
        BOOST_TEST(inv.invocation.cmd.inherit_fds.size() == inv.invocation.files.size());
        ak::remove_private_files(inv.invocation);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(output_promises)

// A secret anywhere in the output: across two reads, across the max_line_length boundary of a long line at
// every offset, in tee logs, tails, line events and streamed lines.
BOOST_AUTO_TEST_CASE(secrets_are_redacted_at_every_boundary)
{
    ak::test::hygiene h;
    ak::test::temp_dir d("redact");
    const std::string secret = "S3cr3t-Pw-42";
    for (std::size_t offset = 0; offset < 40; offset += 3)
    {
        std::string before(offset, 'a');
        auto c = helper_cmd(
            {"partial", before + secret.substr(0, 5), "sleep", "30", "partial",
             secret.substr(5) + std::string(50, 'b') + secret + "\n", "eprint", "err " + secret}
        );
        c.max_line_length = 16;
        c.secrets = {secret};
        c.stdout_log = d / ("tee-" + std::to_string(offset) + ".log");
        std::vector<std::string> streamed, events, on_line;
        c.on_line = [&](const ak::output_line& l) { on_line.push_back(l.text); };
        ak::tool_result res;
        ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
            ak::runner_config cfg;
            cfg.sinks.push_back(std::make_shared<ak::callback_event_sink>(
                [&](const ak::tool_event& e) {
                    if (e.kind == ak::event_kind::line)
                        events.push_back(e.text);
                },
                true
            ));
            ak::tool_runner r(io.get_executor(), cfg);
            auto t = co_await r.async_start(c);
            for (;;)
            {
                auto l = co_await t.async_read_line();
                if (!l)
                    break;
                streamed.push_back(l->text);
            }
            auto [ec, rr] = co_await t.async_wait(as_tuple);
            res = rr;
        });
        auto joined = [](const std::vector<std::string>& v) {
            std::string s;
            for (const auto& x : v)
                s += x;
            return s;
        };
        // Joined pieces hold no secret, not even split across two pieces, and no fragment of its middle.
        for (const auto* v : {&streamed, &events, &on_line, &res.out.tail, &res.err.tail})
        {
            BOOST_TEST(
                joined(*v).find(secret) == std::string::npos, "offset " << offset << ": " << joined(*v)
            );
            BOOST_TEST(
                joined(*v).find("3t-Pw") == std::string::npos, "offset " << offset << ": " << joined(*v)
            );
            BOOST_TEST(joined(*v).find("********") != std::string::npos, "offset " << offset);
        }
        auto teed = ak::test::read_file(c.stdout_log);
        BOOST_TEST(teed.find(secret) == std::string::npos, teed);
        BOOST_TEST(teed == before + "********" + std::string(50, 'b') + "********\n");
        BOOST_TEST(
            joined(streamed) == before + "********" + std::string(50, 'b') + "********" + "err ********"
        );
    }
    // Explicit raw mode keeps what the tool printed.
    auto c = helper_cmd({"print", "raw " + secret});
    c.secrets = {secret};
    c.raw_output = true;
    ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
        ak::tool_runner r(io.get_executor());
        auto [ec, rr] = co_await r.async_run(c, as_tuple);
        BOOST_TEST(rr.out.tail.at(0) == "raw " + secret);
        BOOST_TEST(rr.command_line().find(secret) == std::string::npos);
    });
}

// Memory per run is bounded in bytes whatever the output's shape (the full-size figures are in bench/).
BOOST_AUTO_TEST_CASE(hostile_output_shapes_keep_memory_bounded)
{
    ak::test::hygiene h;
    // 256 MiB without a newline: the tail holds at most tail_bytes.
    ak::test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            long before = ak::test::proc_status_kib("VmHWM:");
            ak::tool_runner r(io.get_executor());
            auto c = helper_cmd({"fill", "x", "268435456"});
            auto [ec, res] = co_await r.async_run(c, as_tuple);
            BOOST_TEST(!ec);
            std::size_t held = 0;
            for (const auto& t : res.out.tail)
                held += t.size();
            BOOST_TEST(held <= c.tail_bytes);
            BOOST_TEST(res.out.lines == 1u);
            BOOST_TEST(res.out.long_lines == 1u);
            long grew = ak::test::proc_status_kib("VmHWM:") - before;
            BOOST_TEST(grew < rss_bound_kib, "peak RSS grew by " << grew << " KiB");
        },
        120s
    );
    // A streaming handle nobody reads, fed empty lines: the reader stops at the byte budget and the child
    // blocks on its pipe.
    ak::test::run_coro(
        [&](asio::io_context& io) -> asio::awaitable<void> {
            long before = ak::test::proc_status_kib("VmHWM:");
            ak::tool_runner r(io.get_executor());
            auto c = helper_cmd({"fill", "nl", "1000000000"});
            auto t = co_await r.async_start(c);
            asio::steady_timer wait(io, 1500ms);
            co_await wait.async_wait(as_tuple);
            long grew = ak::test::proc_status_kib("VmHWM:") - before;
            BOOST_TEST(grew < rss_bound_kib, "peak RSS grew by " << grew << " KiB with nobody reading");
            BOOST_TEST(
                t.result().out.bytes < 64u * 1024 * 1024, "read " << t.result().out.bytes << " unread bytes"
            );
            t.kill();
            co_await t.async_wait(as_tuple);
        },
        60s
    );
}

// Output that ends without a newline after exactly k x max_line_length bytes (and around it): the counters
// are exact and the pieces join to the whole line, the last one terminating it.
BOOST_AUTO_TEST_CASE(line_accounting_is_exact_at_multiples_of_the_cap)
{
    ak::test::hygiene h;
    const std::size_t cap = 64;
    for (std::size_t k = 1; k <= 3; ++k)
        for (std::size_t len : {k * cap - 1, k * cap, k * cap + 1})
        {
            ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
                ak::tool_runner r(io.get_executor());
                auto c = helper_cmd({"fill", "x", std::to_string(len)});
                c.max_line_length = cap;
                auto t = co_await r.async_start(c);
                std::string joined;
                std::vector<ak::output_line> pieces;
                for (;;)
                {
                    auto l = co_await t.async_read_line();
                    if (!l)
                        break;
                    joined += l->text;
                    pieces.push_back(*l);
                }
                auto [ec, res] = co_await t.async_wait(as_tuple);
                BOOST_TEST(joined.size() == len);
                BOOST_TEST(res.out.lines == 1u, "len " << len);
                BOOST_TEST(res.out.long_lines == (len > cap ? 1u : 0u), "len " << len);
                BOOST_TEST(res.out.partial_last_line, "len " << len);
                BOOST_TEST_REQUIRE(!pieces.empty());
                BOOST_TEST(!pieces.back().partial, "len " << len << ": the last piece must end the line");
                BOOST_TEST(pieces.back().no_newline, "len " << len);
                for (std::size_t i = 0; i + 1 < pieces.size(); ++i)
                    BOOST_TEST(pieces[i].partial);
                for (const auto& p : pieces)
                    BOOST_TEST(p.text.size() <= cap);
            });
        }
}

BOOST_AUTO_TEST_CASE(carriage_returns_are_counted_as_the_tail_shows_them)
{
    // Only '\n' ends a line ('\r' before it is dropped); a '\r' alone is text. Every reading path agrees.
    ak::test::hygiene h;
    for (const auto& verbs :
         {std::vector<std::string>{"cr-progress", "20"}, std::vector<std::string>{"fill", "cr", "20"},
          std::vector<std::string>{"cr-progress", "5", "print", "", "cr-progress", "5"}})
        for (int path = 0; path < 3; ++path) // count-only, on_line, streaming
            ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
                ak::tool_runner r(io.get_executor());
                auto c = helper_cmd(verbs);
                std::size_t seen = 0;
                if (path == 1)
                    c.on_line = [&](const ak::output_line&) { ++seen; };
                ak::tool_result res;
                if (path == 2)
                {
                    auto t = co_await r.async_start(c);
                    while (co_await t.async_read_line())
                        ++seen;
                    auto [ec, rr] = co_await t.async_wait(as_tuple);
                    res = rr;
                }
                else
                {
                    auto [ec, rr] = co_await r.async_run(c, as_tuple);
                    res = rr;
                }
                std::size_t expect = verbs.size() > 3 ? 2 : 1;
                BOOST_TEST(res.out.lines == expect, verbs[0] << " path " << path);
                BOOST_TEST(res.out.tail.size() == expect, verbs[0] << " path " << path);
                if (path)
                    BOOST_TEST(seen == expect, verbs[0] << " path " << path);
                BOOST_TEST(res.out.partial_last_line);
            });
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected_before_spawning)
{
    ak::test::hygiene h;
    struct bad
    {
        ak::command cmd;
        std::string says;
    };
    std::vector<bad> cases;
    {
        auto c = helper_cmd({"print", std::string("a\0b", 3)});
        cases.push_back({c, "argument 2 contains a NUL byte"});
    }
    {
        auto c = helper_cmd({"exit", "0"});
        c.env.set["GOOD"] = std::string("x\0y", 3);
        cases.push_back({c, "value of environment variable 'GOOD' contains a NUL byte"});
    }
    {
        auto c = helper_cmd({"exit", "0"});
        c.env.set["A=B"] = "v";
        cases.push_back({c, "'A=B' contains '='"});
    }
    {
        auto c = helper_cmd({"exit", "0"});
        c.env.set[""] = "v";
        cases.push_back({c, "empty name"});
    }
    {
        auto c = helper_cmd({"exit", "0"});
        c.env.unset = {"X=Y"};
        cases.push_back({c, "'X=Y' contains '='"});
    }
    {
        auto c = helper_cmd({"exit", "0"});
        c.stdout_target = ak::output_target::discard;
        c.stdout_log = "/tmp/ak-never-written.log";
        cases.push_back({c, "stdout_target is discard, so nothing reads stdout to tee into stdout_log"});
    }
    {
        auto c = helper_cmd({"exit", "0"});
        c.stderr_target = ak::output_target::inherit;
        c.stderr_log = "/tmp/ak-never-written.log";
        cases.push_back({c, "stderr_target is inherit"});
    }
    {
        auto c = helper_cmd({"exit", "0"});
        c.stdout_target = ak::output_target::discard;
        c.stderr_target = ak::output_target::inherit;
        c.on_line = [](const ak::output_line&) {};
        cases.push_back({c, "on_line is set but neither stream is captured"});
    }
    for (auto& b : cases)
        ak::test::run_coro([&](asio::io_context& io) -> asio::awaitable<void> {
            ak::tool_runner r(io.get_executor());
            auto [ec, res] = co_await r.async_run(b.cmd, as_tuple);
            BOOST_TEST(ec == ak::errc::invalid_command);
            BOOST_TEST(res.pid == 0);
            BOOST_TEST(res.reason == ak::end_reason::not_started);
            BOOST_TEST(res.error_message.find(b.says) != std::string::npos, res.error_message);
        });
}

BOOST_AUTO_TEST_SUITE_END()
