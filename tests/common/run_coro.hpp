// Test helpers: run a coroutine on a fresh io_context under a hard cap; process hygiene probes.
#pragma once

#include <arangokit/testing/boost_test.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <exception>
#include <fstream>
#include <functional>
#include <string>
#include <unistd.h>

namespace arangokit::test {

/// Runs `f(io_context&)` (returning awaitable<void>) to completion on a fresh io_context; fails the test if
/// it takes longer than `cap` (the body is then cancelled, so its tools are stopped). Exceptions from the
/// coroutine propagate. The public arangokit/testing/boost_test.hpp does the work, so tests use what users
/// use.
template <class F> void run_coro(F&& f, std::chrono::milliseconds cap = std::chrono::seconds(60))
{
    arangokit::boost_test::run(std::forward<F>(f), cap);
}

/// Number of open descriptors of this process.
inline int count_fds()
{
    int n = 0;
    if (DIR* d = opendir("/proc/self/fd"))
    {
        while (dirent* e = readdir(d))
            if (e->d_name[0] != '.')
                ++n;
        closedir(d);
    }
    return n - 1; // the DIR's own fd
}

/// Children of this process (any state), and how many are zombies.
struct child_census
{
    int alive = 0;
    int zombies = 0;
    int guardians = 0; ///< runners' guardians: present while their runner lives
    std::string who;   ///< "pid:state:name" of each zombie or live child, for failure messages
};
inline child_census census_children()
{
    child_census c;
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
            char state = line[rp + 2];
            std::string rest = line.substr(rp + 4);
            std::string ppid = rest.substr(0, rest.find(' '));
            if (ppid != me)
                continue;
            // A runner's guardian (argv[0] "arangokit-guardian") is infrastructure, counted apart from tools.
            std::ifstream cl(std::string("/proc/") + e->d_name + "/cmdline");
            std::string argv0;
            std::getline(cl, argv0, '\0');
            if (state == 'Z')
                ++c.zombies;
            else if (argv0 == "arangokit-guardian")
                ++c.guardians;
            else
                ++c.alive;
            if (argv0 != "arangokit-guardian")
            {
                std::string pgid = rest.substr(rest.find(' ') + 1);
                pgid = pgid.substr(0, pgid.find(' '));
                c.who += std::string(c.who.empty() ? "" : " ") + e->d_name + ":" + state + ":" +
                         line.substr(line.find('(') + 1, rp - line.find('(') - 1) + ":pgid=" + pgid;
            }
        }
        closedir(d);
    }
    return c;
}

/// True if a process with this pid exists and is not a zombie.
inline bool process_alive(int pid)
{
    std::ifstream st("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(st, line))
        return false;
    auto rp = line.rfind(')');
    return rp != std::string::npos && rp + 2 < line.size() && line[rp + 2] != 'Z' && line[rp + 2] != 'X';
}

/// VmHWM / VmRSS of this process in KiB.
inline long proc_status_kib(const char* key)
{
    std::ifstream st("/proc/self/status");
    std::string line;
    while (std::getline(st, line))
        if (line.rfind(key, 0) == 0)
            return std::atol(line.c_str() + std::strlen(key) + 1);
    return -1;
}

} // namespace arangokit::test
