// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_DETAIL_TEXT_SCAN_HPP
#define ARANGOKIT_ARANGO_PARSERS_DETAIL_TEXT_SCAN_HPP

// The scanning primitives of the output parsers: ranked literal search, keyed regexes, numbers and sizes as
// the tools print them, the log prefix view.

#include <arangokit/arango/parsers/report_base.hpp>

#include <cstdint>
#include <cstring>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace arangokit {

namespace detail {

/// \brief A literal to search for, with the byte of it to scan for first (its rarest by a fixed ranking of
/// tool output text: quotes and brackets before capitals, capitals before rare letters, spaces last).
/// \details string_view::find compares at every occurrence of the needle's first byte (a space, for most
/// needles), memmem has a setup cost per call; together they were most of the cost of a line that matches
/// nothing. Literals are ranked at compile time (consteval); runtime keys use needle::runtime().
struct needle
{
    std::string_view text{};
    std::size_t anchor = 0;

    template <std::size_t N> consteval needle(const char (&lit)[N]) : text(lit, N - 1), anchor(pick(text)) {}
    static constexpr needle runtime(std::string_view t) noexcept { return needle(t, 0); }

  private:
    constexpr needle(std::string_view t, int) noexcept : text(t), anchor(pick(t)) {}
    static constexpr int rank(char c) noexcept
    {
        switch (c)
        {
        case '\'':
        case '(':
        case '#':
        case '%':
        case '[':
        case '{':
        case '"':
        case '/':
        case '=':
            return 0;
        case 'x':
        case 'q':
        case 'z':
        case 'j':
        case 'k':
        case 'v':
        case 'b':
        case 'y':
        case 'w':
        case 'g':
        case 'p':
            return 2;
        case ' ':
            return 9;
        case 'e':
        case 't':
        case 'a':
        case 'o':
        case 'i':
        case 'n':
        case 's':
        case 'r':
            return 5;
        default:
            return c >= 'A' && c <= 'Z' ? 1 : 3;
        }
    }
    static constexpr std::size_t pick(std::string_view t) noexcept
    {
        std::size_t best = 0;
        for (std::size_t i = 1; i < t.size(); ++i)
            if (rank(t[i]) < rank(t[best]))
                best = i;
        return best;
    }
};

/// `s.starts_with(lit)` with the length known at compile time and the first byte compared inline (most
/// calls fail on it), instead of strlen + memcmp per call.
template <std::size_t N> inline bool sw(std::string_view s, const char (&lit)[N]) noexcept
{
    return s.size() >= N - 1 && (N == 1 || (s[0] == lit[0] && std::memcmp(s.data(), lit, N - 1) == 0));
}

/// Whether `s` contains the needle.
inline bool contains(std::string_view s, const needle& n) noexcept
{
    const std::string_view k = n.text;
    if (k.empty())
        return true;
    if (k.size() > s.size())
        return false;
    const char a = k[n.anchor];
    const char* p = s.data() + n.anchor;
    const char* end = s.data() + (s.size() - k.size()) + n.anchor + 1;
    while (p < end)
    {
        p = static_cast<const char*>(std::memchr(p, a, static_cast<std::size_t>(end - p)));
        if (!p)
            return false;
        if (std::memcmp(p - n.anchor, k.data(), k.size()) == 0)
            return true;
        ++p;
    }
    return false;
}
/// Whether `s` contains the byte `c`.
inline bool contains(std::string_view s, char c) noexcept
{
    return !s.empty() && std::memchr(s.data(), c, s.size()) != nullptr;
}

/// A pattern with a literal that every match contains. Lines without the literal never reach the regex
/// engine: std::regex costs microseconds per line, and almost every line of a tool's output matches none of a
/// parser's patterns (a chatty arangosh script prints millions). `key` must be a substring of every possible
/// match.
class keyed_regex
{
  public:
    keyed_regex(std::string_view key, const char* pattern) : key_(key), re_(pattern)
    {
        needle_ = needle::runtime(key_);
    }

    bool search(const char* b, const char* e, std::cmatch& m) const
    {
        if (!contains(std::string_view(b, static_cast<std::size_t>(e - b)), needle_))
            return false;
        return std::regex_search(b, e, m, re_);
    }
    bool search(const char* s, std::cmatch& m) const
    {
        return search(s, s + std::char_traits<char>::length(s), m);
    }

  private:
    std::string key_;
    needle needle_ = needle::runtime({});
    std::regex re_;
};

// Numbers as the tools print them: `1234`, `0.132990`, `1,234` never (the tools do not group digits).
inline std::optional<std::uint64_t> parse_u64(std::string_view s) noexcept
{
    if (s.empty() || s.size() > 19)
        return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s)
    {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

inline std::optional<double> parse_double(std::string_view s) noexcept
{
    if (s.empty() || s.size() > 64)
        return std::nullopt;
    std::string tmp(s);
    char* end = nullptr;
    double d = std::strtod(tmp.c_str(), &end);
    if (end != tmp.c_str() + tmp.size())
        return std::nullopt;
    return d;
}

// `753 bytes`, `2256 byte(s)`, `1.0 MB`, `12 Byte(s)`, `2.1 KB`: binary units (approximate for fractions).
inline std::optional<std::uint64_t> parse_size(std::string_view number, std::string_view unit) noexcept
{
    auto d = parse_double(number);
    if (!d || *d < 0)
        return std::nullopt;
    double mult = 1;
    std::string u;
    for (char c : unit)
        u += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    if (detail::sw(u, "KB") || detail::sw(u, "KIB"))
        mult = 1024.0;
    else if (detail::sw(u, "MB") || detail::sw(u, "MIB"))
        mult = 1024.0 * 1024;
    else if (detail::sw(u, "GB") || detail::sw(u, "GIB"))
        mult = 1024.0 * 1024 * 1024;
    else if (detail::sw(u, "TB") || detail::sw(u, "TIB"))
        mult = 1024.0 * 1024 * 1024 * 1024;
    else if (!(u.empty() || detail::sw(u, "B")))
        return std::nullopt;
    double v = *d * mult + 0.5;
    // Converting a double beyond the uint64 range (or inf/nan from `1e400`) is undefined behaviour.
    if (!(v < 18446744073709551616.0))
        return std::nullopt;
    return static_cast<std::uint64_t>(v);
}

inline std::string_view trim_view(std::string_view s) noexcept
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

/// A log line split without copying (the parsers' hot path); the fields as in log_line.
struct log_view
{
    std::string_view timestamp{};
    std::optional<long> pid{};
    std::optional<long> thread{};
    std::string_view level{};
    std::string_view log_id{};
    std::string_view topic{};
    std::string_view source_location{};
    std::string_view message{};
    bool has_prefix() const noexcept
    {
        return !timestamp.empty() || pid || !level.empty() || !log_id.empty() || !topic.empty();
    }
    bool is_error() const noexcept { return level == "ERROR" || level == "FATAL"; }
};
log_view parse_log_view(std::string_view line) noexcept;
std::optional<client_version_info> parse_client_banner(std::string_view msg);
bool is_banner_art(std::string_view msg) noexcept;

} // namespace detail

} // namespace arangokit

#endif
