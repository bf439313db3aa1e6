// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_MANIFEST_HPP
#define ARANGOKIT_ARTIFACTS_MANIFEST_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/checksum.hpp>
#include <arangokit/artifacts/detail/posix_file.hpp>
#include <arangokit/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace arangokit {

/// \brief One file of a manifest.
struct manifest_entry
{
    std::string path{};     ///< relative to the manifest's root, '/'-separated
    std::uint64_t size = 0; ///< bytes
    checksums digests{};    ///< one value per algorithm of the manifest

    friend bool operator==(const manifest_entry&, const manifest_entry&) = default;
};

/// \brief Options for `make_manifest` and `verify_manifest`.
struct manifest_options
{
    /// The algorithms to record. More than one is allowed ("multi-hash"); verification checks them all.
    std::vector<hash_algorithm> algorithms{hash_algorithm::sha256};
    /// Relative paths to leave out (e.g. the manifest file itself when it lives inside the tree).
    std::vector<std::string> exclude{};
};

/// \brief A file that differs from its manifest entry.
struct changed_file
{
    std::string path{};
    std::string what{}; ///< e.g. "size 12 != 13" or "sha256 ab12... != cd34..."
};

/// \brief The outcome of `verify_manifest`: missing, extra and changed files, each sorted by path.
struct manifest_verification
{
    std::vector<std::string> missing{};  ///< in the manifest, not on disk
    std::vector<std::string> extra{};    ///< on disk, not in the manifest
    std::vector<changed_file> changed{}; ///< on disk with another size or digest
    std::uint64_t verified_files = 0;    ///< files that matched

    bool ok() const noexcept { return missing.empty() && extra.empty() && changed.empty(); }
    /// One line per difference: `missing <p>`, `extra <p>`, `changed <p>: <what>`.
    std::string describe() const
    {
        std::string s;
        for (const auto& p : missing)
            s += "missing " + p + "\n";
        for (const auto& p : extra)
            s += "extra " + p + "\n";
        for (const auto& c : changed)
            s += "changed " + c.path + ": " + c.what + "\n";
        return s;
    }
};

/// \brief A checksum manifest of a directory tree: size and digests per regular file.
/// \details The JSON form (Boost.JSON) is
/// `{"format":"arangokit-manifest","version":1,"algorithms":["sha256",...],
///   "files":[{"path":"a/b.json","size":12,"sha256":"..."},...]}` with files sorted by path.
/// Only regular files are listed: directories are implied by the paths (empty directories are not
/// recorded), symlinks are neither followed nor recorded, and other file types are ignored.
class manifest
{
  public:
    manifest() = default;
    manifest(std::vector<hash_algorithm> algorithms, std::vector<manifest_entry> entries)
        : algorithms_(std::move(algorithms)), entries_(std::move(entries))
    {
        std::sort(entries_.begin(), entries_.end(), [](auto& a, auto& b) { return a.path < b.path; });
    }

    const std::vector<hash_algorithm>& algorithms() const noexcept { return algorithms_; }
    /// Entries sorted by path.
    const std::vector<manifest_entry>& entries() const noexcept { return entries_; }
    const manifest_entry* find(std::string_view path) const noexcept
    {
        auto it = std::lower_bound(
            entries_.begin(), entries_.end(), path,
            [](const manifest_entry& e, std::string_view p) { return e.path < p; }
        );
        return it != entries_.end() && it->path == path ? &*it : nullptr;
    }

    boost::json::value to_json() const
    {
        boost::json::array algs;
        for (auto a : algorithms_)
            algs.emplace_back(to_string(a));
        boost::json::array files;
        for (const auto& e : entries_)
        {
            boost::json::object f;
            f["path"] = e.path;
            f["size"] = e.size;
            for (auto a : algorithms_)
                f[to_string(a)] = e.digests.get(a);
            files.emplace_back(std::move(f));
        }
        return boost::json::object{
            {"format", "arangokit-manifest"},
            {"version", 1},
            {"algorithms", std::move(algs)},
            {"files", std::move(files)}};
    }

    /// Parses the JSON form; errors are `errc::parse_error` with a message saying what is wrong.
    static manifest from_json(const boost::json::value& v, error_code& ec, artifact_diagnostics& diag)
    {
        ec.clear();
        diag.clear();
        auto fail = [&](std::string m) {
            detail::set_artifact_error(ec, diag, errc::parse_error, "manifest: " + std::move(m));
            return manifest{};
        };
        const auto* o = v.if_object();
        if (!o)
            return fail("not a JSON object");
        auto* fmt = o->if_contains("format");
        if (!fmt || !fmt->is_string() || fmt->get_string() != "arangokit-manifest")
            return fail("\"format\" is not \"arangokit-manifest\"");
        auto* ver = o->if_contains("version");
        if (!ver || !ver->is_int64() || ver->get_int64() != 1)
            return fail("unsupported \"version\" (expected 1)");
        manifest m;
        auto* algs = o->if_contains("algorithms");
        if (!algs || !algs->is_array())
            return fail("\"algorithms\" is not an array");
        for (const auto& a : algs->get_array())
        {
            auto alg = a.is_string() ? hash_algorithm_from_string(a.get_string()) : std::nullopt;
            if (!alg)
                return fail("unknown algorithm " + boost::json::serialize(a));
            m.algorithms_.push_back(*alg);
        }
        auto* files = o->if_contains("files");
        if (!files || !files->is_array())
            return fail("\"files\" is not an array");
        for (const auto& f : files->get_array())
        {
            const auto* fo = f.if_object();
            const boost::json::value* p = fo ? fo->if_contains("path") : nullptr;
            const boost::json::value* sz = fo ? fo->if_contains("size") : nullptr;
            if (!p || !p->is_string() || !sz || !(sz->is_int64() || sz->is_uint64()))
                return fail("a file entry lacks \"path\" or \"size\": " + boost::json::serialize(f));
            manifest_entry e;
            e.path = std::string(p->get_string());
            e.size = sz->is_int64() ? static_cast<std::uint64_t>(sz->get_int64()) : sz->get_uint64();
            for (auto a : m.algorithms_)
            {
                auto* d = fo->if_contains(to_string(a));
                if (!d || !d->is_string())
                    return fail("file " + e.path + " lacks its " + to_string(a) + " digest");
                e.digests.set(a, std::string(d->get_string()));
            }
            m.entries_.push_back(std::move(e));
        }
        std::sort(m.entries_.begin(), m.entries_.end(), [](auto& a, auto& b) { return a.path < b.path; });
        return m;
    }

    /// Writes the JSON form to `file` (replacing it). Errors: a system error naming the file.
    void save(const std::filesystem::path& file, error_code& ec, artifact_diagnostics& diag) const
    {
        ec.clear();
        diag.clear();
        std::string text = boost::json::serialize(to_json());
        text += '\n';
        auto fd = detail::open_fd(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (!fd || !detail::write_all_fd(fd.get(), text.data(), text.size()) || fd.close_checked() != 0)
        {
            auto e = detail::last_system_error();
            detail::set_artifact_error(
                ec, diag, e, "cannot write manifest " + file.string() + ": " + e.message()
            );
        }
    }
    /// \copydoc save \details Throws `artifact_error`.
    void save(const std::filesystem::path& file) const
    {
        error_code ec;
        artifact_diagnostics diag;
        save(file, ec, diag);
        detail::throw_if_artifact_error(ec, diag);
    }

    /// Reads a manifest written by `save`.
    static manifest load(const std::filesystem::path& file, error_code& ec, artifact_diagnostics& diag)
    {
        ec.clear();
        diag.clear();
        auto fd = detail::open_fd(file.c_str(), O_RDONLY);
        if (!fd)
        {
            auto e = detail::last_system_error();
            detail::set_artifact_error(
                ec, diag, e, "cannot open manifest " + file.string() + ": " + e.message()
            );
            return {};
        }
        boost::json::stream_parser p;
        char buf[64 * 1024];
        boost::system::error_code jec;
        for (;;)
        {
            auto n = detail::read_some_fd(fd.get(), buf, sizeof buf);
            if (n < 0)
            {
                auto e = detail::last_system_error();
                detail::set_artifact_error(
                    ec, diag, e, "cannot read manifest " + file.string() + ": " + e.message()
                );
                return {};
            }
            if (n == 0)
                break;
            p.write(buf, static_cast<std::size_t>(n), jec);
            if (jec)
                break;
        }
        if (!jec)
            p.finish(jec);
        if (jec)
        {
            detail::set_artifact_error(
                ec, diag, errc::parse_error, "manifest " + file.string() + ": invalid JSON: " + jec.message()
            );
            return {};
        }
        auto m = from_json(p.release(), ec, diag);
        if (ec)
            diag.message += " (in " + file.string() + ")";
        return m;
    }
    /// \copydoc load \details Throws `artifact_error`.
    static manifest load(const std::filesystem::path& file)
    {
        error_code ec;
        artifact_diagnostics diag;
        auto m = load(file, ec, diag);
        detail::throw_if_artifact_error(ec, diag);
        return m;
    }

  private:
    std::vector<hash_algorithm> algorithms_;
    std::vector<manifest_entry> entries_;
};

namespace detail {

// Sorted relative '/'-paths of the regular files under root (symlinks are not followed).
inline std::vector<std::string> list_regular_files(
    const std::filesystem::path& root,
    const std::vector<std::string>& exclude,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    std::vector<std::string> out;
    std::error_code sec;
    std::filesystem::recursive_directory_iterator it(root, sec), end;
    for (; !sec && it != end; it.increment(sec))
    {
        auto st = it->symlink_status(sec);
        if (sec)
            break;
        if (!std::filesystem::is_regular_file(st))
            continue;
        auto rel = it->path().lexically_relative(root).generic_string();
        if (std::find(exclude.begin(), exclude.end(), rel) == exclude.end())
            out.push_back(std::move(rel));
    }
    if (sec)
    {
        set_artifact_error(ec, diag, sec, "cannot list " + root.string() + ": " + sec.message());
        return {};
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace detail

/// \brief Builds the manifest of the regular files under `root`, hashing every file in one streaming pass.
/// \details Blocks while it reads every byte of the tree: run it on a worker thread for big dumps.
/// Errors: a system error naming the file or directory.
ARANGOKIT_DECL manifest make_manifest(
    const std::filesystem::path& root,
    const manifest_options& opts,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    ec.clear();
    diag.clear();
    auto files = detail::list_regular_files(root, opts.exclude, ec, diag);
    if (ec)
        return {};
    std::vector<manifest_entry> entries;
    entries.reserve(files.size());
    for (auto& rel : files)
    {
        manifest_entry e;
        e.digests = hash_file(root / rel, opts.algorithms, ec, diag, &e.size);
        if (ec)
            return {};
        e.path = std::move(rel);
        entries.push_back(std::move(e));
    }
    return manifest(opts.algorithms, std::move(entries));
}

/// \copydoc make_manifest \details Throws `artifact_error`.
ARANGOKIT_DECL manifest make_manifest(const std::filesystem::path& root, const manifest_options& opts = {})
{
    error_code ec;
    artifact_diagnostics diag;
    auto m = make_manifest(root, opts, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return m;
}

/// \brief Compares the tree under `root` with a manifest: missing, extra and changed files.
/// \details Sizes are compared first; files of equal size are hashed with the manifest's algorithms.
/// Differences are data (see `manifest_verification::ok()`), not errors; `ec` is set only when the tree
/// cannot be read. `exclude` lists relative paths to ignore on disk (e.g. the manifest file itself).
ARANGOKIT_DECL manifest_verification verify_manifest(
    const std::filesystem::path& root,
    const manifest& m,
    const std::vector<std::string>& exclude,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    ec.clear();
    diag.clear();
    manifest_verification v;
    auto files = detail::list_regular_files(root, exclude, ec, diag);
    if (ec)
        return v;
    std::vector<bool> seen(m.entries().size(), false);
    for (const auto& rel : files)
    {
        const manifest_entry* e = m.find(rel);
        if (!e)
        {
            v.extra.push_back(rel);
            continue;
        }
        seen[static_cast<std::size_t>(e - m.entries().data())] = true;
        std::error_code sec;
        auto size = std::filesystem::file_size(root / rel, sec);
        if (sec)
        {
            detail::set_artifact_error(
                ec, diag, sec, "cannot stat " + (root / rel).string() + ": " + sec.message()
            );
            return v;
        }
        if (size != e->size)
        {
            v.changed.push_back({rel, "size " + std::to_string(e->size) + " != " + std::to_string(size)});
            continue;
        }
        auto got = hash_file(root / rel, m.algorithms(), ec, diag);
        if (ec)
            return v;
        std::string what;
        for (auto a : m.algorithms())
            if (got.get(a) != e->digests.get(a))
            {
                what += what.empty() ? "" : ", ";
                what += std::string(to_string(a)) + " " + e->digests.get(a) + " != " + got.get(a);
            }
        if (what.empty())
            ++v.verified_files;
        else
            v.changed.push_back({rel, std::move(what)});
    }
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (!seen[i])
            v.missing.push_back(m.entries()[i].path);
    return v;
}

/// \copydoc verify_manifest \details Throws `artifact_error` (only when the tree cannot be read).
ARANGOKIT_DECL manifest_verification verify_manifest(
    const std::filesystem::path& root, const manifest& m, const std::vector<std::string>& exclude = {}
)
{
    error_code ec;
    artifact_diagnostics diag;
    auto v = verify_manifest(root, m, exclude, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return v;
}

} // namespace arangokit

#endif
