// Soak: a bounded loop of tool runs and client groups in one process, then a leak check. Every run path is
// exercised (success, non-zero exit, stderr, deadline + graded stop, missing tool, streaming) through
// Debian's own /bin programs, so no test helper is needed. The baseline is taken after a warm-up (allocator
// pools, lazily created descriptors); at the end the fd count, RSS and zombies must be flat and no child
// alive.
//   soak [--runs N] [--groups M] [--parallel P]     (defaults: 5000 runs, 500 groups, 8 in parallel)
// Exit 0 when flat, 1 when something leaked; one JSON summary line on stdout either way.
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>

namespace ak = arangokit;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

struct sample
{
    int fds = 0;
    long rss_kib = 0;
    int children = 0;
    int zombies = 0;
};

int count_fds()
{
    int n = 0;
    if (DIR* d = opendir("/proc/self/fd"))
    {
        while (dirent* e = readdir(d))
            if (e->d_name[0] != '.')
                ++n;
        closedir(d);
    }
    return n - 1;
}

long rss_kib()
{
    std::ifstream st("/proc/self/status");
    std::string line;
    while (std::getline(st, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atol(line.c_str() + 6);
    return -1;
}

sample take_sample()
{
    sample s;
    s.fds = count_fds();
    s.rss_kib = rss_kib();
    std::string me = std::to_string(getpid());
    if (DIR* d = opendir("/proc"))
    {
        while (dirent* e = readdir(d))
        {
            if (e->d_name[0] < '0' || e->d_name[0] > '9')
                continue;
            std::ifstream st(std::string("/proc/") + e->d_name + "/stat");
            std::string line;
            std::getline(st, line);
            auto rp = line.rfind(')');
            if (rp == std::string::npos || rp + 4 >= line.size())
                continue;
            std::string rest = line.substr(rp + 4);
            if (rest.substr(0, rest.find(' ')) != me)
                continue;
            if (line[rp + 2] == 'Z')
                ++s.zombies;
            else
                ++s.children;
        }
        closedir(d);
    }
    return s;
}

ak::command make(std::string program, std::vector<std::string> args)
{
    ak::command c;
    c.program = std::move(program);
    c.args = std::move(args);
    return c;
}

// The i-th run: cycles through every way a run can end.
ak::command run_kind(std::size_t i)
{
    switch (i % 6)
    {
    case 0:
        return make("/bin/echo", {"soak", std::to_string(i)});
    case 1:
        return make("/bin/sh", {"-c", "echo out; echo err >&2; exit 3"});
    case 2: {
        auto c = make("/bin/sleep", {"30"});
        c.timeout = 20ms;
        c.stop = ak::stop_policy::terminate_then_kill(200ms);
        return c;
    }
    case 3:
        return make("/nonexistent/arangodump", {});
    case 4:
        return make("/bin/sh", {"-c", "seq 1 2000"});
    default:
        return make("/bin/true", {});
    }
}

struct counters
{
    std::size_t runs = 0, ok = 0, failed = 0, timed_out = 0, not_found = 0, lines = 0;
    std::size_t groups = 0, groups_stopped = 0;
};

asio::awaitable<void> run_worker(ak::tool_runner& r, std::size_t& next, std::size_t total, counters& n)
{
    while (next < total)
    {
        std::size_t i = next++;
        auto c = run_kind(i);
        if (i % 12 == 4)
        {
            // Streaming: read every line through the handle.
            auto [sec, h] = co_await r.async_start(c, asio::as_tuple(asio::use_awaitable));
            for (;;)
            {
                auto [lec, line] = co_await h.async_read_line(asio::as_tuple(asio::use_awaitable));
                if (lec || !line)
                    break;
                ++n.lines;
            }
            auto [wec, res] = co_await h.async_wait(asio::as_tuple(asio::use_awaitable));
            n.ok += res.ok();
        }
        else
        {
            auto [ec, res] = co_await r.async_run(c, asio::as_tuple(asio::use_awaitable));
            if (res.ok())
                ++n.ok;
            else if (ec == ak::errc::deadline_exceeded)
                ++n.timed_out;
            else if (ec == ak::errc::tool_not_found)
                ++n.not_found;
            else
                ++n.failed;
        }
        ++n.runs;
    }
}

asio::awaitable<void> run_groups(ak::tool_runner& r, std::size_t from, std::size_t to, counters& n)
{
    for (std::size_t g = from; g < to; ++g)
    {
        ak::group_options o;
        o.name = "soak-" + std::to_string(g);
        o.on_failure = g % 2 ? ak::group_policy::stop_on_failure : ak::group_policy::wait_all;
        o.stop = ak::stop_policy::terminate_then_kill(200ms);
        ak::client_group grp(r, o);
        grp.spawn(make("/bin/echo", {"member"}));
        grp.spawn(make("/bin/sh", {"-c", "exit 2"}));
        grp.spawn(make("/bin/sleep", {"30"}), {.label = "sleeper"});
        grp.spawn(make("/bin/true", {}));
        if (g % 2 == 0)
        {
            // wait_all would wait for the sleeper: stop the group ourselves.
            grp.request_stop();
        }
        auto [ec, res] = co_await grp.async_wait(asio::as_tuple(asio::use_awaitable));
        ++n.groups;
        n.groups_stopped += res.stopped > 0;
    }
}

std::size_t arg(int argc, char** argv, const char* name, std::size_t def)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return static_cast<std::size_t>(std::atol(argv[i + 1]));
    return def;
}

} // namespace

int main(int argc, char** argv)
{
    const std::size_t runs = arg(argc, argv, "--runs", 5000);
    const std::size_t groups = arg(argc, argv, "--groups", 500);
    const std::size_t parallel = std::max<std::size_t>(1, arg(argc, argv, "--parallel", 8));
    const std::size_t warm_runs = runs / 10, warm_groups = groups / 10;

    counters n;
    sample base{}, end{};
    auto t0 = std::chrono::steady_clock::now();
    {
        asio::io_context ctx;
        ak::tool_runner r(ctx.get_executor());
        auto phase = [&](std::size_t run_from, std::size_t run_to, std::size_t g_from, std::size_t g_to) {
            std::size_t next = run_from;
            for (std::size_t w = 0; w < parallel; ++w)
                asio::co_spawn(ctx, run_worker(r, next, run_to, n), asio::detached);
            asio::co_spawn(ctx, run_groups(r, g_from, g_to, n), asio::detached);
            ctx.run();
            ctx.restart();
        };
        phase(0, warm_runs, 0, warm_groups);
        base = take_sample();
        phase(warm_runs, runs, warm_groups, groups);
        end = take_sample();
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    long rss_growth = end.rss_kib - base.rss_kib;
    bool flat = end.fds == base.fds && end.zombies == 0 && end.children == 0 && n.runs == runs &&
                n.groups == groups && rss_growth < 16 * 1024;
    std::printf(
        "{\"flat\":%s,\"seconds\":%.1f,\"runs\":%zu,\"ok\":%zu,\"failed\":%zu,\"timed_out\":%zu,"
        "\"not_found\":%zu,\"streamed_lines\":%zu,\"groups\":%zu,\"groups_with_stopped_members\":%zu,"
        "\"fds\":[%d,%d],\"rss_kib\":[%ld,%ld],\"children\":%d,\"zombies\":%d}\n",
        flat ? "true" : "false", secs, n.runs, n.ok, n.failed, n.timed_out, n.not_found, n.lines, n.groups,
        n.groups_stopped, base.fds, end.fds, base.rss_kib, end.rss_kib, end.children, end.zombies
    );
    return flat ? 0 : 1;
}
