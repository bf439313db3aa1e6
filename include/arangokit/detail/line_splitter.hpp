// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DETAIL_LINE_SPLITTER_HPP
#define ARANGOKIT_DETAIL_LINE_SPLITTER_HPP

// Chunked memchr splitting: the textbook async_read_until + erase tops out at ~4 M lines/s, this at the
// speed of C (performance-baselines.md, observation 7).

#include <arangokit/process/output_batch.hpp>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

namespace arangokit::detail {

/// Sans-io line splitter over a growable buffer. Bytes are appended with prepare()/commit(); split() appends
/// line entries for every complete line (and over-long pieces) and keeps the incomplete tail in the buffer.
class line_splitter
{
public:
    explicit line_splitter(std::size_t max_line = 1 << 20) : max_line_(max_line ? max_line : 1) {}

    /// Space to read into: at least `min_free` bytes after the pending tail.
    char* prepare(std::size_t min_free)
    {
        if (buf_.size() < pending_ + min_free)
            buf_.resize(pending_ + min_free);
        return buf_.data() + pending_;
    }
    std::size_t capacity_after_pending() const noexcept { return buf_.size() - pending_; }
    void commit(std::size_t n) noexcept { pending_ += n; }

    /// Finds the lines in the buffer. Entries refer to buffer(). Call consume() before the next prepare().
    void split(std::vector<output_batch::entry>& out)
    {
        const char* data = buf_.data();
        std::size_t pos = 0;
        const std::size_t len = pending_;
        while (pos < len)
        {
            const void* nl = std::memchr(data + pos, '\n', len - pos);
            if (!nl)
                break;
            std::size_t end = static_cast<const char*>(nl) - data;
            std::size_t n = end - pos;
            if (n > 0 && data[end - 1] == '\r')
                --n;
            emit_line(out, pos, n);
            pos = end + 1;
        }
        // An over-long incomplete line is cut into pieces so memory stays bounded.
        while (len - pos >= max_line_)
        {
            out.push_back({static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(max_line_), true, false});
            in_long_line_ = true;
            pos += max_line_;
        }
        consumed_ = pos;
    }

    /// At EOF: the incomplete last line, if any, becomes a line with no_newline.
    void finish(std::vector<output_batch::entry>& out)
    {
        split(out);
        if (pending_ > consumed_)
        {
            std::size_t n = pending_ - consumed_;
            if (n > 0 && buf_[consumed_ + n - 1] == '\r')
                --n;
            out.push_back({static_cast<std::uint32_t>(consumed_), static_cast<std::uint32_t>(n), false, true});
            if (in_long_line_)
                ++long_lines_;
            in_long_line_ = false;
            ++lines_;
            partial_last_ = true;
            consumed_ = pending_;
        }
    }

    const std::string& buffer() const noexcept { return buf_; }
    std::string& buffer() noexcept { return buf_; }

    /// Drops the lines found by split(): the incomplete tail moves to the front.
    void consume()
    {
        std::size_t rest = pending_ - consumed_;
        if (rest && consumed_)
            std::memmove(buf_.data(), buf_.data() + consumed_, rest);
        pending_ = rest;
        consumed_ = 0;
    }

    /// Hands the whole buffer (with its lines) to the caller and continues in `fresh`, copying the tail.
    std::string release(std::string fresh)
    {
        std::size_t rest = pending_ - consumed_;
        if (fresh.size() < rest)
            fresh.resize(rest);
        if (rest)
            std::memcpy(fresh.data(), buf_.data() + consumed_, rest);
        std::string out = std::move(buf_);
        out.resize(pending_);
        buf_ = std::move(fresh);
        pending_ = rest;
        consumed_ = 0;
        return out;
    }

    std::size_t pending_bytes() const noexcept { return pending_ - consumed_; }
    std::uint64_t lines() const noexcept { return lines_; }
    std::uint64_t long_lines() const noexcept { return long_lines_; }
    bool partial_last_line() const noexcept { return partial_last_; }

private:
    void emit_line(std::vector<output_batch::entry>& out, std::size_t pos, std::size_t n)
    {
        while (n > max_line_)
        {
            out.push_back({static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(max_line_), true, false});
            in_long_line_ = true;
            pos += max_line_;
            n -= max_line_;
        }
        out.push_back({static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(n), false, false});
        ++lines_;
        if (in_long_line_)
        {
            ++long_lines_;
            in_long_line_ = false;
        }
    }

    std::string buf_;
    std::size_t pending_ = 0;   // bytes in buf_
    std::size_t consumed_ = 0;  // bytes of buf_ covered by entries from the last split()
    std::size_t max_line_;
    bool in_long_line_ = false;
    bool partial_last_ = false;
    std::uint64_t lines_ = 0;
    std::uint64_t long_lines_ = 0;
};

}  // namespace arangokit::detail

#endif
