// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_SPAWN_HPP
#define ARANGOKIT_PROCESS_DETAIL_SPAWN_HPP

// The spawn primitive. Why not Boost.Process v2's launcher (as shipped in Boost 1.81):
// its default launcher forks (cost grows with the parent's RSS, 18x at 256 MiB), its vfork launcher corrupts
// the io_context, it leaks descriptors opened without O_CLOEXEC into children, never reaps a child whose exec
// failed and runs the parent's atexit handlers in that child. posix_spawn cannot set PR_SET_PDEATHSIG or
// rlimits. So: clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD) on a private stack, as glibc's posix_spawn does
// internally, with a child that only makes raw syscalls.

#include <arangokit/process/command.hpp>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <memory>
#include <sched.h>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace arangokit::detail {

struct spawn_request
{
    const char* path = nullptr;
    char* const* argv = nullptr;
    char* const* envp = nullptr;
    int stdin_fd = -1;
    int stdout_fd = -1;
    int stderr_fd = -1;
    const char* cwd = nullptr;
    bool new_process_group = true;
    bool die_with_parent = true;
    pid_t parent_pid = 0;
    const resource_limit* limits = nullptr;
    std::size_t nlimits = 0;
    // Descriptors the child keeps under their own numbers (close-on-exec cleared after close_range), e.g. the
    // memory files that carry a tool's secrets as /proc/self/fd/N.
    const int* keep_fds = nullptr;
    std::size_t nkeep_fds = 0;
    // The cgroup the child joins before exec (-1: stay in the parent's cgroup): its directory, in which
    // clone3(CLONE_INTO_CGROUP) creates the child where the kernel allows it, and its open `cgroup.procs`,
    // which the child writes itself into otherwise. Creating the child in place skips the migration's
    // exclusive lock, the larger part of a spawn's cost in a cgroup.
    int cgroup_dir_fd = -1;
    int cgroup_procs_fd = -1;
    // Written by the child (shared memory under CLONE_VM) when a step fails before exec.
    volatile int child_errno = 0;
    const char* volatile child_step = nullptr;
    // fork() fallback only: the child writes {errno, step} here (O_CLOEXEC, so exec closes it silently).
    int report_fd = -1;
};

struct spawn_failure_report
{
    int error;
    const char* step; // a string literal: the same address in a forked child
};

struct spawn_outcome
{
    pid_t pid = -1;
    int pidfd = -1;
    int error = 0;              // errno of the failed step (0: success)
    const char* step = nullptr; // which step failed
};

// Runs in the child, on the private stack, sharing the parent's memory until execve: only syscalls,
// no allocation, no locks, never return into parent frames.
inline int spawn_child_main(void* arg)
{
    auto* r = static_cast<spawn_request*>(arg);
    auto fail = [r](const char* step) {
        r->child_errno = errno;
        r->child_step = step;
        if (r->report_fd >= 0)
        {
            spawn_failure_report m{errno, step};
            [[maybe_unused]] auto n = write(r->report_fd, &m, sizeof m);
        }
        _exit(127);
    };
    // Handlers installed by the parent must not run in this shared-memory child; exec would reset them
    // anyway. SIGPIPE/SIGXFSZ go back to default even if ignored, as Python's subprocess does; so do the
    // signals of the graded stop, which a non-interactive shell's background job inherits as ignored.
    for (int sig = 1; sig < NSIG; ++sig)
    {
        if (sig == SIGKILL || sig == SIGSTOP)
            continue;
        struct sigaction sa;
        if (sigaction(sig, nullptr, &sa) != 0)
            continue;
        bool ignored = sa.sa_handler == SIG_IGN && !(sa.sa_flags & SA_SIGINFO);
        bool deflt = sa.sa_handler == SIG_DFL && !(sa.sa_flags & SA_SIGINFO);
        if (deflt || (ignored && sig != SIGPIPE && sig != SIGXFSZ && sig != SIGINT && sig != SIGTERM &&
                      sig != SIGQUIT))
            continue;
        std::memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigaction(sig, &sa, nullptr);
    }
    if (r->new_process_group && setpgid(0, 0) != 0)
        fail("setpgid");
    // Joined before anything else can run in the child: whatever it forks from here on (daemons included)
    // stays in the cgroup, which cgroup.kill empties at once.
    if (r->cgroup_procs_fd >= 0 && write(r->cgroup_procs_fd, "0", 1) != 1)
        fail("cgroup.procs");
    if (r->die_with_parent)
    {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
            fail("prctl(PR_SET_PDEATHSIG)");
        if (getppid() != r->parent_pid)
            _exit(127);
    }
    if (r->stdin_fd >= 0 && dup2(r->stdin_fd, 0) < 0)
        fail("dup2(stdin)");
    if (r->stdout_fd >= 0 && dup2(r->stdout_fd, 1) < 0)
        fail("dup2(stdout)");
    if (r->stderr_fd >= 0 && dup2(r->stderr_fd, 2) < 0)
        fail("dup2(stderr)");
    if (r->cwd && chdir(r->cwd) != 0)
        fail("chdir");
    for (std::size_t i = 0; i < r->nlimits; ++i)
    {
        struct rlimit rl;
        rl.rlim_cur = r->limits[i].soft;
        rl.rlim_max = r->limits[i].hard;
        if (setrlimit(r->limits[i].resource, &rl) != 0)
            fail("setrlimit");
    }
    // Descriptors opened without O_CLOEXEC elsewhere in the program must not leak into the tool.
    // Marking (not closing) keeps working if something needs an fd until exec.
    if (syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC) != 0)
    {
        for (int fd = 3; fd < 65536; ++fd)
            fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    for (std::size_t i = 0; i < r->nkeep_fds; ++i)
        if (fcntl(r->keep_fds[i], F_SETFD, 0) != 0)
            fail("keep descriptor");
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(r->path, r->argv, r->envp);
    fail("execve");
    return 127;
}

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define ARANGOKIT_DETAIL_HAVE_CLONE3 1
// The kernel's `struct clone_args` (version 2, with `cgroup`); spelled out because <linux/sched.h> redefines
// what <sched.h> defines.
struct clone3_args
{
    std::uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
        set_tid_size, cgroup;
};
inline constexpr std::uint64_t clone3_into_cgroup = 0x200000000ULL;

// clone3 with a child that runs `fn(arg)` on the stack given in `args` and exits with its result. glibc has
// no clone3 wrapper, and a raw syscall(2) child cannot run C code on a new stack: it would return into the
// caller's frame. The child keeps the registers it was created with, so `fn` and `arg` travel in r12/r13.
// Returns the child's pid, or -errno.
inline long clone3_run(clone3_args* args, int (*fn)(void*), void* arg) noexcept
{
    long ret;
    register int (*fn_reg)(void*) asm("r12") = fn;
    register void* arg_reg asm("r13") = arg;
    asm volatile("syscall\n\t"
                 "testq %%rax, %%rax\n\t"
                 "jnz 1f\n\t"
                 "xorl %%ebp, %%ebp\n\t"
                 "movq %%r13, %%rdi\n\t"
                 "callq *%%r12\n\t"
                 "movl %%eax, %%edi\n\t"
                 "movl $60, %%eax\n\t"
                 "syscall\n\t"
                 "ud2\n"
                 "1:\n\t"
                 : "=a"(ret)
                 : "0"(435L), "D"(args), "S"(sizeof(clone3_args)), "r"(fn_reg), "r"(arg_reg)
                 : "rcx", "r11", "memory", "cc");
    return ret;
}

// False once the kernel (or a seccomp filter, as container runtimes install) refused clone3.
inline std::atomic<bool>& clone3_usable() noexcept
{
    static std::atomic<bool> usable{true};
    return usable;
}
#endif

inline spawn_outcome spawn_process(spawn_request& req)
{
    spawn_outcome out;
    req.parent_pid = getpid();
    constexpr std::size_t stack_size = 256 * 1024;
    thread_local std::unique_ptr<unsigned char[]> stack(new unsigned char[stack_size]);
    [[maybe_unused]] void* stack_top =
        stack.get() + stack_size; // x86_64/aarch64: stacks grow down; 16-byte aligned by new[]

    // Block every signal across clone so no handler can run in the shared-memory child.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // Sanitizer runtimes do not support CLONE_VM children; fall back to fork. Without shared memory the
    // child reports a failed step through a close-on-exec pipe: EOF means exec succeeded.
    int report[2] = {-1, -1};
    if (pipe2(report, O_CLOEXEC) == 0)
        req.report_fd = report[1];
    pid_t pid = fork();
    if (pid == 0)
        spawn_child_main(&req);
    int fork_errno = errno;
    // Also from the parent, so that kill(-pid) reaches the child even before it ran setpgid itself.
    if (pid > 0 && req.new_process_group)
        setpgid(pid, pid);
    req.report_fd = -1;
    if (report[1] >= 0)
        close(report[1]);
    if (pid > 0 && report[0] >= 0)
    {
        spawn_failure_report m{};
        ssize_t n;
        while ((n = read(report[0], &m, sizeof m)) < 0 && errno == EINTR)
        {
        }
        if (n == static_cast<ssize_t>(sizeof m))
        {
            req.child_errno = m.error;
            req.child_step = m.step;
        }
    }
    if (report[0] >= 0)
        close(report[0]);
    int pidfd = pid > 0 ? static_cast<int>(syscall(SYS_pidfd_open, pid, 0)) : -1;
    errno = fork_errno;
#else
    int pidfd = -1;
    pid_t pid = -1;
    bool created = false;
#if defined(ARANGOKIT_DETAIL_HAVE_CLONE3)
    if (req.cgroup_dir_fd >= 0 && clone3_usable().load(std::memory_order_relaxed))
    {
        clone3_args args{};
        args.flags = CLONE_VM | CLONE_VFORK | CLONE_PIDFD | clone3_into_cgroup;
        args.pidfd = reinterpret_cast<std::uintptr_t>(&pidfd);
        args.exit_signal = SIGCHLD;
        args.stack = reinterpret_cast<std::uintptr_t>(stack.get());
        args.stack_size = stack_size;
        args.cgroup = static_cast<std::uint64_t>(req.cgroup_dir_fd);
        int procs_fd = req.cgroup_procs_fd;
        req.cgroup_procs_fd = -1; // already in the cgroup: the child must not migrate itself
        long r = clone3_run(&args, spawn_child_main, &req);
        req.cgroup_procs_fd = procs_fd;
        if (r >= 0)
        {
            pid = static_cast<pid_t>(r);
            created = true;
        }
        else if (r == -ENOSYS || r == -EPERM || r == -E2BIG || r == -EINVAL || r == -EOPNOTSUPP)
            clone3_usable().store(false, std::memory_order_relaxed); // never again; clone below
        // Any other refusal (a pids limit, no memory) is retried once by clone, which reports it.
    }
#endif
    if (!created)
        pid =
            clone(spawn_child_main, stack_top, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &req, &pidfd);
#endif
    int clone_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0)
    {
        out.error = clone_errno;
        out.step = "clone";
        return out;
    }
    out.pid = pid;
    out.pidfd = pidfd;
    if (req.child_errno != 0)
    {
        // CLONE_VFORK: the child has already _exit()ed; reap it so no zombie remains.
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        {
        }
        if (pidfd >= 0)
            close(pidfd);
        out.error = req.child_errno;
        out.step = req.child_step;
        out.pid = -1;
        out.pidfd = -1;
        return out;
    }
    if (pidfd < 0)
    {
        out.error = errno ? errno : ENOSYS;
        out.step = "pidfd";
    }
    return out;
}

/// Sends `sig` to the process group led by `pid` (kill(-pid)). The leader must not have been reaped yet,
/// so the pgid cannot have been recycled.
inline void signal_group(pid_t pid, int sig) noexcept
{
    if (pid > 0)
        ::kill(-pid, sig);
}

} // namespace arangokit::detail

#endif
