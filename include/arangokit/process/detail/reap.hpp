// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_REAP_HPP
#define ARANGOKIT_PROCESS_DETAIL_REAP_HPP

// Collecting a child's exit status: the one blocking wait4, and why it can fail (another part of the program
// reaped our child, or SIGCHLD is ignored so the kernel reaps every child by itself).

#include <arangokit/tool_result.hpp>

#include <arangokit/detail/exit_status.hpp>

#include <cerrno>
#include <csignal>
#include <string>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

namespace arangokit::detail {

/// True when the kernel reaps this process's children by itself, so that no exit status can be collected.
inline bool sigchld_ignored() noexcept
{
    struct sigaction sa
    {
    };
    if (::sigaction(SIGCHLD, nullptr, &sa) != 0)
        return false;
    return (sa.sa_flags & SA_NOCLDWAIT) || (!(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_IGN);
}

inline constexpr const char* sigchld_ignored_message =
    "SIGCHLD is ignored in this program (SIG_IGN or SA_NOCLDWAIT): the kernel reaps every child by itself, "
    "so no tool's exit status or resource usage can be known. Restore the default disposition "
    "(signal(SIGCHLD, SIG_DFL)) before running tools";

/// \brief Reaps `pid` (blocking; it has exited or was just SIGKILLed) and fills in status and rusage.
/// \returns false when the status was gone (ECHILD: someone else reaped it); `result` then says so.
inline bool reap_into(pid_t pid, tool_result& result, end_reason pending)
{
    int status = 0;
    struct rusage ru
    {
    };
    pid_t w;
    do
        w = ::wait4(pid, &status, 0, &ru);
    while (w < 0 && errno == EINTR);
    if (w == pid)
    {
        apply_wait_status(result, status, pending);
        apply_rusage(result, ru);
        return true;
    }
    result.reason = end_reason::status_unknown;
    result.error_message =
        sigchld_ignored() ? std::string(sigchld_ignored_message)
                          : "the tool ran, but its exit status was collected by another part of this "
                            "program (a waitpid(-1, ...) or a SIGCHLD handler that reaps): it is unknown";
    return false;
}

} // namespace arangokit::detail

#endif
