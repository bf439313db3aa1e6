// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_PRIVATE_FILES_HPP
#define ARANGOKIT_ARANGO_DETAIL_PRIVATE_FILES_HPP

// The secret-bearing files of a rendered invocation: written as memory files (or 0600 files) just before the
// spawn and removed after it, never left on disk.

#include <arangokit/arango/tool_invocation.hpp>
#include <arangokit/error.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace arangokit {

namespace detail {

// Every occurrence of `from` in `s` becomes `to`.
inline void replace_all(std::string& s, const std::string& from, const std::string& to)
{
    if (from.empty())
        return;
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
}

inline bool write_whole(int fd, const std::string& content, int& err)
{
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0)
    {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
        {
            err = n < 0 ? errno : EIO;
            return false;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace detail

inline void write_private_files(tool_invocation& inv, error_code& ec, std::string& message)
{
    ec.clear();
    message.clear();
    std::size_t done = 0;
    auto undo = [&] {
        for (std::size_t i = 0; i < done; ++i)
        {
            auto& f = inv.files[i];
            if (f.fd >= 0)
                ::close(f.fd);
            else
                ::unlink(f.path.c_str());
            f.fd = -1;
        }
    };
    for (auto& f : inv.files)
    {
        // First choice: an anonymous memory file, named to the tool as /proc/self/fd/N (the child keeps
        // descriptor N). The secret then never reaches a file system, so nothing can be left on disk, not
        // even when the host is killed.
        int fd =
            static_cast<int>(::memfd_create(("arangokit-" + f.path.filename().string()).c_str(), MFD_CLOEXEC)
            );
        if (fd >= 0)
        {
            ::fchmod(fd, 0600); // as private as the file it replaces, for whoever stats the path
            int err = 0;
            if (!detail::write_whole(fd, f.content, err))
            {
                ::close(fd);
                ec.assign(err, boost::system::system_category());
                message = "cannot write the private file for '" + f.path.filename().string() +
                          "' to memory (memfd): " + std::strerror(err);
                break;
            }
            std::string mem_path = "/proc/self/fd/" + std::to_string(fd);
            std::string old_path = f.path.string();
            for (auto& a : inv.cmd.args)
                detail::replace_all(a, old_path, mem_path);
            for (auto& other : inv.files)
                if (&other != &f)
                    detail::replace_all(other.content, old_path, mem_path);
            if (inv.config_file == f.path)
                inv.config_file = mem_path;
            f.path = mem_path;
            f.fd = fd;
            inv.cmd.inherit_fds.push_back(fd);
            ++done;
            continue;
        }
        // No memfd (a kernel or sandbox without it): a 0600 file, never over an existing one.
        fd = ::open(f.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
        {
            int err = errno;
            ec.assign(err, boost::system::system_category());
            message = "cannot create the private file '" + f.path.string() + "': " + std::strerror(err) +
                      (err == ENOENT ? " (does its directory exist? see tool_context::run_dir)" : "");
            break;
        }
        // The umask may not narrow 0600 further in a harmful way, but make the mode exact anyway.
        ::fchmod(fd, 0600);
        int err = 0;
        bool ok = detail::write_whole(fd, f.content, err);
        if (::close(fd) != 0 && ok)
        {
            ok = false;
            err = errno;
        }
        ++done;
        if (!ok)
        {
            ec.assign(err, boost::system::system_category());
            message = "cannot write the private file '" + f.path.string() + "': " + std::strerror(err);
            break;
        }
    }
    if (ec)
        undo();
}

inline void write_private_files(tool_invocation& inv, error_code& ec)
{
    std::string ignored;
    write_private_files(inv, ec, ignored);
}

inline void remove_private_files(const tool_invocation& inv) noexcept
{
    for (const auto& f : inv.files)
    {
        if (f.fd >= 0)
            ::close(f.fd);
        else
            ::unlink(f.path.c_str());
        f.fd = -1;
    }
}

} // namespace arangokit

#endif
