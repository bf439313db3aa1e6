// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Document writes shared by the REST handlers, imports, restores and the AQL engine: key generation
// (keyOptions), edge checks, and the unique indexes every write path has to honour.
#include "sim.hpp"
#include <algorithm>
#include <cctype>
#include <cstring>
#include <unordered_map>

namespace arangokit::sim {

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

const json::value* attribute_path(const json::object& doc, std::string_view dotted)
{
    const json::object* cur = &doc;
    while (true)
    {
        auto dot = dotted.find('.');
        const json::value* v = cur->if_contains(dotted.substr(0, dot));
        if (!v || dot == std::string_view::npos)
            return v;
        if (!v->is_object())
            return nullptr;
        cur = &v->as_object();
        dotted.remove_prefix(dot + 1);
    }
}

json::object doc_meta(const json::object& doc)
{
    return json::object{{"_id", doc.at("_id")}, {"_key", doc.at("_key")}, {"_rev", doc.at("_rev")}};
}

namespace {

// The values a document has for an index's fields; nullopt when a sparse index leaves it out.
std::optional<std::vector<json::value>> index_values(const json::object& ix, const json::object& doc)
{
    std::vector<json::value> vals;
    bool sparse = ix.contains("sparse") && ix.at("sparse").is_bool() && ix.at("sparse").as_bool();
    for (auto& f : ix.at("fields").as_array())
    {
        if (!f.is_string())
            continue;
        const json::value* v = attribute_path(doc, f.as_string());
        if (sparse && (!v || v->is_null()))
            return std::nullopt;
        vals.push_back(v ? *v : json::value(nullptr));
    }
    return vals;
}

bool enforces_uniqueness(const json::object& ix)
{
    auto* u = ix.if_contains("unique");
    auto* t = ix.if_contains("type");
    return u && u->is_bool() && u->as_bool() && t && *t != "primary" && ix.contains("fields");
}

[[noreturn]] void unique_violation(const json::object& ix, std::string_view key)
{
    std::string fields;
    for (auto& f : ix.at("fields").as_array())
        fields += (fields.empty() ? "" : ", ") + std::string(f.is_string() ? f.as_string() : "");
    std::string name = ix.contains("name") ? std::string(ix.at("name").as_string()) : "";
    fail(
        409, 1210,
        "unique constraint violated - in index " + name + " of type " +
            std::string(ix.at("type").as_string()) + " over '" + fields +
            "'; conflicting key: " + std::string(key)
    );
}

std::string uuid_key()
{
    std::string h = random_hex(16);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
           h.substr(20);
}

// A new key as the collection's key generator makes it; lastValue is kept in keyOptions (persisted).
std::string generate_key(store& st, collection& c)
{
    auto* ko = c.params.if_contains("keyOptions");
    std::string type = "traditional";
    if (ko && ko->is_object())
        if (auto* t = ko->as_object().if_contains("type"); t && t->is_string())
            type = std::string(t->as_string());
    if (type == "uuid")
        return uuid_key();
    if (type != "autoincrement" && type != "padded")
        return std::to_string(st.next_tick());
    json::object& o = ko->as_object();
    auto num = [&](const char* k, std::uint64_t def) {
        auto* v = o.if_contains(k);
        return v && v->is_number() ? v->to_number<std::uint64_t>() : def;
    };
    std::uint64_t last = num("lastValue", 0);
    std::uint64_t next = 0;
    if (type == "padded")
    {
        next = std::max<std::uint64_t>(last + 1, st.next_tick());
        o["lastValue"] = next;
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(next));
        return buf;
    }
    std::uint64_t inc = std::max<std::uint64_t>(1, num("increment", 1));
    std::uint64_t off = num("offset", 0);
    // ArangoDB's autoincrement generator: the first key is the offset, then offset + n * increment.
    if (last < off)
        next = off;
    else
        next = last + inc - ((last - off) % inc);
    if (next == 0)
        next = inc;
    o["lastValue"] = next;
    return std::to_string(next);
}

// A user-given key: allowed at all, and in the generator's format; autoincrement moves lastValue past it.
void accept_user_key(collection& c, const std::string& key)
{
    auto* ko = c.params.if_contains("keyOptions");
    if (!ko || !ko->is_object())
        return;
    json::object& o = ko->as_object();
    if (auto* a = o.if_contains("allowUserKeys"); a && a->is_bool() && !a->as_bool())
        fail(400, 1222, "collection does not allow using user-defined keys");
    auto* t = o.if_contains("type");
    if (t && *t == "autoincrement")
    {
        if (key.find_first_not_of("0123456789") != std::string::npos || key.size() > 19)
            fail(400, 1221, "illegal document key");
        std::uint64_t n = std::stoull(key);
        auto* last = o.if_contains("lastValue");
        if (!last || !last->is_number() || last->to_number<std::uint64_t>() < n)
            o["lastValue"] = n;
    }
}

void strip_system(json::object& doc)
{
    doc.erase("_id");
    doc.erase("_rev");
    doc.erase("_oldRev");
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

} // namespace

namespace {
// Top-level numbers compare by value (1 == 1.0), everything else by its JSON text.
void append_signature(std::string& out, const json::value& v)
{
    if (v.is_number())
    {
        char buf[40];
        std::snprintf(buf, sizeof buf, "#%.17g", v.to_number<double>());
        out += buf;
    }
    else
        out += json::serialize(v);
    out += '\x1f';
}

void build_unique_tables(const collection& c)
{
    c.unique_tables.clear();
    for (auto& ixv : c.indexes)
    {
        const json::object& ix = ixv.as_object();
        if (!enforces_uniqueness(ix))
            continue;
        auto& table = c.unique_tables[std::string(ix.at("id").as_string())];
        for (auto& [seq, doc] : c.docs)
            if (auto sig = unique_signature(ix, doc))
                table.emplace(*sig, std::string(doc.at("_key").as_string()));
    }
    c.unique_tables_valid = true;
}
} // namespace

std::optional<std::string> unique_signature(const json::object& ix, const json::object& doc)
{
    if (!enforces_uniqueness(ix))
        return std::nullopt;
    auto vals = index_values(ix, doc);
    if (!vals)
        return std::nullopt;
    std::string sig;
    for (auto& v : *vals)
        append_signature(sig, v);
    return sig;
}

void check_unique(const collection& c, const json::object& doc, std::string_view self_key)
{
    bool any = false;
    for (auto& ixv : c.indexes)
        any = any || enforces_uniqueness(ixv.as_object());
    if (!any)
        return;
    if (!c.unique_tables_valid)
        build_unique_tables(c);
    for (auto& ixv : c.indexes)
    {
        const json::object& ix = ixv.as_object();
        auto sig = unique_signature(ix, doc);
        if (!sig)
            continue;
        auto t = c.unique_tables.find(std::string(ix.at("id").as_string()));
        if (t == c.unique_tables.end())
        {
            build_unique_tables(c);
            t = c.unique_tables.find(std::string(ix.at("id").as_string()));
        }
        auto hit = t->second.find(*sig);
        if (hit != t->second.end() && hit->second != self_key)
            unique_violation(ix, hit->second);
    }
}

void check_unique_index(const collection& c, const json::object& ix)
{
    if (!enforces_uniqueness(ix))
        return;
    std::unordered_map<std::string, std::string_view> seen;
    for (auto& [seq, doc] : c.docs)
        if (auto sig = unique_signature(ix, doc))
            if (!seen.emplace(*sig, doc.at("_key").as_string()).second)
                unique_violation(ix, doc.at("_key").as_string());
    c.invalidate_unique();
}

write_outcome
insert_doc(store& st, collection& c, json::object doc, dup_mode mode, bool keep_null, bool merge_objects)
{
    std::string key;
    bool user_key = false;
    if (auto* k = doc.if_contains("_key"))
    {
        if (!k->is_string() || !valid_key(k->as_string()))
            fail(400, 1221, "illegal document key");
        key = std::string(k->as_string());
        user_key = true;
    }
    write_outcome out;
    if (json::object* existing = user_key ? c.find(key) : nullptr)
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
        check_unique(c, next, key);
        out.doc = next;
        c.put(std::move(next));
        st.mark_dirty();
        return out;
    }
    if (user_key)
        accept_user_key(c, key);
    else
        key = generate_key(st, c);
    strip_system(doc);
    check_edge(c, doc);
    finalize(st, c, doc, key);
    check_unique(c, doc, key);
    out.doc = doc;
    c.put(std::move(doc));
    st.mark_dirty();
    return out;
}

void restore_doc(store& st, collection& c, json::object o)
{
    auto* k = o.if_contains("_key");
    if (!k || !k->is_string() || !valid_key(k->as_string()))
        fail(400, 1221, "illegal document key");
    check_edge(c, o);
    std::string key(k->as_string());
    o["_id"] = c.name() + "/" + key;
    if (!o.contains("_rev") || !o.at("_rev").is_string())
        o["_rev"] = rev_string(st.next_tick());
    check_unique(c, o, key);
    // An autoincrement collection's next generated key must not collide with a restored one.
    if (auto* ko = c.params.if_contains("keyOptions"); ko && ko->is_object())
        if (auto* t = ko->as_object().if_contains("type");
            t && *t == "autoincrement" && key.find_first_not_of("0123456789") == std::string::npos &&
            key.size() < 20)
        {
            auto* last = ko->as_object().if_contains("lastValue");
            std::uint64_t n = std::stoull(key);
            if (!last || !last->is_number() || last->to_number<std::uint64_t>() < n)
                ko->as_object()["lastValue"] = n;
        }
    c.put(std::move(o));
    st.mark_dirty();
}

} // namespace arangokit::sim
