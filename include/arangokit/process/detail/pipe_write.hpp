// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_PIPE_WRITE_HPP
#define ARANGOKIT_PROCESS_DETAIL_PIPE_WRITE_HPP

// Writes that can never raise SIGPIPE in the host. A write to a pipe whose reader is gone raises SIGPIPE,
// whose default action ends the whole program (status 141); pipes have no MSG_NOSIGNAL. Changing the
// process-wide disposition behind the host's back is not ours to do, so SIGPIPE is blocked for the writing
// thread only, for the duration of the write, and a SIGPIPE that this write raised is consumed before the
// mask is restored. A SIGPIPE that was already pending (someone else's) is left pending.

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <ctime>
#include <pthread.h>
#include <unistd.h>

namespace arangokit::detail {

/// One write(2) (retried on EINTR) that fails with EPIPE instead of raising SIGPIPE.
inline ssize_t write_no_sigpipe(int fd, const void* data, std::size_t n) noexcept
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE) == 1;
    ssize_t r;
    do
        r = ::write(fd, data, n);
    while (r < 0 && errno == EINTR);
    int e = errno;
    if (r < 0 && e == EPIPE && !was_pending)
    {
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR)
        {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    errno = e;
    return r;
}

/// Writes all of `data` (a regular file, FIFO or pipe in blocking mode). Returns 0, or the errno of the
/// write that failed; `written` says how much got through.
inline int write_all_no_sigpipe(int fd, const char* data, std::size_t n, std::size_t& written) noexcept
{
    written = 0;
    while (written < n)
    {
        ssize_t w = write_no_sigpipe(fd, data + written, n - written);
        if (w < 0)
            return errno ? errno : EIO;
        if (w == 0)
            return EIO;
        written += static_cast<std::size_t>(w);
    }
    return 0;
}

} // namespace arangokit::detail

#endif
