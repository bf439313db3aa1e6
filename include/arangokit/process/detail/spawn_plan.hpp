// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_SPAWN_PLAN_HPP
#define ARANGOKIT_PROCESS_DETAIL_SPAWN_PLAN_HPP

// Everything between a command and a started process: the checks the kernel would not make, argv (launch
// prefix, then the resolved tool), the descriptors (stdin, the output pipes, the tee logs) and the spawn
// itself. A plan owns every descriptor it opened until they are taken, so a failure at any step leaks none.

#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/detail/environment.hpp>
#include <arangokit/process/detail/resolve_program.hpp>
#include <arangokit/process/detail/spawn.hpp>
#include <arangokit/tool_result.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace arangokit::detail {

/// \brief Checks what the kernel would silently cut or misread: a NUL byte ends a C string, so an argument
/// or value holding one is truncated at exec; a variable name with '=' or no name at all is not a variable.
/// \returns An empty string, or what is wrong and what to do.
inline std::string check_command(const command& c)
{
    auto nul = [](const std::string& x) { return x.find('\0'); };
    if (c.program.empty())
        return {};
    if (auto p = nul(c.program); p != std::string::npos)
        return "the program name contains a NUL byte (at offset " + std::to_string(p) +
               "); the kernel would cut it there";
    for (std::size_t i = 0; i < c.args.size(); ++i)
        if (auto p = nul(c.args[i]); p != std::string::npos)
            return "argument " + std::to_string(i + 1) + " contains a NUL byte (at offset " +
                   std::to_string(p) +
                   "): arguments are C strings and the kernel would cut it there; pass binary data through "
                   "stdin or a file";
    for (std::size_t i = 0; i < c.launch_prefix.size(); ++i)
        if (auto p = nul(c.launch_prefix[i]); p != std::string::npos)
            return "launch prefix word " + std::to_string(i + 1) + " contains a NUL byte (at offset " +
                   std::to_string(p) + ")";
    auto bad_name = [](const std::string& k) -> std::string {
        if (k.empty())
            return "an environment variable has an empty name";
        if (k.find('=') != std::string::npos)
            return "environment variable name '" + k + "' contains '=' (the name ends at the first '=')";
        if (k.find('\0') != std::string::npos)
            return "an environment variable name contains a NUL byte";
        return {};
    };
    for (const auto& [k, v] : c.env.set)
    {
        if (auto m = bad_name(k); !m.empty())
            return m;
        if (auto p = v.find('\0'); p != std::string::npos)
            return "the value of environment variable '" + k + "' contains a NUL byte (at offset " +
                   std::to_string(p) + "); the kernel would cut it there";
    }
    for (const auto& k : c.env.unset)
        if (auto m = bad_name(k); !m.empty())
            return "unset: " + m;
    for (const auto& x : c.secrets)
        if (x.find('\n') != std::string::npos)
            return "a secret to redact contains a newline; output is redacted line by line";
    auto uncaptured = [](output_target t, const char* stream) {
        return std::string(stream) + "_target is " + to_string(t) + ", so nothing reads " + stream;
    };
    if (c.stdout_target != output_target::capture && !c.stdout_log.empty())
        return uncaptured(c.stdout_target, "stdout") + " to tee into stdout_log '" + c.stdout_log.string() +
               "'; capture it or drop the log";
    if (c.stderr_target != output_target::capture && !c.stderr_log.empty())
        return uncaptured(c.stderr_target, "stderr") + " to tee into stderr_log '" + c.stderr_log.string() +
               "'; capture it or drop the log";
    if (c.on_line && c.stdout_target != output_target::capture && c.stderr_target != output_target::capture)
        return "on_line is set but neither stream is captured (stdout_target and stderr_target): it would "
               "never be called; capture one or drop on_line";
    return {};
}

/// \brief One spawn, step by step: `resolve`, `open_descriptors`, `launch`. Each step returns false on
/// failure and leaves `error()`, `reason()` and `message()` saying why; the descriptors opened so far are
/// closed when the plan goes away.
class spawn_plan
{
  public:
    explicit spawn_plan(const command& k) : k_(k) {}
    spawn_plan(const spawn_plan&) = delete;
    spawn_plan& operator=(const spawn_plan&) = delete;
    ~spawn_plan() { close_all(); }

    error_code error() const noexcept { return ec_; }
    end_reason reason() const noexcept { return reason_; }
    const std::string& message() const noexcept { return message_; }
    /// The executable that is exec'ed (the launch prefix's program when there is one).
    const std::filesystem::path& executable() const noexcept { return exe_; }
    /// argv as a result reports it: secrets redacted. On a failed `resolve`, what could be shown.
    std::vector<std::string>& shown_argv() noexcept { return shown_; }

    /// Validates the command and resolves the tool and the launch prefix against `bin_dirs`, then PATH.
    bool resolve(const std::vector<std::filesystem::path>& bin_dirs, bool search_path)
    {
        if (auto bad = check_command(k_); !bad.empty())
        {
            shown_.push_back(redact(k_.program, k_.secrets));
            return fail(errc::invalid_command, end_reason::not_started, std::move(bad));
        }
        std::string msg;
        error_code rec;
        auto tool = resolve_program(k_.program, bin_dirs, search_path, rec, msg);
        if (rec)
        {
            shown_.push_back(k_.program);
            for (const auto& a : k_.args)
                shown_.push_back(redact(a, k_.secrets));
            return fail(rec, end_reason::not_started, std::move(msg));
        }
        exe_ = tool;
        if (!k_.launch_prefix.empty())
        {
            auto pre = resolve_program(k_.launch_prefix[0], bin_dirs, search_path, rec, msg);
            if (rec)
                return fail(rec, end_reason::not_started, "launch prefix: " + msg);
            exe_ = pre;
            argv_.push_back(pre.string());
            argv_.insert(argv_.end(), k_.launch_prefix.begin() + 1, k_.launch_prefix.end());
        }
        argv_.push_back(tool.string());
        argv_.insert(argv_.end(), k_.args.begin(), k_.args.end());
        for (const auto& a : argv_)
            shown_.push_back(k_.secrets.empty() ? a : redact(a, k_.secrets));
        return true;
    }

    /// \brief Opens stdin, the two output pipes (or socket pairs) and the tee logs, all O_CLOEXEC so that
    /// concurrent spawns on other threads cannot inherit them.
    /// \param devnull_fd the runner's /dev/null (opened here on first use, kept open across spawns).
    bool open_descriptors(int& devnull_fd)
    {
        switch (k_.stdin_source.type)
        {
        case stdin_spec::kind::null:
            if (!open_devnull(devnull_fd))
                return sys_fail("open /dev/null");
            in_child_ = devnull_fd;
            in_child_shared_ = in_child_ >= 0;
            break;
        case stdin_spec::kind::file:
            in_child_ = ::open(k_.stdin_source.path.c_str(), O_RDONLY | O_CLOEXEC);
            if (in_child_ < 0)
                return sys_fail("cannot open stdin file '" + k_.stdin_source.path.string() + "'");
            break;
        case stdin_spec::kind::pipe: {
            int p[2];
            if (::pipe2(p, O_CLOEXEC) != 0)
                return sys_fail("pipe2");
            in_child_ = p[0];
            in_parent_ = p[1];
            break;
        }
        }
        if (in_child_ < 0)
            return sys_fail("open /dev/null");
        auto make_pair = [&](int fds[2]) {
            if (k_.transport == output_transport::socketpair)
                return ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
            return ::pipe2(fds, O_CLOEXEC);
        };
        if ((k_.stdout_target == output_target::capture && make_pair(out_) != 0) ||
            (k_.stderr_target == output_target::capture && make_pair(err_) != 0))
            return sys_fail("pipe2");
        if (k_.stdout_target == output_target::discard || k_.stderr_target == output_target::discard)
        {
            if (!open_devnull(devnull_fd))
                return sys_fail("open /dev/null");
            devnull_ = devnull_fd;
        }
        if (!k_.stdout_log.empty())
        {
            tee_out_ = ::open(k_.stdout_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
            if (tee_out_ < 0)
                return sys_fail("cannot open log file '" + k_.stdout_log.string() + "'");
        }
        if (!k_.stderr_log.empty())
        {
            if (k_.stderr_log == k_.stdout_log)
            {
                // One descriptor for both streams: their lines interleave in the order they were read.
                tee_err_ = tee_out_;
                tee_shared_ = true;
            }
            else
            {
                tee_err_ = ::open(k_.stderr_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
                if (tee_err_ < 0)
                    return sys_fail("cannot open log file '" + k_.stderr_log.string() + "'");
            }
        }
        return true;
    }

    /// \brief Spawns the child. The child's ends of the descriptors are closed in any case.
    /// \param cgroup_dir_fd, cgroup_procs_fd the runner's cgroup directory and its cgroup.procs (-1: none);
    /// `cgroup_note` says what that cgroup is.
    bool launch(int cgroup_dir_fd, int cgroup_procs_fd, const std::string& cgroup_note)
    {
        std::vector<std::string> envs = build_environment(k_.env);
        std::vector<char*> envp, argvp;
        envp.reserve(envs.size() + 1);
        for (auto& s : envs)
            envp.push_back(s.data());
        envp.push_back(nullptr);
        argvp.reserve(argv_.size() + 1);
        for (auto& s : argv_)
            argvp.push_back(s.data());
        argvp.push_back(nullptr);
        std::string exe_str = exe_.string();
        std::string cwd = k_.working_directory.string();

        spawn_request req;
        req.path = exe_str.c_str();
        req.argv = argvp.data();
        req.envp = envp.data();
        req.stdin_fd = in_child_;
        // -1 leaves the child the parent's own descriptor (inherit).
        auto child_end = [&](output_target t, int pipe_end) {
            return t == output_target::capture ? pipe_end : t == output_target::discard ? devnull_ : -1;
        };
        req.stdout_fd = child_end(k_.stdout_target, out_[1]);
        req.stderr_fd = child_end(k_.stderr_target, err_[1]);
        req.cwd = cwd.empty() ? nullptr : cwd.c_str();
        req.die_with_parent = k_.die_with_parent;
        req.limits = k_.limits.data();
        req.nlimits = k_.limits.size();
        req.keep_fds = k_.inherit_fds.data();
        req.nkeep_fds = k_.inherit_fds.size();
        req.cgroup_procs_fd = cgroup_procs_fd;
        req.cgroup_dir_fd = cgroup_dir_fd;
        // The child never runs atexit handlers, but output this program buffered before the spawn would
        // otherwise interleave with the child's.
        std::fflush(nullptr);
        outcome_ = spawn_process(req);
        close_fd(in_child_, in_child_shared_);
        close_fd(out_[1]);
        close_fd(err_[1]);
        if (!outcome_.error)
            return true;
        int e = outcome_.error;
        std::string what = outcome_.step ? outcome_.step : "spawn";
        std::string msg = what + "(" + exe_str + "): " + std::strerror(e);
        if (what == "chdir")
            msg = "cannot change into working directory '" + cwd + "': " + std::strerror(e);
        if (what == "cgroup.procs")
            msg = "cannot join the runner's cgroup (" + cgroup_note + "): " + std::strerror(e) +
                  "; set runner_config::containment = containment_mode::process_group";
        close_all();
        return fail(errc::spawn_failed, end_reason::spawn_failed, std::move(msg));
    }

    // After a successful launch: the child's pid and pidfd, and the parent's descriptors, each taken once.
    pid_t pid() const noexcept { return outcome_.pid; }
    int take_pidfd() noexcept { return std::exchange(outcome_.pidfd, -1); }
    int take_stdout() noexcept { return std::exchange(out_[0], -1); }
    int take_stderr() noexcept { return std::exchange(err_[0], -1); }
    /// The parent's end of a stdin pipe, or -1.
    int take_stdin() noexcept { return std::exchange(in_parent_, -1); }
    /// The tee log descriptors (-1: none) and whether both streams share one.
    int take_stdout_log() noexcept { return std::exchange(tee_out_, -1); }
    int take_stderr_log() noexcept { return std::exchange(tee_err_, -1); }
    bool logs_shared() const noexcept { return tee_shared_; }

  private:
    // Read-write: the same descriptor is stdin of children without one and the sink of discarded output.
    static bool open_devnull(int& devnull_fd) noexcept
    {
        if (devnull_fd < 0)
            devnull_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        return devnull_fd >= 0;
    }
    bool fail(error_code e, end_reason r, std::string msg)
    {
        ec_ = e;
        reason_ = r;
        message_ = std::move(msg);
        return false;
    }
    bool sys_fail(const std::string& what)
    {
        int e = errno;
        close_all();
        return fail(errc::spawn_failed, end_reason::spawn_failed, what + ": " + std::strerror(e));
    }
    static void close_fd(int& fd, bool shared = false) noexcept
    {
        if (fd >= 0 && !shared)
            ::close(fd);
        fd = -1;
    }
    void close_all() noexcept
    {
        close_fd(in_child_, in_child_shared_);
        close_fd(in_parent_);
        for (int* fd : {&out_[0], &out_[1], &err_[0], &err_[1]})
            close_fd(*fd);
        close_fd(tee_err_, tee_shared_);
        close_fd(tee_out_);
        if (outcome_.pidfd >= 0 && outcome_.error)
            close_fd(outcome_.pidfd);
    }

    const command& k_;
    error_code ec_;
    end_reason reason_ = end_reason::not_started;
    std::string message_;
    std::filesystem::path exe_;
    std::vector<std::string> argv_;
    std::vector<std::string> shown_;
    int in_child_ = -1, in_parent_ = -1;
    bool in_child_shared_ = false; // the runner's /dev/null, kept open across spawns
    int out_[2] = {-1, -1}, err_[2] = {-1, -1};
    int devnull_ = -1; // the runner's, not ours to close
    int tee_out_ = -1, tee_err_ = -1;
    bool tee_shared_ = false;
    spawn_outcome outcome_{};
};

} // namespace arangokit::detail

#endif
