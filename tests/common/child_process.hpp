// Test helper: spawn a child (posix_spawn), wait for it, kill and reap it. Test-only, synchronous: for tests
// that need a process outside the library under test (servers, openssl).
#pragma once

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace arangokit::test {

class child_process
{
  public:
    child_process() = default;
    explicit child_process(const std::vector<std::string>& argv, const std::string& stdout_file = "/dev/null")
    {
        std::vector<char*> args;
        for (auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 1, stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        int rc = posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0)
            throw std::runtime_error("posix_spawn " + argv[0] + " failed");
    }
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;
    child_process(child_process&& o) noexcept : pid_(o.pid_) { o.pid_ = -1; }
    child_process& operator=(child_process&& o) noexcept
    {
        stop();
        pid_ = o.pid_;
        o.pid_ = -1;
        return *this;
    }
    ~child_process() { stop(); }

    int pid() const noexcept { return pid_; }

    /// Waits for exit; returns the raw wait status (or -1 if never started).
    int wait()
    {
        if (pid_ <= 0)
            return -1;
        int st = 0;
        while (waitpid(pid_, &st, 0) < 0 && errno == EINTR)
        {
        }
        pid_ = -1;
        return st;
    }

    /// SIGTERM, up to `grace` to exit, then SIGKILL; always reaps.
    int stop(std::chrono::milliseconds grace = std::chrono::seconds(5), int sig = SIGTERM)
    {
        if (pid_ <= 0)
            return -1;
        ::kill(pid_, sig);
        auto until = std::chrono::steady_clock::now() + grace;
        int st = 0;
        while (std::chrono::steady_clock::now() < until)
        {
            pid_t r = waitpid(pid_, &st, WNOHANG);
            if (r == pid_)
            {
                pid_ = -1;
                return st;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ::kill(pid_, SIGKILL);
        return wait();
    }

  private:
    pid_t pid_ = -1;
};

/// Runs a command to completion; returns its exit code (or -1 on a signal).
inline int run_command(const std::vector<std::string>& argv, const std::string& out = "/dev/null")
{
    child_process c(argv, out);
    int st = c.wait();
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

} // namespace arangokit::test
