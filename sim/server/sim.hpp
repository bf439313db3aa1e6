// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// arangosim: a stand-in ArangoDB server for tests. The contract it implements is described in
// docs/simulator-server.md. This header is shared by the three translation units of the server:
// store.cpp (data model + persistence + backups), api.cpp (auth + REST handlers + query subset) and
// main.cpp (command line, Beast listeners, TLS, fault injection, signals).
#ifndef ARANGOKIT_SIM_SERVER_SIM_HPP
#define ARANGOKIT_SIM_SERVER_SIM_HPP

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace arangokit::sim {

namespace json = boost::json;

/// An ArangoDB error: turned into `{"error":true,"code":http,"errorNum":num,"errorMessage":msg}`.
struct api_error : std::runtime_error
{
    int http;
    int num;
    api_error(int h, int n, const std::string& m) : std::runtime_error(m), http(h), num(n) {}
};

[[noreturn]] inline void fail(int http, int num, const std::string& msg)
{
    throw api_error(http, num, msg);
}

enum class auth_mode
{
    none,
    basic,
    jwt
};

struct config
{
    std::filesystem::path data_dir;
    std::vector<std::string> endpoints; // as given (tcp://host:port), padded to the number of listeners
    int coordinators = 0;               // 0: single server
    std::string endpoint_file;
    auth_mode auth = auth_mode::none;
    std::vector<std::pair<std::string, std::string>> users;
    std::string jwt_secret; // from --jwt-secret-keyfile, else random per process
    std::string tls_cert, tls_key;
    std::int64_t shard_sync_delay_ms = 0;
    std::string version = "3.12.4";
    std::string log_file;

    bool cluster() const { return coordinators > 0; }
};

struct collection
{
    json::object params; // the properties object as returned by /properties (name, type, id, ...)
    json::array indexes;
    std::int64_t created_ms = 0; // wall clock, drives the shardDistribution lag

    // Insertion order is kept (cursors and dumps return documents in the order they were written).
    std::map<std::uint64_t, json::object> docs;
    std::unordered_map<std::string, std::uint64_t> by_key;
    std::uint64_t next_seq = 1;
    // Lookup tables of the unique indexes (index id -> values signature -> key), built on first use by
    // check_unique and kept current by put/erase/clear; invalidate_unique() when the index list changes.
    mutable std::map<std::string, std::unordered_map<std::string, std::string>> unique_tables;
    mutable bool unique_tables_valid = false;
    void invalidate_unique() const
    {
        unique_tables.clear();
        unique_tables_valid = false;
    }

    std::string name() const { return std::string(params.at("name").as_string()); }
    int type() const { return static_cast<int>(params.at("type").to_number<std::int64_t>()); }
    bool is_system() const { return !name().empty() && name()[0] == '_'; }
    json::object* find(std::string_view key);
    void put(json::object doc); // insert, or replace in place when the key exists
    bool erase(std::string_view key);
    void clear();
};

/// A user as /_api/user shows it, plus the grants. Levels are "rw", "ro" or "none"; "*" is the wildcard
/// database or collection.
struct user_record
{
    std::string password;
    bool active = true;
    json::object extra;
    std::map<std::string, std::string> db_grants;
    std::map<std::string, std::map<std::string, std::string>> coll_grants; // db -> collection -> level
};

enum class access
{
    none = 0,
    ro = 1,
    rw = 2
};

struct database
{
    std::string name;
    std::string id;
    std::map<std::string, collection> collections;
};

class store
{
  public:
    explicit store(const config& cfg);

    void load();  // reads <data-dir>/state.json when it exists
    void flush(); // writes it atomically (temp + rename) when dirty
    void mark_dirty() { dirty_ = true; }
    bool dirty() const { return dirty_; }

    std::uint64_t next_tick() { return ++tick_; }
    std::uint64_t tick() const { return tick_; }

    database& db(std::string_view name); // 404/1228 when missing
    database& create_database(const std::string& name);
    void drop_database(const std::string& name);
    collection& coll(database& d, std::string_view name); // 404/1203 when missing
    collection* find_coll(database& d, std::string_view name);
    collection& create_collection(database& d, const json::object& props, bool keep_ids = false);
    void drop_collection(database& d, const std::string& name);

    std::map<std::string, database>& databases() { return dbs_; }
    std::map<std::string, user_record>& users() { return users_; }
    const std::map<std::string, user_record>& users() const { return users_; }

    json::value snapshot() const; // databases only
    void restore_snapshot(const json::value& v);

    // Hot backups: <data-dir>/backups/<id>.json, each a full snapshot plus metadata.
    json::object backup_create(const std::string& label, int nr_db_servers, const std::string& version);
    json::object backup_list(const std::optional<std::string>& id); // id -> meta
    void backup_restore(const std::string& id);
    void backup_delete(const std::string& id);

  private:
    json::value collection_to_json(const collection& c) const;
    collection collection_from_json(const json::object& o) const;
    std::filesystem::path backup_dir() const;

    const config& cfg_;
    std::map<std::string, database> dbs_;
    std::map<std::string, user_record> users_;
    std::uint64_t tick_ = 1000;
    bool dirty_ = false;
};

struct request
{
    std::string method; // upper case
    std::string target; // as received
    std::string path;   // decoded path without the query string
    std::map<std::string, std::string> query;
    std::string body;
    std::string authorization;
    std::string if_match, if_none_match;
    std::map<std::string, std::string> headers; // every header, names in lower case
};

struct response
{
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool shutdown = false; // POST /_admin/shutdown: stop the server after the reply is sent
};

struct listener_info
{
    int index = 0; // 0-based coordinator index
    std::string endpoint;
};

struct cursor_state
{
    std::vector<json::value> rest;
    std::size_t pos = 0;
    std::size_t batch = 1000;
    std::optional<std::size_t> count;
    json::object extra; // {"warnings", "stats"} of the query, repeated on every batch
    std::chrono::steady_clock::time_point expires;
    std::chrono::seconds ttl{30};
};

/// A streaming transaction. Its writes go to the store at once (so its own reads see them); `before` keeps
/// each written collection as it was at begin, which an abort puts back.
struct trx_state
{
    std::string id;
    std::string db;
    std::string status = "running"; // running, committed, aborted
    std::vector<std::string> read, write;
    std::map<std::string, collection> before;
    std::chrono::steady_clock::time_point expires;
};

class api
{
  public:
    api(config& cfg, store& st);
    response handle(const request& req, const listener_info& li);
    std::vector<listener_info> listeners; // filled by main once bound (for cluster health)

    // Permissions of the request being handled (one thread, one request at a time).
    access db_access(std::string_view db) const;
    access coll_access(std::string_view db, std::string_view coll) const;
    void need_coll(const database& d, std::string_view coll, access level) const; // 403/11
    void need_db_write(const database& d) const;                                  // 403/11
    void need_admin() const;                                                      // 403/11

  private:
    std::optional<std::string> authenticate(const request& req) const; // user name, "" for a superuser
    response route(const request& req, const listener_info& li, database& d, std::string_view rest);
    response open_auth(const request& req);
    std::optional<response> users_api(const request& req, const std::vector<std::string>& seg);
    std::optional<response> index_api(const request& req, database& d, const std::vector<std::string>& seg);
    std::optional<response> trx_api(const request& req, database& d, const std::vector<std::string>& seg);
    std::optional<response> query_api(const request& req, database& d, const std::vector<std::string>& seg);
    std::optional<response> graph_api(const request& req, database& d, const std::vector<std::string>& seg);
    std::optional<response>
    misc_api(const request& req, const listener_info& li, database& d, const std::vector<std::string>& seg);
    std::optional<response>
    multi_doc_api(const request& req, database& d, const std::vector<std::string>& seg);
    void check_trx(const request& req, const database& d, std::string_view coll, bool write);
    trx_state& begin_trx(database& d, const json::object& body);
    void commit_trx(trx_state& t);
    void abort_trx(database& d, trx_state& t);
    response js_transaction(const request& req, database& d);
    void expire_ttl();

    config& cfg_;
    store& st_;
    std::map<std::string, cursor_state> cursors_;
    std::map<std::string, trx_state> trx_;
    json::object query_props_;
    std::string user_;  // the authenticated user of the current request
    bool super_ = true; // no authentication, or a superuser JWT
    std::int64_t last_ttl_sweep_ms_ = 0;
};

// ---------------------------------------------------------------------------------------------------------
// Document writes (documents.cpp): shared by the REST handlers, imports, restores and AQL.

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

std::string rev_string(std::uint64_t tick);
bool valid_key(std::string_view k);
void merge_into(json::object& target, const json::object& patch, bool keep_null, bool merge_objects);
void check_edge(const collection& c, const json::object& doc);
/// Inserts `doc` (or, on a key conflict, acts as `mode` says). Enforces unique indexes and key options.
write_outcome
insert_doc(store& st, collection& c, json::object doc, dup_mode mode, bool keep_null, bool merge_objects);
/// Stores a document as a restore does: the given `_key` and `_rev` are kept; unique indexes are enforced.
void restore_doc(store& st, collection& c, json::object doc);
/// Throws 409/1210 when `doc` collides with another document (not `self_key`) in a unique index.
void check_unique(const collection& c, const json::object& doc, std::string_view self_key);
/// The signature of `doc` in the unique index `ix` (nullopt: not indexed, e.g. sparse and missing).
std::optional<std::string> unique_signature(const json::object& ix, const json::object& doc);
/// Throws 409/1210 when the documents already stored violate the unique index `ix`.
void check_unique_index(const collection& c, const json::object& ix);
json::object doc_meta(const json::object& doc);
/// Adds an index from a dump's structure (or restore-indexes) unless an identical one exists; primary and
/// edge indexes are the collection's own and skipped. Enforces a unique index on the stored documents.
void add_restored_index(collection& c, const json::object& ix);
/// Normalizes an index definition as POST /_api/index receives it (400/10 for a bad one, 501 for types the
/// simulator does not have).
json::object normalize_index(const collection& c, const json::object& def, std::uint64_t id);
const json::value* attribute_path(const json::object& doc, std::string_view dotted);

// Helpers shared by the translation units.
std::string error_body(int http, int num, const std::string& msg);
std::string random_hex(std::size_t bytes);
std::string base64url(std::string_view in);
std::optional<std::string> base64url_decode(std::string_view in);
std::optional<std::string> base64_decode(std::string_view in);
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string make_jwt(const std::string& secret, const json::object& payload);
std::string utc_now(bool dots); // 2024-01-02T03:04:05Z, or with '.' instead of ':' (backup ids)
std::string url_decode(std::string_view s);
std::int64_t now_ms();

} // namespace arangokit::sim

#endif
