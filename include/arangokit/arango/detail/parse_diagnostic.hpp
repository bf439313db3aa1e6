// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_PARSE_DIAGNOSTIC_HPP
#define ARANGOKIT_ARANGO_DETAIL_PARSE_DIAGNOSTIC_HPP

#include <arangokit/arango/parsers/diagnostic.hpp>

#include <cerrno>
#include <cstdint>

namespace arangokit {

namespace detail {

// Hand-written scanners, not std::regex: a diagnostic can be a 1 MiB line (a payload echoed back), and
// libstdc++'s regex recurses per character.
inline bool dg_digit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

// Digits at `pos` (at most 9): the value and the end, or nullopt.
inline std::optional<long> dg_number_at(std::string_view s, std::size_t pos, std::size_t* end = nullptr)
{
    std::size_t i = pos;
    long v = 0;
    while (i < s.size() && dg_digit(s[i]) && i - pos < 9)
        v = v * 10 + (s[i++] - '0');
    if (i == pos || (i < s.size() && dg_digit(s[i])))
        return std::nullopt;
    if (end)
        *end = i;
    return v;
}

// The text between `key` (which ends with an opening quote) and the next quote, for the first occurrence
// of `key`; false if none.
inline bool dg_quoted_after(std::string_view s, std::string_view key, std::string& out, char q = '\'')
{
    auto p = s.find(key);
    if (p == std::string_view::npos)
        return false;
    p += key.size();
    auto e = s.find(q, p);
    if (e == std::string_view::npos)
        return false;
    out.assign(s.substr(p, e - p));
    return true;
}

inline std::string_view dg_trim(std::string_view s) noexcept
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// The server's text ends where the tool's own words resume.
inline std::string_view dg_cut_server_text(std::string_view t) noexcept
{
    static constexpr std::string_view ends[] = {
        "' (errorNum", "' while executing", " while executing", "' with this payload", "' (exception"};
    std::size_t cut = t.size();
    for (auto e : ends)
    {
        auto p = t.find(e);
        if (p != std::string_view::npos && p < cut)
            cut = p;
    }
    t = dg_trim(t.substr(0, cut));
    while (!t.empty() && (t.back() == ']' || t.back() == '\''))
        t.remove_suffix(1);
    return dg_trim(t);
}

struct dg_sys_error
{
    int num;
    std::string_view text;
};

inline const dg_sys_error* dg_find_system_error(std::string_view s) noexcept
{
    static const dg_sys_error table[] = {
        {ECONNREFUSED, "Connection refused"},
        {ECONNRESET, "Connection reset by peer"},
        {ETIMEDOUT, "Connection timed out"},
        {EHOSTUNREACH, "No route to host"},
        {ENETUNREACH, "Network is unreachable"},
        {ENOENT, "No such file or directory"},
        {EACCES, "Permission denied"},
        {EPIPE, "Broken pipe"},
        {ENOSPC, "No space left on device"},
        {EMFILE, "Too many open files"},
        {EEXIST, "File exists"},
        {ENOTDIR, "Not a directory"},
        {EISDIR, "Is a directory"},
        {EADDRINUSE, "Address already in use"},
    };
    for (const auto& e : table)
        if (s.find(e.text) != std::string_view::npos)
            return &e;
    return nullptr;
}

} // namespace detail

inline std::string_view arango_error_text(long n) noexcept
{
    switch (n)
    {
    case 1:
        return "failed";
    case 2:
        return "system error";
    case 3:
        return "out of memory";
    case 4:
        return "internal error";
    case 9:
        return "not implemented";
    case 10:
        return "bad parameter";
    case 11:
        return "forbidden";
    case 18:
        return "lock timeout";
    case 400:
        return "bad parameter";
    case 401:
        return "unauthorized";
    case 403:
        return "forbidden";
    case 404:
        return "not found";
    case 405:
        return "method not supported";
    case 412:
        return "precondition failed";
    case 500:
        return "internal server error";
    case 503:
        return "service unavailable";
    case 600:
        return "invalid JSON object";
    case 1200:
        return "conflict";
    case 1202:
        return "document not found";
    case 1203:
        return "collection or view not found";
    case 1207:
        return "duplicate name";
    case 1208:
        return "illegal name";
    case 1210:
        return "unique constraint violated";
    case 1221:
        return "illegal document key";
    case 1228:
        return "database not found";
    case 1229:
        return "database name invalid";
    case 1230:
        return "operation only allowed in system database";
    case 1233:
        return "invalid edge attribute";
    case 1501:
        return "query parse error";
    case 1551:
        return "no value specified for declared bind parameter";
    case 1600:
        return "cursor not found";
    case 1924:
        return "graph not found";
    case 1925:
        return "graph already exists";
    }
    return {};
}

inline std::string diagnostic::server_summary() const
{
    if (!http_status && !error_num)
        return {};
    std::string s;
    if (http_status)
        s = "HTTP " + std::to_string(*http_status);
    if (error_num)
        s += (s.empty() ? "" : ", ") + std::string("ArangoError ") + std::to_string(*error_num);
    std::string_view text = server_error;
    if (text.empty() && error_num)
        text = arango_error_text(*error_num);
    if (!text.empty())
    {
        s += " (";
        s += text;
        s += ')';
    }
    return s;
}

inline void extract_diagnostic_facts(diagnostic& d)
{
    using namespace detail;
    const std::string_view m = d.message;
    d.http_status.reset();
    d.error_num.reset();
    d.server_error.clear();
    d.collection.clear();
    d.shard.clear();
    d.database.clear();
    d.db_server.clear();
    d.system_errno.reset();
    d.system_error.clear();
    d.option.clear();

    // HTTP status: `HTTP 404`, `HTTP/1.1 404`, a three-digit number 100-599.
    std::size_t http_end = std::string_view::npos;
    for (auto p = m.find("HTTP"); p != std::string_view::npos; p = m.find("HTTP", p + 4))
    {
        std::size_t i = p + 4;
        if (i < m.size() && m[i] == '/')
            while (i < m.size() && m[i] != ' ')
                ++i;
        if (i < m.size() && m[i] == ' ')
            ++i;
        std::size_t e = 0;
        auto v = dg_number_at(m, i, &e);
        if (v && e - i == 3 && *v >= 100 && *v < 600)
        {
            d.http_status = static_cast<int>(*v);
            http_end = e;
            break;
        }
    }

    // Error number: `ArangoError 1203`, `errorNum 1203`, `"errorNum":1203`, `errorNum: 1203`.
    std::size_t arango_error_end = std::string_view::npos;
    if (auto p = m.find("ArangoError "); p != std::string_view::npos)
    {
        std::size_t e = 0;
        if (auto v = dg_number_at(m, p + 12, &e))
        {
            d.error_num = *v;
            arango_error_end = e;
        }
    }
    if (!d.error_num)
    {
        for (auto key : {std::string_view("errorNum"), std::string_view("error number")})
        {
            auto p = m.find(key);
            if (p == std::string_view::npos)
                continue;
            std::size_t i = p + key.size();
            while (i < m.size() && (m[i] == '"' || m[i] == ':' || m[i] == ' ' || m[i] == '=' || m[i] == '\''))
                ++i;
            if (auto v = dg_number_at(m, i))
            {
                d.error_num = *v;
                break;
            }
        }
    }

    // The server's text: after `ArangoError N: `, else after `HTTP N: '` or `HTTP N (Reason): `, else the
    // JSON body's errorMessage.
    if (arango_error_end != std::string_view::npos && arango_error_end + 1 < m.size() &&
        m[arango_error_end] == ':')
        d.server_error = std::string(dg_cut_server_text(m.substr(arango_error_end + 1)));
    else if (http_end != std::string_view::npos)
    {
        std::string_view rest = m.substr(http_end);
        if (rest.starts_with(" ("))
        {
            auto close = rest.find(')');
            rest = close == std::string_view::npos ? std::string_view{} : rest.substr(close + 1);
        }
        if (rest.starts_with(": "))
        {
            rest.remove_prefix(2);
            if (rest.starts_with("'"))
                rest.remove_prefix(1);
            if (!rest.starts_with("ArangoError"))
                d.server_error = std::string(dg_cut_server_text(rest));
        }
    }
    if (d.server_error.empty())
    {
        std::string t;
        if (dg_quoted_after(m, "\"errorMessage\":\"", t, '"') ||
            dg_quoted_after(m, "\"errorMessage\": \"", t, '"'))
            d.server_error = std::move(t);
    }

    // The objects concerned.
    if (!dg_quoted_after(m, "ollection '", d.collection))
    {
        // `collection or view not found: users` (AQL) and `collection not found: users`.
        for (auto key :
             {std::string_view("collection or view not found: "), std::string_view("collection not found: ")})
        {
            auto p = m.find(key);
            if (p == std::string_view::npos)
                continue;
            std::string_view rest = m.substr(p + key.size());
            auto e = rest.find_first_of(" '\"],");
            d.collection = std::string(rest.substr(0, e));
            break;
        }
    }
    dg_quoted_after(m, "shard '", d.shard);
    if (!dg_quoted_after(m, "database '", d.database) && !dg_quoted_after(m, "database: '", d.database))
        dg_quoted_after(m, "Database '", d.database);
    for (auto key :
         {std::string_view("DBserver '"), std::string_view("DBServer '"), std::string_view("DB-Server '"),
          std::string_view("DB server '"), std::string_view("dbserver '")})
        if (dg_quoted_after(m, key, d.db_server))
            break;

    // errno: `errno 13`, `errno: 13`, `#111 - Connection refused`.
    if (auto p = m.find("errno"); p != std::string_view::npos)
    {
        std::size_t i = p + 5;
        while (i < m.size() && (m[i] == ':' || m[i] == ' ' || m[i] == '=' || m[i] == '#'))
            ++i;
        if (auto v = dg_number_at(m, i))
            d.system_errno = static_cast<int>(*v);
    }
    for (auto p = m.find('#'); p != std::string_view::npos && !d.system_error.size(); p = m.find('#', p + 1))
    {
        std::size_t e = 0;
        auto v = dg_number_at(m, p + 1, &e);
        if (!v || m.substr(e, 3) != " - ")
            continue;
        if (!d.system_errno)
            d.system_errno = static_cast<int>(*v);
        std::string_view t = m.substr(e + 3);
        d.system_error = std::string(t.substr(0, t.find('\'')));
    }
    if (d.system_error.empty())
    {
        if (const auto* se = dg_find_system_error(m))
        {
            d.system_error = std::string(se->text);
            if (!d.system_errno)
                d.system_errno = se->num;
        }
    }

    // The option named: `option '--threads'`, `option 'server.x'` (2.x prints no dashes).
    if (dg_quoted_after(m, "option '", d.option))
    {
        std::size_t i = 0;
        while (i < d.option.size() && d.option[i] == '-')
            ++i;
        d.option.erase(0, i);
    }
}

} // namespace arangokit

#endif
