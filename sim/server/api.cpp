// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#include "api_util.hpp"
#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <openssl/crypto.h>

namespace arangokit::sim {

namespace {

json::object collection_summary(const collection& c)
{
    return json::object{{"id", c.params.at("id")},     {"name", c.params.at("name")},
                        {"type", c.params.at("type")}, {"status", 3},
                        {"isSystem", c.is_system()},   {"globallyUniqueId", c.params.at("globallyUniqueId")}};
}

json::object db_properties(const database& d, bool cluster)
{
    return json::object{
        {"id", d.id},
        {"name", d.name},
        {"isSystem", d.name == "_system"},
        {"path", "none"},
        {"sharding", ""},
        {"replicationFactor", 1},
        {"writeConcern", 1},
        {"replicationVersion", "1"},
        {"isCluster", cluster}};
}

// ---------------------------------------------------------------------------------------------------------
// documents

dup_mode parse_dup_mode(const request& req)
{
    if (auto m = qstr(req, "overwriteMode"))
    {
        if (*m == "replace")
            return dup_mode::replace;
        if (*m == "update")
            return dup_mode::update;
        if (*m == "ignore")
            return dup_mode::ignore;
        if (*m == "conflict")
            return dup_mode::conflict;
        fail(400, 600, "invalid overwriteMode");
    }
    return qbool(req, "overwrite", false) ? dup_mode::replace : dup_mode::conflict;
}

} // namespace

// ---------------------------------------------------------------------------------------------------------
// api

api::api(config& cfg, store& st) : cfg_(cfg), st_(st) {}

std::optional<std::string> api::authenticate(const request& req) const
{
    if (cfg_.auth == auth_mode::none)
        return std::string();
    std::string_view a = req.authorization;
    auto starts = [&](std::string_view p) {
        if (a.size() < p.size())
            return false;
        for (std::size_t i = 0; i < p.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(a[i])) != p[i])
                return false;
        return true;
    };
    auto active_user = [&](const std::string& name) -> std::optional<std::string> {
        auto it = st_.users().find(name);
        if (it == st_.users().end() || !it->second.active)
            return std::nullopt;
        return name;
    };
    if (starts("basic "))
    {
        auto raw = base64_decode(a.substr(6));
        if (!raw)
            return std::nullopt;
        auto colon = raw->find(':');
        if (colon == std::string::npos)
            return std::nullopt;
        auto it = st_.users().find(raw->substr(0, colon));
        if (it == st_.users().end() || it->second.password != raw->substr(colon + 1))
            return std::nullopt;
        return active_user(it->first);
    }
    if (starts("bearer "))
    {
        std::string_view tok = a.substr(7);
        auto d1 = tok.find('.');
        auto d2 = tok.rfind('.');
        if (d1 == std::string_view::npos || d1 == d2)
            return std::nullopt;
        auto head = base64url_decode(tok.substr(0, d1));
        auto payload = base64url_decode(tok.substr(d1 + 1, d2 - d1 - 1));
        auto sig = base64url_decode(tok.substr(d2 + 1));
        if (!head || !payload || !sig)
            return std::nullopt;
        std::string expect = hmac_sha256(cfg_.jwt_secret, tok.substr(0, d2));
        if (sig->size() != expect.size() || CRYPTO_memcmp(sig->data(), expect.data(), expect.size()) != 0)
            return std::nullopt;
        boost::system::error_code ec;
        json::value h = json::parse(*head, ec);
        if (ec || !h.is_object() || !h.as_object().contains("alg") || h.at("alg") != "HS256")
            return std::nullopt;
        json::value p = json::parse(*payload, ec);
        if (ec || !p.is_object())
            return std::nullopt;
        auto& po = p.as_object();
        if (auto* iss = po.if_contains("iss"); !iss || *iss != "arangodb")
            return std::nullopt;
        if (auto* exp = po.if_contains("exp");
            exp && exp->is_number() && exp->to_number<double>() * 1000 < now_ms())
            return std::nullopt;
        if (auto* user = po.if_contains("preferred_username"))
        {
            if (!user->is_string())
                return std::nullopt;
            return active_user(std::string(user->as_string()));
        }
        return std::string();
    }
    return std::nullopt;
}

namespace {
access parse_level(const std::string& l)
{
    return l == "rw" ? access::rw : l == "ro" ? access::ro : access::none;
}
} // namespace

access api::db_access(std::string_view db) const
{
    if (super_)
        return access::rw;
    auto it = st_.users().find(user_);
    if (it == st_.users().end())
        return access::none;
    const auto& g = it->second.db_grants;
    if (auto d = g.find(std::string(db)); d != g.end())
        return parse_level(d->second);
    if (auto d = g.find("*"); d != g.end())
        return parse_level(d->second);
    return access::none;
}

// A collection's level: its own grant, else the database's "*" collection grant, else the "*" database's
// grants for it, else the database level (how ArangoDB resolves undefined levels).
access api::coll_access(std::string_view db, std::string_view coll) const
{
    if (super_)
        return access::rw;
    auto it = st_.users().find(user_);
    if (it == st_.users().end())
        return access::none;
    const auto& cg = it->second.coll_grants;
    for (const std::string& dbk : {std::string(db), std::string("*")})
    {
        auto d = cg.find(dbk);
        if (d == cg.end())
            continue;
        if (auto c = d->second.find(std::string(coll)); c != d->second.end())
            return parse_level(c->second);
        if (auto c = d->second.find("*"); c != d->second.end())
            return parse_level(c->second);
    }
    return db_access(db);
}

void api::need_coll(const database& d, std::string_view coll, access level) const
{
    if (static_cast<int>(coll_access(d.name, coll)) < static_cast<int>(level))
        fail(403, 11, "forbidden");
}

void api::need_db_write(const database& d) const
{
    if (db_access(d.name) != access::rw)
        fail(403, 11, "forbidden");
}

void api::need_admin() const
{
    if (db_access("_system") != access::rw)
        fail(403, 11, "forbidden");
}

response api::open_auth(const request& req)
{
    if (req.method != "POST")
        bad_method();
    json::object b = parse_object_body(req);
    auto* u = b.if_contains("username");
    auto* pw = b.if_contains("password");
    if (!u || !u->is_string())
        fail(400, 600, "username must be a string");
    auto it = st_.users().find(std::string(u->as_string()));
    std::string given = pw && pw->is_string() ? std::string(pw->as_string()) : "";
    if (it == st_.users().end() || it->second.password != given || !it->second.active)
        fail(401, 401, "Wrong credentials");
    std::int64_t now = now_ms() / 1000;
    json::object payload{
        {"preferred_username", it->first}, {"iss", "arangodb"}, {"iat", now}, {"exp", now + 3600}};
    return json_reply(200, json::object{{"jwt", make_jwt(cfg_.jwt_secret, payload)}});
}

// TTL indexes: at most once a second (on a request), documents whose indexed attribute (seconds since the
// epoch, or an ISO 8601 date string) plus expireAfter lies in the past are removed, as ArangoDB's TTL thread
// does every 30 s.
void api::expire_ttl()
{
    std::int64_t now = now_ms();
    if (now - last_ttl_sweep_ms_ < 1000)
        return;
    last_ttl_sweep_ms_ = now;
    for (auto& [dn, db] : st_.databases())
        for (auto& [cn, c] : db.collections)
            for (auto& ixv : c.indexes)
            {
                const json::object& ix = ixv.as_object();
                if (ix.at("type") != "ttl" || !ix.contains("expireAfter") ||
                    !ix.at("expireAfter").is_number())
                    continue;
                double after = ix.at("expireAfter").to_number<double>();
                std::string field(ix.at("fields").as_array().at(0).as_string());
                std::vector<std::string> gone;
                for (auto& [seq, doc] : c.docs)
                {
                    const json::value* v = attribute_path(doc, field);
                    double at = 0;
                    if (v && v->is_number())
                        at = v->to_number<double>();
                    else if (v && v->is_string())
                    {
                        std::tm tm{};
                        std::string sv(v->as_string());
                        if (!strptime(sv.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) &&
                            !strptime(sv.c_str(), "%Y-%m-%d", &tm))
                            continue;
                        at = static_cast<double>(timegm(&tm));
                    }
                    else
                        continue;
                    if ((at + after) * 1000 < static_cast<double>(now))
                        gone.emplace_back(doc.at("_key").as_string());
                }
                for (auto& k : gone)
                    c.erase(k);
                if (!gone.empty())
                    st_.mark_dirty();
            }
}

response api::handle(const request& req, const listener_info& li)
{
    expire_ttl();
    response r;
    try
    {
        std::string_view rest = req.path;
        std::string dbname = "_system";
        if (rest.rfind("/_db/", 0) == 0)
        {
            std::string_view after = rest.substr(5);
            auto slash = after.find('/');
            dbname = url_decode(after.substr(0, slash));
            rest = slash == std::string_view::npos ? std::string_view("/") : after.substr(slash);
        }
        if (rest == "/_open/auth")
            r = open_auth(req);
        else
        {
            std::optional<std::string> who;
            if (rest != "/_admin/server/availability")
                who = authenticate(req);
            else
                who = std::string();
            auto unauthorized = [&] {
                response u;
                u.status = 401;
                u.body = error_body(401, 11, "not authorized to execute this request");
                u.headers.emplace_back("WWW-Authenticate", "Basic, realm=\"ArangoDB\"");
                return u;
            };
            if (!who)
                r = unauthorized();
            else
            {
                user_ = *who;
                super_ = who->empty();
                database& d = st_.db(dbname);
                // A user without access to the database is not authorized, whatever the path (ArangoDB:
                // 401). Users may still read their own user record and permissions from anywhere.
                bool own_user_path = rest.rfind("/_api/user/", 0) == 0 && req.method == "GET";
                if (db_access(d.name) == access::none && !own_user_path)
                    r = unauthorized();
                else
                    r = route(req, li, d, rest);
            }
        }
    }
    catch (const api_error& e)
    {
        r = response{};
        r.status = e.http;
        r.body = error_body(e.http, e.num, e.what());
    }
    catch (const std::exception& e)
    {
        r = response{};
        r.status = 500;
        r.body = error_body(500, 4, std::string("internal error: ") + e.what());
    }
    user_.clear();
    super_ = true;
    r.headers.emplace_back("x-arango-queue-time-seconds", "0.000000");
    return r;
}

response api::route(const request& req, const listener_info& li, database& d, std::string_view rest)
{
    const std::string& m = req.method;
    std::vector<std::string> seg = split_path(rest);
    auto at = [&](std::size_t i) -> const std::string& {
        static const std::string empty;
        return i < seg.size() ? seg[i] : empty;
    };
    const bool cluster = cfg_.cluster();

    // ----- server info
    if (rest == "/_api/version")
    {
        json::object o{{"server", "arango"}, {"version", cfg_.version}, {"license", "community"}};
        if (qbool(req, "details", false))
            o["details"] = json::object{
                {"role", cluster ? "COORDINATOR" : "SINGLE"},
                {"mode", "server"},
                {"architecture", "64bit"},
                {"server-version", cfg_.version},
                {"host", "arangosim"},
                {"engine", "rocksdb"},
                {"license", "community"}};
        return json_reply(200, o);
    }
    if (rest == "/_api/engine")
        return json_reply(200, json::object{{"name", "rocksdb"}});
    if (rest == "/_admin/server/availability")
        return json_reply(200, json::object{{"mode", "default"}, {"writeOpsEnabled", true}});
    if (rest == "/_admin/server/role")
        return ok_reply(200, json::object{{"role", cluster ? "COORDINATOR" : "SINGLE"}, {"mode", "default"}});
    if (rest == "/_admin/shutdown")
    {
        if (m != "POST" && m != "DELETE")
            bad_method();
        response r = json_reply(200, json::string("OK"));
        r.shutdown = true;
        return r;
    }

    if (auto r = misc_api(req, li, d, seg))
        return *r;
    if (auto r = users_api(req, seg))
        return *r;
    if (auto r = index_api(req, d, seg))
        return *r;
    if (auto r = trx_api(req, d, seg))
        return *r;
    if (auto r = query_api(req, d, seg))
        return *r;
    if (auto r = graph_api(req, d, seg))
        return *r;
    if (auto r = multi_doc_api(req, d, seg))
        return *r;

    // ----- databases
    if (at(0) == "_api" && at(1) == "database")
    {
        if (seg.size() == 2 && m == "GET")
        {
            if (d.name != "_system")
                fail(403, 1230, "operation only allowed in system database");
            need_admin();
            json::array names;
            for (auto& [n, db] : st_.databases())
                names.push_back(json::string(n));
            return ok_reply(200, json::object{{"result", std::move(names)}});
        }
        if (seg.size() == 3 && at(2) == "user" && m == "GET")
        {
            json::array names;
            for (auto& [n, db] : st_.databases())
                if (db_access(n) != access::none)
                    names.push_back(json::string(n));
            return ok_reply(200, json::object{{"result", std::move(names)}});
        }
        if (seg.size() == 3 && at(2) == "current" && m == "GET")
            return ok_reply(200, json::object{{"result", db_properties(d, cluster)}});
        if (seg.size() == 2 && m == "POST")
        {
            if (d.name != "_system")
                fail(403, 1230, "operation only allowed in system database");
            need_admin();
            json::object b = parse_object_body(req);
            auto* n = b.if_contains("name");
            if (!n || !n->is_string())
                fail(400, 1229, "database name invalid");
            std::string name(n->as_string());
            // "users": [{"username", "passwd"?, "active"?, "extra"?}] are created (when missing) and get rw.
            std::vector<std::pair<std::string, user_record>> new_users;
            if (auto* us = b.if_contains("users"); us && us->is_array())
                for (auto& u : us->as_array())
                {
                    if (!u.is_object())
                        fail(400, 10, "users must be an array of objects");
                    auto* un = u.as_object().if_contains("username");
                    if (!un)
                        un = u.as_object().if_contains("user");
                    if (!un || !un->is_string() || un->as_string().empty())
                        fail(400, 1700, "invalid user name");
                    user_record rec;
                    if (auto* pw = u.as_object().if_contains("passwd"); pw && pw->is_string())
                        rec.password = std::string(pw->as_string());
                    rec.active = jbool(u.as_object(), "active", true);
                    if (auto* ex = u.as_object().if_contains("extra"); ex && ex->is_object())
                        rec.extra = ex->as_object();
                    new_users.emplace_back(std::string(un->as_string()), std::move(rec));
                }
            st_.create_database(name);
            for (auto& [un, rec] : new_users)
            {
                auto it = st_.users().find(un);
                if (it == st_.users().end())
                    it = st_.users().emplace(un, std::move(rec)).first;
                it->second.db_grants[name] = "rw";
            }
            st_.mark_dirty();
            return ok_reply(201, json::object{{"result", true}});
        }
        if (seg.size() == 3 && m == "DELETE")
        {
            if (d.name != "_system")
                fail(403, 1230, "operation only allowed in system database");
            need_admin();
            st_.drop_database(at(2));
            for (auto& [un, rec] : st_.users())
            {
                rec.db_grants.erase(at(2));
                rec.coll_grants.erase(at(2));
            }
            trx_.clear();
            return ok_reply(200, json::object{{"result", true}});
        }
        bad_method();
    }

    // ----- collections
    if (at(0) == "_api" && at(1) == "collection")
    {
        if (seg.size() == 2)
        {
            if (m == "GET")
            {
                bool exclude = qbool(req, "excludeSystem", false);
                json::array list;
                for (auto& [n, c] : d.collections)
                    if (!(exclude && c.is_system()) && coll_access(d.name, n) != access::none)
                        list.push_back(collection_summary(c));
                return ok_reply(200, json::object{{"result", std::move(list)}});
            }
            if (m == "POST")
            {
                need_db_write(d);
                json::object b = parse_object_body(req);
                if (auto* ko = b.if_contains("keyOptions"); ko && ko->is_object())
                {
                    auto* t = ko->as_object().if_contains("type");
                    std::string type = t && t->is_string() ? std::string(t->as_string()) : "traditional";
                    if (type != "traditional" && type != "autoincrement" && type != "uuid" &&
                        type != "padded")
                        fail(400, 1232, "invalid key generator type: " + type);
                    if (type == "autoincrement" && cluster)
                        if (auto* ns = b.if_contains("numberOfShards");
                            ns && ns->is_number() && ns->to_number<double>() > 1)
                            fail(
                                501, 1232,
                                "the specified key generator is not supported for collections with more than "
                                "one shard"
                            );
                    json::object k{
                        {"type", type}, {"allowUserKeys", jbool(ko->as_object(), "allowUserKeys", true)}};
                    if (type == "autoincrement")
                        for (const char* f : {"increment", "offset"})
                            if (auto* v = ko->as_object().if_contains(f))
                            {
                                if (!v->is_number() || v->to_number<double>() < 0 ||
                                    (std::string(f) == "increment" && v->to_number<double>() < 1))
                                    fail(400, 1232, std::string("invalid ") + f + " for the key generator");
                                k[f] = v->to_number<std::int64_t>();
                            }
                    if (type == "autoincrement" && !k.contains("increment"))
                        k["increment"] = 1;
                    if (type == "autoincrement" && !k.contains("offset"))
                        k["offset"] = 0;
                    k["lastValue"] = 0;
                    b["keyOptions"] = std::move(k);
                }
                collection& c = st_.create_collection(d, b);
                // The creator gets rw on what it created (as ArangoDB does for users below rw on it).
                if (!super_ && coll_access(d.name, c.name()) != access::rw)
                    st_.users()[user_].coll_grants[d.name][c.name()] = "rw";
                json::object o = c.params;
                return ok_reply(200, std::move(o));
            }
            bad_method();
        }
        collection& c = st_.coll(d, at(2));
        if (seg.size() == 3)
        {
            if (m == "GET")
            {
                need_coll(d, at(2), access::ro);
                return ok_reply(200, collection_summary(c));
            }
            if (m == "DELETE")
            {
                need_db_write(d);
                need_coll(d, at(2), access::rw);
                if (c.is_system() && !qbool(req, "isSystem", false))
                    fail(403, 11, "forbidden: pass isSystem=true to drop a system collection");
                json::value id = c.params.at("id");
                st_.drop_collection(d, at(2));
                return ok_reply(200, json::object{{"id", id}});
            }
            bad_method();
        }
        const std::string& op = at(3);
        need_coll(d, at(2), m == "GET" ? access::ro : access::rw);
        auto with_count = [&] {
            json::object o = c.params;
            o["count"] = c.docs.size();
            return o;
        };
        auto revision_of = [&] {
            std::uint64_t rmax = 0;
            for (auto& [seq, doc] : c.docs)
                rmax = std::max(rmax, seq);
            return std::to_string(rmax + std::stoull(std::string(c.params.at("id").as_string())));
        };
        if (seg.size() == 4 && op == "properties")
        {
            if (m == "PUT")
            {
                json::object b = parse_object_body(req);
                for (const char* k :
                     {"waitForSync", "schema", "cacheEnabled", "replicationFactor", "writeConcern",
                      "computedValues"})
                    if (auto* v = b.if_contains(k))
                    {
                        if ((std::string(k) == "waitForSync" || std::string(k) == "cacheEnabled") &&
                            !v->is_bool())
                            fail(400, 10, std::string("bad value for ") + k);
                        c.params[k] = *v;
                    }
                st_.mark_dirty();
            }
            else if (m != "GET")
                bad_method();
            json::object o = c.params;
            return ok_reply(200, std::move(o));
        }
        if (seg.size() == 4 && op == "count" && m == "GET")
            return ok_reply(200, with_count());
        if (seg.size() == 4 && op == "figures" && m == "GET")
        {
            json::object o = with_count();
            std::size_t bytes = 0;
            for (auto& [seq, doc] : c.docs)
                bytes += json::serialize(doc).size();
            o["figures"] = json::object{
                {"indexes", json::object{{"count", c.indexes.size()}, {"size", 0}}},
                {"documentsSize", bytes},
                {"cacheInUse", false},
                {"cacheSize", 0},
                {"cacheUsage", 0}};
            return ok_reply(200, std::move(o));
        }
        if (seg.size() == 4 && op == "revision" && m == "GET")
        {
            json::object o = c.params;
            o["revision"] = revision_of();
            return ok_reply(200, std::move(o));
        }
        if (seg.size() == 4 && op == "checksum" && m == "GET")
        {
            // Order-independent: XOR of a hash of each key (and revision / data when asked for).
            bool with_revs = qbool(req, "withRevisions", false);
            bool with_data = qbool(req, "withData", false);
            std::uint64_t sum = 0;
            for (auto& [seq, doc] : c.docs)
            {
                std::string in(doc.at("_key").as_string());
                if (with_revs)
                    in += "/" + std::string(doc.at("_rev").as_string());
                if (with_data)
                {
                    json::object copy = doc;
                    copy.erase("_id");
                    copy.erase("_key");
                    copy.erase("_rev");
                    in += json::serialize(copy);
                }
                sum ^= std::hash<std::string>{}(in);
            }
            json::object o = c.params;
            o["checksum"] = std::to_string(sum);
            o["revision"] = revision_of();
            return ok_reply(200, std::move(o));
        }
        if (seg.size() == 4 && op == "rename" && m == "PUT")
        {
            need_db_write(d);
            json::object b = parse_object_body(req);
            auto* n = b.if_contains("name");
            if (!n || !n->is_string())
                fail(400, 1208, "illegal name");
            if (cluster)
                fail(501, 1470, "rename is not supported in a cluster");
            std::string to(n->as_string());
            if (st_.find_coll(d, to))
                fail(409, 1207, "duplicate name");
            collection moved = c;
            json::object props = moved.params;
            props["name"] = to;
            // Validate the new name through the store's rules, then move the data over.
            collection& fresh = st_.create_collection(d, json::object{{"name", to}, {"type", c.type()}});
            fresh.params = props;
            fresh.params["isSystem"] = !to.empty() && to[0] == '_';
            fresh.indexes = moved.indexes;
            for (auto& ix : fresh.indexes)
            {
                std::string id(ix.at("id").as_string());
                ix.as_object()["id"] = to + id.substr(id.find('/'));
            }
            for (auto& [seq, doc] : moved.docs)
            {
                json::object nd = doc;
                nd["_id"] = to + "/" + std::string(doc.at("_key").as_string());
                fresh.put(std::move(nd));
            }
            std::string from = at(2);
            st_.drop_collection(d, from);
            return ok_reply(200, collection_summary(*st_.find_coll(d, to)));
        }
        if (seg.size() == 4 && op == "shards" && m == "GET")
        {
            if (!cluster)
                fail(501, 1471, "this API is only available in a cluster");
            auto shards = std::max<std::int64_t>(1, c.params.at("numberOfShards").to_number<std::int64_t>());
            auto base = std::stoull(std::string(c.params.at("id").as_string()));
            json::object o = c.params;
            if (qbool(req, "details", false))
            {
                json::object sh;
                for (std::int64_t i = 0; i < shards; ++i)
                    sh["s" + std::to_string(base + static_cast<std::uint64_t>(i))] =
                        json::array{json::string("DB" + std::to_string(i % 3 + 1))};
                o["shards"] = std::move(sh);
            }
            else
            {
                json::array sh;
                for (std::int64_t i = 0; i < shards; ++i)
                    sh.push_back(json::string("s" + std::to_string(base + static_cast<std::uint64_t>(i))));
                o["shards"] = std::move(sh);
            }
            return ok_reply(200, std::move(o));
        }
        if (seg.size() == 4 && op == "responsibleShard" && m == "PUT")
        {
            if (!cluster)
                fail(501, 1471, "this API is only available in a cluster");
            json::object b = parse_object_body(req);
            auto shards = std::max<std::int64_t>(1, c.params.at("numberOfShards").to_number<std::int64_t>());
            auto base = std::stoull(std::string(c.params.at("id").as_string()));
            std::string key =
                b.contains("_key") && b.at("_key").is_string() ? std::string(b.at("_key").as_string()) : "";
            auto idx = static_cast<std::uint64_t>(
                std::hash<std::string>{}(key) % static_cast<std::uint64_t>(shards)
            );
            return ok_reply(200, json::object{{"shardId", "s" + std::to_string(base + idx)}});
        }
        if (seg.size() == 4 &&
            (op == "load" || op == "unload" || op == "loadIndexesIntoMemory" || op == "recalculateCount" ||
             op == "compact") &&
            m == "PUT")
        {
            if (op == "loadIndexesIntoMemory" || op == "recalculateCount")
                return ok_reply(200, json::object{{"result", true}});
            return ok_reply(200, collection_summary(c));
        }
        if (seg.size() == 4 && op == "truncate" && m == "PUT")
        {
            check_trx(req, d, at(2), true);
            c.clear();
            st_.mark_dirty();
            return ok_reply(200, collection_summary(c));
        }
        unknown_path(req);
    }

    // ----- documents
    if (at(0) == "_api" && at(1) == "document")
    {
        if (seg.size() < 3)
            unknown_path(req);
        collection& c = st_.coll(d, at(2));
        bool reading = m == "GET" || m == "HEAD";
        need_coll(d, at(2), reading ? access::ro : access::rw);
        check_trx(req, d, at(2), !reading);
        bool wait = qbool(req, "waitForSync", jbool(c.params, "waitForSync", false));
        int wstatus = wait ? 201 : 202;
        bool return_new = qbool(req, "returnNew", false);
        bool return_old = qbool(req, "returnOld", false);
        bool silent = qbool(req, "silent", false);
        bool keep_null = qbool(req, "keepNull", true);
        bool merge_objects = qbool(req, "mergeObjects", true);

        if (seg.size() == 3)
        {
            if (m != "POST")
                bad_method();
            json::value body = parse_body(req);
            dup_mode mode = parse_dup_mode(req);
            auto one = [&](json::value& v) -> json::object {
                if (!v.is_object())
                    fail(400, 1227, "invalid document type");
                write_outcome w =
                    insert_doc(st_, c, std::move(v.as_object()), mode, keep_null, merge_objects);
                json::object meta = doc_meta(w.doc);
                if (w.old)
                    meta["_oldRev"] = w.old->at("_rev");
                if (return_new)
                    meta["new"] = w.doc;
                if (return_old && w.old)
                    meta["old"] = *w.old;
                return meta;
            };
            if (body.is_array())
            {
                json::array results;
                std::map<int, int> codes;
                for (auto& v : body.as_array())
                {
                    try
                    {
                        results.push_back(one(v));
                    }
                    catch (const api_error& e)
                    {
                        results.push_back(json::object{
                            {"error", true}, {"errorNum", e.num}, {"errorMessage", e.what()}});
                        codes[e.num]++;
                    }
                }
                response r = json_reply(
                    wstatus, silent && codes.empty() ? json::value(json::array{}) : json::value(results)
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
            json::object meta = one(body);
            response r = json_reply(wstatus, silent ? json::value(json::object{}) : json::value(meta));
            r.headers.emplace_back("ETag", "\"" + std::string(meta.at("_rev").as_string()) + "\"");
            return r;
        }
        if (seg.size() != 4)
            unknown_path(req);
        const std::string& key = at(3);
        json::object* doc = c.find(key);
        if (!doc)
            fail(404, 1202, "document not found");
        std::string rev(doc->at("_rev").as_string());
        auto unquote = [](std::string s) {
            if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
                s = s.substr(1, s.size() - 2);
            return s;
        };
        if (!req.if_match.empty() && unquote(req.if_match) != rev)
        {
            response r = json_reply(
                412,
                json::object{
                    {"error", true},
                    {"code", 412},
                    {"errorNum", 1200},
                    {"errorMessage", "conflict, _rev values do not match"},
                    {"_id", doc->at("_id")},
                    {"_key", doc->at("_key")},
                    {"_rev", doc->at("_rev")}}
            );
            r.headers.emplace_back("ETag", "\"" + rev + "\"");
            return r;
        }
        if (m == "GET" || m == "HEAD")
        {
            if (!req.if_none_match.empty() && unquote(req.if_none_match) == rev)
            {
                response r;
                r.status = 304;
                r.headers.emplace_back("ETag", "\"" + rev + "\"");
                return r;
            }
            response r = json_reply(200, *doc);
            r.headers.emplace_back("ETag", "\"" + rev + "\"");
            return r;
        }
        if (m == "PUT" || m == "PATCH")
        {
            json::object b = parse_object_body(req);
            b["_key"] = key;
            write_outcome w = insert_doc(
                st_, c, std::move(b), m == "PUT" ? dup_mode::replace : dup_mode::update, keep_null,
                merge_objects
            );
            json::object meta = doc_meta(w.doc);
            meta["_oldRev"] = rev;
            if (return_new)
                meta["new"] = w.doc;
            if (return_old && w.old)
                meta["old"] = *w.old;
            response r = json_reply(wstatus, silent ? json::value(json::object{}) : json::value(meta));
            r.headers.emplace_back("ETag", "\"" + std::string(w.doc.at("_rev").as_string()) + "\"");
            return r;
        }
        if (m == "DELETE")
        {
            json::object meta = doc_meta(*doc);
            if (return_old)
                meta["old"] = *doc;
            c.erase(key);
            st_.mark_dirty();
            return json_reply(wstatus, silent ? json::value(json::object{}) : json::value(meta));
        }
        bad_method();
    }

    // ----- bulk import
    if (rest == "/_api/import")
    {
        if (m != "POST")
            bad_method();
        auto cn = qstr(req, "collection");
        if (!cn || cn->empty())
            fail(400, 1204, "'collection' is missing, expecting /_api/import?collection=<identifier>");
        collection* cp = st_.find_coll(d, *cn);
        if (cp)
            need_coll(d, *cn, access::rw);
        else
            need_db_write(d);
        if (!cp)
        {
            if (!qbool(req, "createCollection", false))
                fail(404, 1203, "collection or view not found: " + *cn);
            std::string ct = qstr(req, "createCollectionType").value_or("document");
            cp = &st_.create_collection(d, json::object{{"name", *cn}, {"type", ct == "edge" ? 3 : 2}});
        }
        bool complete = qbool(req, "complete", false);
        bool details = qbool(req, "details", false);
        std::string on_dup = qstr(req, "onDuplicate").value_or("error");
        dup_mode mode = on_dup == "update"    ? dup_mode::update
                        : on_dup == "replace" ? dup_mode::replace
                        : on_dup == "ignore"  ? dup_mode::ignore
                                              : dup_mode::conflict;
        std::string type = qstr(req, "type").value_or("");

        // With complete=true nothing is applied unless every document succeeds: work on a copy.
        collection scratch;
        if (complete)
            scratch = *cp;
        collection& target = complete ? scratch : *cp;
        if (qbool(req, "overwrite", false))
            target.clear();

        std::size_t created = 0, errors = 0, empty = 0, updated = 0, ignored = 0;
        json::array detail;
        int first_error_http = 0, first_error_num = 0;
        std::string first_error_msg;
        auto record_error = [&](std::size_t pos, const std::string& what, std::string_view line, int http,
                                int num) {
            ++errors;
            if (!first_error_http)
            {
                first_error_http = http;
                first_error_num = num;
                first_error_msg = what;
            }
            std::string shown(line.substr(0, 256));
            detail.push_back(json::string(
                "at position " + std::to_string(pos) + ": " + what + ", offending document: " + shown
            ));
        };
        auto import_one = [&](std::size_t pos, json::value v, std::string_view raw) {
            if (!v.is_object())
            {
                record_error(
                    pos, "invalid JSON type (expecting object, probably parse error)", raw, 400, 600
                );
                return;
            }
            try
            {
                write_outcome w = insert_doc(st_, target, std::move(v.as_object()), mode, true, true);
                switch (w.kind)
                {
                case write_outcome::created:
                    ++created;
                    break;
                case write_outcome::ignored:
                    ++ignored;
                    break;
                default:
                    ++updated;
                    break;
                }
            }
            catch (const api_error& e)
            {
                record_error(
                    pos, std::string("creating document failed with error '") + e.what() + "'", raw, e.http,
                    e.num
                );
            }
        };

        std::string_view body = req.body;
        auto first_non_ws = body.find_first_not_of(" \t\r\n");
        if (type == "auto")
            type = first_non_ws != std::string_view::npos && body[first_non_ws] == '[' ? "list" : "documents";
        if (type == "list" || type == "array")
        {
            json::value v = parse_body(req);
            if (!v.is_array())
                fail(400, 600, "expecting a JSON array in the request");
            std::size_t pos = 0;
            for (auto& e : v.as_array())
            {
                ++pos;
                std::string raw = json::serialize(e);
                import_one(pos, e, raw);
            }
        }
        else
        {
            // "documents" (one object per line), or no type: first line is an array of attribute names and
            // every further line an array of values (what arangoimport sends for CSV/TSV).
            bool header_mode = type.empty() || type == "headers";
            if (!header_mode && type != "documents")
                fail(400, 600, "invalid value for 'type'");
            std::optional<std::vector<std::string>> header;
            std::size_t pos = 0, start = 0;
            while (start <= body.size())
            {
                std::size_t nl = body.find('\n', start);
                if (nl == std::string_view::npos)
                    nl = body.size();
                std::string_view line = body.substr(start, nl - start);
                start = nl + 1;
                ++pos;
                if (!line.empty() && line.back() == '\r')
                    line.remove_suffix(1);
                if (line.find_first_not_of(" \t") == std::string_view::npos)
                {
                    if (start <= body.size())
                        ++empty;
                    continue;
                }
                boost::system::error_code ec;
                json::value v = json::parse(line, ec);
                if (ec)
                {
                    record_error(
                        pos, "invalid JSON type (expecting object, probably parse error)", line, 400, 600
                    );
                    continue;
                }
                if (header_mode)
                {
                    if (!v.is_array())
                    {
                        record_error(pos, "no JSON array found in line", line, 400, 600);
                        continue;
                    }
                    if (!header)
                    {
                        header.emplace();
                        for (auto& h : v.as_array())
                            header->push_back(
                                h.is_string() ? std::string(h.as_string()) : json::serialize(h)
                            );
                        continue;
                    }
                    auto& vals = v.as_array();
                    if (vals.size() != header->size())
                    {
                        record_error(pos, "wrong number of JSON values", line, 400, 600);
                        continue;
                    }
                    json::object o;
                    for (std::size_t i = 0; i < vals.size(); ++i)
                        o[(*header)[i]] = vals[i];
                    import_one(pos, std::move(o), line);
                }
                else
                    import_one(pos, std::move(v), line);
            }
        }
        if (complete)
        {
            if (errors)
                fail(
                    first_error_http ? first_error_http : 400, first_error_num ? first_error_num : 600,
                    first_error_msg
                );
            *cp = std::move(scratch);
        }
        st_.mark_dirty();
        json::object o{{"error", false}, {"created", created}, {"errors", errors},
                       {"empty", empty}, {"updated", updated}, {"ignored", ignored}};
        if (details)
            o["details"] = std::move(detail);
        return json_reply(201, std::move(o));
    }

    // ----- replication (inventory, restore)
    if (at(0) == "_api" && at(1) == "replication")
    {
        auto inventory_of = [&](database& db, bool include_system) {
            json::array colls;
            for (auto& [n, c] : db.collections)
            {
                if ((c.is_system() && !include_system) || coll_access(db.name, n) == access::none)
                    continue;
                json::array idx;
                for (auto& ix : c.indexes)
                    if (ix.at("type") != "primary" && ix.at("type") != "edge")
                        idx.push_back(ix);
                json::object params = c.params;
                params["count"] = c.docs.size();
                colls.push_back(json::object{{"parameters", std::move(params)}, {"indexes", std::move(idx)}});
            }
            return json::object{
                {"collections", std::move(colls)},
                {"views", json::array{}},
                {"properties", db_properties(db, cluster)}};
        };
        auto tick_str = std::to_string(st_.tick());
        json::object state{
            {"running", true},
            {"lastLogTick", tick_str},
            {"lastUncommittedLogTick", tick_str},
            {"totalEvents", st_.tick()},
            {"time", utc_now(false)}};
        if ((at(2) == "inventory" || at(2) == "clusterInventory") && m == "GET")
        {
            bool include_system = qbool(req, "includeSystem", true);
            if (qbool(req, "global", false))
            {
                if (d.name != "_system")
                    fail(403, 1230, "operation only allowed in system database");
                json::object dbs;
                for (auto& [n, db] : st_.databases())
                    if (db_access(n) != access::none)
                        dbs[n] = inventory_of(db, include_system);
                return json_reply(
                    200, json::object{{"databases", std::move(dbs)}, {"state", state}, {"tick", tick_str}}
                );
            }
            json::object o = inventory_of(d, include_system);
            o["state"] = state;
            o["tick"] = tick_str;
            return json_reply(200, std::move(o));
        }
        if (at(2) == "restore-collection" && (m == "PUT" || m == "POST"))
        {
            json::object b = parse_object_body(req);
            auto* params = b.if_contains("parameters");
            if (!params || !params->is_object() || !params->as_object().contains("name"))
                fail(400, 600, "body must be {\"parameters\":{...},\"indexes\":[...]} with parameters.name");
            std::string name(params->at("name").as_string());
            need_db_write(d);
            if (st_.find_coll(d, name))
            {
                need_coll(d, name, access::rw);
                if (!qbool(req, "overwrite", false))
                    fail(409, 1207, "duplicate name");
                st_.drop_collection(d, name);
            }
            json::object props = params->as_object();
            for (const char* k : {"id", "globallyUniqueId", "objectId", "planId", "cid", "count", "status"})
                props.erase(k);
            collection& c = st_.create_collection(d, props, true);
            if (!super_ && coll_access(d.name, name) != access::rw)
                st_.users()[user_].coll_grants[d.name][name] = "rw";
            if (auto* ix = b.if_contains("indexes"); ix && ix->is_array())
                for (auto& i : ix->as_array())
                    if (i.is_object())
                        add_restored_index(c, i.as_object());
            return ok_reply(200, json::object{{"result", true}});
        }
        if (at(2) == "restore-indexes" && (m == "PUT" || m == "POST"))
        {
            json::object b = parse_object_body(req);
            auto* params = b.if_contains("parameters");
            if (!params || !params->is_object() || !params->as_object().contains("name"))
                fail(400, 600, "body must carry parameters.name");
            collection& c = st_.coll(d, params->at("name").as_string());
            need_coll(d, c.name(), access::rw);
            if (auto* ix = b.if_contains("indexes"); ix && ix->is_array())
                for (auto& i : ix->as_array())
                    if (i.is_object())
                        add_restored_index(c, i.as_object());
            st_.mark_dirty();
            return ok_reply(200, json::object{{"result", true}});
        }
        if (at(2) == "restore-data" && (m == "PUT" || m == "POST"))
        {
            auto cn = qstr(req, "collection");
            if (!cn)
                fail(400, 600, "'collection' parameter is missing");
            collection& c = st_.coll(d, *cn);
            need_coll(d, *cn, access::rw);
            std::string_view body = req.body;
            std::size_t start = 0, line_no = 0;
            while (start < body.size())
            {
                std::size_t nl = body.find('\n', start);
                if (nl == std::string_view::npos)
                    nl = body.size();
                std::string_view line = body.substr(start, nl - start);
                start = nl + 1;
                ++line_no;
                if (line.find_first_not_of(" \t\r") == std::string_view::npos)
                    continue;
                boost::system::error_code ec;
                json::value v = json::parse(line, ec);
                if (ec || !v.is_object())
                    fail(400, 600, "invalid JSON in restore data at line " + std::to_string(line_no));
                json::object o = std::move(v.as_object());
                // Envelope dumps wrap each document: {type, data} or {type, key, rev, data}; 2300/2301 insert
                // or replace, 2302 removes (keyed by a top-level "key", or data._key in older dumps).
                if (auto* t = o.if_contains("type");
                    t && t->is_number() && !o.contains("_key") && (o.contains("data") || o.contains("key")))
                {
                    auto type = t->to_number<std::int64_t>();
                    if (type == 2302)
                    {
                        const json::value* k = o.if_contains("key");
                        if (auto* dv = o.if_contains("data");
                            (!k || !k->is_string()) && dv && dv->is_object())
                            k = dv->as_object().if_contains("_key");
                        if (k && k->is_string())
                            c.erase(k->as_string());
                        st_.mark_dirty();
                        continue;
                    }
                    if (type != 2300 && type != 2301)
                        fail(
                            400, 600,
                            "unknown marker type " + std::to_string(type) + " at line " +
                                std::to_string(line_no)
                        );
                    auto* dv = o.if_contains("data");
                    if (!dv || !dv->is_object())
                        fail(400, 600, "marker without data at line " + std::to_string(line_no));
                    json::object data = dv->as_object();
                    o = std::move(data);
                }
                try
                {
                    restore_doc(st_, c, std::move(o));
                }
                catch (const api_error& e)
                {
                    fail(e.http, e.num, std::string(e.what()) + " at line " + std::to_string(line_no));
                }
            }
            st_.mark_dirty();
            return ok_reply(200, json::object{{"result", true}});
        }
        if (at(2) == "logger-state" && m == "GET")
            return json_reply(
                200,
                json::object{
                    {"state", state}, {"server", json::object{{"version", cfg_.version}, {"serverId", "1"}}}}
            );
        unknown_path(req);
    }

    // ----- hot backups
    if (at(0) == "_admin" && at(1) == "backup" && seg.size() == 3)
    {
        if (m != "POST")
            bad_method();
        json::object b = parse_object_body(req);
        auto id_of = [&]() -> std::optional<std::string> {
            auto* v = b.if_contains("id");
            if (v && v->is_string())
                return std::string(v->as_string());
            return std::nullopt;
        };
        int servers = cluster ? 3 : 1;
        if (at(2) == "create")
        {
            std::string label;
            if (auto* l = b.if_contains("label"); l && l->is_string())
                label = std::string(l->as_string());
            st_.flush();
            json::object meta = st_.backup_create(label, servers, cfg_.version);
            json::object result{{"id", meta.at("id")},
                                {"potentiallyInconsistent", false},
                                {"sizeInBytes", meta.at("sizeInBytes")},
                                {"nrFiles", meta.at("nrFiles")},
                                {"nrDBServers", servers},
                                {"datetime", meta.at("datetime")}};
            return ok_reply(201, json::object{{"result", std::move(result)}});
        }
        if (at(2) == "list")
            return ok_reply(200, json::object{{"result", json::object{{"list", st_.backup_list(id_of())}}}});
        if (at(2) == "restore")
        {
            auto id = id_of();
            if (!id)
                fail(400, 600, "backup id is missing");
            st_.backup_restore(*id);
            cursors_.clear();
            return ok_reply(
                200, json::object{{"result", json::object{{"previous", ""}, {"isCluster", cluster}}}}
            );
        }
        if (at(2) == "delete")
        {
            auto id = id_of();
            if (!id)
                fail(400, 600, "backup id is missing");
            st_.backup_delete(*id);
            return ok_reply(200, json::object{{"result", json::object{}}});
        }
        unknown_path(req);
    }

    // ----- cluster
    if (at(0) == "_admin" && at(1) == "cluster")
    {
        if (!cluster)
            fail(501, 9, "not a cluster");
        if (at(2) == "health" && m == "GET")
        {
            json::object health;
            for (auto& l : listeners)
                health["CRDN-" + std::to_string(l.index + 1)] = json::object{
                    {"Role", "Coordinator"},   {"Status", "GOOD"},
                    {"Endpoint", l.endpoint},  {"ShortName", "Coordinator000" + std::to_string(l.index + 1)},
                    {"Version", cfg_.version}, {"Engine", "rocksdb"},
                    {"CanBeDeleted", false}};
            for (int i = 1; i <= 3; ++i)
                health["DB" + std::to_string(i)] = json::object{
                    {"Role", "DBServer"},
                    {"Status", "GOOD"},
                    {"Endpoint", "sim://DB" + std::to_string(i)},
                    {"ShortName", "DBServer000" + std::to_string(i)},
                    {"Version", cfg_.version},
                    {"Engine", "rocksdb"},
                    {"CanBeDeleted", false},
                    {"SyncStatus", "SERVING"}};
            return ok_reply(
                200, json::object{{"Health", std::move(health)}, {"ClusterId", "arangosim-" + d.id}}
            );
        }
        if (at(2) == "shardDistribution" && m == "GET")
        {
            json::object results;
            std::int64_t now = now_ms();
            for (auto& [n, c] : d.collections)
            {
                if (c.is_system())
                    continue;
                json::object plan, current;
                auto shards =
                    std::max<std::int64_t>(1, c.params.at("numberOfShards").to_number<std::int64_t>());
                std::int64_t rf = 1;
                if (auto* r = c.params.if_contains("replicationFactor"); r && r->is_number())
                    rf = std::clamp<std::int64_t>(r->to_number<std::int64_t>(), 1, 3);
                bool in_sync = now - c.created_ms >= cfg_.shard_sync_delay_ms;
                auto base = std::stoull(std::string(c.params.at("id").as_string()));
                for (std::int64_t s = 0; s < shards; ++s)
                {
                    json::array followers;
                    for (std::int64_t f = 1; f < rf; ++f)
                        followers.push_back(json::string("DB" + std::to_string((s + f) % 3 + 1)));
                    json::object entry{
                        {"leader", "DB" + std::to_string(s % 3 + 1)}, {"followers", followers}};
                    std::string sname = "s" + std::to_string(base + static_cast<std::uint64_t>(s));
                    plan[sname] = entry;
                    if (in_sync)
                        current[sname] = entry;
                }
                results[n] = json::object{{"Plan", std::move(plan)}, {"Current", std::move(current)}};
            }
            return ok_reply(200, json::object{{"results", std::move(results)}});
        }
        unknown_path(req);
    }

    unknown_path(req);
}

} // namespace arangokit::sim
