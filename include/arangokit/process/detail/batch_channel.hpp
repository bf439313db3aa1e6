// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_BATCH_CHANNEL_HPP
#define ARANGOKIT_PROCESS_DETAIL_BATCH_CHANNEL_HPP

// The hand-off between a streaming run's output reader and its consumer (running_tool's reads): batches in a
// channel bounded in bytes, so memory per run is bounded whatever the shape of the output, and a child whose
// output nobody reads blocks on its pipe. Runs on one executor.

#include <arangokit/error.hpp>
#include <arangokit/output_line.hpp>
#include <arangokit/process/output_batch.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/experimental/channel_error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace arangokit::detail {

inline constexpr std::size_t initial_read_chunk = 64 * 1024;
inline constexpr std::size_t large_read_chunk = 1024 * 1024;
inline constexpr std::size_t channel_capacity = 16;
// Memory per streaming run is bounded in bytes, whatever the shape of the output: batches waiting in the
// channel may hold this much (buffers and line entries) before the reader stops reading and the child
// blocks on its pipe, and no batch holds more entries than this (1 MiB of empty lines would otherwise be a
// million entries, 12 MiB, in one batch).
inline constexpr std::size_t channel_byte_budget = 4 * 1024 * 1024;
inline constexpr std::size_t max_batch_entries = 32 * 1024;

inline std::size_t batch_cost(const output_batch& b) noexcept
{
    return b.data.capacity() + b.lines.capacity() * sizeof(output_batch::entry);
}

/// \brief The producer side (`send`, `send_eof`) and the consumer side (`read_line`, `read_batch`) of one
/// streaming run's batches. Pending reads and the drain hold their owner alive through `keep`.
class batch_channel
{
  public:
    using channel_type = boost::asio::experimental::channel<void(error_code, output_batch)>;

    /// `max_line_length`: the longest piece a line is cut into (bounds the buffers worth recycling).
    batch_channel(boost::asio::any_io_executor ex, std::size_t max_line_length)
        : ex_(ex), channel_(ex, channel_capacity), space_timer_(ex), max_line_length_(max_line_length)
    {
    }
    batch_channel(const batch_channel&) = delete;
    batch_channel& operator=(const batch_channel&) = delete;

    /// Batches go to the consumer (a run started with async_start) instead of being counted only.
    void set_streaming(bool on) noexcept { streaming_ = on; }
    bool streaming() const noexcept { return streaming_; }
    /// True while a consumer takes batches: streaming and not discarded.
    bool delivering() const noexcept { return streaming_ && !discard_; }

    /// \brief Queues a batch. Back-pressure in bytes: while the channel holds the budget, waits for the
    /// consumer (the child then blocks on its full pipe). One batch always fits, so a huge batch cannot
    /// wedge the stream.
    boost::asio::awaitable<void> send(output_batch b)
    {
        while (queued_bytes_ > 0 && queued_bytes_ + batch_cost(b) > channel_byte_budget && !discard_)
        {
            space_timer_.expires_at(boost::asio::steady_timer::time_point::max());
            co_await space_timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        }
        queued_bytes_ += batch_cost(b);
        co_await channel_.async_send(
            error_code{}, std::move(b), boost::asio::as_tuple(boost::asio::use_awaitable)
        );
    }

    /// Sends the end-of-output marker of a streaming run (also in discard mode: the drain ends on it, and
    /// without it would keep the io_context busy).
    boost::asio::awaitable<void> send_eof()
    {
        if (!streaming_)
            co_return;
        output_batch eof;
        eof.eof = true;
        co_await channel_.async_send(
            error_code{}, std::move(eof), boost::asio::as_tuple(boost::asio::use_awaitable)
        );
    }

    /// A run that never started: nothing will ever be delivered.
    void mark_ended() noexcept { eof_delivered_ = true; }

    /// Stops delivering batches (nobody reads them any more): what is queued is drained and recycled.
    void discard(std::shared_ptr<void> keep)
    {
        if (!streaming_ || discard_)
            return;
        discard_ = true;
        space_timer_.cancel();
        if (!eof_delivered_)
            boost::asio::co_spawn(ex_, drain(std::move(keep)), boost::asio::detached);
    }

    /// Completes `handler(error_code, std::optional<output_line>)` with the next line, nullopt at EOF.
    template <class Handler> void read_line(Handler&& handler, std::shared_ptr<void> keep)
    {
        auto hex = boost::asio::get_associated_executor(handler, ex_);
        if (current_index_ < current_.size())
        {
            auto l = current_.line(current_index_++);
            boost::asio::post(hex, [h = std::forward<Handler>(handler), l = std::move(l)]() mutable {
                std::move(h)(error_code{}, std::optional<output_line>(std::move(l)));
            });
            return;
        }
        if (discard_ || eof_delivered_)
        {
            error_code ec = not_delivering();
            boost::asio::post(hex, [h = std::forward<Handler>(handler), ec]() mutable {
                std::move(h)(ec, std::optional<output_line>());
            });
            return;
        }
        auto slot = boost::asio::get_associated_cancellation_slot(handler);
        channel_.async_receive(boost::asio::bind_cancellation_slot(
            slot, boost::asio::bind_executor(
                      hex,
                      [this, keep = std::move(keep),
                       h = std::forward<Handler>(handler)](error_code ec, output_batch b) mutable {
                          if (ec)
                              return std::move(h)(read_error(ec), std::optional<output_line>());
                          batch_taken(b);
                          if (b.eof)
                          {
                              eof_delivered_ = true;
                              return std::move(h)(error_code{}, std::optional<output_line>());
                          }
                          recycle(std::move(current_.data));
                          current_ = std::move(b);
                          current_index_ = 0;
                          auto l = current_.line(current_index_++);
                          std::move(h)(error_code{}, std::optional<output_line>(std::move(l)));
                      }
                  )
        ));
    }

    /// Completes `handler(error_code, output_batch)` with the next batch; a batch with `eof` at the end.
    template <class Handler> void read_batch(Handler&& handler, std::shared_ptr<void> keep)
    {
        auto hex = boost::asio::get_associated_executor(handler, ex_);
        if (discard_ || eof_delivered_)
        {
            error_code ec = not_delivering();
            boost::asio::post(hex, [h = std::forward<Handler>(handler), ec]() mutable {
                output_batch b;
                b.eof = true;
                std::move(h)(ec, std::move(b));
            });
            return;
        }
        auto slot = boost::asio::get_associated_cancellation_slot(handler);
        channel_.async_receive(boost::asio::bind_cancellation_slot(
            slot, boost::asio::bind_executor(
                      hex,
                      [this, keep = std::move(keep),
                       h = std::forward<Handler>(handler)](error_code ec, output_batch b) mutable {
                          if (!ec)
                              batch_taken(b);
                          if (!ec && b.eof)
                              eof_delivered_ = true;
                          std::move(h)(read_error(ec), std::move(b));
                      }
                  )
        ));
    }

    /// Keeps one consumed buffer for the next batch. One spare is enough to avoid an allocation per batch;
    /// more would hold megabytes per run.
    void recycle(std::string b)
    {
        if (buffer_pool_.size() < 1 && b.capacity() >= initial_read_chunk &&
            b.capacity() <= 2 * large_read_chunk + max_line_length_)
            buffer_pool_.push_back(std::move(b));
    }
    /// A recycled buffer, or an empty string.
    std::string take_buffer()
    {
        if (buffer_pool_.empty())
            return {};
        std::string b = std::move(buffer_pool_.back());
        buffer_pool_.pop_back();
        return b;
    }

  private:
    error_code not_delivering() const
    {
        return discard_ && !eof_delivered_ ? error_code(errc::output_not_consumed) : error_code{};
    }
    static error_code read_error(error_code ec)
    {
        // A cancelled read is a cancelled operation, as everywhere in Asio: not a channel detail.
        if (ec == boost::asio::experimental::error::channel_cancelled)
            return boost::asio::error::operation_aborted;
        return ec;
    }
    /// A batch left the channel (read by the consumer or drained): the producer may go on.
    void batch_taken(const output_batch& b)
    {
        std::size_t c = batch_cost(b);
        queued_bytes_ = queued_bytes_ > c ? queued_bytes_ - c : 0;
        space_timer_.cancel();
    }
    boost::asio::awaitable<void> drain([[maybe_unused]] std::shared_ptr<void> keep)
    {
        while (!eof_delivered_)
        {
            auto [ec, b] = co_await channel_.async_receive(boost::asio::as_tuple(boost::asio::use_awaitable));
            if (ec || b.eof)
                break;
            batch_taken(b);
            recycle(std::move(b.data));
        }
        eof_delivered_ = true;
    }

    boost::asio::any_io_executor ex_;
    channel_type channel_;
    boost::asio::steady_timer space_timer_; // the producer waits here while queued_bytes_ is over budget
    std::size_t max_line_length_;
    bool streaming_ = false;
    bool discard_ = false;         // nobody reads the channel any more
    std::size_t queued_bytes_ = 0; // batches in the channel, by batch_cost
    std::vector<std::string> buffer_pool_;

    // Consumer side.
    output_batch current_;
    std::size_t current_index_ = 0;
    bool eof_delivered_ = false;
};

} // namespace arangokit::detail

#endif
