// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Smaller endpoints: server time and status, cluster endpoints, replication batches, edges, multi-document
// calls, and the answers for features the simulator does not have (views, analyzers): those look like a
// server without any, or a 501 in ArangoDB's error format, never an unknown path.
#include "api_util.hpp"
#include <unistd.h>

namespace arangokit::sim {

std::optional<response>
api::misc_api(const request& req, const listener_info& li, database& d, const std::vector<std::string>& seg)
{
    const std::string& m = req.method;
    auto at = [&](std::size_t i) -> const std::string& {
        static const std::string empty;
        return i < seg.size() ? seg[i] : empty;
    };
    const bool cluster = cfg_.cluster();
    if (seg.size() == 2 && at(0) == "_admin" && at(1) == "time")
        return ok_reply(200, json::object{{"time", static_cast<double>(now_ms()) / 1000.0}});
    if (seg.size() == 2 && at(0) == "_admin" && at(1) == "status")
        return json_reply(
            200,
            json::object{
                {"server", "arango"},
                {"version", cfg_.version},
                {"pid", static_cast<std::int64_t>(::getpid())},
                {"license", "community"},
                {"mode", "server"},
                {"operationMode", "server"},
                {"foxxApi", false},
                {"host", "arangosim"},
                {"serverInfo",
                 json::object{
                     {"role", cluster ? "COORDINATOR" : "SINGLE"},
                     {"writeOpsEnabled", true},
                     {"readOnly", false},
                     {"maintenance", false},
                     {"persistedId", "arangosim-" + std::to_string(li.index + 1)},
                     {"address", li.endpoint},
                     {"serverId", "CRDN-" + std::to_string(li.index + 1)},
                     {"state", "SERVING"}}}}
        );
    if (seg.size() == 3 && at(0) == "_api" && at(1) == "cluster" && at(2) == "endpoints")
    {
        if (m != "GET")
            bad_method();
        if (!cluster)
            fail(403, 1471, "this API is only valid on a coordinator");
        json::array eps;
        for (auto& l : listeners)
            eps.push_back(json::object{{"endpoint", l.endpoint}});
        return ok_reply(200, json::object{{"endpoints", std::move(eps)}});
    }
    if (at(0) == "_api" && at(1) == "replication" && at(2) == "batch")
    {
        if (seg.size() == 3 && m == "POST")
        {
            parse_body(req);
            return json_reply(
                200,
                json::object{
                    {"id", std::to_string(st_.next_tick())}, {"lastTick", std::to_string(st_.tick())}}
            );
        }
        if (seg.size() == 4 && (m == "PUT" || m == "DELETE"))
        {
            response r;
            r.status = 204;
            return r;
        }
        bad_method();
    }
    if (at(0) == "_api" && at(1) == "edges" && seg.size() == 3)
    {
        if (m != "GET")
            bad_method();
        collection& c = st_.coll(d, at(2));
        need_coll(d, at(2), access::ro);
        if (c.type() != 3)
            fail(400, 1218, "invalid collection type: edges need an edge collection");
        auto vertex = qstr(req, "vertex");
        if (!vertex || vertex->empty())
            fail(400, 1205, "illegal document handle: 'vertex' parameter missing");
        std::string dir = qstr(req, "direction").value_or("any");
        if (dir.empty())
            dir = "any";
        if (dir == "outbound")
            dir = "out";
        if (dir == "inbound")
            dir = "in";
        if (dir != "any" && dir != "in" && dir != "out")
            fail(400, 400, "<direction> must by any, in, or out, not: " + dir);
        json::array edges;
        for (auto& [seq, e] : c.docs)
        {
            bool out = e.contains("_from") && e.at("_from") == vertex->c_str();
            bool in = e.contains("_to") && e.at("_to") == vertex->c_str();
            if ((dir == "out" && out) || (dir == "in" && in) || (dir == "any" && (in || out)))
                edges.push_back(e);
        }
        std::size_t n = edges.size();
        return ok_reply(
            200,
            json::object{
                {"edges", std::move(edges)}, {"stats", json::object{{"scannedIndex", n}, {"filtered", 0}}}}
        );
    }
    // ----- views and analyzers: a server without any
    if (at(0) == "_api" && at(1) == "view")
    {
        if (seg.size() == 2 && m == "GET")
            return ok_reply(200, json::object{{"result", json::array{}}});
        if (seg.size() == 2 && m == "POST")
            fail(501, 9, "views (ArangoSearch) are not supported by the simulator");
        if (seg.size() >= 3)
        {
            if (m == "GET" || m == "DELETE" || m == "PUT" || m == "PATCH")
                fail(404, 1203, "collection or view not found: " + at(2));
        }
        bad_method();
    }
    if (at(0) == "_api" && at(1) == "analyzer")
    {
        json::object identity{
            {"name", "identity"},
            {"type", "identity"},
            {"properties", json::object{}},
            {"features", json::array{}}};
        if (seg.size() == 2 && m == "GET")
            return ok_reply(200, json::object{{"result", json::array{identity}}});
        if (seg.size() == 3 && m == "GET")
        {
            if (at(2) == "identity" || at(2) == "_system::identity")
            {
                json::object o = identity;
                return ok_reply(200, std::move(o));
            }
            fail(404, 1202, "analyzer not found: " + at(2));
        }
        if (m == "POST" || m == "DELETE")
            fail(501, 9, "analyzers (ArangoSearch) are not supported by the simulator");
        bad_method();
    }
    if (at(0) == "_api" && at(1) == "foxx")
    {
        if (seg.size() == 2 && m == "GET")
            return json_reply(200, json::array{});
        fail(501, 9, "Foxx services are not supported by the simulator");
    }
    return std::nullopt;
}

// Multi-document calls on /_api/document/<coll> (the single-document ones are in route()).
std::optional<response>
api::multi_doc_api(const request& req, database& d, const std::vector<std::string>& seg)
{
    const std::string& m = req.method;
    if (seg.size() != 3 || seg[0] != "_api" || seg[1] != "document" || m == "POST" || m == "GET")
        return std::nullopt;
    collection& c = st_.coll(d, seg[2]);
    bool only_get = m == "PUT" && qbool(req, "onlyget", false);
    need_coll(d, seg[2], only_get ? access::ro : access::rw);
    check_trx(req, d, seg[2], !only_get);
    json::value body = parse_body(req);
    if (!body.is_array())
        fail(400, 10, "expecting an array of documents or keys");
    bool wait = qbool(req, "waitForSync", jbool(c.params, "waitForSync", false));
    bool return_new = qbool(req, "returnNew", false);
    bool return_old = qbool(req, "returnOld", false);
    bool silent = qbool(req, "silent", false);
    bool keep_null = qbool(req, "keepNull", true);
    bool merge_objects = qbool(req, "mergeObjects", true);
    bool ignore_revs = qbool(req, "ignoreRevs", true);
    json::array results;
    std::map<int, int> codes;
    for (auto& v : body.as_array())
    {
        try
        {
            std::string key;
            if (v.is_string())
            {
                std::string_view s = v.as_string();
                auto slash = s.find('/');
                key = std::string(slash == std::string_view::npos ? s : s.substr(slash + 1));
            }
            else if (v.is_object() && v.as_object().contains("_key") && v.at("_key").is_string())
                key = std::string(v.at("_key").as_string());
            else if (v.is_object() && v.as_object().contains("_id") && v.at("_id").is_string())
            {
                std::string_view s = v.at("_id").as_string();
                key = std::string(s.substr(s.find('/') + 1));
            }
            else
                fail(400, 1221, "illegal document key");
            json::object* doc = c.find(key);
            if (!doc)
                fail(404, 1202, "document not found");
            if (!ignore_revs && v.is_object())
                if (auto* r = v.as_object().if_contains("_rev"); r && *r != doc->at("_rev"))
                    fail(412, 1200, "conflict, _rev values do not match");
            if (only_get)
            {
                results.push_back(*doc);
                continue;
            }
            if (m == "DELETE")
            {
                json::object meta = doc_meta(*doc);
                if (return_old)
                    meta["old"] = *doc;
                c.erase(key);
                st_.mark_dirty();
                results.push_back(std::move(meta));
                continue;
            }
            if (!v.is_object())
                fail(400, 1227, "invalid document type");
            json::object patch = v.as_object();
            patch["_key"] = key;
            std::string old_rev(doc->at("_rev").as_string());
            write_outcome w = insert_doc(
                st_, c, std::move(patch), m == "PUT" ? dup_mode::replace : dup_mode::update, keep_null,
                merge_objects
            );
            json::object meta = doc_meta(w.doc);
            meta["_oldRev"] = old_rev;
            if (return_new)
                meta["new"] = w.doc;
            if (return_old && w.old)
                meta["old"] = *w.old;
            results.push_back(std::move(meta));
        }
        catch (const api_error& e)
        {
            results.push_back(json::object{{"error", true}, {"errorNum", e.num}, {"errorMessage", e.what()}});
            codes[e.num]++;
        }
    }
    int status = only_get ? 200 : wait ? (m == "DELETE" ? 200 : 201) : 202;
    response r = json_reply(
        status, silent && codes.empty() && !only_get ? json::value(json::array{}) : json::value(results)
    );
    if (!codes.empty())
    {
        json::object co;
        for (auto& [k, n] : codes)
            co[std::to_string(k)] = n;
        r.headers.emplace_back("X-Arango-Error-Codes", json::serialize(co));
    }
    return r;
}

} // namespace arangokit::sim
