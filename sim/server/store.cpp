// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#include "sim.hpp"
#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sstream>

namespace arangokit::sim {

namespace fs = std::filesystem;

std::string error_body(int http, int num, const std::string& msg)
{
    json::object o{{"error", true}, {"code", http}, {"errorNum", num}, {"errorMessage", msg}};
    return json::serialize(o);
}

std::string random_hex(std::size_t bytes)
{
    std::string raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
        throw std::runtime_error("RAND_bytes failed");
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : raw)
    {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

namespace {
constexpr char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string b64_encode(std::string_view in, const char* alphabet, bool pad)
{
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3)
    {
        std::uint32_t v =
            (std::uint8_t(in[i]) << 16) | (std::uint8_t(in[i + 1]) << 8) | std::uint8_t(in[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i + 1 == in.size())
    {
        std::uint32_t v = std::uint8_t(in[i]) << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (pad)
            out += "==";
    }
    else if (i + 2 == in.size())
    {
        std::uint32_t v = (std::uint8_t(in[i]) << 16) | (std::uint8_t(in[i + 1]) << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        if (pad)
            out += '=';
    }
    return out;
}

std::optional<std::string> b64_decode(std::string_view in, const char* alphabet)
{
    int map[256];
    std::fill(std::begin(map), std::end(map), -1);
    for (int i = 0; i < 64; ++i)
        map[static_cast<unsigned char>(alphabet[i])] = i;
    while (!in.empty() && in.back() == '=')
        in.remove_suffix(1);
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : in)
    {
        int v = map[static_cast<unsigned char>(c)];
        if (v < 0)
            return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return out;
}
} // namespace

std::string base64url(std::string_view in)
{
    return b64_encode(in, b64_url, false);
}
std::optional<std::string> base64url_decode(std::string_view in)
{
    return b64_decode(in, b64_url);
}
std::optional<std::string> base64_decode(std::string_view in)
{
    return b64_decode(in, b64_std);
}

std::string hmac_sha256(std::string_view key, std::string_view data)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(
        EVP_sha256(), key.data(), static_cast<int>(key.size()),
        reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len
    );
    return std::string(reinterpret_cast<char*>(md), len);
}

std::string make_jwt(const std::string& secret, const json::object& payload)
{
    std::string head = base64url(R"({"alg":"HS256","typ":"JWT"})");
    std::string body = base64url(json::serialize(payload));
    std::string signing = head + "." + body;
    return signing + "." + base64url(hmac_sha256(secret, signing));
}

std::string utc_now(bool dots)
{
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, dots ? "%Y-%m-%dT%H.%M.%SZ" : "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string url_decode(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2])))
        {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        }
        else if (s[i] == '+')
            out += ' ';
        else
            out += s[i];
    }
    return out;
}

std::int64_t now_ms()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// ---------------------------------------------------------------------------------------------------------
// collection

json::object* collection::find(std::string_view key)
{
    auto it = by_key.find(std::string(key));
    if (it == by_key.end())
        return nullptr;
    return &docs.at(it->second);
}

namespace {
void unique_tables_update(const collection& c, const json::object* old_doc, const json::object* new_doc)
{
    if (!c.unique_tables_valid)
        return;
    for (auto& ixv : c.indexes)
    {
        const json::object& ix = ixv.as_object();
        auto t = c.unique_tables.find(std::string(ix.at("id").as_string()));
        if (t == c.unique_tables.end())
            continue;
        if (old_doc)
            if (auto sig = unique_signature(ix, *old_doc))
                t->second.erase(*sig);
        if (new_doc)
            if (auto sig = unique_signature(ix, *new_doc))
                t->second[*sig] = std::string(new_doc->at("_key").as_string());
    }
}
} // namespace

void collection::put(json::object doc)
{
    std::string key(doc.at("_key").as_string());
    auto it = by_key.find(key);
    if (it != by_key.end())
    {
        json::object& slot = docs.at(it->second);
        unique_tables_update(*this, &slot, &doc);
        slot = std::move(doc);
        return;
    }
    unique_tables_update(*this, nullptr, &doc);
    std::uint64_t seq = next_seq++;
    docs.emplace(seq, std::move(doc));
    by_key.emplace(std::move(key), seq);
}

bool collection::erase(std::string_view key)
{
    auto it = by_key.find(std::string(key));
    if (it == by_key.end())
        return false;
    unique_tables_update(*this, &docs.at(it->second), nullptr);
    docs.erase(it->second);
    by_key.erase(it);
    return true;
}

void collection::clear()
{
    docs.clear();
    by_key.clear();
    for (auto& [id, table] : unique_tables)
        table.clear();
}

// ---------------------------------------------------------------------------------------------------------
// store

store::store(const config& cfg) : cfg_(cfg)
{
    database sys{"_system", "1", {}};
    dbs_.emplace("_system", std::move(sys));
}

namespace {
bool valid_name(std::string_view n, bool allow_system, std::size_t max)
{
    if (n.empty() || n.size() > max)
        return false;
    if (!(std::isalpha(static_cast<unsigned char>(n[0])) || (allow_system && n[0] == '_')))
        return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
}

json::value read_json_file(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
}

void write_json_file(const fs::path& p, const json::value& v)
{
    fs::path tmp = p;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << json::serialize(v);
        out.flush();
        if (!out)
            throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, p);
}
} // namespace

json::value user_to_json(const user_record& r)
{
    json::object dbs;
    for (auto& [d, l] : r.db_grants)
        dbs[d] = l;
    json::object colls;
    for (auto& [d, m] : r.coll_grants)
    {
        json::object o;
        for (auto& [c, l] : m)
            o[c] = l;
        colls[d] = std::move(o);
    }
    return json::object{
        {"password", r.password},
        {"active", r.active},
        {"extra", r.extra},
        {"databases", std::move(dbs)},
        {"collections", std::move(colls)}};
}

user_record user_from_json(const json::value& v)
{
    user_record r;
    if (v.is_string())
    {
        // State files before permissions: a password only, and every user could use every database.
        r.password = std::string(v.as_string());
        r.db_grants["*"] = "rw";
        return r;
    }
    const auto& o = v.as_object();
    r.password = std::string(o.at("password").as_string());
    r.active = o.at("active").as_bool();
    r.extra = o.at("extra").as_object();
    for (auto& kv : o.at("databases").as_object())
        r.db_grants[kv.key()] = std::string(kv.value().as_string());
    for (auto& kv : o.at("collections").as_object())
        for (auto& c : kv.value().as_object())
            r.coll_grants[kv.key()][c.key()] = std::string(c.value().as_string());
    return r;
}

database& store::db(std::string_view name)
{
    auto it = dbs_.find(std::string(name));
    if (it == dbs_.end())
        fail(404, 1228, "database not found");
    return it->second;
}

database& store::create_database(const std::string& name)
{
    if (!valid_name(name, false, 64))
        fail(400, 1229, "database name invalid");
    if (dbs_.count(name))
        fail(409, 1207, "duplicate database name");
    database d{name, std::to_string(next_tick()), {}};
    auto& ref = dbs_.emplace(name, std::move(d)).first->second;
    // Real databases come with system collections; _graphs is what gharial stores graphs in.
    create_collection(ref, json::object{{"name", "_graphs"}, {"type", 2}, {"isSystem", true}});
    mark_dirty();
    return ref;
}

void store::drop_database(const std::string& name)
{
    if (name == "_system")
        fail(403, 1230, "operation only allowed in system database");
    if (!dbs_.erase(name))
        fail(404, 1228, "database not found");
    mark_dirty();
}

collection* store::find_coll(database& d, std::string_view name)
{
    auto it = d.collections.find(std::string(name));
    return it == d.collections.end() ? nullptr : &it->second;
}

collection& store::coll(database& d, std::string_view name)
{
    if (auto* c = find_coll(d, name))
        return *c;
    fail(404, 1203, "collection or view not found");
}

collection& store::create_collection(database& d, const json::object& props, bool keep_ids)
{
    auto* n = props.if_contains("name");
    if (!n || !n->is_string())
        fail(400, 1208, "illegal name");
    std::string name(n->as_string());
    if (!valid_name(name, true, 256))
        fail(400, 1208, "illegal name");
    if (d.collections.count(name))
        fail(409, 1207, "duplicate name");
    int type = 2;
    if (auto* t = props.if_contains("type"))
    {
        if (t->is_string())
            type = t->as_string() == "edge" ? 3 : 2;
        else if (t->is_number())
            type = static_cast<int>(t->to_number<std::int64_t>());
        if (type != 2 && type != 3)
            fail(400, 1218, "invalid collection type");
    }
    json::object p;
    std::string id = std::to_string(next_tick());
    if (keep_ids)
    {
        // Restores keep everything the dump carried, but ids must be unique within this server.
        for (auto& kv : props)
            p.emplace(kv.key(), kv.value());
    }
    auto def = [&](std::string_view k, json::value v) {
        if (!p.contains(k))
            p[k] = props.contains(k) ? props.at(k) : std::move(v);
    };
    p["id"] = id;
    p["name"] = name;
    p["type"] = type;
    p["status"] = 3;
    p["isSystem"] = name[0] == '_';
    p["globallyUniqueId"] = "h" + random_hex(6) + "/" + id;
    def("waitForSync", false);
    def("cacheEnabled", false);
    def("numberOfShards", 1);
    def("replicationFactor", 1);
    def("writeConcern", 1);
    def("shardKeys", json::array{"_key"});
    def("shardingStrategy", cfg_.cluster() ? "hash" : "");
    def("keyOptions", json::object{{"type", "traditional"}, {"allowUserKeys", true}, {"lastValue", 0}});
    def("schema", nullptr);
    def("computedValues", nullptr);
    def("syncByRevision", true);
    def("usesRevisionsAsDocumentIds", true);
    def("isSmart", false);
    def("isDisjoint", false);
    def("internalValidatorType", 0);
    def("objectId", json::string(std::to_string(next_tick())));
    collection c;
    c.params = std::move(p);
    c.indexes = json::array{json::object{
        {"id", name + "/0"},
        {"type", "primary"},
        {"fields", json::array{"_key"}},
        {"unique", true},
        {"sparse", false},
        {"name", "primary"}}};
    if (type == 3)
        c.indexes.push_back(json::object{
            {"id", name + "/2"},
            {"type", "edge"},
            {"fields", json::array{"_from", "_to"}},
            {"unique", false},
            {"sparse", false},
            {"name", "edge"}});
    c.created_ms = now_ms();
    mark_dirty();
    return d.collections.emplace(name, std::move(c)).first->second;
}

void store::drop_collection(database& d, const std::string& name)
{
    if (!d.collections.erase(name))
        fail(404, 1203, "collection or view not found");
    mark_dirty();
}

json::value store::collection_to_json(const collection& c) const
{
    json::array docs;
    docs.reserve(c.docs.size());
    for (auto& [seq, doc] : c.docs)
        docs.push_back(doc);
    return json::object{
        {"parameters", c.params},
        {"indexes", c.indexes},
        {"created_ms", c.created_ms},
        {"documents", std::move(docs)}};
}

collection store::collection_from_json(const json::object& o) const
{
    collection c;
    c.params = o.at("parameters").as_object();
    c.indexes = o.at("indexes").as_array();
    c.created_ms = o.at("created_ms").to_number<std::int64_t>();
    for (auto& d : o.at("documents").as_array())
        c.put(d.as_object());
    return c;
}

json::value store::snapshot() const
{
    json::object dbs;
    for (auto& [name, d] : dbs_)
    {
        json::object colls;
        for (auto& [cn, c] : d.collections)
            colls[cn] = collection_to_json(c);
        dbs[name] = json::object{{"id", d.id}, {"collections", std::move(colls)}};
    }
    return dbs;
}

void store::restore_snapshot(const json::value& v)
{
    std::map<std::string, database> dbs;
    for (auto& kv : v.as_object())
    {
        database d;
        d.name = kv.key();
        d.id = std::string(kv.value().at("id").as_string());
        for (auto& ckv : kv.value().at("collections").as_object())
            d.collections.emplace(std::string(ckv.key()), collection_from_json(ckv.value().as_object()));
        dbs.emplace(d.name, std::move(d));
    }
    dbs_ = std::move(dbs);
    mark_dirty();
}

void store::load()
{
    fs::create_directories(cfg_.data_dir);
    fs::path p = cfg_.data_dir / "state.json";
    if (fs::exists(p))
    {
        json::value v = read_json_file(p);
        auto& o = v.as_object();
        tick_ = o.at("tick").to_number<std::uint64_t>();
        restore_snapshot(o.at("databases"));
        for (auto& kv : o.at("users").as_object())
            users_[kv.key()] = user_from_json(kv.value());
    }
    else
    {
        dbs_.at("_system").collections.clear();
        create_collection(
            dbs_.at("_system"), json::object{{"name", "_graphs"}, {"type", 2}, {"isSystem", true}}
        );
    }
    // Users from the command line are administrators (rw on every database), like root on a fresh server.
    for (auto& [u, pw] : cfg_.users)
    {
        user_record& r = users_[u];
        r.password = pw;
        if (r.db_grants.empty())
            r.db_grants["*"] = "rw";
    }
    if (users_.empty())
        users_["root"].db_grants["*"] = "rw";
    dirty_ = true;
    flush();
}

void store::flush()
{
    if (!dirty_)
        return;
    json::object users;
    for (auto& [u, r] : users_)
        users[u] = user_to_json(r);
    json::object o{{"format", 1}, {"tick", tick_}, {"databases", snapshot()}, {"users", std::move(users)}};
    write_json_file(cfg_.data_dir / "state.json", o);
    dirty_ = false;
}

// ---------------------------------------------------------------------------------------------------------
// backups

fs::path store::backup_dir() const
{
    return cfg_.data_dir / "backups";
}

json::object store::backup_create(const std::string& label, int nr_db_servers, const std::string& version)
{
    if (label.find_first_of("/\\") != std::string::npos || label.find("..") != std::string::npos)
        fail(400, 600, "invalid backup label");
    std::string id = utc_now(true) + "_" +
                     (label.empty() ? random_hex(4) + "-" + random_hex(2) + "-" + random_hex(2) + "-" +
                                          random_hex(2) + "-" + random_hex(6)
                                    : label);
    fs::create_directories(backup_dir());
    if (fs::exists(backup_dir() / (id + ".json")))
        fail(409, 1207, "backup with this id already exists");
    json::object meta{
        {"id", id},
        {"version", version},
        {"datetime", utc_now(false)},
        {"sizeInBytes", 0},
        {"nrFiles", 1},
        {"nrDBServers", nr_db_servers},
        {"available", true},
        {"nrPiecesPresent", nr_db_servers},
        {"potentiallyInconsistent", false},
        {"countIncludesFiles", false}};
    std::string content = json::serialize(snapshot());
    meta["sizeInBytes"] = content.size();
    json::object file{{"meta", meta}, {"state", json::parse(content)}};
    write_json_file(backup_dir() / (id + ".json"), file);
    return meta;
}

json::object store::backup_list(const std::optional<std::string>& id)
{
    json::object list;
    if (fs::exists(backup_dir()))
    {
        for (auto& e : fs::directory_iterator(backup_dir()))
        {
            if (e.path().extension() != ".json")
                continue;
            std::string bid = e.path().stem().string();
            if (id && *id != bid)
                continue;
            json::value v = read_json_file(e.path());
            list[bid] = v.at("meta");
        }
    }
    if (id && list.empty())
        fail(404, 404, "backup not found");
    return list;
}

void store::backup_restore(const std::string& id)
{
    fs::path p = backup_dir() / (id + ".json");
    if (id.find('/') != std::string::npos || !fs::exists(p))
        fail(404, 404, "backup not found");
    json::value v = read_json_file(p);
    restore_snapshot(v.at("state"));
    flush();
}

void store::backup_delete(const std::string& id)
{
    fs::path p = backup_dir() / (id + ".json");
    if (id.find('/') != std::string::npos || !fs::exists(p))
        fail(404, 404, "backup not found");
    fs::remove(p);
}

} // namespace arangokit::sim
