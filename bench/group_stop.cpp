// bench/group_stop: stop latency and parent memory of a client_group with N long-lived members.
//   arangokit_group : client_group of N `sleep 600` tool members, request_stop() -> async_wait() done
//   c_inline        : the same in this process with posix_spawn + kill + waitpid (ratios within one run)
// The standalone C peer (bench/peers/c_group_stop.c) gives the baseline's own RSS in a separate process.
// One JSON line per measurement: workload, members, stop_ms, start_ms, rss_kib_before, rss_kib_after,
// per_member_kib (RSS growth / members, measured with all members alive).
// Usage: group_stop [--members N[,N...]] [--reps R]      (default 200,1000 and 3 reps)
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bench_common.hpp"
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <malloc.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;
namespace asio = boost::asio;
namespace ak = arangokit;
using clk = std::chrono::steady_clock;

namespace {

// Freed memory from an earlier round is returned first, so `before` is comparable across rounds.
long rss_kib()
{
    ::malloc_trim(0);
    std::ifstream st("/proc/self/status");
    std::string line;
    while (std::getline(st, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atol(line.c_str() + 6);
    return -1;
}

double ms_since(clk::time_point t0)
{
    return std::chrono::duration<double, std::milli>(clk::now() - t0).count();
}

void print(
    const char* workload, int n, double start_ms, double stop_ms, double stop_cpu_ms, long before, long after
)
{
    std::printf(
        "{\"workload\":\"%s\",\"members\":%d,\"start_ms\":%.2f,\"stop_ms\":%.2f,\"stop_cpu_ms\":%.3f,"
        "\"rss_kib_before\":%ld,\"rss_kib_after\":%ld,\"per_member_kib\":%.2f}\n",
        workload, n, start_ms, stop_ms, stop_cpu_ms, before, after,
        n ? static_cast<double>(after - before) / n : 0.0
    );
    std::fflush(stdout);
}

void c_inline(int n)
{
    char* argv[] = {const_cast<char*>("/bin/sleep"), const_cast<char*>("600"), nullptr};
    std::vector<pid_t> pids(static_cast<std::size_t>(n));
    long before = rss_kib();
    auto t0 = clk::now();
    for (auto& p : pids)
        if (posix_spawn(&p, argv[0], nullptr, nullptr, argv, environ) != 0)
            p = -1;
    double start_ms = ms_since(t0);
    long after = rss_kib();
    auto t1 = clk::now();
    double c1 = bench::cpu_ms();
    for (pid_t p : pids)
        if (p > 0)
            ::kill(p, SIGINT);
    for (pid_t p : pids)
        if (p > 0)
            ::waitpid(p, nullptr, 0);
    print("c_inline", n, start_ms, ms_since(t1), bench::cpu_ms() - c1, before, after);
}

asio::awaitable<void> arangokit_group(ak::tool_runner& runner, int n)
{
    long before = rss_kib();
    auto t0 = clk::now();
    ak::client_group g(
        runner,
        {.stop = ak::stop_policy{std::chrono::milliseconds(5000), std::chrono::milliseconds(5000), true}}
    );
    for (int i = 0; i < n; ++i)
    {
        ak::command c;
        c.program = "/bin/sleep";
        c.args = {"600"};
        c.tail_lines = 4;
        g.spawn(std::move(c));
    }
    asio::steady_timer t(co_await asio::this_coro::executor);
    while (g.snapshot().running < static_cast<std::size_t>(n))
    {
        t.expires_after(std::chrono::milliseconds(1));
        co_await t.async_wait(asio::use_awaitable);
    }
    double start_ms = ms_since(t0);
    long after = rss_kib();
    auto t1 = clk::now();
    double c1 = bench::cpu_ms();
    g.request_stop();
    auto [ec, res] = co_await g.async_wait(asio::as_tuple(asio::use_awaitable));
    double stop_ms = ms_since(t1), stop_cpu_ms = bench::cpu_ms() - c1;
    if (ec || res.stopped != static_cast<std::size_t>(n))
        std::fprintf(stderr, "group_stop: unexpected result: %s\n", res.describe().c_str());
    print("arangokit_group", n, start_ms, stop_ms, stop_cpu_ms, before, after);
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<int> sizes{200, 1000};
    int reps = 3;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a == "--members" && i + 1 < argc)
        {
            sizes.clear();
            std::stringstream ss(argv[++i]);
            std::string tok;
            while (std::getline(ss, tok, ','))
                sizes.push_back(std::atoi(tok.c_str()));
        }
        else if (a == "--reps" && i + 1 < argc)
            reps = std::atoi(argv[++i]);
        else
        {
            std::fprintf(stderr, "usage: %s [--members N[,N...]] [--reps R]\n", argv[0]);
            return 2;
        }
    }
    // Each member holds a pidfd and two pipe ends in the parent.
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);

    asio::io_context ctx;
    ak::tool_runner runner(ctx.get_executor());
    for (int rep = 0; rep < reps; ++rep)
        for (int n : sizes)
        {
            // Alternate the order so drift on a shared machine hits both.
            if (rep % 2)
                c_inline(n);
            bool done = false;
            asio::co_spawn(ctx, arangokit_group(runner, n), [&](std::exception_ptr e) {
                done = true;
                if (e)
                    std::rethrow_exception(e);
            });
            ctx.restart();
            while (!done)
                ctx.run_one();
            if (!(rep % 2))
                c_inline(n);
        }
    return 0;
}
