// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_DETAIL_POSIX_FILE_HPP
#define ARANGOKIT_ARTIFACTS_DETAIL_POSIX_FILE_HPP

#include <arangokit/error.hpp>

#include <boost/system/error_code.hpp>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace arangokit::detail {

inline error_code last_system_error() noexcept
{
    return error_code(errno, boost::system::system_category());
}

// A tiny owning fd: the artifact code needs O_EXCL/O_NOFOLLOW/explicit modes, which iostreams cannot express.
class unique_fd
{
  public:
    unique_fd() = default;
    explicit unique_fd(int fd) noexcept : fd_(fd) {}
    unique_fd(unique_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    unique_fd& operator=(unique_fd&& o) noexcept
    {
        if (this != &o)
        {
            reset();
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }
    unique_fd(const unique_fd&) = delete;
    unique_fd& operator=(const unique_fd&) = delete;
    ~unique_fd() { reset(); }

    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    void reset() noexcept
    {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }
    // close() can report deferred write errors (NFS, full disks); writers must check it.
    int close_checked() noexcept
    {
        int rc = fd_ >= 0 ? ::close(fd_) : 0;
        fd_ = -1;
        return rc;
    }

  private:
    int fd_ = -1;
};

inline unique_fd open_fd(const char* path, int flags, mode_t mode = 0) noexcept
{
    int fd;
    do
        fd = ::open(path, flags | O_CLOEXEC, mode);
    while (fd < 0 && errno == EINTR);
    return unique_fd(fd);
}

// Returns bytes read; 0 at EOF; -1 on error (errno set).
inline ssize_t read_some_fd(int fd, void* buf, std::size_t n) noexcept
{
    ssize_t r;
    do
        r = ::read(fd, buf, n);
    while (r < 0 && errno == EINTR);
    return r;
}

inline bool write_all_fd(int fd, const void* buf, std::size_t n) noexcept
{
    auto p = static_cast<const char*>(buf);
    while (n > 0)
    {
        ssize_t w = ::write(fd, p, n);
        if (w < 0)
        {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

inline bool pwrite_all_fd(int fd, const void* buf, std::size_t n, off_t off) noexcept
{
    auto p = static_cast<const char*>(buf);
    while (n > 0)
    {
        ssize_t w = ::pwrite(fd, p, n, off);
        if (w < 0)
        {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        off += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

inline std::string quoted(const std::string& s)
{
    return "'" + s + "'";
}

} // namespace arangokit::detail

#endif
