// Test helper: the simulator server (arangosim) as a plain child process, for tests that talk to it without a
// tool_runner: the HTTP client suite, the artifact readers fed by the stand-in tools.
#pragma once

#include <arangokit/arango/endpoint.hpp>

#include "child_process.hpp"
#include "files.hpp"
#include "test_paths.hpp"
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace arangokit::test {

/// One arangosim process with a private temp directory (data, endpoint file, stdout). `stop()` and the
/// destructor end it with SIGTERM (SIGKILL after 20 s) and reap it.
struct sim_server
{
    temp_dir dir{"arangosim"};
    child_process proc;
    std::vector<endpoint> endpoints;
    int exit_status = -1;

    /// Starts `arangosim --data-dir <dir>/data --endpoint-file <dir>/endpoints <extra...>` and, unless told
    /// not to, waits for its endpoints.
    explicit sim_server(std::vector<std::string> extra, bool wait_for_endpoints = true)
    {
        std::vector<std::string> argv{
            sim_bin_dir() + "/arangosim", "--data-dir", (dir / "data").string(), "--endpoint-file",
            (dir / "endpoints").string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        proc = child_process(argv, (dir / "stdout.log").string());
        if (wait_for_endpoints)
            read_endpoints();
    }

    /// Waits (up to 60 s) for the endpoint file and reads it; throws if it never appears.
    void read_endpoints()
    {
        using namespace std::chrono_literals;
        auto file = dir / "endpoints";
        auto until = std::chrono::steady_clock::now() + 60s;
        while (!std::filesystem::exists(file))
        {
            if (std::chrono::steady_clock::now() > until)
                throw std::runtime_error("arangosim did not write its endpoint file");
            std::this_thread::sleep_for(20ms);
        }
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line))
            if (!line.empty())
                endpoints.push_back(endpoint::parse(line));
    }

    /// The raw wait status: 0 when the server exited 0 on SIGTERM.
    int stop()
    {
        exit_status = proc.stop(std::chrono::seconds(20));
        return exit_status;
    }
    ~sim_server() { stop(); }
};

} // namespace arangokit::test
