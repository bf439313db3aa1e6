// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_TESTING_SIMULATOR_HPP
#define ARANGOKIT_TESTING_SIMULATOR_HPP

#include <arangokit/arango/instance.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/testing/detail/find_above_executable.hpp>

#include <arangokit/detail/async_from_coro.hpp>
#include <arangokit/detail/named_options.hpp>
// Present only in an installed copy of the headers (cmake --install): where the installed simulator is.
// Quoted and relative on purpose: only the copy beside this very header counts, never one of another
// installation found on the include path (a source tree built on a machine where arangokit is installed).
#if __has_include("detail/installed_simulator.hpp")
#include "detail/installed_simulator.hpp"
#endif

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief How to start the ArangoDB simulator (`arangosim`, see docs/simulator.md).
struct simulator_options
{
    /// Where `arangosim` and the seven stand-in tools live. Empty: $ARANGOKIT_SIM_BIN_DIR; else, for a
    /// program compiled against an installed arangokit (`cmake --install`), the simulator installed with it
    /// (`<prefix>/libexec/arangokit/sim-bin`); else the nearest `sim-bin/` holding `arangosim` in the running
    /// program's directory or one of its ancestors (the layout of arangokit's build tree); else `arangosim`
    /// is looked up on PATH.
    std::filesystem::path bin_dir{};
    /// Data directory; empty: a fresh private temp directory, removed when the simulator stops.
    std::filesystem::path data_dir{};
    int coordinators = 1;             ///< > 1: a cluster of coordinators sharing one state
    std::string auth = "none";        ///< none | basic | jwt
    std::vector<std::string> users{}; ///< "name:password" entries (basic/jwt)
    std::filesystem::path jwt_secret_keyfile{};
    std::filesystem::path tls_cert{}; ///< with tls_key: endpoints are ssl://
    std::filesystem::path tls_key{};
    std::chrono::milliseconds shard_sync_delay{0};
    std::string faults_json{}; ///< ARANGOSIM_FAULTS for the server process
    std::chrono::milliseconds startup_timeout{15000};
};

/// \brief A running simulator server. Move-only; stopping it (or destroying it) ends the server process.
/// \par Object lifetimes
/// Destroying a running simulator, or assigning another one to it, stops its server (SIGTERM, SIGKILL after
/// 2 s) and removes its temp data directory once the server has been reaped; the runner must outlive it.
class simulator
{
  public:
    simulator() = default;
    simulator(simulator&& o) noexcept
        : ex_(std::move(o.ex_)), proc_(std::move(o.proc_)), endpoints_(std::move(o.endpoints_)),
          data_dir_(std::move(o.data_dir_)), owns_dir_(std::exchange(o.owns_dir_, false)),
          bin_dir_(std::move(o.bin_dir_)), log_file_(std::move(o.log_file_)),
          dir_guard_(std::move(o.dir_guard_))
    {
    }
    simulator& operator=(simulator&& o) noexcept
    {
        if (this != &o)
        {
            cleanup(); // the server this object held, and its temp data dir, go as on destruction
            ex_ = std::move(o.ex_);
            proc_ = std::move(o.proc_);
            endpoints_ = std::move(o.endpoints_);
            data_dir_ = std::move(o.data_dir_);
            owns_dir_ = std::exchange(o.owns_dir_, false);
            bin_dir_ = std::move(o.bin_dir_);
            log_file_ = std::move(o.log_file_);
            dir_guard_ = std::move(o.dir_guard_);
        }
        return *this;
    }
    simulator(const simulator&) = delete;
    simulator& operator=(const simulator&) = delete;
    ~simulator() { cleanup(); }

    const std::vector<std::string>& endpoints() const noexcept { return endpoints_; }
    const std::string& endpoint() const { return endpoints_.at(0); }
    const std::filesystem::path& data_dir() const noexcept { return data_dir_; }
    const std::filesystem::path& bin_dir() const noexcept { return bin_dir_; }
    const std::filesystem::path& log_file() const noexcept { return log_file_; }
    int pid() const noexcept { return proc_ ? proc_->pid() : 0; }

    /// An instance description pointing the tools at this server (bin dir = the stand-in tools).
    instance make_instance() const
    {
        instance i;
        i.endpoints = endpoints_;
        i.bin_dir = bin_dir_;
        i.cluster = endpoints_.size() > 1;
        return i;
    }

    /// \brief Stops the server gracefully (SIGTERM, then SIGKILL after 5 s) and waits for it.
    /// \par Handler signature
    /// `void(error_code, tool_result)`; `asio::error::not_connected` if the simulator was already stopped.
    template <
        boost::asio::completion_token_for<void(error_code, tool_result)> CompletionToken = default_token>
    auto async_stop(CompletionToken&& token = {})
    {
        auto proc = proc_;
        auto self_dir = owns_dir_ ? data_dir_ : std::filesystem::path();
        auto guard = std::move(dir_guard_);
        owns_dir_ = false;
        proc_.reset();
        return boost::asio::async_initiate<CompletionToken, void(error_code, tool_result)>(
            [ex = ex_](auto handler, auto proc, auto self_dir, auto guard) {
                if (!proc)
                {
                    // Already stopped, never started, or moved from (then there is no executor of ours):
                    // complete on the handler's own executor.
                    auto hex = boost::asio::get_associated_executor(
                        handler, ex ? ex : boost::asio::system_executor()
                    );
                    boost::asio::post(hex, [h = std::move(handler)]() mutable {
                        std::move(h)(error_code(boost::asio::error::not_connected), tool_result());
                    });
                    return;
                }
                detail::async_from_coro<tool_result>(
                    ex,
                    [proc, self_dir, guard]() -> boost::asio::awaitable<std::pair<error_code, tool_result>> {
                        proc->request_stop(stop_policy::terminate_then_kill(std::chrono::seconds(5)));
                        auto [ec, r] =
                            co_await proc->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
                        if (!self_dir.empty())
                        {
                            std::error_code ignored;
                            std::filesystem::remove_all(self_dir, ignored);
                        }
                        if (guard)
                            guard->release();
                        // A server stopped on request that exited 0 is a success.
                        if (ec == errc::stopped && r.exit_code == 0)
                            ec = {};
                        co_return std::pair{ec, std::move(r)};
                    },
                    std::move(handler)
                );
            },
            token, std::move(proc), std::move(self_dir), std::move(guard)
        );
    }

    /// \cond internal
    simulator(
        boost::asio::any_io_executor ex,
        std::shared_ptr<running_tool> p,
        std::vector<std::string> eps,
        std::filesystem::path data,
        bool owns,
        std::filesystem::path bin,
        std::filesystem::path log,
        std::shared_ptr<path_guard> guard = nullptr
    )
        : ex_(ex), proc_(std::move(p)), endpoints_(std::move(eps)), data_dir_(std::move(data)),
          owns_dir_(owns), bin_dir_(std::move(bin)), log_file_(std::move(log)), dir_guard_(std::move(guard))
    {
    }
    /// \endcond

  private:
    void cleanup()
    {
        if (proc_)
        {
            proc_->request_stop(stop_policy::terminate_then_kill(std::chrono::seconds(2)));
            // The server may still be writing: remove a temp data dir only once it has been reaped.
            auto dir = owns_dir_ ? data_dir_ : std::filesystem::path();
            auto proc = proc_;
            proc->async_wait([proc, dir, guard = std::move(dir_guard_)](error_code, tool_result) {
                if (!dir.empty())
                {
                    std::error_code ignored;
                    std::filesystem::remove_all(dir, ignored);
                }
                if (guard)
                    guard->release();
            });
            proc_.reset();
            owns_dir_ = false;
        }
    }

    boost::asio::any_io_executor ex_;
    std::shared_ptr<running_tool> proc_;
    std::vector<std::string> endpoints_;
    std::filesystem::path data_dir_;
    bool owns_dir_ = false;
    std::filesystem::path bin_dir_;
    std::filesystem::path log_file_;
    std::shared_ptr<path_guard> dir_guard_; // the guardian removes a temp data dir if the program dies
};

namespace detail {
inline std::filesystem::path simulator_bin_dir(const simulator_options& o)
{
    if (!o.bin_dir.empty())
        return o.bin_dir;
    if (const char* e = std::getenv("ARANGOKIT_SIM_BIN_DIR"); e && *e)
        return e;
#ifdef ARANGOKIT_HAS_INSTALLED_SIMULATOR
    // Compiled against installed headers: the simulator installed with them matches them.
    if (auto d = installed_simulator_bin_dir(); !d.empty())
    {
        std::error_code ec;
        if (std::filesystem::exists(d / "arangosim", ec))
            return d;
    }
#endif
    // A program built in arangokit's tree (examples, tests) finds the simulator built beside it.
    if (auto d = find_above_executable("sim-bin/arangosim"); !d.empty())
        return d / "sim-bin";
    return {};
}
} // namespace detail

/// \brief Starts `arangosim` and waits until it listens.
/// \details Completes once the server printed its ready line; the endpoints are then known. The server's
/// output goes to `<data_dir>/arangosim.log`.
/// \par Handler signature
/// `void(error_code, simulator)`: errc::tool_not_found if arangosim is not in the bin dir,
/// errc::server_not_ready if it did not become ready within `startup_timeout`.
/// \par Options
/// `opts` must be a named object: a temporary does not compile (see docs/design.md, "g++ 12 and temporaries
/// in co_await expressions").
template <boost::asio::completion_token_for<void(error_code, simulator)> CompletionToken = default_token>
auto async_start_simulator(tool_runner& runner, const simulator_options& opts, CompletionToken&& token = {})
{
    auto ex = runner.get_executor();
    return detail::async_from_coro<simulator>(
        ex,
        [&runner, opts, ex]() -> boost::asio::awaitable<std::pair<error_code, simulator>> {
            namespace fs = std::filesystem;
            auto bin = detail::simulator_bin_dir(opts);
            fs::path data = opts.data_dir;
            bool owns = false;
            std::shared_ptr<path_guard> guard;
            if (data.empty())
            {
                // The owner's pid in the name: a later run's start-up sweep removes the directory if this
                // program and its guardian both died (detail::sweep_stale).
                std::string tmpl =
                    (fs::temp_directory_path() / ("arangokit-sim-" + std::to_string(::getpid()) + "-XXXXXX"))
                        .string();
                if (!::mkdtemp(tmpl.data()))
                    co_return std::pair{error_code(errno, boost::system::system_category()), simulator()};
                data = tmpl;
                owns = true;
                guard = std::make_shared<path_guard>(runner.guard_path(data));
            }
            fs::path endpoint_file = data / "endpoints.txt";
            std::error_code ignored;
            fs::remove(endpoint_file, ignored);
            command c;
            c.program = bin.empty() ? std::string("arangosim") : (bin / "arangosim").string();
            c.label = "arangosim";
            c.args = {"--data-dir", data.string(), "--endpoint-file", endpoint_file.string()};
            if (opts.coordinators > 1)
                c.args.insert(c.args.end(), {"--coordinators", std::to_string(opts.coordinators)});
            if (opts.auth != "none")
                c.args.insert(c.args.end(), {"--auth", opts.auth});
            // Passwords travel in the environment, never on argv (world-readable in /proc/<pid>/cmdline).
            std::string users;
            for (const auto& u : opts.users)
            {
                users += u + "\n";
                if (auto colon = u.find(':'); colon != std::string::npos && colon + 1 < u.size())
                    c.secrets.push_back(u.substr(colon + 1));
            }
            if (!users.empty())
                c.env.set["ARANGOSIM_USERS"] = users;
            if (!opts.jwt_secret_keyfile.empty())
                c.args.insert(c.args.end(), {"--jwt-secret-keyfile", opts.jwt_secret_keyfile.string()});
            if (!opts.tls_cert.empty())
                c.args.insert(
                    c.args.end(), {"--tls-cert", opts.tls_cert.string(), "--tls-key", opts.tls_key.string()}
                );
            if (opts.shard_sync_delay.count())
                c.args.insert(
                    c.args.end(), {"--shard-sync-delay-ms", std::to_string(opts.shard_sync_delay.count())}
                );
            if (!opts.faults_json.empty())
                c.env.set["ARANGOSIM_FAULTS"] = opts.faults_json;
            c.stdout_log = data / "arangosim.log";
            c.stderr_log = c.stdout_log;
            c.stop = stop_policy::terminate_then_kill(std::chrono::seconds(5));
            c.kill_group_on_exit = true;
            auto fail = [&](error_code ec) {
                if (owns)
                {
                    std::error_code e2;
                    fs::remove_all(data, e2);
                }
                return std::pair{ec, simulator()};
            };
            auto [sec, t] = co_await runner.async_start(c, boost::asio::as_tuple(boost::asio::use_awaitable));
            if (sec)
                co_return fail(sec);
            auto proc = std::make_shared<running_tool>(std::move(t));
            // Wait for the ready line, bounded by startup_timeout. The timer's handler may run after this
            // frame is gone (it expired in the same reactor pass that brought the ready line, so cancel() is
            // too late): it shares its flags with the frame instead of referring into it.
            struct start_wait
            {
                bool ready = false;
                bool timed_out = false;
            };
            auto wait = std::make_shared<start_wait>();
            boost::asio::steady_timer timer(ex, opts.startup_timeout);
            timer.async_wait([wait, proc](error_code e) {
                if (!e && !wait->ready)
                {
                    wait->timed_out = true;
                    proc->kill();
                }
            });
            while (true)
            {
                auto [lec, line] =
                    co_await proc->async_read_line(boost::asio::as_tuple(boost::asio::use_awaitable));
                if (lec || !line)
                    break;
                if (line->text.rfind("arangosim ready", 0) == 0)
                {
                    wait->ready = true;
                    break;
                }
            }
            timer.cancel();
            // A ready line read after the timeout killed the server is too late: the server is going.
            if (!wait->ready || wait->timed_out)
            {
                auto [wec, r] = co_await proc->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
                (void)wec;
                (void)r;
                co_return fail(
                    wait->timed_out ? error_code(errc::server_not_ready) : error_code(errc::spawn_failed)
                );
            }
            proc->discard_output();
            std::vector<std::string> eps;
            std::ifstream in(endpoint_file);
            for (std::string l; std::getline(in, l);)
                if (!l.empty())
                    eps.push_back(l);
            if (eps.empty())
            {
                proc->kill();
                co_await proc->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
                co_return fail(errc::server_not_ready);
            }
            co_return std::pair{
                error_code{},
                simulator(ex, proc, std::move(eps), data, owns, bin, data / "arangosim.log", guard)};
        },
        token
    );
}

/// \cond internal
// Options temporaries are refused (detail/named_options.hpp says why).
template <boost::asio::completion_token_for<void(error_code, simulator)> CompletionToken = default_token>
auto async_start_simulator(tool_runner&, simulator_options&&, CompletionToken&& = {})
{
    static_assert(detail::options_temporary_refused<CompletionToken>, ARANGOKIT_NAMED_OPTIONS_MESSAGE);
}
/// \endcond

} // namespace arangokit

#endif
