// A host program for the promises that only hold across process boundaries (tests/faults/promises.cpp):
//   ak_orchestrator death MODE HELPER SIM_BIN   starts a simulator and 20 tools of every kind
//   (password-bearing
//                                               arangosh runs, children that fork, daemonize, or sit behind
//                                               a forking launch prefix), prints READY {json}, waits to be
//                                               killed; MODE is automatic or process_group
//   ak_orchestrator subreaper N HELPER          as a child subreaper, runs N `sh -c "sleep 30 &"` and prints
//                                               how many zombies and live children are left
//   ak_orchestrator sigpipe HELPER              writes to the stdin of a child that closed it, with SIGPIPE
//   at
//                                               its default disposition, and prints what the write returned
// The secret comes from $AK_SECRET, never from argv.
#include <arangokit/arango/arango_tools.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/testing/simulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "run_coro.hpp"
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/prctl.h>
#include <thread>
#include <vector>

namespace ak = arangokit;
namespace asio = boost::asio;
using namespace std::chrono_literals;
constexpr asio::as_tuple_t<asio::use_awaitable_t<>> as_tuple{};

namespace {

ak::command helper(const std::string& path, std::vector<std::string> args)
{
    ak::command c;
    c.program = path;
    c.args = std::move(args);
    return c;
}

asio::awaitable<int> death(std::string mode, std::string helper_path, std::string sim_bin)
{
    auto ex = co_await asio::this_coro::executor;
    ak::runner_config cfg;
    cfg.containment =
        mode == "process_group" ? ak::containment_mode::process_group : ak::containment_mode::automatic;
    ak::tool_runner runner(ex, cfg);
    const char* secret = std::getenv("AK_SECRET");
    std::string pw = secret ? secret : "pw";
    ak::simulator_options so;
    so.bin_dir = sim_bin;
    so.auth = "basic";
    so.users = {"root:" + pw};
    auto sim = co_await ak::async_start_simulator(runner, so);
    auto inst = sim.make_instance();
    inst.username = "root";
    inst.password = pw;
    ak::arango_tools tools(runner, inst);

    std::vector<ak::running_arango_tool<ak::arangosh_options>> shells;
    for (int i = 0; i < 2; ++i)
    {
        ak::arangosh_options sh;
        sh.javascript_execute_string = {"print('shell up'); require('internal').sleep(600)"};
        auto t = co_await tools.async_start(sh);
        auto up = co_await t.process().async_read_line(); // authenticated and running
        if (!up)
            co_return 3;
        shells.push_back(std::move(t));
    }
    // Commands first, in named variables: braced lists inside a co_await expression trip g++ 12.
    std::vector<ak::command> cmds;
    for (int i = 0; i < 5; ++i)
        cmds.push_back(helper(helper_path, {"grandchild", "600000", "sleep", "600000"}));
    for (int i = 0; i < 3; ++i)
        cmds.push_back(helper(helper_path, {"setsid-grandchild", "600000", "sleep", "600000"}));
    for (int i = 0; i < 5; ++i)
        cmds.push_back(helper("/bin/sh", {"-c", "sleep 600 & sleep 600 & wait"}));
    for (int i = 0; i < 3; ++i)
    {
        auto c = helper(helper_path, {"sleep", "600000"});
        c.launch_prefix = {"timeout", "600"};
        cmds.push_back(std::move(c));
    }
    for (int i = 0; i < 2; ++i)
        cmds.push_back(helper(helper_path, {"print", "plain", "sleep", "600000"}));
    std::vector<ak::running_tool> kids;
    for (auto& c : cmds)
        kids.push_back(co_await runner.async_start(std::move(c)));
    // The grandchildren announce themselves: wait until every one of them exists.
    for (std::size_t i = 0; i < 8; ++i)
        co_await kids[i].async_read_line();
    std::this_thread::sleep_for(200ms); // the shells' background sleeps

    boost::json::object o;
    o["host"] = ::getpid();
    o["guardian"] = runner.guardian_pid();
    o["containment"] = ak::to_string(runner.containment().mode);
    o["note"] = runner.containment().note;
    o["sim_data_dir"] = sim.data_dir().string();
    o["tools"] = shells.size() + kids.size();
    std::cout << "READY " << boost::json::serialize(o) << std::endl;
    asio::steady_timer forever(ex, 600s);
    co_await forever.async_wait(as_tuple);
    co_return 0;
}

asio::awaitable<int> subreaper(int n)
{
    ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    ak::tool_runner runner(co_await asio::this_coro::executor);
    for (int i = 0; i < n; ++i)
    {
        auto c = helper("/bin/sh", {"-c", "sleep 30 &"});
        co_await runner.async_run(c, as_tuple);
    }
    // Orphans die of the group kill a moment after their shell; the runner reaps them as they go.
    asio::steady_timer t(co_await asio::this_coro::executor);
    // Children of this process, the runner's guardian counted apart (tests/common/run_coro.hpp).
    // One census per look: two (zombies, then alive) let an orphan that died between them end the wait early.
    auto c = ak::test::census_children();
    for (int i = 0; i < 40 && (c.zombies || c.alive); ++i)
    {
        t.expires_after(50ms);
        co_await t.async_wait(as_tuple);
        c = ak::test::census_children();
    }
    std::cout << "ZOMBIES " << c.zombies << " ALIVE " << c.alive << std::endl;
    if (c.zombies || c.alive)
        std::cerr << "left: " << c.who << std::endl;
    co_return 0;
}

asio::awaitable<int> sigpipe(std::string helper_path)
{
    std::signal(SIGPIPE, SIG_DFL);
    ak::tool_runner runner(co_await asio::this_coro::executor);
    auto c = helper(helper_path, {"close-stdin", "print", "closed", "sleep", "3000"});
    c.stdin_source = ak::stdin_spec::from_pipe();
    auto t = co_await runner.async_start(c);
    co_await t.async_read_line(); // stdin is closed now
    std::string big(1 << 20, 'x');
    auto [ec, n] = co_await t.async_write(std::move(big), as_tuple);
    std::cout << "WRITE " << ec.value() << " " << (ec == asio::error::broken_pipe) << " " << n << std::endl;
    // The child that exited: a write after its end.
    auto c2 = helper(helper_path, {"exit", "0"});
    c2.stdin_source = ak::stdin_spec::from_pipe();
    auto t2 = co_await runner.async_start(c2);
    asio::steady_timer wait(co_await asio::this_coro::executor, 200ms);
    co_await wait.async_wait(as_tuple);
    std::string small(4096, 'y');
    auto [ec2, n2] = co_await t2.async_write(std::move(small), as_tuple);
    std::cout << "WRITE2 " << ec2.value() << " "
              << (ec2 == asio::error::broken_pipe || ec2 == asio::error::not_connected) << std::endl;
    t.request_stop(ak::stop_policy::kill_now());
    auto [wec, r] = co_await t.async_wait(as_tuple);
    auto [wec2, r2] = co_await t2.async_wait(as_tuple);
    std::cout << "RESULT " << r.describe() << " | " << r2.describe() << std::endl;
    co_return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3)
    {
        std::cerr << "usage: ak_orchestrator death|subreaper|sigpipe ...\n";
        return 2;
    }
    std::string verb = argv[1];
    asio::io_context io;
    int rc = 1;
    auto done = [&](std::exception_ptr e, int r) {
        if (e)
        {
            try
            {
                std::rethrow_exception(e);
            }
            catch (const std::exception& x)
            {
                std::cerr << "ak_orchestrator: " << x.what() << "\n";
            }
            rc = 4;
        }
        else
            rc = r;
    };
    if (verb == "death" && argc >= 5)
        asio::co_spawn(io, death(argv[2], argv[3], argv[4]), done);
    else if (verb == "subreaper" && argc >= 3)
        asio::co_spawn(io, subreaper(std::atoi(argv[2])), done);
    else if (verb == "sigpipe" && argc >= 3)
        asio::co_spawn(io, sigpipe(argv[2]), done);
    else
        return 2;
    io.run();
    return rc;
}
