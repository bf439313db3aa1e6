// Test helpers for tests against the simulator through a tool_runner: the simulator options of this build,
// and `run_with_simulator`, the skeleton those tests share (scratch directory, runner, started simulator,
// stop).
#pragma once

#include <arangokit/arango/instance.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "files.hpp"
#include "run_coro.hpp"
#include "test_paths.hpp"
#include <chrono>
#include <filesystem>
#include <string>

namespace arangokit::test {

/// Simulator options pointing at this build's arangosim, with optional ARANGOSIM_FAULTS.
inline simulator_options sim_options(std::string faults_json = {})
{
    simulator_options o;
    o.bin_dir = sim_bin_dir();
    o.faults_json = std::move(faults_json);
    return o;
}

/// How `run_with_simulator` starts things: the runner's configuration (sinks, ...) and the simulator's
/// options.
struct sim_setup
{
    runner_config runner{};
    simulator_options sim = sim_options();
};

/// What a test body gets from `run_with_simulator`.
struct sim_env
{
    boost::asio::io_context& ctx;
    tool_runner& runner;
    simulator& sim;
    std::filesystem::path dir; ///< the test's scratch directory, removed after the test

    /// The simulator as an instance whose private files and logs go to the scratch directory.
    instance scratch_instance() const
    {
        instance i = sim.make_instance();
        i.root_dir = dir;
        return i;
    }
};

/// Runs `body(sim_env&)` (returning awaitable<void>) under run_coro's hard `cap`: a scratch directory, a
/// runner on a fresh io_context, a simulator started on it; afterwards the simulator is stopped and the stop
/// must succeed (a body may stop it itself first). If the body throws, the runner kills the simulator.
template <class Body>
void run_with_simulator(Body&& body, std::chrono::milliseconds cap, sim_setup setup = {})
{
    temp_dir dir("ak_sim");
    run_coro(
        [&](boost::asio::io_context& ctx) -> boost::asio::awaitable<void> {
            tool_runner runner(ctx.get_executor(), setup.runner);
            simulator sim = co_await async_start_simulator(runner, setup.sim);
            sim_env env{ctx, runner, sim, dir.path()};
            co_await body(env);
            auto [ec, r] = co_await sim.async_stop(boost::asio::as_tuple(boost::asio::use_awaitable));
            BOOST_TEST(
                (!ec || ec == boost::asio::error::not_connected),
                "stopping the simulator: " << ec.message() << "; " << r.describe()
            );
        },
        cap
    );
}

} // namespace arangokit::test
