// bench/ak_bench: the arangokit side of every workload of the suite (scripts/bench.sh drives it).
// Usage: ak_bench <workload> [key=value ...]; prints one JSON line {"impl","workload","value","unit",...}.
//   w1     n=2000 ballast=MiB capture=1   tool_runner::async_run("/bin/true") in a loop (capture=0: both
//                               streams discarded, no pipes); value: us per spawn
//   w2     total=256 par=64     256 async_run coroutines, runner_config::max_concurrent = 64; spawns/s
//   w3b    bytes=N gen=PATH variant=pipe|socketpair   async_run of the generator (lines split and counted,
//                               as always); value: GB/s
//   w3l    lines=N gen=PATH api=batch|line   async_start + async_read_batch (or async_read_line); the
//                               consumer coroutine checks every line's order digit; value: M lines/s
//   w4     iters=20 timeout_ms=100   runner deadline -> stop (SIGTERM, 200 ms grace, SIGKILL); value:
//                               median ms from the deadline to async_run completing (reaped, drained)
//   w4esc  iters=10 timeout_ms=100 grace_ms=200   the child ignores SIGTERM; value: median ms from the
//                               end of the grace to async_run completing
//   w5     n=200 capture=1      n `sleep 600` via async_start, stop_all (SIGINT), all async_wait; stop ms
//   w6     iters=20 sim=DIR     arangosh through arango_tools (render, private .conf, spawn, parse) against
//                               the simulator, interleaved with tool_runner::async_run of the rendered
//                               command and a bare posix_spawn + read + waitpid of the same argv;
//                               value: median ms of the layer run, plus the other two and their ratios;
//                               a fourth arm runs the layer with a tool_cache (cached_ms, cached_vs_layer)
#include <arangokit/arango.hpp>
#include <arangokit/process.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bench_common.hpp"
#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace ak = arangokit;
using clk = std::chrono::steady_clock;
constexpr auto tuple = asio::as_tuple(asio::use_awaitable);

std::map<std::string, std::string> g_opts;

std::string opt(const std::string& k, const std::string& def)
{
    auto it = g_opts.find(k);
    return it == g_opts.end() ? def : it->second;
}
long long opt_ll(const std::string& k, long long def)
{
    auto it = g_opts.find(k);
    return it == g_opts.end() ? def : std::atoll(it->second.c_str());
}

double secs(clk::duration d)
{
    return std::chrono::duration<double>(d).count();
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void emit(const std::string& wl, double value, const char* unit, const std::string& extra = {})
{
    std::printf(
        "{\"impl\":\"arangokit\",\"workload\":\"%s\",\"value\":%.6g,\"unit\":\"%s\"%s%s}\n", wl.c_str(),
        value, unit, extra.empty() ? "" : ",", extra.c_str()
    );
    std::fflush(stdout);
}

// Runs one coroutine to completion on a fresh io_context; exceptions propagate (never silently dropped).
void run(std::function<asio::awaitable<void>(asio::io_context&)> f)
{
    asio::io_context ctx;
    std::exception_ptr err;
    asio::co_spawn(ctx, f(ctx), [&](std::exception_ptr e) { err = e; });
    ctx.run();
    if (err)
        std::rethrow_exception(err);
}

void require(bool ok, const std::string& what)
{
    if (!ok)
        throw std::runtime_error(what);
}

// For messages that describe a result: built only on failure, so the timed loops do not pay for them.
template <std::invocable F> void require(bool ok, F&& what)
{
    if (!ok)
        throw std::runtime_error(std::forward<F>(what)());
}

std::vector<char> g_ballast;

// containment=off|process_group|automatic (default): the runner's guardian and cgroup, measured apart.
ak::runner_config bench_config()
{
    ak::runner_config cfg;
    auto it = g_opts.find("containment");
    if (it != g_opts.end())
        cfg.containment = it->second == "off"             ? ak::containment_mode::off
                          : it->second == "process_group" ? ak::containment_mode::process_group
                                                          : ak::containment_mode::automatic;
    return cfg;
}

// capture=0: both streams to /dev/null (command::stdout_target/stderr_target), no pipes and no reads.
void apply_capture(ak::command& c)
{
    if (opt("capture", "1") == "0")
        c.stdout_target = c.stderr_target = ak::output_target::discard;
}

void w1()
{
    if (long long mib = opt_ll("ballast", 0); mib > 0)
        g_ballast.assign(static_cast<std::size_t>(mib) << 20, 1); // touched: every page resident
    int n = static_cast<int>(opt_ll("n", 2000));
    double us = 0;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::runner_config cfg = bench_config();
        ak::tool_runner r(ctx.get_executor(), cfg);
        ak::command c;
        c.program = "/bin/true";
        apply_capture(c);
        for (int i = 0; i < 3; ++i) // untimed warm-up, as in every implementation (bench/peers/c_bench.c)
            co_await r.async_run(c, tuple);
        auto t0 = clk::now();
        for (int i = 0; i < n; ++i)
        {
            auto [ec, res] = co_await r.async_run(c, tuple);
            require(!ec && res.exit_code == 0, [&] { return "w1: /bin/true failed: " + res.describe(); });
        }
        us = secs(clk::now() - t0) / n * 1e6;
    });
    emit("w1", us, "us");
}

void w2()
{
    int total = static_cast<int>(opt_ll("total", 256)), par = static_cast<int>(opt_ll("par", 64));
    double rate = 0;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::runner_config cfg;
        cfg.max_concurrent = static_cast<std::size_t>(par);
        ak::tool_runner r(ctx.get_executor(), cfg);
        int done = 0, failed = 0;
        asio::steady_timer all_done(ctx, clk::time_point::max());
        auto t0 = clk::now();
        for (int i = 0; i < total; ++i)
        {
            ak::command c;
            c.program = "/bin/true";
            r.async_run(std::move(c), [&](ak::error_code ec, ak::tool_result) {
                failed += ec ? 1 : 0;
                if (++done == total)
                    all_done.cancel();
            });
        }
        co_await all_done.async_wait(tuple);
        rate = total / secs(clk::now() - t0);
        require(failed == 0, "w2: some runs failed");
    });
    emit("w2", rate, "spawns/s");
}

void w3b()
{
    long long bytes = opt_ll("bytes", 1LL << 30);
    std::string variant = opt("variant", "pipe");
    double gbs = 0;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::command c;
        c.program = opt("gen", "bench_gen");
        c.args = {"bytes", std::to_string(bytes)};
        if (variant == "socketpair")
            c.transport = ak::output_transport::socketpair;
        auto t0 = clk::now();
        auto [ec, res] = co_await r.async_run(c, tuple);
        gbs = static_cast<double>(res.out.bytes) / secs(clk::now() - t0) / 1e9;
        bool complete = res.out.bytes == static_cast<std::uint64_t>(bytes);
        require(!ec && complete, [&] { return "w3b: short read: " + res.describe(); });
    });
    emit("w3b", gbs, "GB/s", "\"variant\":\"" + variant + "\"");
}

void w3l()
{
    long long lines = opt_ll("lines", 10000000);
    std::string api = opt("api", "batch");
    double mls = 0;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::command c;
        c.program = opt("gen", "bench_gen");
        c.args = {"lines", std::to_string(lines)};
        auto t0 = clk::now();
        auto [sec, t] = co_await r.async_start(c, tuple);
        require(!sec, "w3l: start failed");
        long long seen = 0, bad = 0;
        auto check = [&](std::string_view l) {
            if (l.empty() || l.back() != static_cast<char>('0' + seen % 10))
                ++bad;
            ++seen;
        };
        if (api == "line")
        {
            for (;;)
            {
                auto [ec, l] = co_await t.async_read_line(tuple);
                if (ec || !l)
                    break;
                if (l->source == ak::stream_id::out)
                    check(l->text);
            }
        }
        else
        {
            for (;;)
            {
                auto [ec, b] = co_await t.async_read_batch(tuple);
                if (ec || b.eof)
                    break;
                if (b.source == ak::stream_id::out)
                    for (std::size_t i = 0; i < b.size(); ++i)
                        check(b[i]);
                t.recycle(std::move(b));
            }
        }
        auto [wec, res] = co_await t.async_wait(tuple);
        mls = static_cast<double>(seen) / secs(clk::now() - t0) / 1e6;
        bool all_in_order = seen == lines && bad == 0;
        require(!wec && all_in_order, "w3l: lines lost or out of order: " + std::to_string(seen));
    });
    emit("w3l", mls, "M lines/s", "\"api\":\"" + api + "\"");
}

void w4(bool escalate)
{
    int iters = static_cast<int>(opt_ll("iters", escalate ? 10 : 20));
    auto timeout = std::chrono::milliseconds(opt_ll("timeout_ms", 100));
    auto grace = std::chrono::milliseconds(opt_ll("grace_ms", 200));
    std::vector<double> v;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::runner_config cfg;
        cfg.default_stop = ak::stop_policy::terminate_then_kill(grace);
        ak::tool_runner r(ctx.get_executor(), cfg);
        for (int i = 0; i < iters; ++i)
        {
            ak::command c;
            if (escalate)
            {
                c.program = "/bin/sh";
                c.args = {"-c", "trap '' TERM; exec /bin/sleep 100"};
            }
            else
            {
                c.program = "/bin/sleep";
                c.args = {"100"};
            }
            auto dl = clk::now() + timeout;
            r.set_global_deadline(ak::deadline::at(dl));
            auto [ec, res] = co_await r.async_run(c, tuple);
            auto end = clk::now();
            require(ec == ak::errc::deadline_exceeded, [&] {
                return "w4: expected deadline_exceeded: " + res.describe();
            });
            bool killed = res.last_stop_signal == SIGKILL;
            require(!escalate || killed, [&] { return "w4esc: expected SIGKILL: " + res.describe(); });
            v.push_back(secs(end - dl - (escalate ? grace : clk::duration::zero())) * 1e3);
        }
        r.set_global_deadline(ak::deadline::none());
    });
    std::string samples = "\"samples\":[";
    for (std::size_t i = 0; i < v.size(); ++i)
        samples += (i ? "," : "") + std::to_string(v[i]);
    emit(escalate ? "w4esc" : "w4", median(v), "ms", samples + "]");
}

void w5()
{
    int n = static_cast<int>(opt_ll("n", 200));
    bench::raise_fd_limit();
    double start_ms = 0, stop_ms = 0, stop_cpu_ms = 0;
    long before = 0, after = 0;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::runner_config cfg = bench_config();
        ak::tool_runner r(ctx.get_executor(), cfg);
        std::vector<ak::running_tool> tools;
        tools.reserve(static_cast<std::size_t>(n));
        before = bench::vm_kib("VmRSS:");
        auto t0 = clk::now();
        for (int i = 0; i < n; ++i)
        {
            ak::command c;
            c.program = "/bin/sleep";
            c.args = {"600"};
            apply_capture(c);
            auto [ec, t] = co_await r.async_start(std::move(c), tuple);
            require(!ec, "w5: start failed");
            tools.push_back(std::move(t));
        }
        start_ms = secs(clk::now() - t0) * 1e3;
        after = bench::vm_kib("VmRSS:");
        auto t1 = clk::now();
        double c1 = bench::cpu_ms();
        r.stop_all(ak::stop_policy{std::chrono::milliseconds(5000), std::chrono::milliseconds(5000), true});
        for (auto& t : tools)
        {
            auto [ec, res] = co_await t.async_wait(tuple);
            require(res.term_signal == SIGINT, [&] {
                return "w5: not stopped by SIGINT: " + res.describe();
            });
        }
        stop_ms = secs(clk::now() - t1) * 1e3;
        stop_cpu_ms = bench::cpu_ms() - c1;
    });
    emit("w5", stop_ms, "ms", bench::w5_fields(n, start_ms, stop_cpu_ms, before, after));
}

// The bare baseline for W6: posix_spawn the rendered argv, drain stdout+stderr, waitpid.
int bare_run(const ak::command& cmd)
{
    int p[2];
    require(::pipe2(p, O_CLOEXEC) == 0, "pipe2");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_adddup2(&fa, p[1], 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    // The private files are memory files named /proc/self/fd/N: the child keeps N (dup2 onto itself clears
    // close-on-exec).
    for (int fd : cmd.inherit_fds)
        posix_spawn_file_actions_adddup2(&fa, fd, fd);
    std::vector<std::string> args{cmd.program};
    args.insert(args.end(), cmd.args.begin(), cmd.args.end());
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envs = ak::detail::build_environment(cmd.env);
    std::vector<char*> envp;
    for (auto& e : envs)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    ::close(p[1]);
    require(rc == 0, "w6: posix_spawn failed");
    static char buf[1 << 16];
    while (::read(p[0], buf, sizeof buf) > 0)
    {
    }
    ::close(p[0]);
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR)
    {
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

void w6()
{
    int iters = static_cast<int>(opt_ll("iters", 20));
    std::vector<double> layer, runner, bare, r_layer, r_runner, with_cache, r_cache;
    double first_cached = 0;
    ak::tool_cache_stats cstats;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        ak::tool_runner r(ctx.get_executor());
        ak::simulator_options so;
        so.bin_dir = opt("sim", "");
        so.auth = "basic";
        so.users = {"root:bench-secret"};
        auto [sec, sim] = co_await ak::async_start_simulator(r, so, tuple);
        require(!sec, "w6: simulator did not start: " + sec.message());
        ak::instance inst = sim.make_instance();
        inst.username = "root";
        inst.password = "bench-secret";
        ak::arango_tools tools(r, inst);
        // The same layer with a tool_cache: version detected once, path resolved once (the config file
        // carries the password, so it is written per run either way).
        ak::arango_tools cached(r, inst);
        auto cache = std::make_shared<ak::tool_cache>();
        cached.use_cache(cache);
        ak::arangosh_options sh;
        sh.javascript_execute_string.push_back("print('bench ' + db._name())");

        // The same command the layer would spawn, for the two baselines (its private .conf written once).
        auto inv = tools.render(sh);
        require(static_cast<bool>(inv), "w6: render failed: " + inv.message());
        ak::error_code wec;
        ak::write_private_files(inv.invocation, wec);
        require(!wec, "w6: cannot write the private files");
        const ak::command& cmd = inv.invocation.cmd;
        require(bare_run(cmd) == 0, "w6: bare run of the stand-in arangosh failed"); // warm-up
        {
            // The first cached run pays the `--version` probe: measured apart, once.
            auto t0 = clk::now();
            auto [ec, rep] = co_await cached.async_run(sh, tuple);
            require(!ec && rep.ok(), [&] { return "w6: first cached run failed: " + rep.result.describe(); });
            first_cached = secs(clk::now() - t0) * 1e3;
        }

        for (int i = 0; i < iters; ++i)
        {
            double tl = 0, tr = 0, tb = 0, tc = 0;
            for (int k = 0; k < 4; ++k)
            {
                int which = (i + k) % 4; // rotate the order every iteration
                auto t0 = clk::now();
                if (which == 3)
                {
                    auto [ec, rep] = co_await cached.async_run(sh, tuple);
                    require(!ec && rep.ok(), [&] {
                        return "w6: cached layer run failed: " + rep.result.describe();
                    });
                    tc = secs(clk::now() - t0) * 1e3;
                }
                else if (which == 0)
                {
                    auto [ec, rep] = co_await tools.async_run(sh, tuple);
                    require(!ec && rep.ok(), [&] {
                        return "w6: layer run failed: " + rep.result.describe();
                    });
                    tl = secs(clk::now() - t0) * 1e3;
                }
                else if (which == 1)
                {
                    auto [ec, res] = co_await r.async_run(cmd, tuple);
                    require(!ec, [&] { return "w6: runner run failed: " + res.describe(); });
                    tr = secs(clk::now() - t0) * 1e3;
                }
                else
                {
                    require(bare_run(cmd) == 0, "w6: bare run failed");
                    tb = secs(clk::now() - t0) * 1e3;
                }
            }
            layer.push_back(tl);
            runner.push_back(tr);
            bare.push_back(tb);
            r_layer.push_back(tl / tb);
            r_runner.push_back(tr / tb);
            with_cache.push_back(tc);
            r_cache.push_back(tc / tl);
        }
        cstats = cache->stats();
        ak::remove_private_files(inv.invocation);
        co_await sim.async_stop(tuple);
    });
    char extra[512];
    std::snprintf(
        extra, sizeof extra,
        "\"runner_ms\":%.3f,\"bare_ms\":%.3f,\"layer_vs_bare\":%.4f,\"runner_vs_bare\":%.4f,"
        "\"cached_ms\":%.3f,\"cached_vs_layer\":%.4f,\"first_cached_ms\":%.3f,\"cache_probes\":%llu,"
        "\"cache_path_hits\":%llu,\"cache_config_hits\":%llu",
        median(runner), median(bare), median(r_layer), median(r_runner), median(with_cache), median(r_cache),
        first_cached, static_cast<unsigned long long>(cstats.version_probes),
        static_cast<unsigned long long>(cstats.path_hits), static_cast<unsigned long long>(cstats.config_hits)
    );
    emit("w6", median(layer), "ms", extra);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        std::fprintf(stderr, "usage: ak_bench w1|w2|w3b|w3l|w4|w4esc|w5|w6 [key=value ...]\n");
        return 2;
    }
    for (int i = 2; i < argc; ++i)
    {
        std::string a = argv[i];
        auto eq = a.find('=');
        if (eq != std::string::npos)
            g_opts[a.substr(0, eq)] = a.substr(eq + 1);
    }
    std::string w = argv[1];
    try
    {
        if (w == "w1")
            w1();
        else if (w == "w2")
            w2();
        else if (w == "w3b")
            w3b();
        else if (w == "w3l")
            w3l();
        else if (w == "w4")
            w4(false);
        else if (w == "w4esc")
            w4(true);
        else if (w == "w5")
            w5();
        else if (w == "w6")
            w6();
        else
        {
            std::fprintf(stderr, "ak_bench: unknown workload %s\n", w.c_str());
            return 2;
        }
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "ak_bench %s: %s\n", w.c_str(), e.what());
        return 1;
    }
    return 0;
}
