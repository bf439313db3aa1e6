// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_ARCHIVE_HPP
#define ARANGOKIT_ARTIFACTS_ARCHIVE_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/detail/posix_file.hpp>
#include <arangokit/error.hpp>

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <vector>

namespace arangokit {

/// \brief Archive formats for packing a directory.
enum class archive_format
{
    zip,    ///< ZIP (deflate), readable by Info-ZIP `unzip`; ZIP64 is used automatically for huge files
    tar_gz, ///< POSIX (pax) tar compressed with gzip, readable by GNU `tar`
};

/// The enumerator's name (`"zip"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(archive_format v) noexcept
{
    switch (v)
    {
    case archive_format::zip:
        return "zip";
    case archive_format::tar_gz:
        return "tar_gz";
    }
    return "?";
}

/// Read/write chunk size: packing and unpacking use fixed buffers of this size, whatever the file sizes.
inline constexpr std::size_t archive_buffer_size = 64 * 1024;

/// The format implied by a file name: `.zip`, `.tar.gz` or `.tgz`; nullopt otherwise.
ARANGOKIT_DECL std::optional<archive_format> archive_format_from_path(const std::filesystem::path& p)
{
    std::string n = p.filename().string();
    auto ends = [&](std::string_view s) {
        return n.size() >= s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0;
    };
    if (ends(".zip"))
        return archive_format::zip;
    if (ends(".tar.gz") || ends(".tgz"))
        return archive_format::tar_gz;
    return std::nullopt;
}

/// \brief What a pack or unpack operation processed.
struct archive_stats
{
    std::uint64_t files = 0;       ///< regular files
    std::uint64_t directories = 0; ///< directories (including empty ones)
    std::uint64_t bytes = 0;       ///< file content bytes (uncompressed)
};

namespace detail {

struct archive_read_deleter
{
    void operator()(struct archive* a) const noexcept { archive_read_free(a); }
};
struct archive_write_deleter
{
    void operator()(struct archive* a) const noexcept { archive_write_free(a); }
};
struct archive_entry_deleter
{
    void operator()(struct archive_entry* e) const noexcept { archive_entry_free(e); }
};

inline std::string archive_message(struct archive* a)
{
    const char* s = archive_error_string(a);
    return s ? s : "unknown libarchive error";
}

// Why an entry name would escape the target, or nullopt when it is safe; `clean` gets the normalised path.
inline std::optional<std::string> unsafe_entry_reason(std::string_view name, std::string& clean)
{
    clean.clear();
    if (name.empty())
        return "empty entry name";
    if (name.front() == '/')
        return "absolute path";
    std::size_t pos = 0;
    while (pos <= name.size())
    {
        auto next = name.find('/', pos);
        if (next == std::string_view::npos)
            next = name.size();
        auto comp = name.substr(pos, next - pos);
        if (comp == "..")
            return "path escapes the target directory ('..' component)";
        if (!comp.empty() && comp != ".")
        {
            if (!clean.empty())
                clean += '/';
            clean += comp;
        }
        pos = next + 1;
    }
    return std::nullopt;
}

} // namespace detail

/// \brief Packs the directory `source` into `archive_file` (zip or tar.gz), streaming every file.
/// \details Entries are stored relative to `source`, sorted, with directories (so empty ones survive) and
/// regular files; mode bits and modification times are kept. Memory use does not depend on file sizes:
/// contents go through one `archive_buffer_size` buffer. `archive_file` is created with mode 0600 (a dump
/// holds data), replacing an existing file, and removed again if packing fails.
///
/// Symlinks and special files in `source` are refused (`errc::archive_error`): `unpack_archive` would
/// refuse them anyway. `archive_file` must not lie inside `source` (`errc::invalid_options`).
/// \par Blocking
/// Synchronous: it reads and compresses the whole tree. Run it on a worker thread for big dumps.
ARANGOKIT_DECL archive_stats pack_directory(
    const std::filesystem::path& source,
    const std::filesystem::path& archive_file,
    archive_format format,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    namespace fs = std::filesystem;
    ec.clear();
    diag.clear();
    archive_stats stats;
    std::error_code sec;
    if (!fs::is_directory(fs::symlink_status(source, sec)))
    {
        detail::set_artifact_error(
            ec, diag, errc::invalid_options, "cannot pack " + source.string() + ": not a directory"
        );
        return stats;
    }
    {
        auto src = fs::weakly_canonical(source, sec).lexically_normal();
        auto rel = fs::weakly_canonical(archive_file, sec).lexically_relative(src);
        if (!rel.empty() && *rel.begin() != "..")
        {
            detail::set_artifact_error(
                ec, diag, errc::invalid_options,
                "cannot pack " + source.string() + " into " + archive_file.string() +
                    ": the archive is inside it"
            );
            return stats;
        }
    }

    // Collect and sort first: a deterministic entry order makes archives of equal trees comparable.
    std::vector<fs::path> paths;
    fs::recursive_directory_iterator it(source, sec), end;
    for (; !sec && it != end; it.increment(sec))
        paths.push_back(it->path());
    if (sec)
    {
        detail::set_artifact_error(ec, diag, sec, "cannot list " + source.string() + ": " + sec.message());
        return stats;
    }
    std::sort(paths.begin(), paths.end());

    auto out = detail::open_fd(archive_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!out)
    {
        auto e = detail::last_system_error();
        detail::set_artifact_error(
            ec, diag, e, "cannot create " + archive_file.string() + ": " + e.message()
        );
        return stats;
    }
    std::unique_ptr<struct archive, detail::archive_write_deleter> a(archive_write_new());
    auto fail_archive = [&](const std::string& what) {
        detail::set_artifact_error(
            ec, diag, errc::archive_error,
            "archive " + archive_file.string() + ": " + what + ": " + detail::archive_message(a.get())
        );
        a.reset();
        out.reset();
        ::unlink(archive_file.c_str());
        return stats;
    };
    int rc = format == archive_format::zip ? archive_write_set_format_zip(a.get())
                                           : archive_write_set_format_pax_restricted(a.get());
    if (rc == ARCHIVE_OK && format == archive_format::tar_gz)
        rc = archive_write_add_filter_gzip(a.get());
    if (rc == ARCHIVE_OK)
        rc = archive_write_open_fd(a.get(), out.get());
    if (rc != ARCHIVE_OK)
        return fail_archive("cannot start");

    std::vector<char> buf(archive_buffer_size);
    for (const auto& p : paths)
    {
        struct stat st;
        if (::lstat(p.c_str(), &st) != 0)
        {
            auto e = detail::last_system_error();
            detail::set_artifact_error(ec, diag, e, "cannot stat " + p.string() + ": " + e.message());
            a.reset();
            out.reset();
            ::unlink(archive_file.c_str());
            return stats;
        }
        std::string name = p.lexically_relative(source).generic_string();
        bool is_dir = S_ISDIR(st.st_mode);
        if (!is_dir && !S_ISREG(st.st_mode))
        {
            detail::set_artifact_error(
                ec, diag, errc::archive_error,
                "cannot pack " + p.string() + ": only regular files and directories are packed" +
                    (S_ISLNK(st.st_mode) ? " (it is a symlink)" : "")
            );
            a.reset();
            out.reset();
            ::unlink(archive_file.c_str());
            return stats;
        }
        std::unique_ptr<struct archive_entry, detail::archive_entry_deleter> entry(archive_entry_new());
        archive_entry_set_pathname(entry.get(), (is_dir ? name + "/" : name).c_str());
        archive_entry_set_filetype(entry.get(), is_dir ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(entry.get(), st.st_mode & 0777);
        archive_entry_set_mtime(entry.get(), st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
        archive_entry_set_size(entry.get(), is_dir ? 0 : st.st_size);
        if (archive_write_header(a.get(), entry.get()) < ARCHIVE_WARN)
            return fail_archive("cannot add " + name);
        if (is_dir)
        {
            ++stats.directories;
            continue;
        }
        auto in = detail::open_fd(p.c_str(), O_RDONLY | O_NOFOLLOW);
        if (!in)
        {
            auto e = detail::last_system_error();
            detail::set_artifact_error(ec, diag, e, "cannot open " + p.string() + ": " + e.message());
            a.reset();
            out.reset();
            ::unlink(archive_file.c_str());
            return stats;
        }
        for (;;)
        {
            auto n = detail::read_some_fd(in.get(), buf.data(), buf.size());
            if (n < 0)
            {
                auto e = detail::last_system_error();
                detail::set_artifact_error(ec, diag, e, "cannot read " + p.string() + ": " + e.message());
                a.reset();
                out.reset();
                ::unlink(archive_file.c_str());
                return stats;
            }
            if (n == 0)
                break;
            if (archive_write_data(a.get(), buf.data(), static_cast<std::size_t>(n)) < 0)
                return fail_archive("cannot write " + name);
            stats.bytes += static_cast<std::uint64_t>(n);
        }
        ++stats.files;
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        return fail_archive("cannot finish");
    a.reset();
    if (out.close_checked() != 0)
    {
        auto e = detail::last_system_error();
        detail::set_artifact_error(ec, diag, e, "cannot write " + archive_file.string() + ": " + e.message());
        ::unlink(archive_file.c_str());
    }
    return stats;
}

/// \copydoc pack_directory \details Throws `artifact_error`.
ARANGOKIT_DECL archive_stats pack_directory(
    const std::filesystem::path& source, const std::filesystem::path& archive_file, archive_format format
)
{
    error_code ec;
    artifact_diagnostics diag;
    auto s = pack_directory(source, archive_file, format, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return s;
}

/// \brief Unpacks a zip or tar(.gz) archive into `target`, refusing any entry that could escape it.
/// \details The format is detected from the content (zip; tar plain or gzip-compressed), so archives made by
/// Info-ZIP `zip` and GNU `tar` open as well as ours. `target` must not exist (it is created with mode 0700)
/// or be an empty directory.
///
/// Refused with `errc::unsafe_archive_entry` and a message naming the entry: absolute paths, paths with a
/// `..` component (zip-slip), symlinks, hardlinks, and device/FIFO/socket entries. Only regular files and
/// directories are ever created, files are opened with `O_NOFOLLOW`, and set-id bits are dropped. Contents
/// stream through fixed buffers (sparse entries are written at their offsets). On any error everything
/// created so far is removed again (the target too, if this call created it), so a refused archive leaves
/// nothing behind.
/// \par Blocking
/// Synchronous: run it on a worker thread for big archives.
ARANGOKIT_DECL archive_stats unpack_archive(
    const std::filesystem::path& archive_file,
    const std::filesystem::path& target,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    namespace fs = std::filesystem;
    ec.clear();
    diag.clear();
    archive_stats stats;
    std::error_code sec;
    bool created_target = false;
    auto tst = fs::symlink_status(target, sec);
    if (fs::exists(tst))
    {
        if (!fs::is_directory(tst) || !fs::is_empty(target, sec))
        {
            detail::set_artifact_error(
                ec, diag, errc::invalid_options,
                "cannot unpack into " + target.string() + ": it exists and is not an empty directory"
            );
            return stats;
        }
    }
    else
    {
        if (::mkdir(target.c_str(), 0700) != 0)
        {
            auto e = detail::last_system_error();
            detail::set_artifact_error(ec, diag, e, "cannot create " + target.string() + ": " + e.message());
            return stats;
        }
        created_target = true;
    }

    std::vector<fs::path> created; // to undo a failed unpack, newest last
    auto undo = [&] {
        if (created_target)
        {
            fs::remove_all(target, sec);
            return;
        }
        for (auto i = created.rbegin(); i != created.rend(); ++i)
            fs::remove(*i, sec);
    };
    auto fail = [&](error_code code, std::string msg) {
        detail::set_artifact_error(ec, diag, code, std::move(msg));
        undo();
        return stats;
    };

    std::unique_ptr<struct archive, detail::archive_read_deleter> a(archive_read_new());
    archive_read_support_format_zip(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_filter_gzip(a.get());
    if (archive_read_open_filename(a.get(), archive_file.c_str(), archive_buffer_size) != ARCHIVE_OK)
        return fail(
            errc::archive_error,
            "cannot open archive " + archive_file.string() + ": " + detail::archive_message(a.get())
        );

    // Parents the archive did not list are created on demand; the target is fresh, so no component can be a
    // pre-existing symlink, and we never create one.
    auto make_dirs = [&](const std::string& rel, mode_t mode) -> bool {
        fs::path cur = target;
        for (const auto& comp : fs::path(rel))
        {
            cur /= comp;
            if (::mkdir(cur.c_str(), mode) == 0)
            {
                created.push_back(cur);
                continue;
            }
            struct stat st;
            if (errno != EEXIST || ::lstat(cur.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
                return false;
        }
        return true;
    };

    std::string clean;
    struct archive_entry* entry = nullptr;
    for (;;)
    {
        int r = archive_read_next_header(a.get(), &entry);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN)
            return fail(
                errc::archive_error,
                "archive " + archive_file.string() + ": " + detail::archive_message(a.get())
            );
        const char* raw = archive_entry_pathname(entry);
        if (!raw)
            raw = archive_entry_pathname_utf8(entry);
        std::string name = raw ? raw : "";
        auto refuse = [&](const std::string& why) {
            return fail(
                errc::unsafe_archive_entry,
                "unsafe archive entry '" + name + "' in " + archive_file.string() + ": " + why
            );
        };
        if (auto why = detail::unsafe_entry_reason(name, clean))
            return refuse(*why);
        auto type = archive_entry_filetype(entry);
        if (archive_entry_hardlink(entry))
            return refuse(std::string("hardlink to '") + archive_entry_hardlink(entry) + "'");
        if (type == AE_IFLNK)
        {
            const char* to = archive_entry_symlink(entry);
            return refuse(std::string("symlink to '") + (to ? to : "") + "'");
        }
        if (type != AE_IFREG && type != AE_IFDIR)
            return refuse("not a regular file or directory");
        if (clean.empty())
            continue; // "./": the target itself
        mode_t perm = archive_entry_perm(entry) & 0777;
        if (type == AE_IFDIR)
        {
            if (!make_dirs(clean, perm | 0700))
            {
                auto e = detail::last_system_error();
                return fail(e, "cannot create directory " + (target / clean).string() + ": " + e.message());
            }
            ++stats.directories;
            continue;
        }
        auto parent = fs::path(clean).parent_path();
        if (!parent.empty() && !make_dirs(parent.string(), 0700))
        {
            auto e = detail::last_system_error();
            return fail(e, "cannot create directory for " + (target / clean).string() + ": " + e.message());
        }
        auto dest = target / clean;
        auto fd = detail::open_fd(dest.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
        if (!fd)
        {
            auto e = detail::last_system_error();
            return fail(e, "cannot create " + dest.string() + ": " + e.message());
        }
        created.push_back(dest);
        const void* block = nullptr;
        std::size_t size = 0;
        la_int64_t offset = 0;
        for (;;)
        {
            r = archive_read_data_block(a.get(), &block, &size, &offset);
            if (r == ARCHIVE_EOF)
                break;
            if (r < ARCHIVE_WARN)
                return fail(
                    errc::archive_error, "archive " + archive_file.string() + ", entry '" + name +
                                             "': " + detail::archive_message(a.get())
                );
            if (!detail::pwrite_all_fd(fd.get(), block, size, static_cast<off_t>(offset)))
            {
                auto e = detail::last_system_error();
                return fail(e, "cannot write " + dest.string() + ": " + e.message());
            }
            stats.bytes += size;
        }
        // A trailing hole in a sparse entry is not delivered as a block.
        if (archive_entry_size_is_set(entry) && ::ftruncate(fd.get(), archive_entry_size(entry)) != 0)
        {
            auto e = detail::last_system_error();
            return fail(e, "cannot size " + dest.string() + ": " + e.message());
        }
        ::fchmod(fd.get(), perm | 0600);
        struct timespec times[2];
        times[0].tv_sec = times[1].tv_sec = archive_entry_mtime(entry);
        times[0].tv_nsec = times[1].tv_nsec = archive_entry_mtime_nsec(entry);
        ::futimens(fd.get(), times);
        if (fd.close_checked() != 0)
        {
            auto e = detail::last_system_error();
            return fail(e, "cannot write " + dest.string() + ": " + e.message());
        }
        ++stats.files;
    }
    return stats;
}

/// \copydoc unpack_archive \details Throws `artifact_error`.
ARANGOKIT_DECL archive_stats
unpack_archive(const std::filesystem::path& archive_file, const std::filesystem::path& target)
{
    error_code ec;
    artifact_diagnostics diag;
    auto s = unpack_archive(archive_file, target, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return s;
}

} // namespace arangokit

#endif
