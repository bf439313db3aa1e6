// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_OUTPUT_READER_HPP
#define ARANGOKIT_PROCESS_DETAIL_OUTPUT_READER_HPP

// The hot path: both output pipes of one child read until EOF, split into lines, counted, tailed, teed to
// the log files and (for a streaming run) handed to the consumer in batches through a byte-bounded channel.
// It knows nothing of processes: give it two readable descriptors, the command's output settings and the
// stream statistics to fill. Runs on one executor; the coroutines are kept alive by the caller's `keep`.

#include <arangokit/error.hpp>
#include <arangokit/output_line.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/detail/batch_channel.hpp>
#include <arangokit/process/detail/line_splitter.hpp>
#include <arangokit/process/detail/pipe_write.hpp>
#include <arangokit/process/output_batch.hpp>
#include <arangokit/tool_result.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

namespace arangokit::detail {

// Used only between a read(2) and the copy that follows it, never across a suspension point.
inline thread_local std::array<char, 16 * 1024> first_read_scratch;

/// \brief Reads a child's stdout and stderr to EOF; a streaming run's batches go through `channel()`.
/// \details `cmd` supplies the output settings (line length, tail, secrets, on_line, transport) and `out`,
/// `err` receive the counts, tails and log state; both must outlive the reader.
class output_reader
{
  public:
    /// Where line events go when the event sinks want lines (the text is already redacted).
    using line_event_fn = std::function<void(stream_id, std::string)>;

    output_reader(boost::asio::any_io_executor ex, const command& cmd, stream_stats& out, stream_stats& err)
        : ex_(ex), cmd_(cmd), out_stats_(out), err_stats_(err), out_pipe_(ex), err_pipe_(ex),
          linger_timer_(ex), channel_(ex, cmd.max_line_length)
    {
    }
    output_reader(const output_reader&) = delete;
    output_reader& operator=(const output_reader&) = delete;
    ~output_reader()
    {
        if (tee_out_fd_ >= 0)
            ::close(tee_out_fd_);
        if (tee_err_fd_ >= 0 && !tee_shared_)
            ::close(tee_err_fd_);
    }

    /// The hand-off to the consumer (streaming runs) and the buffers it recycles.
    batch_channel& channel() noexcept { return channel_; }
    /// Line events for the sinks; without one, lines are not materialised for them.
    void set_line_events(line_event_fn f) { line_events_ = std::move(f); }
    /// Takes ownership of the log descriptors (-1: none). `shared`: both streams write to one descriptor.
    void adopt_logs(int out_fd, int err_fd, bool shared) noexcept
    {
        tee_out_fd_ = out_fd;
        tee_err_fd_ = err_fd;
        tee_shared_ = shared;
    }
    /// Takes ownership of the parent ends of the output pipes and starts both read loops.
    /// A stream that is not captured has no pipe (-1) and no read loop.
    void start(int out_fd, int err_fd, std::shared_ptr<void> keep)
    {
        // Both counted before either loop starts: a loop that ends at once must not see zero left.
        readers_open_ = (out_fd >= 0 ? 1 : 0) + (err_fd >= 0 ? 1 : 0);
        for (auto [fd, id] : {std::pair{out_fd, stream_id::out}, std::pair{err_fd, stream_id::err}})
        {
            if (fd < 0)
                continue;
            auto& p = id == stream_id::out ? out_pipe_ : err_pipe_;
            p.assign(fd);
            // Through Asio (one ioctl), not fcntl: Asio then knows and does not set it again on the first
            // wait. The read loops call read(2) themselves and rely on it.
            error_code nb;
            p.non_blocking(true, nb);
            boost::asio::co_spawn(ex_, read_loop(id, keep), boost::asio::detached);
        }
    }

    /// \brief Waits until both read loops ended. If a descendant outside the process group still holds the
    /// pipes `linger` after the child exited, stops reading (closing the pipes) and notes why in `notes`.
    boost::asio::awaitable<void>
    wait_closed(std::chrono::milliseconds linger, std::vector<std::string>& notes)
    {
        if (readers_open_ == 0)
            co_return;
        linger_timer_.expires_after(linger);
        while (readers_open_ > 0)
        {
            auto [lec] = co_await linger_timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
            if (!lec && readers_open_ > 0 && !linger_expired_)
            {
                // A descendant outside the process group (setsid) still holds the pipes.
                linger_expired_ = true;
                notes.push_back(
                    "output pipes were still held open " + std::to_string(linger.count()) +
                    " ms after the tool exited (a descendant left its process group); stopped reading"
                );
                error_code ignored;
                out_pipe_.cancel(ignored);
                err_pipe_.cancel(ignored);
                out_pipe_.close(ignored);
                err_pipe_.close(ignored);
                linger_timer_.expires_after(std::chrono::seconds(5));
            }
        }
    }

  private:
    stream_stats& stats(stream_id s) noexcept { return s == stream_id::out ? out_stats_ : err_stats_; }

    void note_log_loss(stream_id s, std::size_t lost, int err)
    {
        auto& st = stats(s);
        if (st.log_error.empty())
            st.log_error = "cannot write to log file '" + st.log_file.string() + "': " + std::strerror(err);
        st.log_bytes_lost += lost;
    }

    void process_lines(stream_id s, line_splitter& sp, std::vector<output_batch::entry>& entries);
    void tee(stream_id s, int fd, line_splitter& sp);
    boost::asio::awaitable<void> read_loop(stream_id s, std::shared_ptr<void> keep);

    boost::asio::any_io_executor ex_;
    const command& cmd_;
    stream_stats& out_stats_;
    stream_stats& err_stats_;
    boost::asio::posix::stream_descriptor out_pipe_, err_pipe_;
    boost::asio::steady_timer linger_timer_;
    batch_channel channel_;
    line_event_fn line_events_;

    bool linger_expired_ = false;
    int readers_open_ = 0;
    int tee_out_fd_ = -1, tee_err_fd_ = -1;
    bool tee_shared_ = false;
    std::size_t tail_bytes_[2] = {0, 0}; // bytes held by the out / err tails
};

inline void
output_reader::process_lines(stream_id s, line_splitter& sp, std::vector<output_batch::entry>& entries)
{
    stream_stats& st = stats(s);
    st.lines = sp.lines();
    st.long_lines = sp.long_lines();
    st.partial_last_line = sp.partial_last_line();
    if (entries.empty())
        return;
    const std::string& buf = sp.buffer();
    // Only the last N lines matter for the tail: O(N) per chunk, not per line. The tail is bounded in bytes
    // too (a line is cut at tail_bytes), so a stream of huge pieces cannot make it hold megabytes.
    std::size_t keep = std::min(entries.size(), cmd_.tail_lines);
    if (keep)
    {
        auto& tail = st.tail;
        std::size_t& held = tail_bytes_[s == stream_id::out ? 0 : 1];
        if (keep >= cmd_.tail_lines)
        {
            tail.clear();
            held = 0;
        }
        const std::size_t cap = std::max<std::size_t>(cmd_.tail_bytes, 1);
        for (std::size_t i = entries.size() - keep; i < entries.size(); ++i)
        {
            std::size_t n = std::min<std::size_t>(entries[i].length, cap);
            tail.emplace_back(buf.data() + entries[i].offset, n);
            held += n;
        }
        std::size_t drop = 0;
        while (tail.size() - drop > cmd_.tail_lines)
            held -= tail[drop++].size();
        while (tail.size() - drop > 1 && held > cap)
            held -= tail[drop++].size();
        if (drop)
            tail.erase(tail.begin(), tail.begin() + static_cast<std::ptrdiff_t>(drop));
    }
    if (cmd_.on_line || line_events_)
    {
        auto now = std::chrono::system_clock::now();
        for (const auto& e : entries)
        {
            // Already redacted in the buffer (line_splitter::set_secrets), unless the command asked for raw
            // output.
            output_line l{s, std::string(buf.data() + e.offset, e.length), now, e.partial, e.no_newline};
            if (cmd_.on_line)
                cmd_.on_line(l);
            if (line_events_)
                line_events_(s, std::move(l.text));
        }
    }
}

inline void output_reader::tee(stream_id s, int fd, line_splitter& sp)
{
    // Only bytes that can no longer change go to the log: with secrets, the last `longest - 1` bytes wait
    // for the next read (a secret may begin there). After finish() everything is final.
    std::size_t end = sp.final_end();
    std::size_t from = sp.teed();
    if (end <= from)
        return;
    if (fd >= 0 && stats(s).log_bytes_lost == 0)
    {
        std::size_t written = 0;
        if (int err = write_all_no_sigpipe(fd, sp.buffer().data() + from, end - from, written); err != 0)
            note_log_loss(s, end - from - written, err);
    }
    else if (fd >= 0)
        stats(s).log_bytes_lost += end - from; // once a write failed, the rest is counted, not tried
    sp.set_teed(end);
}

inline boost::asio::awaitable<void>
output_reader::read_loop(stream_id s, [[maybe_unused]] std::shared_ptr<void> keep)
{
    namespace asio = boost::asio;
    auto& pipe = s == stream_id::out ? out_pipe_ : err_pipe_;
    int tee_fd = s == stream_id::out ? tee_out_fd_ : tee_err_fd_;
    line_splitter sp(cmd_.max_line_length);
    if (!cmd_.raw_output && !cmd_.secrets.empty())
        sp.set_secrets(cmd_.secrets);
    std::vector<output_batch::entry> entries;
    std::size_t chunk = initial_read_chunk;
    bool grown = false;
    bool eof = false;
    bool first_read = true;
    auto make_batch = [&] {
        output_batch b;
        b.source = s;
        b.when = std::chrono::system_clock::now();
        b.lines = std::move(entries);
        // Sized like the last batch: growing from empty faulted in fresh pages for every 1 MiB read of
        // short lines (a third of the reader's time for a stream of short lines).
        entries = {};
        entries.reserve(b.lines.size());
        return b;
    };
    while (!eof)
    {
        auto [ec] = co_await pipe.async_wait(
            asio::posix::stream_descriptor::wait_read, asio::as_tuple(asio::use_awaitable)
        );
        if (ec || !pipe.is_open())
            break;
        // Read until the pipe is empty (bounded, to stay fair to other children).
        for (int round = 0; round < 8 && !eof; ++round)
        {
            char* p = nullptr;
            std::size_t cap = 0;
            ssize_t n = 0;
            bool probe = first_read;
            if (probe)
            {
                // Most children end (or are stopped) before writing a byte: their first read is EOF, and
                // a thread-local scratch spares them a zero-filled 64 KiB buffer.
                n = ::read(pipe.native_handle(), first_read_scratch.data(), first_read_scratch.size());
                if (n > 0)
                {
                    first_read = false;
                    p = sp.prepare(chunk);
                    std::memcpy(p, first_read_scratch.data(), static_cast<std::size_t>(n));
                }
                cap = first_read_scratch.size();
            }
            else
            {
                p = sp.prepare(chunk);
                cap = sp.capacity_after_pending();
                n = ::read(pipe.native_handle(), p, cap);
            }
            if (n < 0)
            {
                if (errno == EINTR)
                    continue;
                if (errno != EAGAIN)
                    eof = true;
                break;
            }
            if (n == 0)
            {
                eof = true;
                break;
            }
            stats(s).bytes += static_cast<std::uint64_t>(n);
            // A full 16 KiB first read says nothing yet about a busy stream.
            if (static_cast<std::size_t>(n) == cap && !grown && !probe)
            {
                // A busy stream: a 1 MiB pipe triples cross-CPU throughput (fewer wake-ups per byte).
                // Grown lazily so thousands of quiet children do not pin pipe memory.
                grown = true;
                if (cmd_.transport == output_transport::pipe)
                    ::fcntl(pipe.native_handle(), F_SETPIPE_SZ, static_cast<int>(large_read_chunk));
                chunk = large_read_chunk;
            }
            sp.commit(static_cast<std::size_t>(n));
            // Nobody takes lines (async_run without on_line or line events): count them and keep the tail
            // only.
            bool lines_wanted = channel_.delivering() || cmd_.on_line || line_events_;
            entries.clear();
            if (!lines_wanted && sp.split_counting(entries, cmd_.tail_lines))
            {
                process_lines(s, sp, entries);
                tee(s, tee_fd, sp);
                sp.consume();
            }
            else
            {
                for (bool done = false; !done;)
                {
                    entries.clear();
                    std::size_t start = sp.consumed();
                    done = sp.split(entries, max_batch_entries);
                    process_lines(s, sp, entries);
                    tee(s, tee_fd, sp);
                    if (!entries.empty() && channel_.delivering())
                    {
                        output_batch b = make_batch();
                        if (done) // the read's last batch takes the whole buffer: no copy
                            b.data = sp.release(channel_.take_buffer());
                        else
                        {
                            // A dense read (many short lines) is cut into batches of max_batch_entries:
                            // each gets a copy of its own bytes, so it holds kilobytes, not the buffer.
                            b.data.assign(sp.buffer().data() + start, sp.consumed() - start);
                            for (auto& e : b.lines)
                                e.offset -= static_cast<std::uint32_t>(start);
                        }
                        co_await channel_.send(std::move(b));
                    }
                    else if (done)
                        sp.consume();
                }
            }
            if (static_cast<std::size_t>(n) < cap)
                break;
        }
    }
    entries.clear();
    sp.finish(entries);
    process_lines(s, sp, entries);
    tee(s, tee_fd, sp);
    if (!entries.empty() && channel_.delivering())
    {
        output_batch b = make_batch();
        b.data = sp.release({});
        co_await channel_.send(std::move(b));
    }
    if (pipe.is_open())
    {
        error_code ignored;
        pipe.close(ignored);
    }
    if (--readers_open_ == 0)
        linger_timer_.cancel();
}

} // namespace arangokit::detail

#endif
