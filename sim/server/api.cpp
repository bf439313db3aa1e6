// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#include "sim.hpp"
#include <algorithm>
#include <cctype>
#include <cstring>
#include <openssl/crypto.h>

namespace arangokit::sim {

namespace {

// ---------------------------------------------------------------------------------------------------------
// small helpers

response json_reply(int status, json::value v)
{
    response r;
    r.status = status;
    r.body = json::serialize(v);
    return r;
}

// ArangoDB decorates most replies with error/code; `extra` keys come first.
response ok_reply(int status, json::object o)
{
    o["error"] = false;
    o["code"] = status;
    return json_reply(status, std::move(o));
}

json::value parse_body(const request& req)
{
    if (req.body.empty())
        return json::object{};
    boost::system::error_code ec;
    json::value v = json::parse(req.body, ec);
    if (ec)
        fail(400, 600, "VPackError error: Expecting a valid JSON document (" + ec.message() + ")");
    return v;
}

json::object parse_object_body(const request& req)
{
    json::value v = parse_body(req);
    if (!v.is_object())
        fail(400, 600, "expecting a JSON object as body");
    return std::move(v.as_object());
}

bool qbool(const request& req, const std::string& name, bool def)
{
    auto it = req.query.find(name);
    if (it == req.query.end())
        return def;
    return it->second == "true" || it->second == "1" || it->second == "yes" || it->second.empty();
}

std::optional<std::string> qstr(const request& req, const std::string& name)
{
    auto it = req.query.find(name);
    if (it == req.query.end())
        return std::nullopt;
    return it->second;
}

bool jbool(const json::object& o, std::string_view k, bool def)
{
    auto* v = o.if_contains(k);
    return v && v->is_bool() ? v->as_bool() : def;
}

std::vector<std::string> split_path(std::string_view p)
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

[[noreturn]] void unknown_path(const request& req)
{
    fail(404, 404, "unknown path '" + req.path + "'");
}

[[noreturn]] void bad_method()
{
    fail(405, 405, "method not supported");
}

std::string rev_string(std::uint64_t tick)
{
    static constexpr char alphabet[] = "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    for (int i = 0; i < 11; ++i)
    {
        out.insert(out.begin(), alphabet[tick & 63]);
        tick >>= 6;
    }
    return out;
}

bool valid_key(std::string_view k)
{
    if (k.empty() || k.size() > 254)
        return false;
    return std::all_of(k.begin(), k.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_-:.@()+,=;$!*'%", c) != nullptr;
    });
}

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

enum class dup_mode
{
    conflict,
    replace,
    update,
    ignore
};

struct write_outcome
{
    enum kind_t
    {
        created,
        replaced,
        updated,
        ignored
    } kind = created;
    json::object doc;                // the stored document after the write
    std::optional<json::object> old; // the previous version, when there was one
};

void merge_into(json::object& target, const json::object& patch, bool keep_null, bool merge_objects)
{
    for (auto& kv : patch)
    {
        if (kv.value().is_null() && !keep_null)
        {
            target.erase(kv.key());
            continue;
        }
        auto* cur = target.if_contains(kv.key());
        if (merge_objects && cur && cur->is_object() && kv.value().is_object())
            merge_into(cur->as_object(), kv.value().as_object(), keep_null, merge_objects);
        else
            target[kv.key()] = kv.value();
    }
}

void strip_system(json::object& doc)
{
    doc.erase("_id");
    doc.erase("_rev");
    doc.erase("_oldRev");
}

void check_edge(const collection& c, const json::object& doc)
{
    if (c.type() != 3)
        return;
    for (const char* a : {"_from", "_to"})
    {
        auto* v = doc.if_contains(a);
        if (!v || !v->is_string() || v->as_string().find('/') == json::string::npos)
            fail(400, 1233, "edge attribute missing or invalid");
    }
}

// System attributes first, in the order ArangoDB prints them.
void finalize(store& st, collection& c, json::object& doc, const std::string& key)
{
    json::object out;
    out.reserve(doc.size() + 3);
    out["_key"] = key;
    out["_id"] = c.name() + "/" + key;
    out["_rev"] = rev_string(st.next_tick());
    for (auto& kv : doc)
        if (kv.key() != "_key" && kv.key() != "_id" && kv.key() != "_rev")
            out[kv.key()] = std::move(kv.value());
    doc = std::move(out);
}

write_outcome
insert_doc(store& st, collection& c, json::object doc, dup_mode mode, bool keep_null, bool merge_objects)
{
    std::string key;
    if (auto* k = doc.if_contains("_key"))
    {
        if (!k->is_string() || !valid_key(k->as_string()))
            fail(400, 1221, "illegal document key");
        key = std::string(k->as_string());
    }
    else
        key = std::to_string(st.next_tick());
    write_outcome out;
    if (json::object* existing = c.find(key))
    {
        if (mode == dup_mode::conflict)
            fail(
                409, 1210,
                "unique constraint violated - in index primary of type primary over '_key'; conflicting "
                "key: " +
                    key
            );
        out.old = *existing;
        if (mode == dup_mode::ignore)
        {
            out.kind = write_outcome::ignored;
            out.doc = *existing;
            return out;
        }
        json::object next;
        if (mode == dup_mode::update)
        {
            next = *existing;
            strip_system(doc);
            merge_into(next, doc, keep_null, merge_objects);
            out.kind = write_outcome::updated;
        }
        else
        {
            next = std::move(doc);
            strip_system(next);
            out.kind = write_outcome::replaced;
        }
        check_edge(c, next);
        finalize(st, c, next, key);
        out.doc = next;
        c.put(std::move(next));
        st.mark_dirty();
        return out;
    }
    strip_system(doc);
    check_edge(c, doc);
    finalize(st, c, doc, key);
    out.doc = doc;
    c.put(std::move(doc));
    st.mark_dirty();
    return out;
}

json::object doc_meta(const json::object& doc)
{
    return json::object{{"_id", doc.at("_id")}, {"_key", doc.at("_key")}, {"_rev", doc.at("_rev")}};
}

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

// ---------------------------------------------------------------------------------------------------------
// AQL subset

struct token
{
    enum kind_t
    {
        ident,
        bind,      // @name
        coll_bind, // @@name
        string,
        number,
        punct,
        end
    } kind;
    std::string text;
};

[[noreturn]] void parse_error(const std::string& what)
{
    fail(400, 1501, "AQL: syntax error, query parse error (unsupported by arangosim): " + what);
}

std::vector<token> tokenize(std::string_view q)
{
    auto is_digit = [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; };
    std::vector<token> out;
    std::size_t i = 0;
    while (i < q.size())
    {
        char c = q[i];
        if (std::isspace(static_cast<unsigned char>(c)))
        {
            ++i;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_')
        {
            std::size_t j = i;
            while (j < q.size() && (std::isalnum(static_cast<unsigned char>(q[j])) || q[j] == '_'))
                ++j;
            out.push_back({token::ident, std::string(q.substr(i, j - i))});
            i = j;
        }
        else if (c == '`')
        {
            std::size_t j = q.find('`', i + 1);
            if (j == std::string_view::npos)
                parse_error("unterminated name");
            out.push_back({token::ident, std::string(q.substr(i + 1, j - i - 1))});
            i = j + 1;
        }
        else if (c == '@')
        {
            bool coll = i + 1 < q.size() && q[i + 1] == '@';
            std::size_t j = i + (coll ? 2 : 1);
            std::size_t s = j;
            while (j < q.size() && (std::isalnum(static_cast<unsigned char>(q[j])) || q[j] == '_'))
                ++j;
            if (j == s)
                parse_error("bad bind parameter");
            out.push_back({coll ? token::coll_bind : token::bind, std::string(q.substr(s, j - s))});
            i = j;
        }
        else if (c == '"' || c == '\'')
        {
            std::string s;
            std::size_t j = i + 1;
            for (; j < q.size() && q[j] != c; ++j)
            {
                if (q[j] == '\\' && j + 1 < q.size())
                    ++j;
                s += q[j];
            }
            if (j >= q.size())
                parse_error("unterminated string");
            out.push_back({token::string, std::move(s)});
            i = j + 1;
        }
        else if (is_digit(c) || (c == '-' && i + 1 < q.size() && is_digit(q[i + 1])))
        {
            std::size_t j = i + 1;
            while (j < q.size() && (std::isdigit(static_cast<unsigned char>(q[j])) || q[j] == '.' ||
                                    q[j] == 'e' || q[j] == 'E'))
                ++j;
            out.push_back({token::number, std::string(q.substr(i, j - i))});
            i = j;
        }
        else if (c == '=' && i + 1 < q.size() && q[i + 1] == '=')
        {
            out.push_back({token::punct, "=="});
            i += 2;
        }
        else if (std::strchr("(),.", c))
        {
            out.push_back({token::punct, std::string(1, c)});
            ++i;
        }
        else
            parse_error(std::string("unexpected character '") + c + "'");
    }
    out.push_back({token::end, ""});
    return out;
}

struct query_parser
{
    std::vector<token> toks;
    const json::object& binds;
    std::size_t pos = 0;

    const token& peek() const { return toks[pos]; }
    const token& next() { return toks[pos++]; }
    bool is_kw(const char* kw) const
    {
        if (peek().kind != token::ident || peek().text.size() != std::strlen(kw))
            return false;
        for (std::size_t i = 0; i < peek().text.size(); ++i)
            if (std::toupper(static_cast<unsigned char>(peek().text[i])) != kw[i])
                return false;
        return true;
    }
    void expect_kw(const char* kw)
    {
        if (!is_kw(kw))
            parse_error(std::string("expected ") + kw);
        ++pos;
    }
    void expect_punct(const char* p)
    {
        if (peek().kind != token::punct || peek().text != p)
            parse_error(std::string("expected '") + p + "'");
        ++pos;
    }
    const json::value& bind_value(const std::string& name)
    {
        auto* v = binds.if_contains(name);
        if (!v)
            fail(400, 1551, "no value specified for declared bind parameter '" + name + "'");
        return *v;
    }
    std::string collection_ref()
    {
        const token& t = next();
        if (t.kind == token::ident)
            return t.text;
        if (t.kind == token::coll_bind)
        {
            const json::value& v = bind_value("@" + t.text);
            if (!v.is_string())
                fail(400, 1553, "bind parameter '@" + t.text + "' has an invalid value or type");
            return std::string(v.as_string());
        }
        parse_error("expected a collection name");
    }
    json::value value()
    {
        const token& t = next();
        switch (t.kind)
        {
        case token::string:
            return json::string(t.text);
        case token::number:
            return json::parse(t.text);
        case token::bind:
            return bind_value(t.text);
        case token::ident: {
            std::string u = t.text;
            std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::toupper(c); });
            if (u == "TRUE")
                return true;
            if (u == "FALSE")
                return false;
            if (u == "NULL")
                return nullptr;
            break;
        }
        default:
            break;
        }
        parse_error("expected a literal or bind parameter");
    }
    std::size_t count_value()
    {
        json::value v = value();
        if (!v.is_number() || v.to_number<double>() < 0)
            parse_error("LIMIT needs a non-negative number");
        return static_cast<std::size_t>(v.to_number<double>());
    }
};

bool json_equal(const json::value& a, const json::value& b)
{
    if (a.is_number() && b.is_number())
        return a.to_number<double>() == b.to_number<double>();
    return a == b;
}

const json::value* lookup(const json::object& doc, const std::vector<std::string>& path)
{
    const json::object* cur = &doc;
    const json::value* v = nullptr;
    for (std::size_t i = 0; i < path.size(); ++i)
    {
        v = cur->if_contains(path[i]);
        if (!v)
            return nullptr;
        if (i + 1 < path.size())
        {
            if (!v->is_object())
                return nullptr;
            cur = &v->as_object();
        }
    }
    return v;
}

// Returns the full result set; anything outside the documented subset is a parse error, never a guess.
std::vector<json::value> run_query(store& st, database& d, const std::string& q, const json::object& binds)
{
    query_parser p{tokenize(q), binds};
    std::vector<json::value> out;
    if (p.is_kw("RETURN"))
    {
        p.next();
        p.expect_kw("LENGTH");
        p.expect_punct("(");
        std::string cn = p.collection_ref();
        p.expect_punct(")");
        if (p.peek().kind != token::end)
            parse_error("trailing tokens");
        out.push_back(st.coll(d, cn).docs.size());
        return out;
    }
    p.expect_kw("FOR");
    if (p.peek().kind != token::ident)
        parse_error("expected a variable name");
    std::string var = p.next().text;
    p.expect_kw("IN");
    std::string cn = p.collection_ref();
    std::optional<std::vector<std::string>> fpath;
    json::value fval;
    std::size_t offset = 0;
    std::optional<std::size_t> limit;
    if (p.is_kw("FILTER"))
    {
        p.next();
        if (p.peek().kind != token::ident || p.peek().text != var)
            parse_error("FILTER must compare " + var + ".<attribute>");
        p.next();
        std::vector<std::string> path;
        while (p.peek().kind == token::punct && p.peek().text == ".")
        {
            p.next();
            if (p.peek().kind != token::ident)
                parse_error("expected an attribute name");
            path.push_back(p.next().text);
        }
        if (path.empty())
            parse_error("FILTER must compare an attribute");
        p.expect_punct("==");
        fval = p.value();
        fpath = std::move(path);
    }
    if (p.is_kw("LIMIT"))
    {
        p.next();
        std::size_t a = p.count_value();
        if (p.peek().kind == token::punct && p.peek().text == ",")
        {
            p.next();
            offset = a;
            limit = p.count_value();
        }
        else
            limit = a;
    }
    p.expect_kw("RETURN");
    if (p.peek().kind != token::ident || p.peek().text != var)
        parse_error("RETURN must return the loop variable");
    p.next();
    if (p.peek().kind != token::end)
        parse_error("trailing tokens");

    collection& c = st.coll(d, cn);
    if (fpath && fpath->size() == 1 && (*fpath)[0] == "_key")
    {
        if (fval.is_string())
            if (json::object* doc = c.find(fval.as_string()))
                if (offset == 0 && (!limit || *limit > 0))
                    out.push_back(*doc);
        return out;
    }
    std::size_t skipped = 0;
    for (auto& [seq, doc] : c.docs)
    {
        if (limit && out.size() >= *limit)
            break;
        if (fpath)
        {
            const json::value* v = lookup(doc, *fpath);
            if (!(v ? json_equal(*v, fval) : fval.is_null()))
                continue;
        }
        if (skipped < offset)
        {
            ++skipped;
            continue;
        }
        out.push_back(doc);
    }
    return out;
}

json::object cursor_extra(std::size_t n)
{
    return json::object{
        {"warnings", json::array{}},
        {"stats", json::object{
                      {"writesExecuted", 0},
                      {"writesIgnored", 0},
                      {"scannedFull", n},
                      {"scannedIndex", 0},
                      {"filtered", 0},
                      {"httpRequests", 0},
                      {"executionTime", 0.0001},
                      {"peakMemoryUsage", 0}}}};
}

} // namespace

// ---------------------------------------------------------------------------------------------------------
// api

api::api(config& cfg, store& st) : cfg_(cfg), st_(st) {}

bool api::authorized(const request& req) const
{
    if (cfg_.auth == auth_mode::none)
        return true;
    std::string_view a = req.authorization;
    auto starts = [&](std::string_view p) {
        if (a.size() < p.size())
            return false;
        for (std::size_t i = 0; i < p.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(a[i])) != p[i])
                return false;
        return true;
    };
    if (starts("basic "))
    {
        auto raw = base64_decode(a.substr(6));
        if (!raw)
            return false;
        auto colon = raw->find(':');
        if (colon == std::string::npos)
            return false;
        auto it = st_.users().find(raw->substr(0, colon));
        return it != st_.users().end() && it->second == raw->substr(colon + 1);
    }
    if (starts("bearer "))
    {
        std::string_view tok = a.substr(7);
        auto d1 = tok.find('.');
        auto d2 = tok.rfind('.');
        if (d1 == std::string_view::npos || d1 == d2)
            return false;
        auto head = base64url_decode(tok.substr(0, d1));
        auto payload = base64url_decode(tok.substr(d1 + 1, d2 - d1 - 1));
        auto sig = base64url_decode(tok.substr(d2 + 1));
        if (!head || !payload || !sig)
            return false;
        std::string expect = hmac_sha256(cfg_.jwt_secret, tok.substr(0, d2));
        if (sig->size() != expect.size() || CRYPTO_memcmp(sig->data(), expect.data(), expect.size()) != 0)
            return false;
        boost::system::error_code ec;
        json::value h = json::parse(*head, ec);
        if (ec || !h.is_object() || !h.as_object().contains("alg") || h.at("alg") != "HS256")
            return false;
        json::value p = json::parse(*payload, ec);
        if (ec || !p.is_object())
            return false;
        auto& po = p.as_object();
        if (auto* iss = po.if_contains("iss"); !iss || *iss != "arangodb")
            return false;
        if (auto* exp = po.if_contains("exp");
            exp && exp->is_number() && exp->to_number<double>() * 1000 < now_ms())
            return false;
        if (auto* user = po.if_contains("preferred_username"))
            return user->is_string() && st_.users().count(std::string(user->as_string()));
        return true;
    }
    return false;
}

response api::handle(const request& req, const listener_info& li)
{
    try
    {
        if (req.path == "/_open/auth")
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
            if (it == st_.users().end() || it->second != given)
                fail(401, 401, "Wrong credentials");
            std::int64_t now = now_ms() / 1000;
            json::object payload{
                {"preferred_username", it->first}, {"iss", "arangodb"}, {"iat", now}, {"exp", now + 3600}};
            return json_reply(200, json::object{{"jwt", make_jwt(cfg_.jwt_secret, payload)}});
        }
        if (req.path != "/_admin/server/availability" && !authorized(req))
        {
            response r;
            r.status = 401;
            r.body = error_body(401, 11, "not authorized to execute this request");
            r.headers.emplace_back("WWW-Authenticate", "Basic, realm=\"ArangoDB\"");
            return r;
        }
        std::string_view rest = req.path;
        std::string dbname = "_system";
        if (rest.rfind("/_db/", 0) == 0)
        {
            std::string_view after = rest.substr(5);
            auto slash = after.find('/');
            dbname = url_decode(after.substr(0, slash));
            rest = slash == std::string_view::npos ? std::string_view("/") : after.substr(slash);
        }
        database& d = st_.db(dbname);
        return route(req, li, d, rest);
    }
    catch (const api_error& e)
    {
        response r;
        r.status = e.http;
        r.body = error_body(e.http, e.num, e.what());
        return r;
    }
    catch (const std::exception& e)
    {
        response r;
        r.status = 500;
        r.body = error_body(500, 4, std::string("internal error: ") + e.what());
        return r;
    }
}

response api::route(const request& req, const listener_info& /*li*/, database& d, std::string_view rest)
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

    // ----- databases
    if (at(0) == "_api" && at(1) == "database")
    {
        if (seg.size() == 2 && m == "GET")
        {
            if (d.name != "_system")
                fail(403, 1230, "operation only allowed in system database");
            json::array names;
            for (auto& [n, db] : st_.databases())
                names.push_back(json::string(n));
            return ok_reply(200, json::object{{"result", std::move(names)}});
        }
        if (seg.size() == 3 && at(2) == "user" && m == "GET")
        {
            json::array names;
            for (auto& [n, db] : st_.databases())
                names.push_back(json::string(n));
            return ok_reply(200, json::object{{"result", std::move(names)}});
        }
        if (seg.size() == 3 && at(2) == "current" && m == "GET")
            return ok_reply(200, json::object{{"result", db_properties(d, cluster)}});
        if (seg.size() == 2 && m == "POST")
        {
            if (d.name != "_system")
                fail(403, 1230, "operation only allowed in system database");
            json::object b = parse_object_body(req);
            auto* n = b.if_contains("name");
            if (!n || !n->is_string())
                fail(400, 1229, "database name invalid");
            st_.create_database(std::string(n->as_string()));
            return ok_reply(201, json::object{{"result", true}});
        }
        if (seg.size() == 3 && m == "DELETE")
        {
            if (d.name != "_system")
                fail(403, 1230, "operation only allowed in system database");
            st_.drop_database(at(2));
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
                    if (!(exclude && c.is_system()))
                        list.push_back(collection_summary(c));
                return ok_reply(200, json::object{{"result", std::move(list)}});
            }
            if (m == "POST")
            {
                json::object b = parse_object_body(req);
                collection& c = st_.create_collection(d, b);
                json::object o = c.params;
                return ok_reply(200, std::move(o));
            }
            bad_method();
        }
        collection& c = st_.coll(d, at(2));
        if (seg.size() == 3)
        {
            if (m == "GET")
                return ok_reply(200, collection_summary(c));
            if (m == "DELETE")
            {
                if (c.is_system() && !qbool(req, "isSystem", false))
                    fail(403, 11, "forbidden: pass isSystem=true to drop a system collection");
                json::value id = c.params.at("id");
                st_.drop_collection(d, at(2));
                return ok_reply(200, json::object{{"id", id}});
            }
            bad_method();
        }
        const std::string& op = at(3);
        if (seg.size() == 4 && op == "properties")
        {
            if (m == "PUT")
            {
                json::object b = parse_object_body(req);
                for (const char* k :
                     {"waitForSync", "schema", "cacheEnabled", "replicationFactor", "writeConcern"})
                    if (auto* v = b.if_contains(k))
                        c.params[k] = *v;
                st_.mark_dirty();
            }
            else if (m != "GET")
                bad_method();
            json::object o = c.params;
            return ok_reply(200, std::move(o));
        }
        if (seg.size() == 4 && op == "count" && m == "GET")
        {
            json::object o = c.params;
            o["count"] = c.docs.size();
            return ok_reply(200, std::move(o));
        }
        if (seg.size() == 4 && op == "truncate" && m == "PUT")
        {
            c.clear();
            st_.mark_dirty();
            return ok_reply(200, collection_summary(c));
        }
        unknown_path(req);
    }

    // ----- indexes (read-only view of what the collections carry)
    if (at(0) == "_api" && at(1) == "index" && seg.size() == 2 && m == "GET")
    {
        auto cn = qstr(req, "collection");
        if (!cn)
            fail(400, 1212, "index not found: collection parameter missing");
        collection& c = st_.coll(d, *cn);
        json::object ids;
        for (auto& ix : c.indexes)
            ids[ix.at("id").as_string()] = ix;
        return ok_reply(200, json::object{{"indexes", c.indexes}, {"identifiers", std::move(ids)}});
    }

    // ----- documents
    if (at(0) == "_api" && at(1) == "document")
    {
        if (seg.size() < 3)
            unknown_path(req);
        collection& c = st_.coll(d, at(2));
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

    // ----- cursors
    if (at(0) == "_api" && at(1) == "cursor")
    {
        auto now = std::chrono::steady_clock::now();
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
            o["extra"] = cursor_extra(cs.rest.size());
            return ok_reply(status, std::move(o));
        };

        if (seg.size() == 2 && m == "POST")
        {
            json::object b = parse_object_body(req);
            auto* q = b.if_contains("query");
            if (!q || !q->is_string())
                fail(400, 600, "query is empty");
            json::object binds;
            if (auto* bv = b.if_contains("bindVars"); bv && bv->is_object())
                binds = bv->as_object();
            cursor_state cs;
            cs.rest = run_query(st_, d, std::string(q->as_string()), binds);
            if (auto* bs = b.if_contains("batchSize"); bs && bs->is_number())
            {
                auto n = bs->to_number<double>();
                if (n < 1)
                    fail(400, 600, "batchSize must be a positive number");
                cs.batch = static_cast<std::size_t>(n);
            }
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
            auto it = cursors_.find(at(2));
            if (it == cursors_.end())
                fail(404, 1600, "cursor not found");
            if (m == "DELETE")
            {
                cursors_.erase(it);
                return ok_reply(202, json::object{{"id", at(2)}});
            }
            if (m != "PUT" && m != "POST")
                bad_method();
            cursor_state& cs = it->second;
            cs.expires = now + cs.ttl;
            response r = batch_reply(200, at(2), cs, false);
            if (cs.pos >= cs.rest.size())
                cursors_.erase(it);
            return r;
        }
        bad_method();
    }

    // ----- replication (inventory, restore)
    if (at(0) == "_api" && at(1) == "replication")
    {
        auto inventory_of = [&](database& db, bool include_system) {
            json::array colls;
            for (auto& [n, c] : db.collections)
            {
                if (c.is_system() && !include_system)
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
            if (st_.find_coll(d, name))
            {
                if (!qbool(req, "overwrite", false))
                    fail(409, 1207, "duplicate name");
                st_.drop_collection(d, name);
            }
            json::object props = params->as_object();
            for (const char* k : {"id", "globallyUniqueId", "objectId", "planId", "cid", "count", "status"})
                props.erase(k);
            collection& c = st_.create_collection(d, props, true);
            if (auto* ix = b.if_contains("indexes"); ix && ix->is_array())
                for (auto& i : ix->as_array())
                    if (i.is_object() && i.as_object().contains("type") && i.at("type") != "primary")
                        c.indexes.push_back(i);
            return ok_reply(200, json::object{{"result", true}});
        }
        if (at(2) == "restore-indexes" && (m == "PUT" || m == "POST"))
        {
            json::object b = parse_object_body(req);
            auto* params = b.if_contains("parameters");
            if (!params || !params->is_object() || !params->as_object().contains("name"))
                fail(400, 600, "body must carry parameters.name");
            collection& c = st_.coll(d, params->at("name").as_string());
            if (auto* ix = b.if_contains("indexes"); ix && ix->is_array())
                for (auto& i : ix->as_array())
                    if (i.is_object() && i.as_object().contains("type") && i.at("type") != "primary")
                        c.indexes.push_back(i);
            st_.mark_dirty();
            return ok_reply(200, json::object{{"result", true}});
        }
        if (at(2) == "restore-data" && (m == "PUT" || m == "POST"))
        {
            auto cn = qstr(req, "collection");
            if (!cn)
                fail(400, 600, "'collection' parameter is missing");
            collection& c = st_.coll(d, *cn);
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
                // Old (envelope) dumps wrap each document: type 2300 = insert/replace, 2302 = remove.
                if (auto* t = o.if_contains("type");
                    t && t->is_number() && o.contains("data") && o.at("data").is_object())
                {
                    auto type = t->to_number<std::int64_t>();
                    json::object data = o.at("data").as_object();
                    if (type == 2302)
                    {
                        if (auto* k = data.if_contains("_key"); k && k->is_string())
                            c.erase(k->as_string());
                        continue;
                    }
                    o = std::move(data);
                }
                auto* k = o.if_contains("_key");
                if (!k || !k->is_string() || !valid_key(k->as_string()))
                    fail(400, 1221, "illegal document key at line " + std::to_string(line_no));
                check_edge(c, o);
                std::string key(k->as_string());
                o["_id"] = c.name() + "/" + key;
                if (!o.contains("_rev") || !o.at("_rev").is_string())
                    o["_rev"] = rev_string(st_.next_tick());
                c.put(std::move(o));
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

    // ----- graphs (stored in _graphs, like the real server)
    if (at(0) == "_api" && at(1) == "gharial")
    {
        collection& graphs = st_.coll(d, "_graphs");
        auto graph_of = [](const json::object& doc) {
            json::object g = doc;
            g["name"] = doc.at("_key");
            return g;
        };
        if (seg.size() == 2 && m == "GET")
        {
            json::array list;
            for (auto& [seq, doc] : graphs.docs)
                list.push_back(graph_of(doc));
            return ok_reply(200, json::object{{"graphs", std::move(list)}});
        }
        if (seg.size() == 2 && m == "POST")
        {
            json::object b = parse_object_body(req);
            auto* n = b.if_contains("name");
            if (!n || !n->is_string() || n->as_string().empty())
                fail(400, 1932, "graph name must be a non-empty string");
            std::string name(n->as_string());
            if (graphs.find(name))
                fail(409, 1925, "graph already exists");
            json::array edge_defs;
            json::array orphans;
            if (auto* ed = b.if_contains("edgeDefinitions"); ed && ed->is_array())
                edge_defs = ed->as_array();
            if (auto* oc = b.if_contains("orphanCollections"); oc && oc->is_array())
                orphans = oc->as_array();
            auto ensure = [&](const json::value& cn, int type) {
                if (!cn.is_string())
                    fail(400, 1923, "invalid edge definition");
                if (!st_.find_coll(d, cn.as_string()))
                    st_.create_collection(d, json::object{{"name", cn}, {"type", type}});
            };
            for (auto& e : edge_defs)
            {
                if (!e.is_object() || !e.as_object().contains("collection"))
                    fail(400, 1923, "invalid edge definition");
                ensure(e.at("collection"), 3);
                for (const char* side : {"from", "to"})
                    if (auto* s = e.as_object().if_contains(side); s && s->is_array())
                        for (auto& vc : s->as_array())
                            ensure(vc, 2);
            }
            for (auto& o : orphans)
                ensure(o, 2);
            json::object doc{
                {"_key", name},
                {"edgeDefinitions", std::move(edge_defs)},
                {"orphanCollections", std::move(orphans)},
                {"numberOfShards", 1},
                {"replicationFactor", 1},
                {"isSmart", false}};
            write_outcome w = insert_doc(st_, graphs, std::move(doc), dup_mode::conflict, true, true);
            return ok_reply(202, json::object{{"graph", graph_of(w.doc)}});
        }
        if (seg.size() == 3 && m == "GET")
        {
            json::object* doc = graphs.find(at(2));
            if (!doc)
                fail(404, 1924, "graph '" + at(2) + "' not found");
            return ok_reply(200, json::object{{"graph", graph_of(*doc)}});
        }
        if (seg.size() == 3 && m == "DELETE")
        {
            if (!graphs.erase(at(2)))
                fail(404, 1924, "graph '" + at(2) + "' not found");
            st_.mark_dirty();
            return ok_reply(202, json::object{{"removed", true}});
        }
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
