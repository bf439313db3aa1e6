// Memory per run under hostile output shapes: the peak RSS of this process above its baseline while one run
// handles the shape. Each shape runs in a fresh process (peaks are per process), driven by this same program:
//
//   memory_bounds            all shapes, one table (docs/performance.md, "Memory under hostile output")
//   memory_bounds SHAPE      one shape, one line: shape, baseline KiB, peak KiB, growth KiB, bytes, lines, s
//
// Shapes: no-newline-2g (2 GiB of NUL bytes without a newline, async_run), unread-empty-lines (a streaming
// handle nobody reads, fed empty lines for 3 s), read-line-100m (100 M empty lines through async_read_line),
// batches-100m (the same through async_read_batch). The bound the runner promises: 8 MiB per run.
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>

namespace ak = arangokit;
namespace asio = boost::asio;
using namespace std::chrono_literals;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

long status_kib(const char* key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0)
            return std::atol(line.c_str() + std::strlen(key));
    return -1;
}

ak::command sh(const std::string& script)
{
    ak::command c;
    c.program = "/bin/sh";
    c.args = {"-c", script};
    return c;
}

struct figures
{
    std::uint64_t bytes = 0, lines = 0;
};

asio::awaitable<figures> run_shape(std::string shape)
{
    auto ex = co_await asio::this_coro::executor;
    ak::tool_runner runner(ex);
    figures f;
    if (shape == "no-newline-2g")
    {
        auto c = sh("head -c 2147483648 /dev/zero");
        auto [ec, r] = co_await runner.async_run(c, as_tuple);
        f = {r.out.bytes, r.out.lines};
    }
    else if (shape == "unread-empty-lines")
    {
        auto c = sh("exec yes ''");
        auto t = co_await runner.async_start(c);
        asio::steady_timer wait(ex, 3s);
        co_await wait.async_wait(as_tuple);
        f = {t.result().out.bytes, t.result().out.lines};
        t.kill();
        co_await t.async_wait(as_tuple);
    }
    else if (shape == "read-line-100m" || shape == "batches-100m")
    {
        auto c = sh("head -c 100000000 /dev/zero | tr '\\000' '\\n'");
        auto t = co_await runner.async_start(c);
        std::uint64_t n = 0;
        if (shape == "read-line-100m")
            while (auto l = co_await t.async_read_line())
                ++n;
        else
            for (;;)
            {
                auto b = co_await t.async_read_batch();
                if (b.eof)
                    break;
                n += b.size();
                t.recycle(std::move(b));
            }
        auto [ec, r] = co_await t.async_wait(as_tuple);
        f = {r.out.bytes, n};
    }
    co_return f;
}

int one(const std::string& shape)
{
    asio::io_context io;
    long base = status_kib("VmRSS:");
    figures f;
    auto t0 = std::chrono::steady_clock::now();
    asio::co_spawn(io, run_shape(shape), [&](std::exception_ptr e, figures r) {
        if (e)
            std::rethrow_exception(e);
        f = r;
    });
    io.run();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    long peak = status_kib("VmHWM:");
    std::printf(
        "%s %ld %ld %ld %llu %llu %.2f\n", shape.c_str(), base, peak, peak - base,
        static_cast<unsigned long long>(f.bytes), static_cast<unsigned long long>(f.lines), s
    );
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1)
        return one(argv[1]);
    std::printf("| shape | baseline RSS (KiB) | peak RSS (KiB) | growth (KiB) | bytes | lines | s |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    int worst = 0;
    for (const char* shape : {"no-newline-2g", "unread-empty-lines", "read-line-100m", "batches-100m"})
    {
        std::string cmd = std::string("'") + argv[0] + "' " + shape;
        FILE* p = ::popen(cmd.c_str(), "r");
        char name[64];
        long base = 0, peak = 0, grow = 0;
        unsigned long long bytes = 0, lines = 0;
        double s = 0;
        if (p &&
            std::fscanf(p, "%63s %ld %ld %ld %llu %llu %lf", name, &base, &peak, &grow, &bytes, &lines, &s) ==
                7)
        {
            std::printf(
                "| %s | %ld | %ld | %ld | %llu | %llu | %.2f |\n", shape, base, peak, grow, bytes, lines, s
            );
            worst = std::max<int>(worst, static_cast<int>(grow));
        }
        else
            std::printf("| %s | failed | | | | | |\n", shape);
        if (p)
            ::pclose(p);
    }
    std::printf("\nworst growth: %d KiB (bound: 8192 KiB per run)\n", worst);
    return worst <= 8192 ? 0 : 1;
}
