// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Bodies of artifacts/dump_reader.hpp: the file-name rules of the dump layout, envelope detection, reading
// one database directory, and the streaming record visitor.
#ifndef ARANGOKIT_ARTIFACTS_IMPL_DUMP_READER_HPP
#define ARANGOKIT_ARTIFACTS_IMPL_DUMP_READER_HPP

#include <arangokit/artifacts/checksum.hpp>
#include <arangokit/artifacts/detail/dump_file_reader.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/artifacts/keyfile.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace arangokit {

namespace detail {

inline bool ends_with(std::string_view s, std::string_view suffix) noexcept
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

inline std::string md5_hex(std::string_view s)
{
    multi_hasher h{hash_algorithm::md5};
    h.update(s);
    return h.finish().get(hash_algorithm::md5);
}

struct data_file_name
{
    std::string base{};
    std::optional<std::uint64_t> part{};
    bool gz = false;
};

// `<base>.data.json[.gz]` or `<base>.<n>.data.json[.gz]`.
inline std::optional<data_file_name> parse_data_file_name(std::string name)
{
    data_file_name d;
    if (ends_with(name, ".gz"))
    {
        d.gz = true;
        name.resize(name.size() - 3);
    }
    if (!ends_with(name, ".data.json"))
        return std::nullopt;
    name.resize(name.size() - 10);
    auto dot = name.rfind('.');
    if (dot != std::string::npos && dot + 1 < name.size() &&
        name.find_first_not_of("0123456789", dot + 1) == std::string::npos)
    {
        // A part number that does not fit leaves the name unsplit (no structure file matches it then).
        std::uint64_t part = 0;
        auto [end, perr] = std::from_chars(name.data() + dot + 1, name.data() + name.size(), part);
        if (perr == std::errc{} && end == name.data() + name.size())
        {
            d.part = part;
            name.resize(dot);
        }
    }
    d.base = std::move(name);
    return d;
}

inline std::string trim(std::string s)
{
    auto b = s.find_first_not_of(" \t\r\n");
    auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

inline bool read_small_file(
    const std::filesystem::path& file,
    const encryption_key* key,
    std::string& out,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    dump_file_reader r;
    return r.open(file, key, false, ec, diag) && r.read_all(out, std::size_t(64) << 20, ec, diag);
}

inline std::optional<boost::json::object> read_json_object_file(
    const std::filesystem::path& file, const encryption_key* key, error_code& ec, artifact_diagnostics& diag
)
{
    std::string text;
    if (!read_small_file(file, key, text, ec, diag))
        return std::nullopt;
    boost::system::error_code jec;
    auto v = boost::json::parse(text, jec);
    if (jec || !v.is_object())
    {
        std::string why = jec ? "invalid JSON: " + jec.message() : std::string("not a JSON object");
        if (key)
            why += " (after decryption: wrong encryption key?)";
        set_artifact_error(ec, diag, errc::damaged_dump, "dump file " + file.string() + ": " + why);
        return std::nullopt;
    }
    return std::move(v.get_object());
}

} // namespace detail

namespace detail {

// An envelope is a record with a numeric `type`, no top-level `_key`, and a `data` object or a `key` string:
// {"type":2300,"data":{...}} (3.0-3.11) or {"type":2300,"key":"k","rev":"r","data":{...}} (2.x). A plain
// document has a `_key`, so a document that merely has `type` and `data` attributes is never taken for one.
inline bool is_envelope(const boost::json::object& o) noexcept
{
    const boost::json::value* type = o.if_contains("type");
    if (!type || !type->is_number() || o.contains("_key"))
        return false;
    const boost::json::value* data = o.if_contains("data");
    const boost::json::value* key = o.if_contains("key");
    return (data && data->is_object()) || (key && key->is_string());
}

} // namespace detail

void visit_documents(
    const dump_database& db,
    const dump_collection& coll,
    const dump_read_options& opts,
    const std::function<void(const boost::json::object& document, bool removal)>& fn,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    ec.clear();
    diag.clear();
    const encryption_key* key = nullptr;
    if (db.encrypted())
    {
        if (!opts.key)
        {
            detail::set_artifact_error(
                ec, diag, errc::invalid_options,
                "dump " + db.directory.string() + " is encrypted (" + db.encryption + "): a key is needed"
            );
            return;
        }
        key = &*opts.key;
    }
    bool envelopes_possible = true;
    if (auto* ue = db.dump_json.if_contains("useEnvelope"); ue && ue->is_bool() && !ue->get_bool())
        envelopes_possible = false;
    boost::json::parser parser;
    std::string line;
    for (const auto& file : coll.data_files)
    {
        detail::dump_file_reader r;
        if (!r.open(file, key, detail::ends_with(file.string(), ".gz"), ec, diag))
            return;
        auto bad = [&](const std::string& why) {
            detail::set_artifact_error(
                ec, diag, errc::damaged_dump,
                "dump file " + file.string() + " line " + std::to_string(r.line_number()) + ": " + why
            );
        };
        while (r.next_line(line, ec, diag))
        {
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            boost::system::error_code jec;
            parser.reset();
            parser.write(line.data(), line.size(), jec); // a complete text: incomplete or trailing data fails
            if (jec)
                return bad("invalid JSON: " + jec.message());
            boost::json::value v = parser.release();
            if (!v.is_object())
                return bad("not a JSON object");
            auto& o = v.get_object();
            if (!envelopes_possible || !detail::is_envelope(o))
            {
                fn(o, false);
                continue;
            }
            boost::system::error_code tec;
            auto t = o.at("type").to_number<std::int64_t>(tec);
            if (tec)
                return bad("envelope type is not an integer");
            const boost::json::value* data = o.if_contains("data");
            const boost::json::value* k = o.if_contains("key");
            const boost::json::value* rev = o.if_contains("rev");
            if (t == 2300 || t == 2301)
            {
                if (!data || !data->is_object())
                    return bad("envelope of type " + std::to_string(t) + " without a \"data\" object");
                boost::json::object& d = o.at("data").get_object();
                if (k && k->is_string() && !d.contains("_key"))
                    d["_key"] = k->get_string();
                if (rev && rev->is_string() && !d.contains("_rev"))
                    d["_rev"] = rev->get_string();
                fn(d, false);
            }
            else if (t == 2302)
            {
                boost::json::object removed;
                if (k && k->is_string())
                    removed["_key"] = k->get_string();
                else if (data && data->is_object())
                    if (auto* dk = data->get_object().if_contains("_key"); dk && dk->is_string())
                        removed["_key"] = dk->get_string();
                if (!removed.contains("_key"))
                    return bad("removal (type 2302) without a key");
                if (rev && rev->is_string())
                    removed["_rev"] = rev->get_string();
                else if (data && data->is_object())
                    if (auto* dr = data->get_object().if_contains("_rev"); dr && dr->is_string())
                        removed["_rev"] = dr->get_string();
                fn(removed, true);
            }
            else
                return bad(
                    "unknown envelope type " + std::to_string(t) +
                    " (expected 2300 document, 2301 edge or 2302 removal)"
                );
        }
        if (ec)
            return;
    }
}

void visit_documents(
    const dump_database& db,
    const dump_collection& coll,
    const dump_read_options& opts,
    const std::function<void(const boost::json::object& document, bool removal)>& fn
)
{
    error_code ec;
    artifact_diagnostics diag;
    visit_documents(db, coll, opts, fn, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
}

namespace detail {

inline bool read_database(
    const std::filesystem::path& dir,
    const std::string& inherited_encryption,
    const dump_read_options& opts,
    dump_database& db,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    namespace fs = std::filesystem;
    auto damaged = [&](const std::string& what) {
        set_artifact_error(ec, diag, errc::damaged_dump, "dump " + dir.string() + ": " + what);
        return false;
    };
    db.directory = dir;
    db.encryption = inherited_encryption;
    std::error_code sec;
    if (fs::exists(dir / "ENCRYPTION", sec))
    {
        std::string text;
        if (!read_small_file(dir / "ENCRYPTION", nullptr, text, ec, diag))
            return false;
        db.encryption = trim(text);
    }
    if (db.encryption != "none" && db.encryption != "aes-256-ctr")
        return damaged("unknown encryption type '" + db.encryption + "' in ENCRYPTION");
    const encryption_key* key = nullptr;
    if (db.encrypted())
    {
        if (!opts.key)
        {
            set_artifact_error(
                ec, diag, errc::invalid_options,
                "dump " + dir.string() + " is encrypted (" + db.encryption +
                    "): pass its key in dump_read_options::key (see read_keyfile)"
            );
            return false;
        }
        key = &*opts.key;
    }
    // 2.x dumps have no dump.json: the caller only gets here for them when a structure file is present.
    db.has_dump_json = fs::exists(dir / "dump.json", sec);
    if (db.has_dump_json)
    {
        auto dj = read_json_object_file(dir / "dump.json", key, ec, diag);
        if (!dj)
            return false;
        db.dump_json = std::move(*dj);
    }
    if (auto* n = db.dump_json.if_contains("database"); n && n->is_string())
        db.name = std::string(n->get_string());
    else
        db.name = dir.filename().string();
    if (auto* t = db.dump_json.if_contains("lastTickAtDumpStart"))
        db.last_tick = t->is_string() ? std::string(t->get_string()) : boost::json::serialize(*t);

    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, sec), end; !sec && it != end; it.increment(sec))
        if (it->is_regular_file(sec))
            files.push_back(it->path());
    if (sec)
        return damaged("cannot list: " + sec.message());
    std::sort(files.begin(), files.end());

    struct data_entry
    {
        fs::path path{};
        data_file_name name{};
        bool used = false;
    };
    std::vector<data_entry> data;
    for (const auto& f : files)
    {
        std::string n = f.filename().string();
        if (ends_with(n, ".structure.json"))
        {
            auto obj = read_json_object_file(f, key, ec, diag);
            if (!obj)
                return false;
            dump_collection c;
            c.structure_file = f;
            auto* params = obj->if_contains("parameters");
            if (!params || !params->is_object())
                return damaged(n + ": no \"parameters\" object");
            c.parameters = params->get_object();
            auto* name = c.parameters.if_contains("name");
            if (!name || !name->is_string() || name->get_string().empty())
                return damaged(n + ": \"parameters.name\" is missing");
            c.name = std::string(name->get_string());
            if (auto* t = c.parameters.if_contains("type"); t && t->is_number())
            {
                boost::system::error_code tec;
                c.type = t->to_number<int>(tec);
                if (tec)
                    return damaged(n + ": \"parameters.type\" is not a collection type");
            }
            if (auto* ix = obj->if_contains("indexes"); ix && ix->is_array())
                c.indexes = ix->get_array();
            db.collections.push_back(std::move(c));
        }
        else if (ends_with(n, ".view.json"))
        {
            auto obj = read_json_object_file(f, key, ec, diag);
            if (!obj)
                return false;
            dump_view v;
            v.file = f;
            auto* name = obj->if_contains("name");
            v.name = name && name->is_string()
                         ? std::string(name->get_string())
                         : n.substr(0, n.size() - std::string_view(".view.json").size());
            v.definition = std::move(*obj);
            db.views.push_back(std::move(v));
        }
        else if (ends_with(n, ".data.vpack") || ends_with(n, ".data.vpack.gz"))
        {
            set_artifact_error(
                ec, diag, errc::parse_error,
                "dump file " + f.string() + ": VelocyPack data files (--dump-vpack) are not supported"
            );
            return false;
        }
        else if (auto d = parse_data_file_name(n))
            data.push_back({f, std::move(*d)});
    }

    for (auto& c : db.collections)
    {
        // arangorestore's lookup: <structure base>, <name>_<md5(name)>, <name>.
        std::string sbase = c.structure_file.filename().string();
        sbase.resize(sbase.size() - std::string_view(".structure.json").size());
        std::string hashed = c.name + "_" + md5_hex(c.name);
        std::vector<data_entry*> mine;
        for (auto& d : data)
            if (!d.used && (d.name.base == sbase || d.name.base == hashed || d.name.base == c.name))
            {
                d.used = true;
                mine.push_back(&d);
            }
        auto order = [](const data_entry* d) { return d->name.part ? *d->name.part + 1 : 0; };
        std::sort(mine.begin(), mine.end(), [&](auto* a, auto* b) { return order(a) < order(b); });
        for (auto* d : mine)
        {
            c.data_files.push_back(d->path);
            c.compressed = c.compressed || d->name.gz;
            c.split = c.split || d->name.part.has_value();
        }
    }
    for (const auto& d : data)
        if (!d.used)
            return damaged(
                d.path.filename().string() + " has no structure file (" + d.name.base + ".structure.json)"
            );
    // 3.12 split dumps write no data file for an empty collection; any other dump has one per collection.
    bool split_dump = std::any_of(data.begin(), data.end(), [](auto& d) { return d.name.part.has_value(); });
    if (opts.require_data_files && !split_dump)
        for (const auto& c : db.collections)
            if (c.data_files.empty())
            {
                std::string sbase = c.structure_file.filename().string();
                sbase.resize(sbase.size() - std::string_view(".structure.json").size());
                return damaged(
                    "collection '" + c.name + "' has a structure file (" +
                    c.structure_file.filename().string() + ") but no data file (" + sbase +
                    ".data.json[.gz]); arangorestore fails on it with \"could not open data file\". Restore "
                    "it with --import-data false, or read it with dump_read_options::require_data_files = "
                    "false if the dump was taken with --dump-data false"
                );
            }

    std::sort(db.collections.begin(), db.collections.end(), [](auto& a, auto& b) { return a.name < b.name; });
    std::sort(db.views.begin(), db.views.end(), [](auto& a, auto& b) { return a.name < b.name; });

    if (opts.count_documents)
        for (auto& c : db.collections)
        {
            // The net content, as a restore leaves it: one entry per key (memory: the keys of one
            // collection), plus one per record without a string _key.
            std::unordered_set<std::string> keys;
            std::uint64_t keyless = 0, removals = 0;
            auto count = [&](const boost::json::object& d, bool removal) {
                const boost::json::value* k = d.if_contains("_key");
                if (removal)
                {
                    ++removals;
                    keys.erase(std::string(k->get_string()));
                }
                else if (k && k->is_string())
                    keys.emplace(k->get_string());
                else
                    ++keyless;
            };
            visit_documents(db, c, opts, count, ec, diag);
            if (ec)
                return false;
            c.document_count = keys.size() + keyless;
            c.removal_count = removals;
        }
    return true;
}

} // namespace detail

dump_model read_dump(
    const std::filesystem::path& dir,
    const dump_read_options& opts,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    namespace fs = std::filesystem;
    ec.clear();
    diag.clear();
    dump_model m;
    m.root = dir;
    std::error_code sec;
    if (!fs::is_directory(dir, sec))
    {
        detail::set_artifact_error(
            ec, diag, errc::damaged_dump, "dump " + dir.string() + ": not a directory"
        );
        return m;
    }
    bool has_structure = false;
    for (fs::directory_iterator it(dir, sec), end; !sec && it != end && !has_structure; it.increment(sec))
        has_structure = detail::ends_with(it->path().filename().string(), ".structure.json");
    if (fs::exists(dir / "dump.json", sec) || has_structure)
    {
        dump_database db;
        if (!detail::read_database(dir, "none", opts, db, ec, diag))
            return m;
        m.databases.push_back(std::move(db));
        return m;
    }
    std::string root_encryption = "none";
    if (fs::exists(dir / "ENCRYPTION", sec))
    {
        std::string text;
        if (!detail::read_small_file(dir / "ENCRYPTION", nullptr, text, ec, diag))
            return m;
        root_encryption = detail::trim(text);
    }
    std::vector<fs::path> subdirs;
    for (fs::directory_iterator it(dir, sec), end; !sec && it != end; it.increment(sec))
        if (it->is_directory(sec) && !it->is_symlink(sec) && fs::exists(it->path() / "dump.json", sec))
            subdirs.push_back(it->path());
    std::sort(subdirs.begin(), subdirs.end());
    if (subdirs.empty())
    {
        detail::set_artifact_error(
            ec, diag, errc::damaged_dump,
            "dump " + dir.string() +
                ": not a dump: no dump.json, no *.structure.json and no database sub-directories with a "
                "dump.json"
        );
        return m;
    }
    m.all_databases = true;
    for (const auto& sd : subdirs)
    {
        dump_database db;
        if (!detail::read_database(sd, root_encryption, opts, db, ec, diag))
            return m;
        m.databases.push_back(std::move(db));
    }
    std::sort(m.databases.begin(), m.databases.end(), [](auto& a, auto& b) { return a.name < b.name; });
    return m;
}

dump_model read_dump(const std::filesystem::path& dir, const dump_read_options& opts)
{
    error_code ec;
    artifact_diagnostics diag;
    auto m = read_dump(dir, opts, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return m;
}

} // namespace arangokit

#endif
