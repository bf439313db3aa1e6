// bench/runner_overhead: what the arangokit runner costs next to the physical limit, measured in one run.
//   W1  spawn + wait of /bin/true:  arangokit tool_runner::async_run  vs  posix_spawn + waitpid
//   W3  stdout throughput (bytes/s) of a 1 MiB-write child:  arangokit (lines split, counted)  vs  read(2)
//   loop
// Implementations alternate within each repetition; the report gives medians, min-max and the ratio to C.
// Usage: runner_overhead [--spawns N] [--bytes N] [--reps N] [--json]
#include <arangokit.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;
namespace asio = boost::asio;
using clk = std::chrono::steady_clock;

namespace {

double seconds_since(clk::time_point t0)
{
    return std::chrono::duration<double>(clk::now() - t0).count();
}

// Plain C baseline: posix_spawn + waitpid.
double c_spawn_wait(int n)
{
    char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
    auto t0 = clk::now();
    for (int i = 0; i < n; ++i)
    {
        pid_t pid;
        if (posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, environ) != 0)
            std::abort();
        int st;
        waitpid(pid, &st, 0);
    }
    return seconds_since(t0) / n * 1e6; // us per spawn
}

double ak_spawn_wait(int n)
{
    asio::io_context ctx;
    arangokit::tool_runner r(ctx.get_executor());
    double us = 0;
    asio::co_spawn(
        ctx,
        [&]() -> asio::awaitable<void> {
            arangokit::command c;
            c.program = "/bin/true";
            auto t0 = clk::now();
            for (int i = 0; i < n; ++i)
                co_await r.async_run(c);
            us = seconds_since(t0) / n * 1e6;
        },
        asio::detached
    );
    ctx.run();
    return us;
}

// Plain C baseline: read(2) a pipe in 1 MiB chunks until EOF (no line splitting).
double c_throughput(const std::string& gen, long long bytes)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        std::abort();
    fcntl(p[0], F_SETPIPE_SZ, 1 << 20);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    std::string n = std::to_string(bytes);
    char* argv[] = {const_cast<char*>(gen.c_str()), const_cast<char*>("bytes"), n.data(), nullptr};
    auto t0 = clk::now();
    pid_t pid;
    if (posix_spawn(&pid, gen.c_str(), &fa, nullptr, argv, environ) != 0)
        std::abort();
    close(p[1]);
    std::vector<char> buf(1 << 20);
    long long total = 0;
    for (ssize_t k; (k = read(p[0], buf.data(), buf.size())) > 0;)
        total += k;
    int st;
    waitpid(pid, &st, 0);
    close(p[0]);
    posix_spawn_file_actions_destroy(&fa);
    if (total != bytes)
        std::abort();
    return static_cast<double>(bytes) / seconds_since(t0) / 1e9; // GB/s
}

double ak_throughput(const std::string& gen, long long bytes)
{
    asio::io_context ctx;
    arangokit::tool_runner r(ctx.get_executor());
    double gbs = 0;
    asio::co_spawn(
        ctx,
        [&]() -> asio::awaitable<void> {
            arangokit::command c;
            c.program = gen;
            c.args = {"bytes", std::to_string(bytes)};
            auto t0 = clk::now();
            auto res = co_await r.async_run(c);
            gbs = static_cast<double>(res.out.bytes) / seconds_since(t0) / 1e9;
            if (res.out.bytes != static_cast<std::uint64_t>(bytes))
                std::abort();
        },
        asio::detached
    );
    ctx.run();
    return gbs;
}

struct stats
{
    double median, min, max;
};
stats summarize(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v.front(), v.back()};
}

} // namespace

int main(int argc, char** argv)
{
    int spawns = 500, reps = 5;
    long long bytes = 1LL << 30;
    bool json = false;
    std::string gen = ARANGOKIT_BENCH_GEN;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a == "--spawns" && i + 1 < argc)
            spawns = std::atoi(argv[++i]);
        else if (a == "--bytes" && i + 1 < argc)
            bytes = std::atoll(argv[++i]);
        else if (a == "--reps" && i + 1 < argc)
            reps = std::atoi(argv[++i]);
        else if (a == "--json")
            json = true;
        else
        {
            std::fprintf(stderr, "usage: %s [--spawns N] [--bytes N] [--reps N] [--json]\n", argv[0]);
            return 2;
        }
    }
    std::vector<double> c1, a1, r1, c3, a3, r3;
    for (int rep = 0; rep < reps; ++rep)
    {
        // Alternate the order each repetition so drift on a shared machine hits both alike.
        double c, a;
        if (rep % 2)
        {
            a = ak_spawn_wait(spawns);
            c = c_spawn_wait(spawns);
        }
        else
        {
            c = c_spawn_wait(spawns);
            a = ak_spawn_wait(spawns);
        }
        c1.push_back(c);
        a1.push_back(a);
        r1.push_back(a / c);
        double cb, ab;
        if (rep % 2)
        {
            ab = ak_throughput(gen, bytes);
            cb = c_throughput(gen, bytes);
        }
        else
        {
            cb = c_throughput(gen, bytes);
            ab = ak_throughput(gen, bytes);
        }
        c3.push_back(cb);
        a3.push_back(ab);
        r3.push_back(cb / ab); // as cost: above 1 means arangokit is slower
    }
    auto sc1 = summarize(c1), sa1 = summarize(a1), sr1 = summarize(r1);
    auto sc3 = summarize(c3), sa3 = summarize(a3), sr3 = summarize(r3);
    if (json)
    {
        std::printf(
            "{\"workload\":\"W1\",\"c_us\":%.1f,\"arangokit_us\":%.1f,\"ratio\":%.3f}\n", sc1.median,
            sa1.median, sr1.median
        );
        std::printf(
            "{\"workload\":\"W3-bytes\",\"c_gbs\":%.2f,\"arangokit_gbs\":%.2f,\"ratio\":%.3f}\n", sc3.median,
            sa3.median, sr3.median
        );
        return 0;
    }
    std::printf(
        "runner_overhead: %d reps, %d spawns, %lld bytes (medians, min-max; ratio = cost vs C)\n", reps,
        spawns, bytes
    );
    std::printf(
        "W1 spawn+wait  C posix_spawn %8.1f us (%.1f-%.1f)   arangokit %8.1f us (%.1f-%.1f)   x%.3f\n",
        sc1.median, sc1.min, sc1.max, sa1.median, sa1.min, sa1.max, sr1.median
    );
    std::printf(
        "W3 stdout      C read(2)     %8.2f GB/s (%.2f-%.2f) arangokit %8.2f GB/s (%.2f-%.2f) x%.3f\n",
        sc3.median, sc3.min, sc3.max, sa3.median, sa3.min, sa3.max, sr3.median
    );
    return 0;
}
