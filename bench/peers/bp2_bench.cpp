// bench/peers/bp2_bench: Boost.Process v2 (default launcher) + Asio coroutines used directly, the way a user
// without arangokit would write it. Same command line and JSON output as c_bench / ak_bench.
//   w1 n= ballast=   w2 total= par=   w3b bytes= gen=   w3l lines= gen= api=chunk|read_until
//   w4 iters= timeout_ms=   w4esc iters= timeout_ms= grace_ms=   w5 n=
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/process/v2.hpp>

#include "../bench_common.hpp"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <signal.h>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;
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
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
void emit(const std::string& wl, double value, const char* unit, const std::string& extra = {})
{
    std::printf(
        "{\"impl\":\"bp2\",\"workload\":\"%s\",\"value\":%.6g,\"unit\":\"%s\"%s%s}\n", wl.c_str(), value,
        unit, extra.empty() ? "" : ",", extra.c_str()
    );
}
void run(std::function<asio::awaitable<void>(asio::io_context&)> f)
{
    asio::io_context ctx;
    std::exception_ptr err;
    asio::co_spawn(ctx, f(ctx), [&](std::exception_ptr e) { err = e; }); // rethrown, never dropped
    ctx.run();
    if (err)
        std::rethrow_exception(err);
}
void require(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(what);
}

std::vector<char> g_ballast;

void w1()
{
    if (long long mib = opt_ll("ballast", 0); mib > 0)
        g_ballast.assign(static_cast<std::size_t>(mib) << 20, 1);
    int n = static_cast<int>(opt_ll("n", 2000));
    double us = 0;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        std::vector<std::string> none;
        for (int i = 0; i < 3; ++i) // untimed warm-up, as in every implementation (bench/peers/c_bench.c)
        {
            bp::process p(ctx, "/bin/true", none);
            co_await p.async_wait(tuple);
        }
        auto t0 = clk::now();
        for (int i = 0; i < n; ++i)
        {
            bp::process p(ctx, "/bin/true", none);
            auto [ec, rc] = co_await p.async_wait(tuple);
            require(!ec && rc == 0, "w1: /bin/true failed");
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
        int next = 0, workers = par;
        asio::steady_timer all_done(ctx, clk::time_point::max());
        auto worker = [&]() -> asio::awaitable<void> {
            std::vector<std::string> none;
            while (next < total)
            {
                ++next;
                bp::process p(ctx, "/bin/true", none);
                co_await p.async_wait(tuple);
            }
            if (--workers == 0)
                all_done.cancel();
        };
        auto t0 = clk::now();
        for (int i = 0; i < par; ++i)
            asio::co_spawn(ctx, worker(), [](std::exception_ptr e) {
                if (e)
                    std::rethrow_exception(e);
            });
        co_await all_done.async_wait(tuple);
        rate = total / secs(clk::now() - t0);
    });
    emit("w2", rate, "spawns/s");
}

void w3b()
{
    long long bytes = opt_ll("bytes", 1LL << 30);
    double gbs = 0;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        auto t0 = clk::now();
        asio::readable_pipe rp(ctx);
        std::vector<std::string> args{"bytes", std::to_string(bytes)};
        bp::process p(ctx, opt("gen", "bench_gen"), args, bp::process_stdio{nullptr, rp, {}});
        std::vector<char> buf(1 << 20);
        long long total = 0;
        for (;;)
        {
            auto [ec, n] = co_await rp.async_read_some(asio::buffer(buf), tuple);
            total += static_cast<long long>(n);
            if (ec)
                break;
        }
        co_await p.async_wait(tuple);
        gbs = static_cast<double>(total) / secs(clk::now() - t0) / 1e9;
        require(total == bytes, "w3b: short read");
    });
    emit("w3b", gbs, "GB/s", "\"variant\":\"pipe\"");
}

void w3l()
{
    long long lines = opt_ll("lines", 10000000);
    std::string api = opt("api", "chunk");
    double mls = 0;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        auto t0 = clk::now();
        asio::readable_pipe rp(ctx);
        std::vector<std::string> args{"lines", std::to_string(lines)};
        bp::process p(ctx, opt("gen", "bench_gen"), args, bp::process_stdio{nullptr, rp, {}});
        long long seen = 0, bad = 0;
        auto check = [&](const char* b, std::size_t n) {
            if (n == 0 || b[n - 1] != static_cast<char>('0' + seen % 10))
                ++bad;
            ++seen;
        };
        if (api == "read_until")
        {
            // The textbook idiom: async_read_until + erase.
            std::string s;
            for (;;)
            {
                auto [ec, n] = co_await asio::async_read_until(rp, asio::dynamic_buffer(s), '\n', tuple);
                if (ec)
                    break;
                check(s.data(), n - 1);
                s.erase(0, n);
            }
        }
        else
        {
            std::vector<char> buf((1 << 20) + 64);
            std::size_t have = 0;
            for (;;)
            {
                auto [ec, k] = co_await rp.async_read_some(asio::buffer(buf.data() + have, 1 << 20), tuple);
                if (ec)
                    break;
                std::size_t len = have + k, pos = 0;
                while (const void* nl = std::memchr(buf.data() + pos, '\n', len - pos))
                {
                    std::size_t end = static_cast<const char*>(nl) - buf.data();
                    check(buf.data() + pos, end - pos);
                    pos = end + 1;
                }
                have = len - pos;
                std::memmove(buf.data(), buf.data() + pos, have);
            }
        }
        co_await p.async_wait(tuple);
        mls = static_cast<double>(seen) / secs(clk::now() - t0) / 1e6;
        require(seen == lines && bad == 0, "w3l: lines lost or out of order");
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
        asio::steady_timer t(ctx);
        for (int i = 0; i < iters; ++i)
        {
            auto dl = clk::now() + timeout;
            std::vector<std::string> coop{"100"}, stubborn{"-c", "trap '' TERM; exec /bin/sleep 100"};
            bp::process p(ctx, escalate ? "/bin/sh" : "/bin/sleep", escalate ? stubborn : coop);
            t.expires_at(dl);
            co_await t.async_wait(tuple);
            p.request_exit(); // SIGTERM
            if (escalate)
            {
                t.expires_at(dl + grace);
                co_await t.async_wait(tuple);
                p.terminate(); // SIGKILL
            }
            co_await p.async_wait(tuple);
            v.push_back(secs(clk::now() - dl - (escalate ? grace : clk::duration::zero())) * 1e3);
        }
    });
    emit(escalate ? "w4esc" : "w4", median(v), "ms");
}

// n `sleep 600` alive, SIGINT to each (process::interrupt), then every async_wait; value: stop ms.
void w5()
{
    int n = static_cast<int>(opt_ll("n", 200));
    bench::raise_fd_limit();
    double start_ms = 0, stop_ms = 0, stop_cpu_ms = 0;
    long before = 0, after = 0;
    run([&](asio::io_context& ctx) -> asio::awaitable<void> {
        std::vector<bp::process> procs;
        procs.reserve(static_cast<std::size_t>(n));
        std::vector<std::string> args{"600"};
        before = bench::vm_kib("VmRSS:");
        auto t0 = clk::now();
        for (int i = 0; i < n; ++i)
            procs.emplace_back(ctx, "/bin/sleep", args);
        start_ms = secs(clk::now() - t0) * 1e3;
        after = bench::vm_kib("VmRSS:");
        auto t1 = clk::now();
        double c1 = bench::cpu_ms();
        for (auto& p : procs)
            p.interrupt(); // SIGINT
        for (auto& p : procs)
        {
            auto [ec, rc] = co_await p.async_wait(tuple);
            require(!ec, "w5: async_wait failed");
        }
        stop_ms = secs(clk::now() - t1) * 1e3;
        stop_cpu_ms = bench::cpu_ms() - c1;
    });
    emit("w5", stop_ms, "ms", bench::w5_fields(n, start_ms, stop_cpu_ms, before, after));
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        std::fprintf(stderr, "usage: bp2_bench w1|w2|w3b|w3l|w4|w4esc|w5 [key=value ...]\n");
        return 2;
    }
    for (int i = 2; i < argc; ++i)
    {
        std::string a = argv[i];
        if (auto eq = a.find('='); eq != std::string::npos)
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
        else
        {
            std::fprintf(stderr, "bp2_bench: unsupported workload %s\n", w.c_str());
            return 2;
        }
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "bp2_bench %s: %s\n", w.c_str(), e.what());
        return 1;
    }
    return 0;
}
