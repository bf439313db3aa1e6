// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_DETAIL_LINE_SPLITTER_HPP
#define ARANGOKIT_PROCESS_DETAIL_LINE_SPLITTER_HPP

// Chunked memchr splitting: the textbook async_read_until + erase tops out at ~4 M lines/s (it moves the rest
// of the buffer after every line); scanning a chunk in place with memchr runs at the speed of C.

#include <arangokit/process/output_batch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace arangokit::detail {

/// Number of '\n' bytes in [p, p + n). SSE2 byte compares summed with psadbw: several times faster than a
/// memchr per line when lines are short, which is what makes counting-only reads run at the speed of read(2).
inline std::size_t count_newlines(const char* p, std::size_t n) noexcept
{
    std::size_t total = 0, i = 0;
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n');
    const __m128i zero = _mm_setzero_si128();
    while (n - i >= 16)
    {
        // Byte lanes count down by one per match (cmpeq yields -1); 255 rounds cannot overflow a lane.
        __m128i acc = zero;
        std::size_t rounds = std::min<std::size_t>((n - i) / 16, 255);
        for (std::size_t r = 0; r < rounds; ++r, i += 16)
            acc = _mm_sub_epi8(
                acc, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), nl)
            );
        __m128i sums = _mm_sad_epu8(acc, zero);
        total += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
                 static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
    }
#endif
    for (; i < n; ++i)
        total += p[i] == '\n';
    return total;
}

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
    /// Takes `n` bytes written at prepare()'s pointer. With secrets set, they are replaced in the buffer
    /// before any line is cut, so every consumer (lines, batches, tails, tee) sees the redacted text.
    void commit(std::size_t n)
    {
        pending_ += n;
        if (!secrets_.empty())
            redact_pending();
    }

    /// \brief Redacts these strings from everything that passes through (replaced by `********`), also when
    /// one straddles two reads or the `max_line` boundary of an over-long line: pieces are cut only once the
    /// next `longest secret - 1` bytes are known. Secrets must not contain a newline.
    void set_secrets(std::vector<std::string> secrets)
    {
        std::erase_if(secrets, [](const std::string& x) { return x.empty(); });
        secrets_ = std::move(secrets);
        lookahead_ = 0;
        for (const auto& x : secrets_)
            lookahead_ = std::max(lookahead_, x.size() - 1);
    }

    /// Bytes of the buffer that can no longer change (`[0, final_end())`): what may be teed to a log.
    std::size_t final_end() const noexcept
    {
        return std::max(consumed_, pending_ > lookahead_ ? pending_ - lookahead_ : std::size_t(0));
    }

    /// \brief Finds the lines in the buffer. Entries refer to buffer(). Call consume() before the next
    /// prepare(). \details Continues where the previous call stopped; returns false when it stopped at
    /// `limit` entries with more lines left (call again after handing the entries on, so no batch grows
    /// without bound).
    bool split(std::vector<output_batch::entry>& out, std::size_t limit = std::size_t(-1))
    {
        const char* data = buf_.data();
        std::size_t pos = consumed_;
        const std::size_t len = pending_;
        while (pos < len)
        {
            if (out.size() >= limit)
            {
                consumed_ = pos;
                return false;
            }
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
        // An over-long incomplete line is cut into pieces so memory stays bounded. A piece is cut only when
        // more than `max_line` bytes are there: a stream that ends after exactly k x max_line bytes then ends
        // with a terminating piece (finish), never with a piece flagged partial that nothing follows.
        while (len - pos > max_line_ + lookahead_)
        {
            if (out.size() >= limit)
            {
                consumed_ = pos;
                return false;
            }
            out.push_back(
                {static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(max_line_), true, false}
            );
            in_long_line_ = true;
            pos += max_line_;
        }
        consumed_ = pos;
        return true;
    }

    /// Count-only split(): the same counters and the same consumed prefix as split(), but entries only for
    /// the last `keep` lines (the result's tail). For readers nobody consumes lines from. Returns false,
    /// changing nothing, when the buffer may hold a line that split() would cut into pieces; call split()
    /// then.
    bool split_counting(std::vector<output_batch::entry>& out, std::size_t keep)
    {
        if (in_long_line_ || consumed_ != 0)
            return false;
        const char* data = buf_.data();
        const std::size_t len = pending_;
        const void* first = std::memchr(data, '\n', len);
        if (!first)
        {
            if (len >= max_line_)
                return false;
            consumed_ = 0;
            return true;
        }
        const std::size_t f = static_cast<std::size_t>(static_cast<const char*>(first) - data);
        const std::size_t l =
            static_cast<std::size_t>(static_cast<const char*>(::memrchr(data, '\n', len)) - data);
        // First line, lines between the first and last newline, trailing fragment: none may reach max_line.
        if (f > max_line_ || l - f > max_line_ || len - l - 1 >= max_line_)
            return false;
        lines_ += count_newlines(data, l + 1);
        const std::size_t mark = out.size();
        std::size_t end = l;
        for (std::size_t k = 0; k < keep; ++k)
        {
            const void* prev = end ? ::memrchr(data, '\n', end) : nullptr;
            std::size_t begin =
                prev ? static_cast<std::size_t>(static_cast<const char*>(prev) - data) + 1 : 0;
            std::size_t n = end - begin;
            if (n > 0 && data[end - 1] == '\r')
                --n;
            out.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(n), false, false});
            if (!prev)
                break;
            end = begin - 1;
        }
        std::reverse(out.begin() + static_cast<std::ptrdiff_t>(mark), out.end());
        consumed_ = l + 1;
        return true;
    }

    /// At EOF: the incomplete last line, if any, becomes a line with no_newline.
    void finish(std::vector<output_batch::entry>& out)
    {
        split(out);
        // Nothing can change any more: the lookahead kept for secrets is cut like the rest.
        while (pending_ - consumed_ > max_line_)
        {
            out.push_back(
                {static_cast<std::uint32_t>(consumed_), static_cast<std::uint32_t>(max_line_), true, false}
            );
            in_long_line_ = true;
            consumed_ += max_line_;
        }
        if (pending_ > consumed_)
        {
            std::size_t n = pending_ - consumed_;
            if (n > 0 && buf_[consumed_ + n - 1] == '\r')
                --n;
            out.push_back({static_cast<std::uint32_t>(consumed_), static_cast<std::uint32_t>(n), false, true}
            );
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
        shift(consumed_);
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
        shift(consumed_);
        pending_ = rest;
        consumed_ = 0;
        return out;
    }

    /// Tee bookkeeping: how much of the buffer was already written to the log.
    std::size_t teed() const noexcept { return teed_; }
    void set_teed(std::size_t n) noexcept { teed_ = n; }

    std::size_t pending_bytes() const noexcept { return pending_ - consumed_; }
    /// Where the next split() starts (the end of the lines found so far).
    std::size_t consumed() const noexcept { return consumed_; }
    std::uint64_t lines() const noexcept { return lines_; }
    std::uint64_t long_lines() const noexcept { return long_lines_; }
    bool partial_last_line() const noexcept { return partial_last_; }

  private:
    // The front `n` bytes left the buffer: offsets into it move down.
    void shift(std::size_t n) noexcept
    {
        teed_ = teed_ > n ? teed_ - n : 0;
        scanned_ = scanned_ > n ? scanned_ - n : 0;
    }

    // Replaces every secret in the bytes not yet scanned, and in the `lookahead_` bytes before them (a
    // secret that began in the previous read). Rare path: only a match rebuilds the tail of the buffer.
    void redact_pending()
    {
        std::size_t from = scanned_ > lookahead_ ? scanned_ - lookahead_ : 0;
        from = std::max(from, consumed_);
        scanned_ = pending_;
        std::string_view region(buf_.data() + from, pending_ - from);
        bool any = false;
        for (const auto& x : secrets_)
            if (region.find(x) != std::string_view::npos)
            {
                any = true;
                break;
            }
        if (!any)
            return;
        std::string out(region);
        for (const auto& x : secrets_)
            for (std::size_t p = out.find(x); p != std::string::npos; p = out.find(x, p + 8))
                out.replace(p, x.size(), "********");
        std::size_t tail_free = buf_.size() - pending_;
        buf_.resize(from + out.size() + tail_free);
        std::memcpy(buf_.data() + from, out.data(), out.size());
        pending_ = from + out.size();
        scanned_ = pending_;
    }

    void emit_line(std::vector<output_batch::entry>& out, std::size_t pos, std::size_t n)
    {
        while (n > max_line_)
        {
            out.push_back(
                {static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(max_line_), true, false}
            );
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
    std::size_t pending_ = 0;  // bytes in buf_
    std::size_t consumed_ = 0; // bytes of buf_ covered by entries from the last split()
    std::size_t max_line_;
    std::vector<std::string> secrets_;
    std::size_t lookahead_ = 0; // longest secret - 1: bytes at the end that a secret may still begin in
    std::size_t scanned_ = 0;   // bytes of buf_ already searched for secrets
    std::size_t teed_ = 0;      // bytes of buf_ already written to the tee log
    bool in_long_line_ = false;
    bool partial_last_ = false;
    std::uint64_t lines_ = 0;
    std::uint64_t long_lines_ = 0;
};

} // namespace arangokit::detail

#endif
