// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_DUMP_READER_HPP
#define ARANGOKIT_ARTIFACTS_DUMP_READER_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/checksum.hpp>
#include <arangokit/artifacts/detail/dump_file_reader.hpp>
#include <arangokit/artifacts/keyfile.hpp>
#include <arangokit/error.hpp>

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
#include <vector>

namespace arangokit {

/// \brief One collection of a dump: its structure file and data files.
struct dump_collection
{
    std::string name{};               ///< `parameters.name`
    int type = 2;                     ///< 2 document, 3 edge
    boost::json::object parameters{}; ///< the structure file's `parameters`
    boost::json::array indexes{};     ///< the structure file's `indexes`
    std::filesystem::path structure_file{};
    std::vector<std::filesystem::path> data_files{}; ///< in read order: unsplit first, then split by number
    bool compressed = false;                         ///< some data file is `.gz`
    bool split = false;                              ///< data files are `<base>.<n>.data.json[.gz]`
    /// Document records in the data files (set when `dump_read_options::count_documents`); a key that occurs
    /// twice counts twice.
    std::uint64_t document_count = 0;

    bool is_edge() const noexcept { return type == 3; }
};

/// \brief One view of a dump (`<name>.view.json`).
struct dump_view
{
    std::string name{};
    boost::json::object definition{};
    std::filesystem::path file{};
};

/// \brief One database of a dump: a directory with `dump.json`.
struct dump_database
{
    std::string name{}; ///< `dump.json`'s `database` (the directory name if absent)
    std::filesystem::path directory{};
    std::string encryption = "none";            ///< the `ENCRYPTION` file: "none" or "aes-256-ctr"
    std::string last_tick{};                    ///< `lastTickAtDumpStart`
    boost::json::object dump_json{};            ///< the whole `dump.json`
    std::vector<dump_collection> collections{}; ///< sorted by name
    std::vector<dump_view> views{};             ///< sorted by name

    bool encrypted() const noexcept { return encryption != "none"; }
    const dump_collection* find_collection(std::string_view n) const noexcept
    {
        for (const auto& c : collections)
            if (c.name == n)
                return &c;
        return nullptr;
    }
    std::uint64_t document_count() const noexcept
    {
        std::uint64_t n = 0;
        for (const auto& c : collections)
            n += c.document_count;
        return n;
    }
};

/// \brief A dump directory as data: one database, or one per sub-directory for `--all-databases`.
struct dump_model
{
    std::filesystem::path root{};
    bool all_databases = false;             ///< databases come from sub-directories of `root`
    std::vector<dump_database> databases{}; ///< sorted by name (one entry unless all_databases)

    const dump_database* find_database(std::string_view n) const noexcept
    {
        for (const auto& d : databases)
            if (d.name == n)
                return &d;
        return nullptr;
    }
};

/// \brief Options for `read_dump`, `visit_documents` and `compare_dumps`.
struct dump_read_options
{
    /// The key of an encrypted dump (see `read_keyfile`). Reading an encrypted dump without it is
    /// `errc::invalid_options`.
    std::optional<encryption_key> key{};
    /// Read every data file and count the documents (this also validates every line). Off: only the
    /// metadata is read.
    bool count_documents = true;
};

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

/// \brief Calls `fn(document, removal)` for every document record of one collection, streaming its data
/// files. \details Plain, gzipped (`.gz`, concatenated members allowed), split and encrypted data files are
/// read through fixed buffers; only one line is in memory at a time. Empty lines are skipped. The 3.8-3.11
/// envelope format `{"type":2300,"data":{...}}` is unwrapped; `{"type":2302,...}` records are removals
/// (`removal == true`, the object holds at least `_key`). Errors (`errc::damaged_dump`) name the file and
/// the line: `dump file /d/c_<md5>.data.json line 7: invalid JSON: syntax error`.
/// \par Blocking
/// Synchronous: run it on a worker thread for big dumps.
ARANGOKIT_DECL void visit_documents(
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
            const boost::json::value* type = o.if_contains("type");
            const boost::json::value* data = o.if_contains("data");
            if (type && data && type->is_number() && data->is_object() && o.size() == 2)
            {
                auto t = type->to_number<std::int64_t>();
                if (t == 2300)
                    fn(data->get_object(), false);
                else if (t == 2302)
                    fn(data->get_object(), true);
                else
                    return bad("unknown envelope type " + std::to_string(t));
            }
            else
                fn(o, false);
        }
        if (ec)
            return;
    }
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
    if (!fs::exists(dir / "dump.json", sec))
        return damaged("dump.json is missing");
    auto dj = read_json_object_file(dir / "dump.json", key, ec, diag);
    if (!dj)
        return false;
    db.dump_json = std::move(*dj);
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

    std::sort(db.collections.begin(), db.collections.end(), [](auto& a, auto& b) { return a.name < b.name; });
    std::sort(db.views.begin(), db.views.end(), [](auto& a, auto& b) { return a.name < b.name; });

    if (opts.count_documents)
        for (auto& c : db.collections)
        {
            std::uint64_t n = 0;
            auto count = [&](const boost::json::object&, bool removal) { n += removal ? 0 : 1; };
            visit_documents(db, c, opts, count, ec, diag);
            if (ec)
                return false;
            c.document_count = n;
        }
    return true;
}

} // namespace detail

/// \brief Reads a dump directory into a model: databases, collections, properties, document counts.
/// \details Layout (reference section 14 and the simulator contract): `ENCRYPTION` (`none` or `aes-256-ctr`;
/// missing means none), `dump.json`, `<coll>_<md5>.structure.json` (or `<coll>.structure.json`),
/// `<coll>_<md5>.data.json`, `.data.json.gz`, split `<coll>_<md5>.<n>.data.json[.gz]`, `<view>.view.json`.
/// Without a `dump.json` in `dir`, every sub-directory that has one is a database (`--all-databases`); an
/// `ENCRYPTION` file in `dir` then applies to sub-directories that have none. Encrypted files are 16 IV bytes
/// followed by AES-256-CTR ciphertext.
///
/// Errors: `errc::damaged_dump` with the file and the problem (missing `dump.json`, invalid JSON with its
/// line number, truncated gzip, a data file without structure file, a wrong key, which shows up as
/// `dump.json` not decrypting to JSON); `errc::invalid_options` for an encrypted dump read without a key;
/// `errc::parse_error` for VelocyPack data files, which are not supported.
/// \par Blocking
/// Synchronous; with `count_documents` it reads every data file. Run it on a worker thread for big dumps.
ARANGOKIT_DECL dump_model read_dump(
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
    if (fs::exists(dir / "dump.json", sec))
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
                ": dump.json is missing (and there are no database sub-directories with one)"
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

/// \copydoc read_dump \details Throws `artifact_error`.
ARANGOKIT_DECL dump_model read_dump(const std::filesystem::path& dir, const dump_read_options& opts = {})
{
    error_code ec;
    artifact_diagnostics diag;
    auto m = read_dump(dir, opts, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return m;
}

} // namespace arangokit

#endif
