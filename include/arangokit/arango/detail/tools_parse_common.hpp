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
    else if (detail::sw(t, "Welcome to arangosh "))
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
    if (detail::sw(rest, "["))
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

namespace detail {

// Hand-written matchers for the lines every parser sees most often (per-collection lines and progress):
// std::regex costs microseconds per line, these a few dozen nanoseconds.
inline bool pc_eat(std::string_view& s, std::string_view lit) noexcept
{
    if (!s.starts_with(lit))
        return false;
    s.remove_prefix(lit.size());
    return true;
}
inline std::string_view pc_take(std::string_view& s, bool (*pred)(char)) noexcept
{
    std::size_t i = 0;
    while (i < s.size() && pred(s[i]))
        ++i;
    auto r = s.substr(0, i);
    s.remove_prefix(i);
    return r;
}
inline bool pc_quoted(std::string_view& s, std::string_view& out) noexcept
{
    if (s.empty() || s.front() != '\'')
        return false;
    auto e = s.find('\'', 1);
    if (e == std::string_view::npos)
        return false;
    out = s.substr(1, e - 1);
    s.remove_prefix(e + 1);
    return true;
}

/// `[#[ ]]<verb> [document |edge |view ][collection |shard ]'<name>'`: dump, restore and export lines.
struct collection_line
{
    std::string_view verb{}; ///< `Dumping`, `dumping`, `Loading data into`, `Re-creating`, ...
    std::string_view kind{}; ///< `document`, `edge`, `view` or empty
    std::string_view noun{}; ///< `collection`, `shard` or empty
    std::string_view name{};
    std::string_view rest{}; ///< after the closing quote
    bool hash = false;       ///< the line starts with `#`
};

inline std::optional<collection_line> match_collection_line(std::string_view s) noexcept
{
    collection_line c;
    if (s.empty())
        return std::nullopt;
    char f = s.front();
    if (!(f == '#' || f == 'D' || f == 'd' || f == 'L' || f == 'R' || f == 'S' || f == 's' || f == 'E') ||
        !contains(s, '\''))
        return std::nullopt;
    c.hash = pc_eat(s, "#");
    pc_eat(s, " ");
    static constexpr std::string_view verbs[] = {"Dumping",           "dumping",   "Loading data into",
                                                 "Re-creating",       "Exporting", "Successfully restored",
                                                 "skipping restoring"};
    for (auto v : verbs)
        if (s.starts_with(v) && s.size() > v.size() && s[v.size()] == ' ')
        {
            c.verb = v;
            s.remove_prefix(v.size() + 1);
            break;
        }
    if (c.verb.empty())
        return std::nullopt;
    for (auto k : {std::string_view("document"), std::string_view("edge"), std::string_view("view")})
        if (s.starts_with(k) && s.size() > k.size() && s[k.size()] == ' ')
        {
            c.kind = k;
            s.remove_prefix(k.size() + 1);
            break;
        }
    for (auto n : {std::string_view("collection"), std::string_view("shard")})
        if (s.starts_with(n) && s.size() > n.size() && s[n.size()] == ' ')
        {
            c.noun = n;
            s.remove_prefix(n.size() + 1);
            break;
        }
    if (!pc_quoted(s, c.name))
        return std::nullopt;
    c.rest = s;
    return c;
}

} // namespace detail

inline std::optional<progress_event> classify_progress(std::string_view msg)
{
    msg = detail::trim_view(msg);
    if (msg.empty())
        return std::nullopt;
    if (msg.front() == 'p' && detail::sw(msg, "processed "))
    {
        // processed 32767 bytes (3.0%) | processed N bytes (3%) | processed 1.0 MB (3%)
        std::string_view s = msg.substr(10);
        auto num = detail::pc_take(s, [](char c) { return detail::pc_digit(c) || c == '.'; });
        detail::pc_eat(s, " ");
        auto unit = detail::sw(s, "(") ? std::string_view{} : detail::pc_take(s, [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '(' || c == ')';
        });
        detail::pc_eat(s, " ");
        if (num.empty() || !detail::pc_eat(s, "("))
            return std::nullopt;
        auto pct = detail::pc_take(s, [](char c) { return detail::pc_digit(c) || c == '.'; });
        if (pct.empty() || !detail::sw(s, "%)"))
            return std::nullopt;
        progress_event e;
        e.type = progress_event::kind::bytes;
        e.text = std::string(msg);
        e.bytes = detail::parse_size(num, unit);
        e.percent = detail::parse_double(pct);
        return e;
    }
    if (msg.front() == 'n' && detail::sw(msg, "number of operations: "))
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
    auto c = detail::match_collection_line(msg);
    if (!c || c->verb == "Exporting" || c->verb == "skipping restoring" ||
        !(c->noun == "collection" || c->noun == "shard"))
        return std::nullopt;
    progress_event e;
    e.type = progress_event::kind::collection;
    e.name = std::string(c->name);
    e.text = std::string(msg);
    if (auto p = c->rest.find("data size: "); p != std::string_view::npos)
    {
        std::string_view r = c->rest.substr(p + 11);
        e.bytes = detail::parse_u64(detail::pc_take(r, [](char ch) { return detail::pc_digit(ch); }));
    }
    return e;
}

inline std::optional<connection_info> parse_connected_line(std::string_view msg)
{
    msg = detail::trim_view(msg);
    if (detail::sw(msg, "# "))
        msg.remove_prefix(2);
    if (!detail::sw(msg, "Connected to ArangoDB"))
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
