// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_RUNNING_TOOL_HPP
#define ARANGOKIT_PROCESS_RUNNING_TOOL_HPP

#include <arangokit/default_token.hpp>
#include <arangokit/output_line.hpp>
#include <arangokit/process/detail/child_state.hpp>
#include <arangokit/process/detail/pipe_write.hpp>
#include <arangokit/process/output_batch.hpp>
#include <arangokit/stop_policy.hpp>
#include <arangokit/tool_error.hpp>
#include <arangokit/tool_result.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <memory>
#include <optional>
#include <string>

namespace arangokit {

/// \brief A started child process: stream its output, feed its stdin, stop it, wait for its result.
/// \details Obtained from `tool_runner::async_start`. Move-only; owns the child.
///
/// \par Object lifetimes
/// Destroying a `running_tool` that was not waited for stops the child with the graded stop (SIGINT,
/// SIGTERM, SIGKILL to its process group); the runner reaps it in the background. Its `tool_runner` must
/// outlive it.
///
/// \par Thread safety
/// Use it only from the runner's executor (the io_context thread or strand the runner was given).
class running_tool
{
  public:
    running_tool() = default;
    explicit running_tool(std::shared_ptr<detail::child_state> c) : c_(std::move(c)) {}
    running_tool(running_tool&&) noexcept = default;
    running_tool& operator=(running_tool&& o) noexcept
    {
        if (this != &o)
        {
            abandon();
            c_ = std::move(o.c_);
        }
        return *this;
    }
    running_tool(const running_tool&) = delete;
    running_tool& operator=(const running_tool&) = delete;
    ~running_tool() { abandon(); }

    bool valid() const noexcept { return c_ != nullptr; }
    int pid() const noexcept { return c_ ? c_->pid() : 0; }
    const std::string& label() const noexcept { return c_->label(); }
    /// True until the child has exited and been reaped; false for a run that never started.
    bool running() const noexcept { return c_ && c_->running(); }
    /// The result so far (final once async_wait completed).
    const tool_result& result() const noexcept { return c_->result(); }

    /// \brief Reads the next output line of either stream, in arrival order per stream.
    /// \details Completes with `std::nullopt` once both streams reached EOF. Lines are never lost: the
    /// child blocks on a full pipe while nobody reads (back-pressure), and a bounded tail is kept anyway.
    /// \par Handler signature
    /// `void(error_code, std::optional<output_line>)`
    /// \par Cancellation
    /// Cancelling a read (any type) only cancels the read, which completes with operation_aborted; the child
    /// keeps running and no line is lost (the next read returns it).
    template <
        boost::asio::completion_token_for<void(error_code, std::optional<output_line>)> CompletionToken =
            default_token>
    auto async_read_line(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, std::optional<output_line>)>(
            [c = c_](auto handler) { c->read_line(std::move(handler)); }, token
        );
    }

    /// \brief Reads the next batch of lines (all lines of one stream from one read). The fast path.
    /// \details A batch with `eof == true` (and no lines) marks the end of both streams. Do not mix with
    /// async_read_line on the same handle.
    /// \par Handler signature
    /// `void(error_code, output_batch)`
    /// \par Cancellation
    /// Cancelling a read (any type) only cancels the read, which completes with operation_aborted; the child
    /// keeps running and no batch is lost (the next read returns it).
    template <
        boost::asio::completion_token_for<void(error_code, output_batch)> CompletionToken = default_token>
    auto async_read_batch(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, output_batch)>(
            [c = c_](auto handler) { c->read_batch(std::move(handler)); }, token
        );
    }

    /// Gives a consumed batch's buffer back for reuse (optional; saves allocations at high rates).
    void recycle(output_batch&& b)
    {
        if (c_)
            c_->recycle(std::move(b.data));
    }

    /// \brief Writes all of `data` to the child's stdin (the command must use `stdin_spec::from_pipe()`).
    /// \details Never raises SIGPIPE in this program: a child that stopped reading (or exited) makes the
    /// write complete with `boost::asio::error::broken_pipe`, and the run's result is unaffected. SIGPIPE is
    /// blocked for this thread during each write(2) and consumed if the write raised it; the process-wide
    /// disposition is not touched.
    /// \par Handler signature
    /// `void(error_code, std::size_t)`: the bytes written before the end or the error; `not_connected` when
    /// stdin is closed or is not a pipe.
    /// \par Cancellation
    /// Any type: a write waiting for room in the pipe completes with operation_aborted (a prefix may have
    /// been written; the count says how much). The child keeps running.
    template <
        boost::asio::completion_token_for<void(error_code, std::size_t)> CompletionToken = default_token>
    auto async_write(std::string data, CompletionToken&& token = {})
    {
        return boost::asio::async_compose<CompletionToken, void(error_code, std::size_t)>(
            write_op{c_, std::make_shared<std::string>(std::move(data))}, token, c_->get_executor()
        );
    }

    /// Stops delivering output to async_read_line/async_read_batch (it is still counted, teed and tailed), so
    /// a long-lived child whose output nobody reads never blocks on a full pipe.
    void discard_output()
    {
        if (c_)
            c_->stop_streaming();
    }

    /// Closes the child's stdin (it sees EOF).
    void close_stdin()
    {
        if (c_)
            c_->close_stdin();
    }

    /// Starts the graded stop (the command's policy unless one is given). Returns at once; async_wait
    /// completes when the child is gone. The result's reason becomes `stop_requested`.
    void request_stop(std::optional<stop_policy> p = std::nullopt)
    {
        if (c_)
            c_->begin_stop(end_reason::stop_requested, p);
    }
    /// SIGKILL to the whole process group now.
    void kill()
    {
        if (c_)
            c_->kill_now(end_reason::stop_requested);
    }

    /// \brief Waits until the child has exited, been reaped and its output drained.
    /// \details From now on output is no longer delivered to async_read_line (it is still counted, teed
    /// and kept in the tail), so a caller that stops reading cannot deadlock the child.
    /// \par Handler signature
    /// `void(error_code, tool_result)`: success only for exit code 0; see tool_result::classify().
    /// \par Cancellation
    /// terminal: the graded stop, then completes with operation_aborted; partial: SIGTERM; total: SIGINT.
    template <
        boost::asio::completion_token_for<void(error_code, tool_result)> CompletionToken = default_token>
    auto async_wait(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, tool_result)>(
            [c = c_](auto handler) { c->wait(std::move(handler)); }, token
        );
    }

  private:
    struct write_op
    {
        std::shared_ptr<detail::child_state> c;
        std::shared_ptr<std::string> buf;
        std::size_t done = 0;
        bool started = false;

        template <class Self> void operator()(Self& self, error_code ec = {})
        {
            if (!started)
            {
                // Every type of cancellation ends the write (the default lets only terminal through).
                self.reset_cancellation_state(boost::asio::enable_total_cancellation());
                // Never complete inside the initiating call: go through the executor once.
                started = true;
                return boost::asio::post(c->get_executor(), std::move(self));
            }
            if (ec)
                return self.complete(ec, done);
            auto& pipe = c->stdin_pipe();
            if (!pipe.is_open())
                return self.complete(boost::asio::error::not_connected, done);
            while (done < buf->size())
            {
                ssize_t n =
                    detail::write_no_sigpipe(pipe.native_handle(), buf->data() + done, buf->size() - done);
                if (n > 0)
                {
                    done += static_cast<std::size_t>(n);
                    continue;
                }
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                    return pipe.async_wait(
                        boost::asio::posix::stream_descriptor::wait_write, std::move(self)
                    );
                return self.complete(error_code(n < 0 ? errno : EIO, boost::system::system_category()), done);
            }
            self.complete(error_code{}, done);
        }
    };

    void abandon()
    {
        if (!c_)
            return;
        c_->abandon();
        c_.reset();
    }

    std::shared_ptr<detail::child_state> c_;
};

} // namespace arangokit

#endif
