// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOL_CACHE_HPP
#define ARANGOKIT_ARANGO_TOOL_CACHE_HPP

#include <arangokit/arango/detail/version_cache.hpp>
#include <arangokit/arango/tool_invocation.hpp>
#include <arangokit/arango/tool_version.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <arangokit/detail/async_from_coro.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief What makes "the same binary" for `tool_cache`: a replaced or rebuilt file changes its size, its
/// modification time or its inode.
struct binary_identity
{
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t inode = 0;
    std::uint64_t device = 0;
    friend bool operator==(const binary_identity&, const binary_identity&) = default;
};

namespace detail {

inline std::optional<binary_identity> stat_binary(const std::filesystem::path& p) noexcept
{
    struct stat st;
    if (::stat(p.c_str(), &st) != 0)
        return std::nullopt;
    binary_identity id;
    id.size = static_cast<std::uint64_t>(st.st_size);
    id.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    id.inode = static_cast<std::uint64_t>(st.st_ino);
    id.device = static_cast<std::uint64_t>(st.st_dev);
    return id;
}

} // namespace detail

/// \brief What a `tool_cache` does.
struct tool_cache_options
{
    /// Ask every binary for its version once (`--version`) and check options against that version.
    bool detect_version = true;
    /// Remember where a program name was found (keyed by the name, the runner's bin dirs and PATH).
    bool cache_paths = true;
    /// Keep the rendered config files of secret-free runs, so a repeated run reuses the file.
    bool cache_config_files = true;
    /// At most this many config files are kept (the least recently used one goes first).
    std::size_t max_config_files = 64;
    /// A `--version` probe that takes longer than this fails (and the run goes on without a version).
    std::chrono::milliseconds probe_timeout{30000};
};

/// \brief Counters of a `tool_cache`, for tests and diagnostics.
struct tool_cache_stats
{
    std::uint64_t version_probes = 0;   ///< `--version` runs started
    std::uint64_t version_hits = 0;     ///< detections answered from the cache
    std::uint64_t path_resolutions = 0; ///< program searches done
    std::uint64_t path_hits = 0;        ///< resolutions answered from the cache
    std::uint64_t config_writes = 0;    ///< secret-free config files written into the cache
    std::uint64_t config_hits = 0;      ///< runs that reused a cached config file
    std::uint64_t config_entries = 0;   ///< config files held now
};

/// \brief What repeated tool runs need not do again: the binary's version (`--version`, detected once per
/// binary), where a program name resolves to, and the rendered config file of a secret-free run.
/// \details Give it to `arango_tools::use_cache`; several `arango_tools` objects, runners and threads may
/// share one (held by `std::shared_ptr`).
///
/// A version is kept per absolute path together with the binary's size, modification time and inode
/// (`binary_identity`): a binary replaced or rebuilt in place is asked again. A resolved path is kept per
/// program name, bin dirs and PATH; a hit costs one `stat` and a path that went away is searched for again.
/// A config file is kept only when the run carries no secret at all (no password, JWT token or JWT
/// secret): a secret-bearing file lives exactly as long as its run, with or without a cache. Kept files are
/// sealed memory files (`memfd`), never files on disk.
///
/// \par Thread safety
/// Every member function may be called from any thread; one mutex guards the tables and is never held
/// across a suspension or a spawn. Two first runs of the same binary racing each other may both probe it;
/// the second answer replaces the first.
class tool_cache
{
  public:
    /// Returns the identity of the file at a path (nullopt: it cannot be stat'ed). Injectable for tests.
    using stat_function = std::function<std::optional<binary_identity>(const std::filesystem::path&)>;

    explicit tool_cache(tool_cache_options opts = {}, stat_function stat = {})
        : opts_(opts), stat_(stat ? std::move(stat) : stat_function(&detail::stat_binary))
    {
    }
    tool_cache(const tool_cache&) = delete;
    tool_cache& operator=(const tool_cache&) = delete;

    const tool_cache_options& options() const noexcept { return opts_; }

    /// The counters so far.
    tool_cache_stats stats() const
    {
        std::lock_guard lk(mu_);
        auto s = stats_;
        s.config_entries = configs_.size();
        return s;
    }

    /// Forgets every path, version and config file. Runs in flight keep the config files they use.
    void clear()
    {
        std::lock_guard lk(mu_);
        paths_.clear();
        versions_.clear();
        configs_.clear();
    }

    /// \brief The version detected earlier for `binary` (an absolute path), if the file is still the one
    /// that answered; never probes.
    std::optional<tool_version_info> cached_version(const std::filesystem::path& binary) const
    {
        auto id = stat_(binary);
        if (!id)
            return std::nullopt;
        std::lock_guard lk(mu_);
        auto it = versions_.find(binary.string());
        if (it == versions_.end() || !(it->second.id == *id))
            return std::nullopt;
        return it->second.info;
    }

    /// \brief Resolves a program as `runner` would (its bin dirs, then PATH when it searches PATH), from the
    /// cache when it can. Empty path and `ec` set (with `message` naming every place searched) on failure.
    std::filesystem::path
    resolve(const tool_runner& runner, const std::string& program, error_code& ec, std::string& message)
    {
        const auto& cfg = runner.config();
        // Everything the search depends on is in the key: a changed PATH is another entry, never a stale one.
        std::string key = program;
        key += '\0';
        for (const auto& d : cfg.bin_dirs)
            key += d.string() + '\0';
        key += cfg.search_path ? '1' : '0';
        if (cfg.search_path)
            if (const char* p = ::getenv("PATH"))
                key += p;
        if (opts_.cache_paths)
        {
            std::filesystem::path hit;
            {
                std::lock_guard lk(mu_);
                if (auto it = paths_.find(key); it != paths_.end())
                    hit = it->second;
            }
            if (!hit.empty() && stat_(hit))
            {
                std::lock_guard lk(mu_);
                ++stats_.path_hits;
                ec = {};
                return hit;
            }
        }
        {
            std::lock_guard lk(mu_);
            ++stats_.path_resolutions;
            if (opts_.cache_paths)
                paths_.erase(key);
        }
        auto p = runner.resolve(program, ec, message);
        if (!ec && opts_.cache_paths)
        {
            std::lock_guard lk(mu_);
            paths_[key] = p;
        }
        return p;
    }

    /// \brief Detects the version of a tool binary: from the cache when the file is unchanged, else by
    /// running `<binary> --configuration none --version` through `runner` (an ordinary run: the runner's
    /// sinks see it) and parsing what it prints (`parse_tool_version`).
    /// \param binary an absolute path, or a program name resolved as `resolve` does.
    /// \details A failed or cancelled probe is not cached. The cache must outlive the operation.
    /// \par Handler signature
    /// `void(error_code, tool_version_info)`: errc::tool_not_found or not_executable when the binary cannot
    /// be found; the probe run's error (errc::nonzero_exit, deadline_exceeded, ...) when it failed;
    /// errc::parse_error when it printed no version.
    /// \par Cancellation
    /// As `tool_runner::async_run` for the probe (terminal: the graded stop), then the operation completes
    /// with `operation_aborted`. A hit completes without spawning anything.
    template <
        boost::asio::completion_token_for<void(error_code, tool_version_info)> CompletionToken =
            default_token>
    auto async_detect_version(tool_runner& runner, std::filesystem::path binary, CompletionToken&& token = {})
    {
        return detail::async_from_coro<tool_version_info>(
            runner.get_executor(),
            [this, &runner, binary = std::move(binary)](
            ) -> boost::asio::awaitable<std::pair<error_code, tool_version_info>> {
                auto out = co_await detect(runner, binary);
                if (out.ec)
                {
                    tool_version_info none;
                    none.binary = binary;
                    co_return std::pair{out.ec, std::move(none)};
                }
                co_return std::pair{error_code{}, std::move(*out.info)};
            },
            token
        );
    }

    /// \cond internal
    // The coroutine behind async_detect_version, for the tools facade (which wants the message too).
    boost::asio::awaitable<detail::version_probe_outcome>
    detect(tool_runner& runner, const std::filesystem::path& program)
    {
        detail::version_probe_outcome out;
        std::filesystem::path binary = program;
        if (!binary.is_absolute())
        {
            std::string msg;
            binary = resolve(runner, binary.string(), out.ec, msg);
            if (out.ec)
            {
                out.message = std::move(msg);
                co_return out;
            }
        }
        auto id = stat_(binary);
        if (!id)
        {
            out.ec = errc::tool_not_found;
            out.message = "'" + binary.string() + "' does not exist";
            co_return out;
        }
        {
            std::lock_guard lk(mu_);
            auto it = versions_.find(binary.string());
            if (it != versions_.end() && it->second.id == *id)
            {
                ++stats_.version_hits;
                out.info = it->second.info;
                co_return out;
            }
            ++stats_.version_probes;
        }
        out = co_await detail::async_probe_version(runner, binary, opts_.probe_timeout);
        if (!out.ec)
        {
            // Keyed by the identity taken before the probe: a binary replaced meanwhile is asked again.
            std::lock_guard lk(mu_);
            versions_[binary.string()] = version_entry{*id, *out.info};
        }
        co_return out;
    }

    // The shared memory file holding `content`, written on first use; null when none can be made.
    std::shared_ptr<detail::shared_config_file> shared_config(const std::string& content)
    {
        if (!opts_.cache_config_files || opts_.max_config_files == 0)
            return nullptr;
        {
            std::lock_guard lk(mu_);
            if (auto it = configs_.find(content); it != configs_.end())
            {
                it->second.last_use = ++clock_;
                ++stats_.config_hits;
                return it->second.file;
            }
        }
        auto f = detail::shared_config_file::make(content);
        if (!f)
            return nullptr;
        std::lock_guard lk(mu_);
        if (auto it = configs_.find(content); it != configs_.end()) // another thread was faster
        {
            it->second.last_use = ++clock_;
            ++stats_.config_hits;
            return it->second.file;
        }
        while (configs_.size() >= opts_.max_config_files)
        {
            auto oldest = configs_.begin();
            for (auto i = configs_.begin(); i != configs_.end(); ++i)
                if (i->second.last_use < oldest->second.last_use)
                    oldest = i;
            configs_.erase(oldest);
        }
        configs_[content] = config_slot{f, ++clock_};
        ++stats_.config_writes;
        return f;
    }
    /// \endcond

  private:
    struct version_entry
    {
        binary_identity id;
        tool_version_info info;
    };
    struct config_slot
    {
        std::shared_ptr<detail::shared_config_file> file;
        std::uint64_t last_use = 0;
    };

    tool_cache_options opts_;
    stat_function stat_;
    mutable std::mutex mu_;
    std::map<std::string, std::filesystem::path> paths_;
    std::map<std::string, version_entry> versions_;
    std::map<std::string, config_slot> configs_;
    std::uint64_t clock_ = 0;
    tool_cache_stats stats_{};
};

} // namespace arangokit

#endif
