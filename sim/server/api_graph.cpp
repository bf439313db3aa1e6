// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// The general graph API (/_api/gharial): graphs are documents in the database's _graphs collection, like the
// real server's. Graph management, vertex and edge collections, and vertex and edge CRUD.
#include "api_util.hpp"
#include <set>

namespace arangokit::sim {

namespace {

json::object graph_of(const json::object& doc)
{
    json::object g = doc;
    g["name"] = doc.at("_key");
    return g;
}

std::set<std::string> vertex_collections(const json::object& g)
{
    std::set<std::string> out;
    for (auto& e : g.at("edgeDefinitions").as_array())
        for (const char* side : {"from", "to"})
            for (auto& v : e.at(side).as_array())
                out.insert(std::string(v.as_string()));
    for (auto& o : g.at("orphanCollections").as_array())
        out.insert(std::string(o.as_string()));
    return out;
}

std::set<std::string> edge_collections(const json::object& g)
{
    std::set<std::string> out;
    for (auto& e : g.at("edgeDefinitions").as_array())
        out.insert(std::string(e.at("collection").as_string()));
    return out;
}

json::object edge_definition(const json::value& e)
{
    if (!e.is_object())
        fail(400, 1923, "invalid edge definition");
    auto& o = e.as_object();
    auto* c = o.if_contains("collection");
    if (!c || !c->is_string() || c->as_string().empty())
        fail(400, 1923, "edge definition needs a 'collection'");
    json::object out{{"collection", *c}};
    for (const char* side : {"from", "to"})
    {
        auto* s = o.if_contains(side);
        if (!s || !s->is_array())
            fail(400, 1923, std::string("edge definition needs a '") + side + "' array");
        json::array names;
        for (auto& v : s->as_array())
        {
            if (!v.is_string())
                fail(400, 1923, "vertex collection names must be strings");
            names.push_back(v);
        }
        out[side] = std::move(names);
    }
    return out;
}

json::array names_array(const std::set<std::string>& s)
{
    json::array a;
    for (auto& n : s)
        a.push_back(json::string(n));
    return a;
}

} // namespace

std::optional<response> api::graph_api(const request& req, database& d, const std::vector<std::string>& seg)
{
    if (seg.size() < 2 || seg[0] != "_api" || seg[1] != "gharial")
        return std::nullopt;
    const std::string& m = req.method;
    collection& graphs = st_.coll(d, "_graphs");
    bool wait = qbool(req, "waitForSync", false);
    int wstatus = wait ? 201 : 202;
    auto ensure = [&](const json::value& cn, int type) {
        if (!cn.is_string())
            fail(400, 1923, "invalid edge definition");
        if (collection* c = st_.find_coll(d, cn.as_string()))
        {
            if (c->type() != type)
                fail(400, 1218, "invalid collection type for '" + std::string(cn.as_string()) + "'");
            return;
        }
        need_db_write(d);
        st_.create_collection(d, json::object{{"name", cn}, {"type", type}});
    };
    auto ensure_def = [&](const json::object& e) {
        ensure(e.at("collection"), 3);
        for (const char* side : {"from", "to"})
            for (auto& vc : e.at(side).as_array())
                ensure(vc, 2);
    };
    auto save = [&](json::object& g) {
        json::object doc = g;
        doc.erase("name");
        write_outcome w = insert_doc(st_, graphs, std::move(doc), dup_mode::replace, true, false);
        g = graph_of(w.doc);
    };
    // Collections used by graphs other than `except`.
    auto used_elsewhere = [&](const std::string& except) {
        std::set<std::string> out;
        for (auto& [seq, doc] : graphs.docs)
            if (doc.at("_key").as_string() != except)
            {
                for (auto& n : vertex_collections(doc))
                    out.insert(n);
                for (auto& n : edge_collections(doc))
                    out.insert(n);
            }
        return out;
    };

    if (seg.size() == 2)
    {
        if (m == "GET")
        {
            json::array list;
            for (auto& [seq, doc] : graphs.docs)
                list.push_back(graph_of(doc));
            return ok_reply(200, json::object{{"graphs", std::move(list)}});
        }
        if (m != "POST")
            bad_method();
        need_db_write(d);
        json::object b = parse_object_body(req);
        auto* n = b.if_contains("name");
        if (!n || !n->is_string() || n->as_string().empty())
            fail(400, 1932, "graph name must be a non-empty string");
        std::string name(n->as_string());
        if (graphs.find(name))
            fail(409, 1925, "graph already exists");
        json::array edge_defs;
        std::set<std::string> seen;
        if (auto* ed = b.if_contains("edgeDefinitions"); ed && ed->is_array())
            for (auto& e : ed->as_array())
            {
                json::object def = edge_definition(e);
                if (!seen.insert(std::string(def.at("collection").as_string())).second)
                    fail(400, 1920, "multi use of edge collection in edge def");
                edge_defs.push_back(std::move(def));
            }
        json::array orphans;
        if (auto* oc = b.if_contains("orphanCollections"); oc && oc->is_array())
            orphans = oc->as_array();
        for (auto& e : edge_defs)
            ensure_def(e.as_object());
        for (auto& o : orphans)
            ensure(o, 2);
        json::object opts = b.contains("options") && b.at("options").is_object() ? b.at("options").as_object()
                                                                                 : json::object{};
        json::object doc{
            {"_key", name},
            {"edgeDefinitions", std::move(edge_defs)},
            {"orphanCollections", std::move(orphans)},
            {"numberOfShards", opts.contains("numberOfShards") ? opts.at("numberOfShards") : json::value(1)},
            {"replicationFactor",
             opts.contains("replicationFactor") ? opts.at("replicationFactor") : json::value(1)},
            {"isSmart", false},
            {"isDisjoint", false}};
        write_outcome w = insert_doc(st_, graphs, std::move(doc), dup_mode::conflict, true, true);
        return ok_reply(wstatus, json::object{{"graph", graph_of(w.doc)}});
    }
    const std::string& gname = seg[2];
    json::object* gdoc = graphs.find(gname);
    if (!gdoc)
        fail(404, 1924, "graph '" + gname + "' not found");
    json::object g = graph_of(*gdoc);
    if (seg.size() == 3)
    {
        if (m == "GET")
            return ok_reply(200, json::object{{"graph", g}});
        if (m != "DELETE")
            bad_method();
        need_db_write(d);
        if (qbool(req, "dropCollections", false))
        {
            auto keep = used_elsewhere(gname);
            for (auto& n : edge_collections(g))
                if (!keep.count(n) && st_.find_coll(d, n))
                    st_.drop_collection(d, n);
            for (auto& n : vertex_collections(g))
                if (!keep.count(n) && st_.find_coll(d, n))
                    st_.drop_collection(d, n);
        }
        graphs.erase(gname);
        st_.mark_dirty();
        return ok_reply(wstatus, json::object{{"removed", true}});
    }
    const std::string& kind = seg[3]; // vertex or edge
    if (kind != "vertex" && kind != "edge")
        unknown_path(req);
    bool is_vertex = kind == "vertex";

    if (seg.size() == 4)
    {
        if (m == "GET")
            return ok_reply(
                200,
                json::object{
                    {"collections", names_array(is_vertex ? vertex_collections(g) : edge_collections(g))}}
            );
        if (m != "POST")
            bad_method();
        need_db_write(d);
        json::object b = parse_object_body(req);
        if (is_vertex)
        {
            auto* c = b.if_contains("collection");
            if (!c || !c->is_string())
                fail(400, 10, "expecting a 'collection'");
            if (vertex_collections(g).count(std::string(c->as_string())))
                fail(400, 1938, "collection already used in edge def or orphans");
            ensure(*c, 2);
            g["orphanCollections"].as_array().push_back(*c);
        }
        else
        {
            json::object def = edge_definition(b);
            if (edge_collections(g).count(std::string(def.at("collection").as_string())))
                fail(400, 1920, "multi use of edge collection in edge def");
            ensure_def(def);
            g["edgeDefinitions"].as_array().push_back(def);
            // Vertex collections now used by an edge definition stop being orphans.
            auto& orph = g["orphanCollections"].as_array();
            json::array kept;
            for (auto& o : orph)
            {
                bool used = false;
                for (const char* side : {"from", "to"})
                    for (auto& v : def.at(side).as_array())
                        used = used || v == o;
                if (!used)
                    kept.push_back(o);
            }
            orph = std::move(kept);
        }
        save(g);
        return ok_reply(wstatus, json::object{{"graph", g}});
    }
    const std::string& cname = seg[4];
    bool member = is_vertex ? vertex_collections(g).count(cname) > 0 : edge_collections(g).count(cname) > 0;
    if (seg.size() == 5)
    {
        if (!member)
            fail(
                404, is_vertex ? 1926 : 1930,
                is_vertex ? "vertex collection not part of graph" : "edge collection not used in graph"
            );
        if (m == "DELETE" || (m == "PUT" && !is_vertex))
        {
            need_db_write(d);
            bool drop = qbool(req, "dropCollection", false) || qbool(req, "dropCollections", false);
            if (is_vertex)
            {
                auto& orph = g["orphanCollections"].as_array();
                json::array kept;
                bool found = false;
                for (auto& o : orph)
                    if (o.as_string() == cname)
                        found = true;
                    else
                        kept.push_back(o);
                if (!found)
                    fail(400, 1928, "collection is not in the graph's orphan collections");
                orph = std::move(kept);
            }
            else
            {
                auto& defs = g["edgeDefinitions"].as_array();
                json::array kept;
                json::object removed;
                for (auto& e : defs)
                    if (e.at("collection").as_string() == cname)
                        removed = e.as_object();
                    else
                        kept.push_back(e);
                if (m == "PUT")
                {
                    json::object def = edge_definition(parse_object_body(req));
                    if (def.at("collection").as_string() != cname)
                        fail(400, 1923, "edge definition's collection does not match the path");
                    ensure_def(def);
                    kept.push_back(def);
                    drop = false;
                }
                defs = std::move(kept);
                // Vertex collections no longer referenced stay in the graph as orphans.
                if (m == "DELETE")
                {
                    auto now = vertex_collections(g);
                    for (const char* side : {"from", "to"})
                        for (auto& v : removed.at(side).as_array())
                            if (!now.count(std::string(v.as_string())))
                            {
                                g["orphanCollections"].as_array().push_back(v);
                                now.insert(std::string(v.as_string()));
                            }
                }
            }
            save(g);
            if (drop && !used_elsewhere(gname).count(cname) && st_.find_coll(d, cname))
                st_.drop_collection(d, cname);
            return ok_reply(wstatus, json::object{{"graph", g}});
        }
        if (m != "POST")
            bad_method();
        // Create a vertex or an edge.
        collection& c = st_.coll(d, cname);
        need_coll(d, cname, access::rw);
        check_trx(req, d, cname, true);
        json::object b = parse_object_body(req);
        if (!is_vertex)
        {
            json::object def;
            for (auto& e : g.at("edgeDefinitions").as_array())
                if (e.at("collection").as_string() == cname)
                    def = e.as_object();
            for (const char* side : {"_from", "_to"})
            {
                auto* v = b.if_contains(side);
                if (!v || !v->is_string() || v->as_string().find('/') == json::string::npos)
                    fail(400, 1233, "edge attribute missing or invalid");
                std::string_view id = v->as_string();
                std::string vc(id.substr(0, id.find('/')));
                bool allowed = false;
                for (auto& x : def.at(side == std::string("_from") ? "from" : "to").as_array())
                    allowed = allowed || x.as_string() == vc;
                if (!allowed)
                    fail(400, 1906, "invalid edge between " + vc + " and the graph's edge definition");
                collection* vcoll = st_.find_coll(d, vc);
                if (!vcoll || !vcoll->find(id.substr(id.find('/') + 1)))
                    fail(404, 1202, "referenced _from/_to document not found");
            }
        }
        write_outcome w = insert_doc(st_, c, std::move(b), dup_mode::conflict, true, true);
        json::object o{{is_vertex ? "vertex" : "edge", doc_meta(w.doc)}};
        if (qbool(req, "returnNew", false))
            o["new"] = w.doc;
        return ok_reply(wstatus, std::move(o));
    }
    if (seg.size() != 6)
        unknown_path(req);
    if (!member)
        fail(
            404, is_vertex ? 1926 : 1930,
            is_vertex ? "vertex collection not part of graph" : "edge collection not used in graph"
        );
    collection& c = st_.coll(d, cname);
    const std::string& key = seg[5];
    bool reading = m == "GET" || m == "HEAD";
    need_coll(d, cname, reading ? access::ro : access::rw);
    check_trx(req, d, cname, !reading);
    json::object* doc = c.find(key);
    if (!doc)
        fail(404, 1202, "document not found");
    const char* field = is_vertex ? "vertex" : "edge";
    if (reading)
        return ok_reply(200, json::object{{field, *doc}});
    if (m == "PUT" || m == "PATCH")
    {
        json::object b = parse_object_body(req);
        b["_key"] = key;
        if (!is_vertex && m == "PATCH")
            for (const char* side : {"_from", "_to"})
                if (!b.contains(side))
                    b[side] = doc->at(side);
        std::string old_rev(doc->at("_rev").as_string());
        write_outcome w = insert_doc(
            st_, c, std::move(b), m == "PUT" ? dup_mode::replace : dup_mode::update,
            qbool(req, "keepNull", true), true
        );
        json::object meta = doc_meta(w.doc);
        meta["_oldRev"] = old_rev;
        json::object o{{field, std::move(meta)}};
        if (qbool(req, "returnNew", false))
            o["new"] = w.doc;
        if (qbool(req, "returnOld", false) && w.old)
            o["old"] = *w.old;
        return ok_reply(wstatus, std::move(o));
    }
    if (m == "DELETE")
    {
        json::object old = *doc;
        c.erase(key);
        if (is_vertex)
        {
            // Edges of the graph that touch the vertex go with it, as in ArangoDB.
            std::string id = cname + "/" + key;
            for (auto& en : edge_collections(g))
                if (collection* ec = st_.find_coll(d, en))
                {
                    std::vector<std::string> gone;
                    for (auto& [seq, e] : ec->docs)
                        if (e.at("_from") == id.c_str() || e.at("_to") == id.c_str())
                            gone.emplace_back(e.at("_key").as_string());
                    for (auto& k : gone)
                        ec->erase(k);
                }
        }
        st_.mark_dirty();
        json::object o{{"removed", true}};
        if (qbool(req, "returnOld", false))
            o["old"] = std::move(old);
        return ok_reply(wait ? 200 : 202, std::move(o));
    }
    bad_method();
}

} // namespace arangokit::sim
