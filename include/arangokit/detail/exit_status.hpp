// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DETAIL_EXIT_STATUS_HPP
#define ARANGOKIT_DETAIL_EXIT_STATUS_HPP

#include <arangokit/tool_result.hpp>

#include <sys/resource.h>
#include <sys/wait.h>

namespace arangokit::detail {

/// Fills exit code / signal / core flag from a wait status, and the reason unless a stop reason is pending.
inline void apply_wait_status(tool_result& r, int status, end_reason pending) noexcept
{
    if (WIFEXITED(status))
    {
        r.exit_code = WEXITSTATUS(status);
        r.reason = end_reason::exited;
    }
    else if (WIFSIGNALED(status))
    {
        r.term_signal = WTERMSIG(status);
        r.core_dumped = WCOREDUMP(status);
        r.reason = end_reason::signaled;
    }
    if (pending != end_reason::not_started)
        r.reason = pending;
}

inline void apply_rusage(tool_result& r, const struct rusage& ru) noexcept
{
    using std::chrono::microseconds;
    r.usage.user_cpu = microseconds(ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec);
    r.usage.system_cpu = microseconds(ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec);
    r.usage.max_rss_kib = ru.ru_maxrss;
}

} // namespace arangokit::detail

#endif
