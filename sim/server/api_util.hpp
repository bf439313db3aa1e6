// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Reply and request helpers shared by the REST handlers (api*.cpp).
#ifndef ARANGOKIT_SIM_SERVER_API_UTIL_HPP
#define ARANGOKIT_SIM_SERVER_API_UTIL_HPP

#include "sim.hpp"

namespace arangokit::sim {

// ---------------------------------------------------------------------------------------------------------
// small helpers

inline response json_reply(int status, json::value v)
{
    response r;
    r.status = status;
    r.body = json::serialize(v);
    return r;
}

// ArangoDB decorates most replies with error/code; `extra` keys come first.
inline response ok_reply(int status, json::object o)
{
    o["error"] = false;
    o["code"] = status;
    return json_reply(status, std::move(o));
}

inline json::value parse_body(const request& req)
{
    if (req.body.empty())
        return json::object{};
    boost::system::error_code ec;
    json::value v = json::parse(req.body, ec);
    if (ec)
        fail(400, 600, "VPackError error: Expecting a valid JSON document (" + ec.message() + ")");
    return v;
}

inline json::object parse_object_body(const request& req)
{
    json::value v = parse_body(req);
    if (!v.is_object())
        fail(400, 600, "expecting a JSON object as body");
    return std::move(v.as_object());
}

inline bool qbool(const request& req, const std::string& name, bool def)
{
    auto it = req.query.find(name);
    if (it == req.query.end())
        return def;
    return it->second == "true" || it->second == "1" || it->second == "yes" || it->second.empty();
}

inline std::optional<std::string> qstr(const request& req, const std::string& name)
{
    auto it = req.query.find(name);
    if (it == req.query.end())
        return std::nullopt;
    return it->second;
}

inline bool jbool(const json::object& o, std::string_view k, bool def)
{
    auto* v = o.if_contains(k);
    return v && v->is_bool() ? v->as_bool() : def;
}

inline std::vector<std::string> split_path(std::string_view p)
{
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < p.size())
    {
        while (i < p.size() && p[i] == '/')
            ++i;
        std::size_t j = p.find('/', i);
        if (j == std::string_view::npos)
            j = p.size();
        if (j > i)
            out.push_back(url_decode(p.substr(i, j - i)));
        i = j;
    }
    return out;
}

[[noreturn]] inline void unknown_path(const request& req)
{
    fail(404, 404, "unknown path '" + req.path + "'");
}

[[noreturn]] inline void bad_method()
{
    fail(405, 405, "method not supported");
}

} // namespace arangokit::sim

#endif
