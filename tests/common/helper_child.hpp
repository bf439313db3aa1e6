// Test helpers around tests/helper/ak_helper, the real child process of the process-level tests: a command
// builder, and the hygiene checks every such test ends with (no child left, no zombie, no leaked descriptor
// or temp file).
#pragma once

#include <arangokit/process/command.hpp>

#include <boost/test/unit_test.hpp>

#include "run_coro.hpp"
#include "test_paths.hpp"
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace arangokit::test {

/// The absolute path of ak_helper in this build.
inline std::string helper_path()
{
    return test_bin_dir() + "/ak_helper";
}

/// A command running ak_helper with these verbs (see tests/helper/ak_helper.cpp).
inline command helper_cmd(std::vector<std::string> args)
{
    command c;
    c.program = helper_path();
    c.args = std::move(args);
    return c;
}

/// The names in a directory (empty path: none).
inline std::set<std::string> dir_entries(const std::filesystem::path& dir)
{
    std::set<std::string> s;
    if (!dir.empty())
        for (const auto& e : std::filesystem::directory_iterator(dir))
            s.insert(e.path().filename().string());
    return s;
}

/// Declared first in a test: at its end no child of this process may be alive or a zombie, and there may be
/// no descriptor more than at the start, nor (if `watched_tmp` is given) a new entry in that temp directory.
struct hygiene
{
    std::filesystem::path watched_tmp;
    int fds_before = count_fds();
    std::set<std::string> tmp_before = dir_entries(watched_tmp);

    hygiene() = default;
    explicit hygiene(std::filesystem::path tmp) : watched_tmp(std::move(tmp)) {}
    ~hygiene()
    {
        // Reaped children can take a moment to disappear from /proc on a loaded machine.
        child_census c;
        for (int i = 0; i < 100; ++i)
        {
            c = census_children();
            if (c.alive == 0 && c.zombies == 0 && c.guardians == 0)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        BOOST_TEST(c.alive == 0);
        BOOST_TEST(c.zombies == 0);
        BOOST_TEST(c.guardians == 0, "a runner's guardian outlived its runner");
        BOOST_TEST(count_fds() == fds_before);
        auto after = dir_entries(watched_tmp);
        BOOST_TEST(after == tmp_before, boost::test_tools::per_element());
    }
};

} // namespace arangokit::test
