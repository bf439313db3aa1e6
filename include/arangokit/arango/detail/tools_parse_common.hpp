// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_TOOLS_PARSE_COMMON_HPP
#define ARANGOKIT_ARANGO_DETAIL_TOOLS_PARSE_COMMON_HPP

#include <arangokit/arango/parsers/common.hpp>

#include <cctype>

namespace arangokit {

namespace detail {

inline bool pc_digit(char c) noexcept
{
    return c >= '0' && c <= '9';
}
inline bool pc_hex(char c) noexcept
{
    return pc_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

inline void pc_skip_spaces(std::string_view& s) noexcept
{
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
}

// YYYY-MM-DD[T ]HH:MM:SS[.frac][Z] (utc-datestring[-micros|-millis], local-datestring).
inline std::size_t pc_timestamp_len(std::string_view s) noexcept
{
    if (s.size() < 19)
        return 0;
    const char* pat = "dddd-dd-ddXdd:dd:dd";
    for (std::size_t i = 0; i < 19; ++i)
    {
        char p = pat[i];
        char c = s[i];
        if (p == 'd' ? !pc_digit(c) : p == 'X' ? (c != 'T' && c != ' ') : c != p)
            return 0;
    }
    std::size_t n = 19;
    if (n < s.size() && s[n] == '.')
    {
        ++n;
        while (n < s.size() && pc_digit(s[n]))
            ++n;
    }
    if (n < s.size() && s[n] == 'Z')
        ++n;
    return n;
}

} // namespace detail

namespace detail {

inline log_view parse_log_view(std::string_view s) noexcept
{
    log_view l;
    std::string_view rest = s;
    // Most lines of a chatty tool have no prefix at all: the first byte decides.
    char c0 = rest.empty() ? '\0' : rest.front();
    if (!(pc_digit(c0) || c0 == '[' || c0 == '{' || (c0 >= 'A' && c0 <= 'W')))
    {
        l.message = rest;
        return l;
    }
    if (auto n = pc_timestamp_len(rest))
    {
        l.timestamp = rest.substr(0, n);
        rest.remove_prefix(n);
        pc_skip_spaces(rest);
    }
    // [pid] or [pid-thread]
    if (rest.size() > 2 && rest.front() == '[' && pc_digit(rest[1]))
    {
        auto close = rest.find(']');
        if (close != std::string_view::npos && close < 32)
        {
            std::string_view inner = rest.substr(1, close - 1);
            auto dash = inner.find('-');
            auto p = parse_u64(inner.substr(0, dash));
            auto t = dash == std::string_view::npos ? std::optional<std::uint64_t>(0)
                                                    : parse_u64(inner.substr(dash + 1));
            if (p && t)
            {
                l.pid = static_cast<long>(*p);
                if (dash != std::string_view::npos)
                    l.thread = static_cast<long>(*t);
                rest.remove_prefix(close + 1);
                pc_skip_spaces(rest);
            }
        }
    }
    static constexpr std::string_view levels[] = {"FATAL", "ERROR", "WARNING", "WARN",
                                                  "INFO",  "DEBUG", "TRACE"};
    if (!rest.empty() && rest.front() >= 'D' && rest.front() <= 'W')
    {
        for (auto lv : levels)
        {
            if (rest.starts_with(lv) && (rest.size() == lv.size() || rest[lv.size()] == ' '))
            {
                l.level = lv == "WARN" ? std::string_view("WARNING") : lv;
                rest.remove_prefix(lv.size());
                pc_skip_spaces(rest);
                break;
            }
        }
    }
    // [xxxxx] log id: exactly five hex digits.
    if (rest.size() >= 7 && rest[0] == '[' && rest[6] == ']' && pc_hex(rest[1]) && pc_hex(rest[2]) &&
        pc_hex(rest[3]) && pc_hex(rest[4]) && pc_hex(rest[5]) && (!l.level.empty() || l.pid))
    {
        l.log_id = rest.substr(1, 5);
        rest.remove_prefix(7);
        pc_skip_spaces(rest);
    }
    // {topic}
    if (rest.size() > 2 && rest.front() == '{')
    {
        auto close = rest.find('}');
        if (close != std::string_view::npos && close < 40)
        {
            std::string_view t = rest.substr(1, close - 1);
            bool word = !t.empty();
            for (char c : t)
                if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
                    word = false;
            if (word)
            {
                l.topic = t;
                rest.remove_prefix(close + 1);
                if (!rest.empty() && rest.front() == ' ')
                    rest.remove_prefix(1);
            }
        }
    }
    // 2.x [path/file.cpp:NNN]
    if (!l.level.empty() && rest.size() > 4 && rest.front() == '[')
    {
        auto close = rest.find(']');
        if (close != std::string_view::npos)
        {
            std::string_view loc = rest.substr(1, close - 1);
            auto colon = loc.rfind(':');
            if (colon != std::string_view::npos && parse_u64(loc.substr(colon + 1)) &&
                loc.find('.') != std::string_view::npos && loc.find(' ') == std::string_view::npos)
            {
                l.source_location = loc;
                rest.remove_prefix(close + 1);
                pc_skip_spaces(rest);
            }
        }
    }
    l.message = rest;
    return l;
}

// `arangosh (ArangoDB 3.12.4 [linux] 64bit, using jemalloc, build tags/v3.12.4-0-gabc, VPack …)`,
// `ArangoDB 3.6.4 [linux] 64bit, …` (--version's full-version-string), `Welcome to arangosh 2.3.1. …` (2.x).
inline std::optional<client_version_info> parse_client_banner(std::string_view t)
{
    client_version_info c;
    std::string_view rest;
    if (auto p = t.find("ArangoDB "); p != std::string_view::npos && (p == 0 || t[p - 1] == '('))
        rest = t.substr(p + 9);
    else if (t.starts_with("Welcome to arangosh "))
        rest = t.substr(20);
    else
        return std::nullopt;
    std::size_t i = 0;
    while (i < rest.size() && (pc_digit(rest[i]) || rest[i] == '.' || rest[i] == '-' ||
                               std::isalpha(static_cast<unsigned char>(rest[i]))))
        ++i;
    c.version = std::string(rest.substr(0, i));
    while (!c.version.empty() && c.version.back() == '.')
        c.version.pop_back();
    if (c.version.empty() || !pc_digit(c.version.front()))
        return std::nullopt;
    rest.remove_prefix(i);
    pc_skip_spaces(rest);
    if (rest.starts_with("["))
    {
        auto close = rest.find(']');
        if (close != std::string_view::npos)
            c.platform = std::string(rest.substr(1, close - 1));
    }
    if (auto b = rest.find("build "); b != std::string_view::npos)
    {
        std::string_view v = rest.substr(b + 6);
        c.build = std::string(v.substr(0, v.find_first_of(", )")));
    }
    c.text = std::string(t);
    return c;
}

// A figlet banner line (arangosh's, arangoinspect's): only the strokes of the big letters.
inline bool is_banner_art(std::string_view s) noexcept
{
    if (s.size() < 8)
        return false;
    std::size_t strokes = 0;
    for (char c : s)
    {
        switch (c)
        {
        case '_':
        case '|':
        case '/':
        case '\\':
        case '(':
        case ')':
        case '\'':
        case '`':
        case ',':
        case '.':
        case '<':
        case '>':
        case '-':
            ++strokes;
            break;
        case ' ':
            break;
        default:
            return false;
        }
    }
    return strokes >= 1;
}

} // namespace detail

inline log_line parse_log_line(std::string_view s)
{
    auto v = detail::parse_log_view(s);
    log_line l;
    l.timestamp = std::string(v.timestamp);
    l.pid = v.pid;
    l.thread = v.thread;
    l.level = std::string(v.level);
    l.log_id = std::string(v.log_id);
    l.topic = std::string(v.topic);
    l.source_location = std::string(v.source_location);
    l.message = std::string(v.message);
    return l;
}

inline std::optional<progress_event> classify_progress(std::string_view msg)
{
    msg = detail::trim_view(msg);
    if (msg.starts_with("processed "))
    {
        // processed 32767 bytes (3.0%) | processed N bytes (3%) | processed 1.0 MB (3%)
        static const std::regex re(R"(^processed ([0-9.]+) ?([A-Za-z()]*) ?\(([0-9.]+)%\))");
        std::cmatch m;
        if (std::regex_search(msg.data(), msg.data() + msg.size(), m, re))
        {
            progress_event e;
            e.type = progress_event::kind::bytes;
            e.text = std::string(msg);
            e.bytes = detail::parse_size(m[1].str(), m[2].str());
            e.percent = detail::parse_double(m[3].str());
            return e;
        }
        return std::nullopt;
    }
    if (msg.starts_with("number of operations: "))
    {
        auto n = detail::parse_u64(detail::trim_view(msg.substr(22)));
        if (!n)
            return std::nullopt;
        progress_event e;
        e.type = progress_event::kind::operations;
        e.operations = n;
        e.text = std::string(msg);
        return e;
    }
    // Tried on every line that is not a byte or operation count: behind the literal every match has.
    static const detail::keyed_regex coll(
        " '",
        R"(^#? ?(?:[Dd]umping|Loading data into|Re-creating|Successfully restored) (?:(?:document|edge) )?(?:collection|shard) '([^']*)')"
    );
    std::cmatch m;
    if (coll.search(msg.data(), msg.data() + msg.size(), m))
    {
        progress_event e;
        e.type = progress_event::kind::collection;
        e.name = m[1].str();
        e.text = std::string(msg);
        static const detail::keyed_regex size("data size: ", R"(data size: ([0-9]+) byte)");
        std::cmatch sm;
        if (size.search(msg.data(), msg.data() + msg.size(), sm))
            e.bytes = detail::parse_u64(sm[1].str());
        return e;
    }
    return std::nullopt;
}

inline std::optional<connection_info> parse_connected_line(std::string_view msg)
{
    msg = detail::trim_view(msg);
    if (msg.starts_with("# "))
        msg.remove_prefix(2);
    if (!msg.starts_with("Connected to ArangoDB"))
        return std::nullopt;
    connection_info c;
    auto q = msg.find('\'');
    if (q == std::string_view::npos)
        return c;
    std::string_view rest = msg.substr(q + 1);
    // The quote is closed in some versions and never closed in others (3.5+: `'http+tcp://h:1, version:`).
    auto end = rest.find_first_of("', ");
    c.endpoint = std::string(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    static const std::regex version(R"(version:? ([0-9][^ ,\]]*))");
    static const std::regex role(R"(\[([^,\]]*), ?([^\]]*)\])");
    static const std::regex db(R"(database: '?([^',]*)'?)");
    static const std::regex user(R"(username: '?([^',]*)'?)");
    std::cmatch m;
    const char* b = rest.data();
    const char* e = rest.data() + rest.size();
    if (std::regex_search(b, e, m, version))
        c.version = m[1].str();
    if (std::regex_search(b, e, m, role))
    {
        c.role = m[1].str();
        c.mode = m[2].str();
    }
    if (std::regex_search(b, e, m, db))
        c.database = m[1].str();
    if (std::regex_search(b, e, m, user))
        c.username = m[1].str();
    return c;
}

} // namespace arangokit

#endif
