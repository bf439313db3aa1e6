// The threading contract under load, for ThreadSanitizer: a runner confined to a strand of a multi-threaded
// io_context, cancellation and group stops emitted from foreign threads (posted to the strand, as the
// contract says), and independent runners spawning in parallel threads (the spawn path's per-thread state).
#define BOOST_TEST_MODULE arangokit_threads
#include <arangokit/concurrency/client_group.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "helper_child.hpp"
#include "run_coro.hpp"
#include "test_paths.hpp"
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace ak = arangokit;
namespace asio = boost::asio;
using namespace std::chrono_literals;
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

using ak::test::hygiene;
constexpr auto cmd = &ak::test::helper_cmd;

// Runs ctx on `n` threads until `done` is ready or the cap passes; rethrows what the test coroutine threw.
void run_threads(asio::io_context& ctx, int n, std::future<void>& done, std::chrono::seconds cap = 120s)
{
    auto guard = asio::make_work_guard(ctx);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&ctx] { ctx.run(); });
    bool finished = done.wait_for(cap) == std::future_status::ready;
    guard.reset();
    if (!finished)
        ctx.stop();
    for (auto& t : threads)
        t.join();
    BOOST_REQUIRE_MESSAGE(finished, "the threaded test did not finish within " << cap.count() << " s");
    done.get();
}

// The completion of a test coroutine: hands its outcome to the thread that waits in run_threads.
auto settle(std::promise<void>& promise)
{
    return [&promise](std::exception_ptr e) {
        if (e)
            promise.set_exception(e);
        else
            promise.set_value();
    };
}

// Counts completions on the strand; the waiting coroutine wakes when all are in.
struct countdown
{
    explicit countdown(asio::any_io_executor ex, int n)
        : left(n), timer(ex, asio::steady_timer::time_point::max())
    {
    }
    void arrive()
    {
        if (--left == 0)
            timer.cancel();
    }
    asio::awaitable<void> wait()
    {
        while (left > 0)
            co_await timer.async_wait(as_tuple);
    }
    int left;
    asio::steady_timer timer;
};

} // namespace

BOOST_AUTO_TEST_CASE(a_runner_on_a_strand_of_a_four_thread_io_context)
{
    hygiene h;
    asio::io_context ctx;
    auto strand = asio::make_strand(ctx);
    std::promise<void> promise;
    auto done = promise.get_future();
    std::atomic<int> cancels_posted{0};

    asio::co_spawn(
        strand,
        [&]() -> asio::awaitable<void> {
            ak::tool_runner r(strand);
            constexpr int readers = 12, timeouts = 6, cancelled = 6;
            countdown all(strand, readers + timeouts + cancelled);
            int lines_ok = 0, deadlines = 0, cancels = 0;

            // Streaming readers: every line of every child arrives, in order.
            for (int i = 0; i < readers; ++i)
                asio::co_spawn(
                    strand,
                    [&]() -> asio::awaitable<void> {
                        auto c = cmd({"lines", "3000"}
                        ); // named: g++ 12 and temporaries in co_await (docs/design.md)
                        auto t = co_await r.async_start(c);
                        std::size_t n = 0;
                        for (;;)
                        {
                            auto b = co_await t.async_read_batch();
                            if (b.eof)
                                break;
                            n += b.size();
                        }
                        auto res = co_await t.async_wait();
                        lines_ok += n == 3000 && res.exit_code == 0;
                        all.arrive();
                    },
                    asio::detached
                );

            // Deadlines: the graded stop runs on the strand's timers.
            for (int i = 0; i < timeouts; ++i)
                asio::co_spawn(
                    strand,
                    [&]() -> asio::awaitable<void> {
                        auto c = cmd({"sleep", "60000"});
                        c.timeout = 100ms;
                        auto [ec, res] = co_await r.async_run(c, as_tuple);
                        deadlines +=
                            ec == ak::errc::deadline_exceeded && res.reason == ak::end_reason::deadline;
                        all.arrive();
                    },
                    asio::detached
                );

            // Cancellation requested by a foreign thread and emitted on the strand.
            std::vector<std::unique_ptr<asio::cancellation_signal>> signals;
            for (int i = 0; i < cancelled; ++i)
            {
                signals.push_back(std::make_unique<asio::cancellation_signal>());
                asio::co_spawn(
                    strand,
                    [&, sig = signals.back().get()]() -> asio::awaitable<void> {
                        auto c = cmd({"sleep", "60000"});
                        auto [ec, res] =
                            co_await r.async_run(c, asio::bind_cancellation_slot(sig->slot(), as_tuple));
                        cancels +=
                            ec == asio::error::operation_aborted && res.reason == ak::end_reason::cancelled;
                        all.arrive();
                    },
                    asio::detached
                );
            }
            while (r.live_count() < static_cast<std::size_t>(timeouts + cancelled))
                co_await asio::steady_timer(strand, 5ms).async_wait(asio::use_awaitable);
            std::thread foreign([&] {
                for (auto& s : signals)
                {
                    asio::post(strand, [sig = s.get()] { sig->emit(asio::cancellation_type::terminal); });
                    ++cancels_posted;
                }
            });
            co_await all.wait();
            foreign.join();
            BOOST_TEST(lines_ok == readers);
            BOOST_TEST(deadlines == timeouts);
            BOOST_TEST(cancels == cancelled);
            BOOST_TEST(r.live_count() == 0u);
        },
        settle(promise)
    );
    run_threads(ctx, 4, done);
    BOOST_TEST(cancels_posted.load() == 6);
}

BOOST_AUTO_TEST_CASE(independent_runners_spawn_in_parallel_threads)
{
    hygiene h;
    constexpr int threads = 4, runs = 25;
    std::vector<int> ok(threads, 0);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([t, &ok] {
            asio::io_context ctx;
            ak::tool_runner r(ctx.get_executor());
            asio::co_spawn(
                ctx,
                [&]() -> asio::awaitable<void> {
                    for (int i = 0; i < runs; ++i)
                    {
                        auto c = cmd(
                            {"print", "t" + std::to_string(t) + "-" + std::to_string(i), "eprint", "e",
                             "exit", "3"}
                        );
                        auto [ec, res] = co_await r.async_run(c, as_tuple);
                        bool good =
                            res.exit_code == 3 && !res.out.tail.empty() &&
                            res.out.tail.back() == "t" + std::to_string(t) + "-" + std::to_string(i) &&
                            res.err.lines == 1u;
                        ok[static_cast<std::size_t>(t)] += good;
                    }
                },
                asio::detached
            );
            ctx.run();
        });
    for (auto& th : pool)
        th.join();
    for (int t = 0; t < threads; ++t)
        BOOST_TEST(ok[static_cast<std::size_t>(t)] == runs, "thread " << t);
}

BOOST_AUTO_TEST_CASE(a_group_on_a_strand_is_stopped_from_a_foreign_thread)
{
    hygiene h;
    asio::io_context ctx;
    auto strand = asio::make_strand(ctx);
    std::promise<void> promise;
    auto done = promise.get_future();
    asio::co_spawn(
        strand,
        [&]() -> asio::awaitable<void> {
            ak::tool_runner r(strand);
            ak::client_group g(r);
            for (int i = 0; i < 8; ++i)
                g.spawn(cmd({"sleep", "60000"}));
            while (g.snapshot().running < 8)
                co_await asio::steady_timer(strand, 5ms).async_wait(asio::use_awaitable);
            std::thread foreign([&] { asio::post(strand, [&g] { g.request_stop(); }); });
            auto [ec, res] = co_await g.async_wait(as_tuple);
            foreign.join();
            BOOST_TEST(!ec);
            BOOST_TEST(res.stopped == 8u);
            BOOST_TEST(res.stop_reason == ak::stop_cause::requested);
        },
        settle(promise)
    );
    run_threads(ctx, 3, done);
}
