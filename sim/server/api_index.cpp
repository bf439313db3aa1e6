// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// /_api/index: create, list, read and drop indexes. Only unique indexes have an effect (documents.cpp
// enforces them on every write path); the others are kept and listed so that dumps and drivers see them.
#include "api_util.hpp"

namespace arangokit::sim {

namespace {

bool same_definition(const json::object& a, const json::object& b)
{
    auto get = [](const json::object& o, const char* k) {
        auto* v = o.if_contains(k);
        return v ? *v : json::value(false);
    };
    return a.at("type") == b.at("type") && a.at("fields") == b.at("fields") &&
           get(a, "unique") == get(b, "unique") && get(a, "sparse") == get(b, "sparse");
}

json::object* find_index(collection& c, std::string_view handle)
{
    // Accepts "<collection>/<id>", a bare id, or an index name.
    std::string_view id = handle;
    if (auto slash = id.find('/'); slash != std::string_view::npos)
        id = id.substr(slash + 1);
    for (auto& ix : c.indexes)
    {
        auto& o = ix.as_object();
        std::string_view full = o.at("id").as_string();
        std::string_view own = full.substr(full.find('/') + 1);
        if (own == id || (o.contains("name") && o.at("name").as_string() == handle))
            return &o;
    }
    return nullptr;
}

} // namespace

json::object normalize_index(const collection& c, const json::object& def, std::uint64_t id)
{
    auto* t = def.if_contains("type");
    if (!t || !t->is_string())
        fail(400, 10, "expecting string for <type>");
    std::string type(t->as_string());
    if (type == "hash" || type == "skiplist")
        type = "persistent";
    if (type == "geo1" || type == "geo2")
        type = "geo";
    if (type == "primary" || type == "edge")
        fail(400, 10, "cannot create index of type " + type);
    if (type == "inverted")
        fail(501, 9, "inverted indexes (ArangoSearch) are not supported by the simulator");
    if (type != "persistent" && type != "ttl" && type != "fulltext" && type != "geo" && type != "zkd" &&
        type != "mdi" && type != "mdi-prefixed")
        fail(400, 10, "invalid index type '" + type + "'");
    auto* f = def.if_contains("fields");
    if (!f || !f->is_array() || f->as_array().empty())
        fail(400, 10, "index definition must contain a non-empty 'fields' array");
    for (auto& x : f->as_array())
        if (!x.is_string() || x.as_string().empty())
            fail(400, 10, "index field names must be non-empty strings");
    std::size_t nf = f->as_array().size();
    if ((type == "ttl" || type == "fulltext") && nf != 1)
        fail(400, 10, type + " index must have exactly one field");
    if (type == "geo" && nf > 2)
        fail(400, 10, "geo index must have one or two fields");
    json::object o;
    o["id"] = c.name() + "/" + std::to_string(id);
    o["type"] = type;
    std::string name = "idx_" + std::to_string(id);
    if (auto* n = def.if_contains("name"))
    {
        if (!n->is_string() || n->as_string().empty())
            fail(400, 10, "index name must be a non-empty string");
        name = std::string(n->as_string());
    }
    o["name"] = name;
    o["fields"] = *f;
    bool unique = jbool(def, "unique", false);
    bool sparse = jbool(def, "sparse", false);
    if (type == "ttl")
    {
        auto* e = def.if_contains("expireAfter");
        if (!e || !e->is_number() || e->to_number<double>() < 0)
            fail(400, 10, "ttl index needs a non-negative number 'expireAfter'");
        if (unique)
            fail(400, 10, "ttl index cannot be unique");
        o["expireAfter"] = *e;
        sparse = true;
    }
    if (type == "fulltext")
    {
        auto* ml = def.if_contains("minLength");
        o["minLength"] = ml && ml->is_number() ? *ml : json::value(2);
        sparse = true;
        unique = false;
    }
    if (type == "geo")
    {
        o["geoJson"] = jbool(def, "geoJson", false);
        o["legacyPolygons"] = jbool(def, "legacyPolygons", false);
        o["maxNumCoverCells"] = 8;
        o["worstIndexedLevel"] = 4;
        o["bestIndexedLevel"] = 23;
        sparse = true;
        unique = false;
    }
    if (type == "zkd" || type == "mdi" || type == "mdi-prefixed")
        o["fieldValueTypes"] = "double";
    o["unique"] = unique;
    o["sparse"] = sparse;
    if (type == "persistent")
    {
        o["deduplicate"] = jbool(def, "deduplicate", true);
        o["estimates"] = jbool(def, "estimates", true);
        o["cacheEnabled"] = jbool(def, "cacheEnabled", false);
        if (auto* sv = def.if_contains("storedValues"); sv && sv->is_array())
            o["storedValues"] = *sv;
    }
    if (type == "persistent" || type == "edge")
        o["selectivityEstimate"] = 1;
    return o;
}

void add_restored_index(collection& c, const json::object& def)
{
    auto* t = def.if_contains("type");
    if (!t || !t->is_string() || *t == "primary" || *t == "edge")
        return;
    json::object ix = def;
    // Keep the dump's id (its number part) unless it clashes; the handle names this collection.
    std::string own;
    if (auto* id = def.if_contains("id"); id && id->is_string())
    {
        std::string_view s = id->as_string();
        own = std::string(s.substr(s.find('/') == std::string_view::npos ? 0 : s.find('/') + 1));
    }
    std::uint64_t max_id = 2;
    for (auto& e : c.indexes)
    {
        std::string_view s = e.at("id").as_string();
        std::string_view n = s.substr(s.find('/') + 1);
        if (!n.empty() && n.find_first_not_of("0123456789") == std::string_view::npos)
            max_id = std::max<std::uint64_t>(max_id, std::stoull(std::string(n)));
        if (ix.contains("fields") && same_definition(e.as_object(), ix))
            return;
        if (!own.empty() && n == own)
            own.clear();
    }
    if (own.empty())
        own = std::to_string(max_id + 1);
    ix["id"] = c.name() + "/" + own;
    if (!ix.contains("name"))
        ix["name"] = "idx_" + own;
    if (!ix.contains("unique"))
        ix["unique"] = false;
    if (!ix.contains("sparse"))
        ix["sparse"] = false;
    check_unique_index(c, ix);
    c.indexes.push_back(std::move(ix));
    c.invalidate_unique();
}

std::optional<response> api::index_api(const request& req, database& d, const std::vector<std::string>& seg)
{
    if (seg.size() < 2 || seg[0] != "_api" || seg[1] != "index")
        return std::nullopt;
    const std::string& m = req.method;
    if (seg.size() == 2)
    {
        auto cn = qstr(req, "collection");
        if (!cn)
            fail(400, 1203, "expecting collection name in 'collection' parameter");
        collection& c = st_.coll(d, *cn);
        if (m == "GET")
        {
            need_coll(d, *cn, access::ro);
            json::object ids;
            for (auto& ix : c.indexes)
                ids[ix.at("id").as_string()] = ix;
            return ok_reply(200, json::object{{"indexes", c.indexes}, {"identifiers", std::move(ids)}});
        }
        if (m == "POST")
        {
            need_coll(d, *cn, access::rw);
            json::object def = parse_object_body(req);
            json::object ix = normalize_index(c, def, st_.next_tick());
            for (auto& e : c.indexes)
            {
                auto& eo = e.as_object();
                if (eo.at("type") == "primary" || eo.at("type") == "edge")
                    continue;
                if (same_definition(eo, ix))
                {
                    json::object o = eo;
                    o["isNewlyCreated"] = false;
                    return ok_reply(200, std::move(o));
                }
                if (eo.contains("name") && eo.at("name") == ix.at("name"))
                    fail(
                        409, 1207,
                        "duplicate value: an index named '" + std::string(ix.at("name").as_string()) +
                            "' exists with a different definition"
                    );
            }
            check_unique_index(c, ix);
            c.indexes.push_back(ix);
            c.invalidate_unique();
            st_.mark_dirty();
            ix["isNewlyCreated"] = true;
            return ok_reply(201, std::move(ix));
        }
        bad_method();
    }
    if (seg.size() != 4)
        unknown_path(req);
    collection& c = st_.coll(d, seg[2]);
    json::object* ix = find_index(c, seg[3]);
    if (m == "GET")
    {
        need_coll(d, seg[2], access::ro);
        if (!ix)
            fail(404, 1212, "index not found");
        json::object o = *ix;
        return ok_reply(200, std::move(o));
    }
    if (m == "DELETE")
    {
        need_coll(d, seg[2], access::rw);
        if (!ix)
            fail(404, 1212, "index not found");
        if (ix->at("type") == "primary" || ix->at("type") == "edge")
            fail(403, 11, "cannot drop the " + std::string(ix->at("type").as_string()) + " index");
        json::value id = ix->at("id");
        auto& arr = c.indexes;
        for (auto it = arr.begin(); it != arr.end(); ++it)
            if (it->at("id") == id)
            {
                arr.erase(it);
                c.invalidate_unique();
                break;
            }
        st_.mark_dirty();
        return ok_reply(200, json::object{{"id", id}});
    }
    bad_method();
}

} // namespace arangokit::sim
