// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_PROCESS_OUTPUT_BATCH_HPP
#define ARANGOKIT_PROCESS_OUTPUT_BATCH_HPP

#include <arangokit/output_line.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arangokit {

/// \brief The lines of one stream that arrived in one read: the cheap way to consume huge outputs.
/// \details `running_tool::async_read_batch` hands out whole batches (tens of millions of lines per second);
/// `async_read_line` is the per-line convenience built on it. Line views stay valid as long as the batch.
struct output_batch
{
    struct entry
    {
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
        bool partial = false;    ///< a piece of an over-long line; more follows
        bool no_newline = false; ///< the stream's last line had no newline
    };

    stream_id source = stream_id::out;
    std::chrono::system_clock::time_point when{};
    std::string data;
    std::vector<entry> lines;
    bool eof = false; ///< both streams have ended; no further batches

    std::size_t size() const noexcept { return lines.size(); }
    bool empty() const noexcept { return lines.empty(); }
    std::string_view operator[](std::size_t i) const noexcept
    {
        return std::string_view(data).substr(lines[i].offset, lines[i].length);
    }
    output_line line(std::size_t i) const
    {
        return output_line{source, std::string((*this)[i]), when, lines[i].partial, lines[i].no_newline};
    }
};

} // namespace arangokit

#endif
