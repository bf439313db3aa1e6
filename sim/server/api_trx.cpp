// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Streaming transactions (/_api/transaction/begin, status, commit, abort, list). Writes carrying the
// x-arango-trx-id header go to the store at once, so the transaction reads its own writes; an abort puts
// back the copies of the write collections taken at begin. Deviation: other clients see uncommitted writes
// (no isolation), which a single-client test cannot tell apart.
#include "api_util.hpp"

namespace arangokit::sim {

namespace {

std::vector<std::string> names_of(const json::object& colls, const char* k)
{
    std::vector<std::string> out;
    auto* v = colls.if_contains(k);
    if (!v)
        return out;
    if (v->is_string())
        out.emplace_back(v->as_string());
    else if (v->is_array())
        for (auto& e : v->as_array())
        {
            if (!e.is_string())
                fail(400, 10, std::string("'collections.") + k + "' must hold collection names");
            out.emplace_back(e.as_string());
        }
    else
        fail(400, 10, std::string("'collections.") + k + "' must be a string or an array");
    return out;
}

json::object trx_summary(const trx_state& t)
{
    return json::object{{"id", t.id}, {"status", t.status}};
}

} // namespace

void api::check_trx(const request& req, const database& d, std::string_view coll, bool write)
{
    auto h = req.headers.find("x-arango-trx-id");
    if (h == req.headers.end())
        return;
    auto it = trx_.find(h->second);
    if (it == trx_.end() || it->second.db != d.name)
        fail(404, 1655, "transaction '" + h->second + "' not found");
    trx_state& t = it->second;
    if (t.status != "running")
        fail(410, 1653, "transaction '" + h->second + "' is " + t.status);
    if (write && std::find(t.write.begin(), t.write.end(), coll) == t.write.end())
        fail(400, 1652, "collection '" + std::string(coll) + "' not registered for write in transaction");
}

std::optional<response> api::trx_api(const request& req, database& d, const std::vector<std::string>& seg)
{
    if (seg.size() < 2 || seg[0] != "_api" || seg[1] != "transaction")
        return std::nullopt;
    const std::string& m = req.method;
    if (seg.size() == 2)
    {
        if (m == "GET")
        {
            json::array list;
            for (auto& [id, t] : trx_)
                if (t.db == d.name && t.status == "running")
                    list.push_back(json::object{{"id", id}, {"state", t.status}});
            return ok_reply(200, json::object{{"transactions", std::move(list)}});
        }
        if (m == "POST")
            fail(
                501, 9,
                "JavaScript transactions (POST /_api/transaction with an 'action') are not supported by the "
                "simulator; use a streaming transaction (/_api/transaction/begin)"
            );
        bad_method();
    }
    if (seg.size() == 3 && seg[2] == "begin")
    {
        if (m != "POST")
            bad_method();
        json::object b = parse_object_body(req);
        auto* cv = b.if_contains("collections");
        if (!cv || !cv->is_object())
            fail(400, 10, "missing 'collections' attribute");
        trx_state t;
        t.db = d.name;
        t.read = names_of(cv->as_object(), "read");
        for (const char* k : {"write", "exclusive"})
            for (auto& n : names_of(cv->as_object(), k))
                t.write.push_back(n);
        for (auto& n : t.read)
        {
            st_.coll(d, n);
            need_coll(d, n, access::ro);
        }
        for (auto& n : t.write)
        {
            collection& c = st_.coll(d, n);
            need_coll(d, n, access::rw);
            t.before.emplace(n, c);
        }
        t.id = std::to_string(st_.next_tick());
        t.expires = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        json::object reply{{"result", trx_summary(t)}};
        trx_.emplace(t.id, std::move(t));
        return ok_reply(201, std::move(reply));
    }
    if (seg.size() != 3)
        unknown_path(req);
    auto it = trx_.find(seg[2]);
    if (it == trx_.end() || it->second.db != d.name)
        fail(404, 1655, "transaction '" + seg[2] + "' not found");
    trx_state& t = it->second;
    if (m == "GET")
        return ok_reply(200, json::object{{"result", trx_summary(t)}});
    if (m == "PUT")
    {
        if (t.status == "aborted")
            fail(410, 1653, "transaction '" + t.id + "' is aborted");
        t.status = "committed";
        t.before.clear();
        return ok_reply(200, json::object{{"result", trx_summary(t)}});
    }
    if (m == "DELETE")
    {
        if (t.status == "committed")
            fail(409, 1654, "transaction '" + t.id + "' is already committed");
        if (t.status == "running")
        {
            for (auto& [name, copy] : t.before)
                if (collection* c = st_.find_coll(d, name))
                {
                    // Keep the collection's identity (and key generator state, which ArangoDB does not roll
                    // back).
                    json::value key_options =
                        c->params.contains("keyOptions") ? c->params.at("keyOptions") : json::value(nullptr);
                    json::object params = c->params;
                    *c = std::move(copy);
                    c->params = std::move(params);
                    if (!key_options.is_null())
                        c->params["keyOptions"] = key_options;
                }
            t.before.clear();
            t.status = "aborted";
            st_.mark_dirty();
        }
        return ok_reply(200, json::object{{"result", trx_summary(t)}});
    }
    bad_method();
}

} // namespace arangokit::sim
