// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_VERSION_CACHE_HPP
#define ARANGOKIT_ARANGO_DETAIL_VERSION_CACHE_HPP

// The pieces of tool_cache that need no lock: the sealed memory files that several runs share, and the
// `--version` probe itself.

#include <arangokit/arango/tool_version.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace arangokit::detail {

// A sealed memory file that every run whose rendered config file has exactly this content passes on. A run
// holds it until it ends, so evicting the cache entry never closes a descriptor that a spawn is about to
// pass on. The child opens /proc/self/fd/N, which for a memory file is a fresh open file description: runs
// share no file offset.
struct shared_config_file
{
    int fd = -1;
    std::string path; // /proc/self/fd/N
    shared_config_file() = default;
    shared_config_file(const shared_config_file&) = delete;
    shared_config_file& operator=(const shared_config_file&) = delete;
    ~shared_config_file()
    {
        if (fd >= 0)
            ::close(fd);
    }

    // Null when the kernel has no memfd: the run then writes its own file, as without the cache.
    static std::shared_ptr<shared_config_file> make(const std::string& content)
    {
        int fd = static_cast<int>(::memfd_create("arangokit-shared.conf", MFD_CLOEXEC | MFD_ALLOW_SEALING));
        if (fd < 0)
            return nullptr;
        auto f = std::make_shared<shared_config_file>();
        f->fd = fd;
        f->path = "/proc/self/fd/" + std::to_string(fd);
        ::fchmod(fd, 0600);
        const char* p = content.data();
        std::size_t left = content.size();
        while (left > 0)
        {
            ssize_t w = ::write(fd, p, left);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return nullptr; // f closes the descriptor
            p += w;
            left -= static_cast<std::size_t>(w);
        }
        // Shared by many runs: nobody may change it after it was written.
        ::fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
        return f;
    }
};

struct version_probe_outcome
{
    error_code ec{};
    std::optional<tool_version_info> info{}; // nullopt: no version (`message` says why)
    std::string message{};
};

// Runs `<binary> --configuration none --version` as an ordinary run of `runner` (its event sinks see it).
// No configuration file: a broken or missing one must not hide the version.
inline boost::asio::awaitable<version_probe_outcome> async_probe_version(
    tool_runner& runner, const std::filesystem::path& binary, std::chrono::milliseconds timeout
)
{
    auto text = std::make_shared<std::string>();
    command cmd;
    cmd.program = binary.string();
    cmd.args = {"--configuration", "none", "--version"};
    cmd.label = binary.filename().string() + " --version";
    cmd.timeout = timeout;
    cmd.on_line = [text](const output_line& l) {
        if (l.source == stream_id::out && text->size() < 64 * 1024)
        {
            *text += l.text;
            if (!l.partial)
                *text += '\n';
        }
    };
    auto [ec, res] = co_await runner.async_run(cmd, boost::asio::as_tuple(boost::asio::use_awaitable));
    version_probe_outcome out;
    if (ec)
    {
        out.ec = ec;
        out.message = "'" + binary.string() + " --version' failed: " + res.describe();
        co_return out;
    }
    out.info = parse_tool_version(*text);
    if (!out.info)
    {
        out.ec = errc::parse_error;
        out.message = "'" + binary.string() + " --version' printed no version";
        co_return out;
    }
    out.info->binary = binary;
    co_return out;
}

} // namespace arangokit::detail

#endif
