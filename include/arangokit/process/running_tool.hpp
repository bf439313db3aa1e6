// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_RUNNING_TOOL_HPP
#define ARANGOKIT_PROCESS_RUNNING_TOOL_HPP

#include <arangokit/default_token.hpp>
#include <arangokit/output_line.hpp>
#include <arangokit/process/detail/child_state.hpp>
#include <arangokit/process/output_batch.hpp>
#include <arangokit/stop_policy.hpp>
#include <arangokit/tool_error.hpp>
#include <arangokit/tool_result.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/experimental/channel_error.hpp>
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
    int pid() const noexcept { return c_ ? c_->result.pid : 0; }
    const std::string& label() const noexcept { return c_->result.label; }
    /// True until the child has exited and been reaped.
    bool running() const noexcept { return c_ && !c_->reaped; }
    /// The result so far (final once async_wait completed).
    const tool_result& result() const noexcept { return c_->result; }

    /// \brief Reads the next output line of either stream, in arrival order per stream.
    /// \details Completes with `std::nullopt` once both streams reached EOF. Lines are never lost: the
    /// child blocks on a full pipe while nobody reads (back-pressure), and a bounded tail is kept anyway.
    /// \par Handler signature
    /// `void(error_code, std::optional<output_line>)`
    /// \par Cancellation
    /// Cancelling a read (any type) only cancels the read, which completes with operation_aborted; the child
    /// keeps running and no line is lost (the next read returns it).
    template <class CompletionToken = default_token> auto async_read_line(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, std::optional<output_line>)>(
            [c = c_](auto handler) {
                auto hex = boost::asio::get_associated_executor(handler, c->ex);
                if (c->current_index < c->current.size())
                {
                    auto l = c->current.line(c->current_index++);
                    boost::asio::post(hex, [h = std::move(handler), l = std::move(l)]() mutable {
                        std::move(h)(error_code{}, std::optional<output_line>(std::move(l)));
                    });
                    return;
                }
                if (c->discard || c->eof_delivered)
                {
                    error_code ec = c->discard && !c->eof_delivered ? error_code(errc::output_not_consumed)
                                                                    : error_code{};
                    boost::asio::post(hex, [h = std::move(handler), ec]() mutable {
                        std::move(h)(ec, std::optional<output_line>());
                    });
                    return;
                }
                auto slot = boost::asio::get_associated_cancellation_slot(handler);
                c->channel.async_receive(boost::asio::bind_cancellation_slot(
                    slot, boost::asio::bind_executor(
                              hex,
                              [c, h = std::move(handler)](error_code ec, output_batch b) mutable {
                                  if (ec)
                                      return std::move(h)(read_error(ec), std::optional<output_line>());
                                  c->batch_taken(b);
                                  if (b.eof)
                                  {
                                      c->eof_delivered = true;
                                      return std::move(h)(error_code{}, std::optional<output_line>());
                                  }
                                  c->recycle(std::move(c->current.data));
                                  c->current = std::move(b);
                                  c->current_index = 0;
                                  auto l = c->current.line(c->current_index++);
                                  std::move(h)(error_code{}, std::optional<output_line>(std::move(l)));
                              }
                          )
                ));
            },
            token
        );
    }

    /// \brief Reads the next batch of lines (all lines of one stream from one read). The fast path.
    /// \details A batch with `eof == true` (and no lines) marks the end of both streams. Do not mix with
    /// async_read_line on the same handle.
    /// \par Handler signature
    /// `void(error_code, output_batch)`
    template <class CompletionToken = default_token> auto async_read_batch(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, output_batch)>(
            [c = c_](auto handler) {
                auto hex = boost::asio::get_associated_executor(handler, c->ex);
                if (c->discard || c->eof_delivered)
                {
                    error_code ec = c->discard && !c->eof_delivered ? error_code(errc::output_not_consumed)
                                                                    : error_code{};
                    boost::asio::post(hex, [h = std::move(handler), ec]() mutable {
                        output_batch b;
                        b.eof = true;
                        std::move(h)(ec, std::move(b));
                    });
                    return;
                }
                auto slot = boost::asio::get_associated_cancellation_slot(handler);
                c->channel.async_receive(boost::asio::bind_cancellation_slot(
                    slot, boost::asio::bind_executor(
                              hex,
                              [c, h = std::move(handler)](error_code ec, output_batch b) mutable {
                                  if (!ec)
                                      c->batch_taken(b);
                                  if (!ec && b.eof)
                                      c->eof_delivered = true;
                                  std::move(h)(read_error(ec), std::move(b));
                              }
                          )
                ));
            },
            token
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
            write_op{c_, std::make_shared<std::string>(std::move(data))}, token, c_->ex
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
        {
            error_code ignored;
            c_->in_pipe.close(ignored);
        }
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
    template <class CompletionToken = default_token> auto async_wait(CompletionToken&& token = {})
    {
        return boost::asio::async_initiate<CompletionToken, void(error_code, tool_result)>(
            [c = c_](auto handler) {
                c->waited = true;
                c->stop_streaming();
                attach_waiter(c, std::move(handler));
            },
            token
        );
    }

    /// \cond internal
    template <class Handler>
    static void attach_waiter(const std::shared_ptr<detail::child_state>& c, Handler&& handler)
    {
        auto hex = boost::asio::get_associated_executor(handler, c->ex);
        auto slot = boost::asio::get_associated_cancellation_slot(handler);
        if (slot.is_connected() && !c->finished)
        {
            std::weak_ptr<detail::child_state> w = c;
            auto ex = c->ex;
            slot.assign([w, ex](boost::asio::cancellation_type t) {
                boost::asio::post(ex, [w, t] {
                    if (auto s = w.lock())
                        s->on_cancel(t);
                });
            });
        }
        // any_completion_handler would install its own cancellation_state into the slot and evict ours:
        // hand it an empty slot; we own the caller's slot and clear it on completion.
        detail::result_waiter rw{
            detail::hide_slot(std::forward<Handler>(handler)),
            boost::asio::prefer(
                boost::asio::any_io_executor(hex), boost::asio::execution::outstanding_work.tracked
            ),
            slot};
        c->add_waiter(std::move(rw));
    }
    /// \endcond

  private:
    static error_code read_error(error_code ec)
    {
        // A cancelled read is a cancelled operation, as everywhere in Asio: not a channel detail.
        if (ec == boost::asio::experimental::error::channel_cancelled)
            return boost::asio::error::operation_aborted;
        return ec;
    }

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
                // Never complete inside the initiating call: go through the executor once.
                started = true;
                return boost::asio::post(c->ex, std::move(self));
            }
            if (ec)
                return self.complete(ec, done);
            if (!c->in_pipe.is_open())
                return self.complete(boost::asio::error::not_connected, done);
            while (done < buf->size())
            {
                ssize_t n = detail::write_no_sigpipe(
                    c->in_pipe.native_handle(), buf->data() + done, buf->size() - done
                );
                if (n > 0)
                {
                    done += static_cast<std::size_t>(n);
                    continue;
                }
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                    return c->in_pipe.async_wait(
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
        if (!c_->finished)
        {
            c_->stop_streaming();
            c_->abandoned = true;
            if (!c_->waited)
                c_->begin_stop(end_reason::stop_requested);
        }
        c_.reset();
    }

    std::shared_ptr<detail::child_state> c_;
};

} // namespace arangokit

#endif
