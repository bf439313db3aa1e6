// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_OUTPUT_LINE_HPP
#define ARANGOKIT_OUTPUT_LINE_HPP

#include <chrono>
#include <ostream>
#include <string>

namespace arangokit {

/// Which of the child's output streams a line came from.
enum class stream_id
{
    out = 1,
    err = 2,
};

inline const char* to_string(stream_id s) noexcept
{
    return s == stream_id::out ? "stdout" : "stderr";
}
inline std::ostream& operator<<(std::ostream& os, stream_id s)
{
    return os << to_string(s);
}

/// \brief One line of a child's output, without its terminator (`\n` or `\r\n`).
/// \details A line longer than the runner's line cap arrives in pieces: every piece but the last has
/// `partial == true`. A last line without a newline at EOF has `no_newline == true`. Nothing is dropped.
struct output_line
{
    stream_id source = stream_id::out;
    std::string text{};
    std::chrono::system_clock::time_point when{};
    bool partial = false;
    bool no_newline = false;
};

} // namespace arangokit

#endif
