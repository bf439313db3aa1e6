// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Cursors (/_api/cursor), /_api/explain, /_api/query (parse) and query management (current, slow,
// properties, kill). Queries run to completion inside one request, so none is ever "current" and none can
// be killed; a kill answers like the real server for an unknown query id.
#include "api_util.hpp"
#include "aql_ast.hpp"

namespace arangokit::sim {

namespace {

json::object cursor_extra(const aql::stats& s, std::size_t n, double seconds, const json::array& warnings)
{
    json::object stats{
        {"writesExecuted", s.writes_executed},
        {"writesIgnored", s.writes_ignored},
        {"scannedFull", s.scanned_full},
        {"scannedIndex", s.scanned_index},
        {"cursorsCreated", 0},
        {"cursorsRearmed", 0},
        {"cacheHits", 0},
        {"cacheMisses", 0},
        {"filtered", s.filtered},
        {"httpRequests", 0},
        {"executionTime", seconds},
        {"peakMemoryUsage", n * 64},
        {"intermediateCommits", 0}};
    if (s.full_count)
        stats["fullCount"] = *s.full_count;
    return json::object{{"warnings", warnings}, {"stats", std::move(stats)}};
}

json::object default_query_props()
{
    return json::object{
        {"enabled", true},
        {"trackSlowQueries", true},
        {"trackBindVars", true},
        {"maxSlowQueries", 64},
        {"slowQueryThreshold", 10},
        {"slowStreamingQueryThreshold", 10},
        {"maxQueryStringLength", 4096}};
}

} // namespace

std::optional<response> api::query_api(const request& req, database& d, const std::vector<std::string>& seg)
{
    if (seg.size() < 2 || seg[0] != "_api")
        return std::nullopt;
    const std::string& area = seg[1];
    if (area != "cursor" && area != "explain" && area != "query")
        return std::nullopt;
    const std::string& m = req.method;
    auto now = std::chrono::steady_clock::now();
    auto hook = [&](const std::string& coll, bool write) {
        need_coll(d, coll, write ? access::rw : access::ro);
        check_trx(req, d, coll, write);
    };

    if (area == "query")
    {
        if (query_props_.empty())
            query_props_ = default_query_props();
        if (seg.size() == 2 && m == "POST")
        {
            json::object b = parse_object_body(req);
            auto* q = b.if_contains("query");
            if (!q || !q->is_string())
                fail(400, 1502, "query is empty");
            auto parsed = aql::parse(std::string(q->as_string()));
            return ok_reply(200, aql::describe(*parsed));
        }
        if (seg.size() == 3 && seg[2] == "current" && m == "GET")
            return json_reply(200, json::array{});
        if (seg.size() == 3 && seg[2] == "slow")
        {
            if (m == "GET")
                return json_reply(200, json::array{});
            if (m == "DELETE")
                return ok_reply(200, json::object{});
            bad_method();
        }
        if (seg.size() == 3 && seg[2] == "properties")
        {
            if (m == "PUT")
            {
                json::object b = parse_object_body(req);
                for (auto& kv : b)
                    if (query_props_.contains(kv.key()))
                    {
                        const json::value& cur = query_props_.at(kv.key());
                        if (cur.is_bool() != kv.value().is_bool() ||
                            cur.is_number() != kv.value().is_number())
                            fail(400, 10, "bad value for query property '" + std::string(kv.key()) + "'");
                        query_props_[kv.key()] = kv.value();
                    }
            }
            else if (m != "GET")
                bad_method();
            json::object o = query_props_;
            return json_reply(200, std::move(o));
        }
        if (seg.size() == 3 && m == "DELETE")
            fail(404, 1591, "query ID not found");
        if (seg.size() == 3 && seg[2] == "rules" && m == "GET")
            return json_reply(200, json::array{});
        bad_method();
    }

    if (area == "explain")
    {
        if (m != "POST")
            bad_method();
        json::object b = parse_object_body(req);
        auto* q = b.if_contains("query");
        if (!q || !q->is_string())
            fail(400, 1502, "query is empty");
        auto parsed = aql::parse(std::string(q->as_string()));
        json::object plan = aql::explain_plan(*parsed);
        json::object stats{
            {"rulesExecuted", 0}, {"rulesSkipped", 0}, {"plansCreated", 1}, {"executionTime", 0.0001}};
        json::object o{
            {"warnings", json::array{}}, {"stats", std::move(stats)}, {"cacheable", !parsed->writes}};
        auto* opts = b.if_contains("options");
        if (opts && opts->is_object() && jbool(opts->as_object(), "allPlans", false))
            o["plans"] = json::array{std::move(plan)};
        else
            o["plan"] = std::move(plan);
        return ok_reply(200, std::move(o));
    }

    // ----- cursors
    for (auto it = cursors_.begin(); it != cursors_.end();)
        it = it->second.expires < now ? cursors_.erase(it) : std::next(it);

    auto batch_reply = [&](int status, const std::string& id, cursor_state& cs, bool first) {
        json::array result;
        std::size_t endpos = std::min(cs.rest.size(), cs.pos + cs.batch);
        for (std::size_t i = cs.pos; i < endpos; ++i)
            result.push_back(std::move(cs.rest[i]));
        cs.pos = endpos;
        bool more = cs.pos < cs.rest.size();
        json::object o{{"result", std::move(result)}, {"hasMore", more}};
        if (more || !first)
            o["id"] = id;
        if (cs.count)
            o["count"] = *cs.count;
        o["cached"] = false;
        o["extra"] = cs.extra;
        return ok_reply(status, std::move(o));
    };

    if (seg.size() == 2 && m == "POST")
    {
        json::object b = parse_object_body(req);
        auto* q = b.if_contains("query");
        if (!q || !q->is_string() || q->as_string().empty())
            fail(400, 1502, "query is empty");
        json::object binds;
        if (auto* bv = b.if_contains("bindVars"))
        {
            if (!bv->is_object() && !bv->is_null())
                fail(400, 1550, "invalid structure of bind parameters");
            if (bv->is_object())
                binds = bv->as_object();
        }
        aql::options opt;
        if (auto* o = b.if_contains("options"); o && o->is_object())
            opt.full_count = jbool(o->as_object(), "fullCount", false);
        cursor_state cs;
        if (auto* bs = b.if_contains("batchSize"); bs && !bs->is_null())
        {
            if (!bs->is_number() || bs->to_number<double>() < 1)
                fail(400, 10, "batchSize must be a positive number");
            cs.batch = static_cast<std::size_t>(bs->to_number<double>());
        }
        auto t0 = std::chrono::steady_clock::now();
        auto parsed = aql::parse(std::string(q->as_string()));
        aql::result res = aql::run(st_, d, *parsed, binds, opt, hook);
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        cs.rest = std::move(res.rows);
        cs.extra = cursor_extra(res.st, cs.rest.size(), secs, res.warnings);
        if (jbool(b, "count", false))
            cs.count = cs.rest.size();
        if (auto* ttl = b.if_contains("ttl"); ttl && ttl->is_number() && ttl->to_number<double>() > 0)
            cs.ttl = std::chrono::seconds(static_cast<long>(ttl->to_number<double>()));
        cs.expires = now + cs.ttl;
        std::string id = std::to_string(st_.next_tick());
        response r = batch_reply(201, id, cs, true);
        if (cs.pos < cs.rest.size())
            cursors_.emplace(id, std::move(cs));
        return r;
    }
    if (seg.size() == 3)
    {
        auto it = cursors_.find(seg[2]);
        if (it == cursors_.end())
            fail(404, 1600, "cursor not found");
        if (m == "DELETE")
        {
            cursors_.erase(it);
            return ok_reply(202, json::object{{"id", seg[2]}});
        }
        if (m != "PUT" && m != "POST")
            bad_method();
        cursor_state& cs = it->second;
        cs.expires = now + cs.ttl;
        response r = batch_reply(200, seg[2], cs, false);
        if (cs.pos >= cs.rest.size())
            cursors_.erase(it);
        return r;
    }
    bad_method();
}

} // namespace arangokit::sim
