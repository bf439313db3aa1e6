// The initiation contract through the tools layer, against the simulator: with asio::deferred nothing is
// spawned until the operation is launched (a sink counts `started` events); inside a parallel_group that a
// timer wins the run is stopped and completes with operation_aborted; each cancellation type does what
// arango_tools::async_run documents (terminal: graded stop, operation_aborted; partial: SIGTERM; total:
// SIGINT) and nothing is left running. Covers arango_tools::async_run and async_start, async_start_simulator
// and the interactive shell's start, execute and close.
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/scenarios/interactive_shell.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "sim_fixture.hpp"
#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>

namespace ak = arangokit;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using ak::test::run_with_simulator;
using ak::test::sim_env;

namespace {

constexpr auto tuple_token = asio::as_tuple(asio::use_awaitable);

struct started_counter
{
    std::shared_ptr<std::atomic<int>> n = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<ak::event_sink> sink() const
    {
        return std::make_shared<ak::callback_event_sink>([n = n](const ak::tool_event& e) {
            if (e.kind == ak::event_kind::started)
                ++*n;
        });
    }
    int value() const { return n->load(); }
};

asio::awaitable<void> pause(std::chrono::milliseconds d)
{
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(tuple_token);
}

ak::arangosh_options shell_running(const char* js)
{
    ak::arangosh_options sh;
    sh.javascript_execute_string.push_back(js);
    return sh;
}

} // namespace

BOOST_AUTO_TEST_SUITE(tools_initiation_contract)

BOOST_AUTO_TEST_CASE(async_run_and_async_start_spawn_nothing_until_launched_and_honour_each_cancellation_type)
{
    started_counter started;
    ak::test::sim_setup setup;
    setup.runner.sinks.push_back(started.sink());
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            const int base = started.value(); // the simulator itself

            // Deferred run: nothing spawned before launch; launched, it runs once and succeeds.
            auto quick = shell_running("print('contract');");
            auto run_op = tools.async_run(quick, asio::deferred);
            co_await pause(100ms);
            BOOST_TEST(started.value() == base);
            BOOST_TEST(env.runner.live_count() == 1u); // the simulator only
            auto [ec, rep] = co_await std::move(run_op)(tuple_token);
            BOOST_TEST(!ec, ec.message());
            BOOST_TEST(rep.ok());
            BOOST_TEST(started.value() == base + 1);

            // Deferred start: the same; the handle then streams and waits.
            auto start_op = tools.async_start(quick, asio::deferred);
            co_await pause(100ms);
            BOOST_TEST(started.value() == base + 1);
            auto [sec, handle] = co_await std::move(start_op)(tuple_token);
            BOOST_TEST(!sec, sec.message());
            BOOST_TEST(started.value() == base + 2);
            auto [wec, wrep] = co_await handle.async_wait(tuple_token);
            BOOST_TEST(!wec, wec.message());
            BOOST_TEST(wrep.ok());

            // parallel_group: a 300 ms timer wins against a 30 s shell; the run is stopped and reaped.
            auto slow = shell_running("require('internal').sleep(30); print('too late');");
            {
                asio::steady_timer timer(env.ctx, 300ms);
                auto t0 = std::chrono::steady_clock::now();
                auto result = co_await asio::experimental::make_parallel_group(
                                  tools.async_run(slow, asio::deferred), timer.async_wait(asio::deferred)
                )
                                  .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
                BOOST_TEST(std::get<0>(result)[0] == 1u, "the timer should have completed first");
                BOOST_TEST(
                    std::get<1>(result) == asio::error::operation_aborted, std::get<1>(result).message()
                );
                BOOST_TEST(!std::get<2>(result).ok());
                BOOST_TEST((std::chrono::steady_clock::now() - t0 < 20s));
                BOOST_TEST(env.runner.live_count() == 1u);
            }

            // Each cancellation type, emitted once the shell runs.
            for (auto type :
                 {asio::cancellation_type::terminal, asio::cancellation_type::partial,
                  asio::cancellation_type::total})
            {
                BOOST_TEST_CONTEXT("cancellation type " << static_cast<int>(type))
                {
                    asio::cancellation_signal sig;
                    asio::steady_timer timer(env.ctx, 500ms);
                    timer.async_wait([&sig, type](ak::error_code e) {
                        if (!e) // not when the timer is destroyed first (the signal is gone then)
                            sig.emit(type);
                    });
                    auto t0 = std::chrono::steady_clock::now();
                    auto [cec, crep] =
                        co_await tools.async_run(slow, asio::bind_cancellation_slot(sig.slot(), tuple_token));
                    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 20s));
                    BOOST_TEST(!crep.ok());
                    BOOST_TEST(env.runner.live_count() == 1u);
                    // Every type completes with operation_aborted (the run was cancelled, whatever ended
                    // it); the signal sent says which type it was: the graded stop starts with SIGINT,
                    // partial sends SIGTERM once, total SIGINT once.
                    BOOST_TEST(cec == asio::error::operation_aborted, cec.message());
                    int want = type == asio::cancellation_type::partial ? SIGTERM : SIGINT;
                    BOOST_TEST(crep.result.last_stop_signal == want);
                }
            }
        },
        300s, setup
    );
}

BOOST_AUTO_TEST_CASE(simulator_and_interactive_shell_operations_do_nothing_until_launched)
{
    started_counter started;
    ak::test::sim_setup setup;
    setup.runner.sinks.push_back(started.sink());
    run_with_simulator(
        [&](sim_env& env) -> asio::awaitable<void> {
            ak::arango_tools tools(env.runner, env.scratch_instance());
            const int base = started.value();

            // A second simulator, deferred.
            auto so = ak::test::sim_options();
            auto sim_op = ak::async_start_simulator(env.runner, so, asio::deferred);
            co_await pause(100ms);
            BOOST_TEST(started.value() == base);
            auto [simec, sim2] = co_await std::move(sim_op)(tuple_token);
            BOOST_TEST(!simec, simec.message());
            BOOST_TEST(started.value() == base + 1);
            co_await sim2.async_stop(tuple_token);

            // The interactive shell: start, execute and close, each deferred.
            ak::interactive_shell_options io;
            auto shell_op = ak::async_start_interactive_shell(tools, io, asio::deferred);
            co_await pause(100ms);
            BOOST_TEST(started.value() == base + 1);
            auto [shec, shell] = co_await std::move(shell_op)(tuple_token);
            BOOST_TEST(!shec, shec.message());
            BOOST_TEST(started.value() == base + 2);

            // A deferred statement is not written until launched: the collection does not exist before.
            // (Statements are named first: no std::string temporary inside a co_await expression.)
            std::string make_it = "db._create('contract_c'); print('made');";
            std::string look = "print(db._collection('contract_c') === null ? 'absent' : 'present');";
            auto create = shell.async_execute(make_it, std::nullopt, asio::deferred);
            co_await pause(200ms);
            auto [ec1, probe] = co_await shell.async_execute(look, std::nullopt, tuple_token);
            BOOST_TEST(!ec1, ec1.message());
            BOOST_TEST(probe.output().find("absent") != std::string::npos, probe.output());
            auto [ec2, made] = co_await std::move(create)(tuple_token);
            BOOST_TEST(!ec2, ec2.message());
            BOOST_TEST(made.output().find("made") != std::string::npos, made.output());

            auto close_op = shell.async_close(std::chrono::milliseconds(5000), asio::deferred);
            co_await pause(100ms);
            BOOST_TEST(
                env.runner.live_count() == 2u, "the shell must still run before the close is launched"
            );
            auto [cec, closed] = co_await std::move(close_op)(tuple_token);
            BOOST_TEST(!cec, cec.message());
            BOOST_TEST(closed.ok());
            BOOST_TEST(env.runner.live_count() == 1u);
        },
        300s, setup
    );
}

BOOST_AUTO_TEST_SUITE_END()
