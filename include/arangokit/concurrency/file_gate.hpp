// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_FILE_GATE_HPP
#define ARANGOKIT_CONCURRENCY_FILE_GATE_HPP

#include <arangokit/deadline.hpp>
#include <arangokit/default_token.hpp>
#include <arangokit/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <unistd.h>

namespace arangokit {

/// \brief A start gate for external processes, through temp files (the original harness's
/// `spawnStressArangoshInBG` protocol, generalised to N members).
/// \details The gate owns a fresh directory. Construction *arms* it: one file `ready.<i>` per member.
/// Member `i` deletes its ready file when it is ready, then waits until the `go` file exists.
/// The orchestrator `async_wait_ready()` (all ready files gone), then `release()` creates `go` atomically
/// (write + rename), so every member sees it at its next poll. Members learn their paths from the
/// environment (`environment(i)`: `ARANGOKIT_GATE_READY`, `ARANGOKIT_GATE_GO`), e.g. in a shell:
/// `rm -f "$ARANGOKIT_GATE_READY"; while [ ! -e "$ARANGOKIT_GATE_GO" ]; do sleep 0.002; done`, or in an
/// arangosh script with `fs.remove` / `fs.exists`. How close together members go depends on their poll
/// interval; use `entry_gate` for in-process members.
///
/// \par Object lifetimes
/// The destructor removes the directory and everything in it.
///
/// \par Thread safety
/// Use on one executor. The files themselves are the cross-process protocol.
class file_gate
{
  public:
    using executor_type = boost::asio::any_io_executor;

    /// Creates `<parent>/ak-gate-<pid>-<n>` with `members` ready files. Throws `std::filesystem_error`.
    file_gate(
        executor_type ex,
        std::size_t members,
        std::filesystem::path parent = std::filesystem::temp_directory_path()
    )
        : ex_(ex), n_(members)
    {
        static int counter = 0;
        for (;;)
        {
            dir_ = parent / ("ak-gate-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
            if (std::filesystem::create_directory(dir_))
                break;
        }
        for (std::size_t i = 0; i < n_; ++i)
            std::ofstream(ready_file(i)) << "armed\n";
    }
    file_gate(const file_gate&) = delete;
    file_gate& operator=(const file_gate&) = delete;
    ~file_gate()
    {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    const std::filesystem::path& directory() const noexcept { return dir_; }
    std::size_t size() const noexcept { return n_; }
    /// The file member `i` deletes when it is ready.
    std::filesystem::path ready_file(std::size_t i) const { return dir_ / ("ready." + std::to_string(i)); }
    /// The file whose appearance releases everyone.
    std::filesystem::path go_file() const { return dir_ / "go"; }
    /// Environment entries for member `i` (merge into `command::env.set`).
    std::map<std::string, std::string> environment(std::size_t i) const
    {
        return {{"ARANGOKIT_GATE_READY", ready_file(i).string()}, {"ARANGOKIT_GATE_GO", go_file().string()}};
    }

    /// How many members have deleted their ready file.
    std::size_t ready_count() const
    {
        std::size_t n = 0;
        std::error_code ec;
        for (std::size_t i = 0; i < n_; ++i)
            n += !std::filesystem::exists(ready_file(i), ec);
        return n;
    }
    bool released() const
    {
        std::error_code ec;
        return std::filesystem::exists(go_file(), ec);
    }

    /// \brief Waits (polling every `poll`) until every member deleted its ready file, or `until` passes.
    /// \par Handler signature
    /// `void(error_code)`: `errc::deadline_exceeded` if `until` passed first.
    /// \par Cancellation
    /// terminal: completes with operation_aborted (partial and total are ignored).
    template <boost::asio::completion_token_for<void(error_code)> CompletionToken = default_token>
    auto async_wait_ready(
        deadline until = {},
        std::chrono::milliseconds poll = std::chrono::milliseconds(2),
        CompletionToken&& token = {}
    )
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code)>(
            [this, until, poll](auto handler) {
                auto slot = boost::asio::get_associated_cancellation_slot(handler);
                boost::asio::co_spawn(
                    ex_, poll_ready(until, poll),
                    boost::asio::bind_cancellation_slot(
                        slot,
                        [h = std::move(handler)](std::exception_ptr e, error_code ec) mutable {
                            std::move(h)(e ? error_code(boost::asio::error::operation_aborted) : ec);
                        }
                    )
                );
            },
            token
        );
    }

    /// Releases every member: creates the go file atomically. Throws `std::filesystem_error`.
    void release()
    {
        auto tmp = dir_ / "go.tmp";
        std::ofstream(tmp) << "go\n";
        std::filesystem::rename(tmp, go_file());
        released_at_ = std::chrono::system_clock::now();
    }
    /// When `release()` ran (system clock, comparable with timestamps printed by other processes).
    std::chrono::system_clock::time_point released_at() const noexcept { return released_at_; }

  private:
    boost::asio::awaitable<error_code> poll_ready(deadline until, std::chrono::milliseconds poll)
    {
        boost::asio::steady_timer t(ex_);
        for (;;)
        {
            if (ready_count() == n_)
                co_return error_code{};
            if (until.expired())
                co_return error_code(errc::deadline_exceeded);
            t.expires_after(until.clamp(poll));
            auto [ec] = co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
            if (ec)
                co_return error_code(boost::asio::error::operation_aborted);
        }
    }

    executor_type ex_;
    std::size_t n_;
    std::filesystem::path dir_;
    std::chrono::system_clock::time_point released_at_{};
};

} // namespace arangokit

#endif
