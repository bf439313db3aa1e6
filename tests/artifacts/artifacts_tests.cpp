// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#define BOOST_TEST_MODULE artifacts
#include <arangokit/artifacts/archive.hpp>
#include <arangokit/artifacts/backup_rotation.hpp>
#include <arangokit/artifacts/checksum.hpp>
#include <arangokit/artifacts/dump_diff.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/artifacts/keyfile.hpp>
#include <arangokit/artifacts/manifest.hpp>
#include <arangokit/artifacts/run_directory.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/test/unit_test.hpp>

#include "test_paths.hpp"
#include "test_support.hpp"
#include <map>
#include <random>
#include <set>
#include <sys/stat.h>

// Boost.Test prints both sides of a failed comparison.
namespace arangokit {
inline std::ostream& operator<<(std::ostream& os, archive_format f)
{
    return os << (f == archive_format::zip ? "zip" : "tar.gz");
}
} // namespace arangokit

namespace fs = std::filesystem;
namespace asio = boost::asio;
using namespace arangokit;
using arangokit::test::read_file;
using arangokit::test::temp_dir;
using arangokit::test::write_file;

namespace {

mode_t mode_of(const fs::path& p)
{
    struct stat st;
    BOOST_TEST_REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

struct umask_guard
{
    mode_t old;
    explicit umask_guard(mode_t m) : old(::umask(m)) {}
    ~umask_guard() { ::umask(old); }
};

std::string random_bytes_string(std::size_t n, unsigned seed)
{
    std::mt19937 g(seed);
    std::string s(n, '\0');
    for (auto& c : s)
        c = static_cast<char>(g() & 0xff);
    return s;
}

// empty file, nested dirs, an empty dir, a file bigger than the buffer, binary content.
void make_tree(const fs::path& root)
{
    write_file(root / "dump.json", "{\"database\":\"shop\"}\n");
    write_file(root / "empty.txt", "");
    write_file(root / "a/b/c/deep.bin", random_bytes_string(1000, 1));
    write_file(root / "big.bin", random_bytes_string(3 * archive_buffer_size + 17, 2));
    fs::create_directories(root / "empty_dir/inner");
}

void expect_same_tree(const fs::path& a, const fs::path& b)
{
    manifest_options o{.algorithms = {hash_algorithm::sha256}};
    auto ma = make_manifest(a, o);
    auto v = verify_manifest(b, ma);
    BOOST_TEST(v.ok(), v.describe());
    BOOST_TEST(v.verified_files == ma.entries().size());
    BOOST_TEST(ma.entries().size() == 4u);
    BOOST_TEST(fs::is_directory(b / "empty_dir/inner"));
    BOOST_TEST(fs::file_size(b / "empty.txt") == 0u);
}

// A malicious archive built with libarchive itself: one entry with any name/type.
void write_evil_archive(
    const fs::path& file,
    bool zip,
    const std::string& name,
    int type,
    const char* link_target = nullptr,
    bool hardlink = false
)
{
    struct archive* a = archive_write_new();
    if (zip)
        archive_write_set_format_zip(a);
    else
    {
        archive_write_set_format_pax_restricted(a);
        archive_write_add_filter_gzip(a);
    }
    BOOST_TEST_REQUIRE(archive_write_open_filename(a, file.c_str()) == ARCHIVE_OK);
    // A harmless first entry, so the test also proves that it is cleaned up after the refusal.
    {
        struct archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, "ok.txt");
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, 2);
        archive_write_header(a, e);
        archive_write_data(a, "ok", 2);
        archive_entry_free(e);
    }
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, static_cast<unsigned>(type));
    archive_entry_set_perm(e, 0644);
    if (link_target && hardlink)
        archive_entry_set_hardlink(e, link_target);
    else if (link_target)
        archive_entry_set_symlink(e, link_target);
    std::string content = "pwned\n";
    archive_entry_set_size(e, type == AE_IFREG && !hardlink ? static_cast<la_int64_t>(content.size()) : 0);
    BOOST_TEST_REQUIRE(archive_write_header(a, e) >= ARCHIVE_WARN);
    if (type == AE_IFREG && !hardlink)
        archive_write_data(a, content.data(), content.size());
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
}

} // namespace

// -----------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(run_directory_suite)

BOOST_AUTO_TEST_CASE(creates_private_directories_with_random_names)
{
    temp_dir t;
    umask_guard um(0); // a permissive umask must not widen the mode
    auto a = run_directory::create({.parent = t.path(), .prefix = "scn-", .label = "nightly dump"});
    auto b = run_directory::create({.parent = t.path(), .prefix = "scn-", .label = "nightly dump"});
    BOOST_TEST(a.path() != b.path());
    BOOST_TEST(a.id() != b.id());
    BOOST_TEST(a.id().size() == 16u);
    BOOST_TEST(a.id().find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_TEST(a.path().filename().string() == "scn-nightly_dump-" + a.id());
    BOOST_TEST(mode_of(a.path()) == 0700u);
    BOOST_TEST(fs::is_directory(b.path()));
    a.mark_succeeded();
    b.mark_succeeded();
}

BOOST_AUTO_TEST_CASE(policy_removes_successes_keeps_failures_and_reports_them)
{
    temp_dir t;
    fs::path root_path, ok_path, bad_path;
    {
        //[artifacts_run_directory
        auto scenario = run_directory::create({.parent = t.path(), .label = "scenario"});
        root_path = scenario.path();
        auto ok = scenario.make_child("arangodump");
        auto bad = scenario.make_child("arangorestore");
        ok_path = ok.path();
        bad_path = bad.path();
        BOOST_TEST(ok_path.parent_path() == root_path);
        BOOST_TEST(mode_of(bad_path) == 0700u);
        write_file(bad_path / "stderr.log", "boom");
        ok.mark_succeeded();
        bad.mark_failed("exit 1");
        ok.finish();
        bad.finish();
        scenario.mark_succeeded();
        const run_report& rep = scenario.finish();
        //]
        BOOST_TEST(!fs::exists(ok_path));
        BOOST_TEST(fs::exists(bad_path / "stderr.log"));
        BOOST_TEST(fs::exists(root_path)); // kept because it holds the failed child
        BOOST_TEST_REQUIRE(rep.kept().size() == 2u);
        BOOST_TEST(rep.kept()[0].path == bad_path);
        BOOST_TEST(rep.kept()[0].label == "arangorestore");
        BOOST_TEST(rep.kept()[0].reason == "failed: exit 1");
        BOOST_TEST(rep.kept()[1].path == root_path);
        BOOST_TEST(rep.kept()[1].reason == "contains kept run directories");
        BOOST_TEST(rep.removed().size() == 1u);
        BOOST_TEST(rep.describe().find(bad_path.string()) != std::string::npos);
    }
    BOOST_TEST(fs::exists(root_path)); // finishing twice (destructor) changes nothing
}

BOOST_AUTO_TEST_CASE(all_children_succeeding_removes_the_whole_tree)
{
    temp_dir t;
    auto scenario = run_directory::create({.parent = t.path()});
    auto child = scenario.make_child("arangosh");
    auto child_path = child.path();
    child.mark_succeeded();
    child.finish();
    scenario.mark_succeeded();
    auto root_path = scenario.path();
    const auto& rep = scenario.finish();
    BOOST_TEST(rep.kept().empty());
    BOOST_TEST(rep.removed().size() == 2u);
    BOOST_TEST(!fs::exists(root_path));
    BOOST_TEST(fs::is_empty(t.path()));
}

BOOST_AUTO_TEST_CASE(keep_always_remove_always_and_unknown_outcome)
{
    temp_dir t;
    fs::path keep_path, scratch_path, unknown_path;
    {
        auto keep = run_directory::create({.parent = t.path(), .policy = cleanup_policy::keep_always});
        auto scratch = run_directory::create({.parent = t.path(), .policy = cleanup_policy::remove_always});
        auto unknown = run_directory::create({.parent = t.path()});
        keep_path = keep.path();
        scratch_path = scratch.path();
        unknown_path = unknown.path();
        keep.mark_succeeded();
        scratch.mark_failed("irrelevant");
        BOOST_TEST(keep.finish().kept().at(0).reason == "keep_always");
        BOOST_TEST(scratch.finish().kept().empty());
        // `unknown` is finished by its destructor without an outcome.
        BOOST_TEST(unknown.report().kept().empty());
    }
    BOOST_TEST(fs::exists(keep_path));
    BOOST_TEST(!fs::exists(scratch_path));
    BOOST_TEST(fs::exists(unknown_path)); // outcome unknown counts as failure: evidence is kept
}

BOOST_AUTO_TEST_CASE(creation_failure_is_an_error_with_the_path)
{
    error_code ec;
    artifact_diagnostics diag;
    auto d = run_directory::create({.parent = "/nonexistent/arangokit/parent"}, ec, diag);
    BOOST_TEST(ec == boost::system::errc::no_such_file_or_directory);
    BOOST_TEST(diag.message.find("/nonexistent/arangokit/parent") != std::string::npos);
    BOOST_TEST(d.empty());
    BOOST_CHECK_THROW(run_directory::create({.parent = "/nonexistent/x"}), artifact_error);
}

BOOST_AUTO_TEST_SUITE_END()

// -----------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(archive_suite)

BOOST_AUTO_TEST_CASE(zip_and_tar_gz_round_trips_are_byte_equal)
{
    temp_dir t;
    make_tree(t / "src");
    for (auto fmt : {archive_format::zip, archive_format::tar_gz})
    {
        auto name = fmt == archive_format::zip ? std::string("d.zip") : std::string("d.tar.gz");
        BOOST_TEST_CONTEXT(name)
        {
            //[artifacts_pack
            auto stats = pack_directory(t / "src", t / name, fmt);
            //]
            BOOST_TEST(stats.files == 4u);
            BOOST_TEST(stats.bytes == 20u + 1000u + 3 * archive_buffer_size + 17);
            BOOST_TEST(mode_of(t / name) == 0600u);
            BOOST_TEST(archive_format_from_path(t / name).value() == fmt);
            auto out = t / ("out-" + name);
            //[artifacts_unpack
            auto ustats = unpack_archive(t / name, out);
            //]
            BOOST_TEST(ustats.files == 4u);
            BOOST_TEST(ustats.bytes == stats.bytes);
            expect_same_tree(t / "src", out);
        }
    }
}

BOOST_AUTO_TEST_CASE(our_archives_open_with_info_zip_and_gnu_tar)
{
    temp_dir t;
    make_tree(t / "src");
    pack_directory(t / "src", t / "d.zip", archive_format::zip);
    pack_directory(t / "src", t / "d.tar.gz", archive_format::tar_gz);
    BOOST_TEST(test::run_shell("unzip -tq " + (t / "d.zip").string() + " >/dev/null") == 0);
    fs::create_directories(t / "by-unzip");
    BOOST_TEST(
        test::run_shell("unzip -q " + (t / "d.zip").string() + " -d " + (t / "by-unzip").string()) == 0
    );
    expect_same_tree(t / "src", t / "by-unzip");
    BOOST_TEST(test::run_shell("tar -tzf " + (t / "d.tar.gz").string() + " >/dev/null") == 0);
    fs::create_directories(t / "by-tar");
    BOOST_TEST(
        test::run_shell("tar -xzf " + (t / "d.tar.gz").string() + " -C " + (t / "by-tar").string()) == 0
    );
    expect_same_tree(t / "src", t / "by-tar");
}

BOOST_AUTO_TEST_CASE(archives_made_by_gnu_tar_and_info_zip_open_with_ours)
{
    temp_dir t;
    make_tree(t / "src");
    BOOST_TEST_REQUIRE(
        test::run_shell("tar -czf " + (t / "gnu.tar.gz").string() + " -C " + (t / "src").string() + " .") == 0
    );
    unpack_archive(t / "gnu.tar.gz", t / "from-tar");
    expect_same_tree(t / "src", t / "from-tar");
    // Info-ZIP's zip is Debian package "zip" (asked for in scripts/deps.sh).
    BOOST_TEST_REQUIRE(test::run_shell("command -v zip >/dev/null") == 0, "Info-ZIP zip is not installed");
    BOOST_TEST_REQUIRE(
        test::run_shell("cd " + (t / "src").string() + " && zip -qr " + (t / "info.zip").string() + " .") == 0
    );
    unpack_archive(t / "info.zip", t / "from-zip");
    expect_same_tree(t / "src", t / "from-zip");
}

BOOST_AUTO_TEST_CASE(zip_slip_entries_are_refused_and_nothing_is_left_behind)
{
    temp_dir t;
    for (bool zip : {true, false})
        for (std::string name : {"../evil.txt", "a/../../evil.txt", "/tmp/arangokit-evil-abs.txt"})
        {
            BOOST_TEST_CONTEXT((zip ? "zip " : "tar.gz ") << name)
            {
                auto file = t / (zip ? "evil.zip" : "evil.tar.gz");
                write_evil_archive(file, zip, name, AE_IFREG);
                error_code ec;
                artifact_diagnostics diag;
                unpack_archive(file, t / "target", ec, diag);
                BOOST_TEST(ec == errc::unsafe_archive_entry);
                BOOST_TEST(diag.message.find("'" + name + "'") != std::string::npos, diag.message);
                BOOST_TEST(!fs::exists(t / "evil.txt"));
                BOOST_TEST(!fs::exists(t.path().parent_path() / "evil.txt"));
                BOOST_TEST(!fs::exists("/tmp/arangokit-evil-abs.txt"));
                BOOST_TEST(!fs::exists(t / "target")); // created by the call, removed with ok.txt
                fs::remove(file);
            }
        }
}

BOOST_AUTO_TEST_CASE(symlink_and_hardlink_entries_are_refused)
{
    temp_dir t;
    for (bool zip : {true, false})
    {
        auto file = t / (zip ? "link.zip" : "link.tar.gz");
        write_evil_archive(file, zip, "innocent", AE_IFLNK, "/etc/passwd");
        fs::create_directories(t / "target"); // an existing empty target survives, emptied again
        error_code ec;
        artifact_diagnostics diag;
        unpack_archive(file, t / "target", ec, diag);
        BOOST_TEST(ec == errc::unsafe_archive_entry);
        BOOST_TEST(diag.message.find("'innocent'") != std::string::npos, diag.message);
        BOOST_TEST(diag.message.find("symlink") != std::string::npos, diag.message);
        BOOST_TEST(fs::is_directory(t / "target"));
        BOOST_TEST(fs::is_empty(t / "target"));
        fs::remove(file);
    }
    write_evil_archive(t / "hard.tar.gz", false, "hl", AE_IFREG, "ok.txt", true);
    error_code ec;
    artifact_diagnostics diag;
    unpack_archive(t / "hard.tar.gz", t / "target2", ec, diag);
    BOOST_TEST(ec == errc::unsafe_archive_entry);
    BOOST_TEST(diag.message.find("hardlink") != std::string::npos, diag.message);
}

BOOST_AUTO_TEST_CASE(unpack_refuses_a_non_empty_target_and_pack_refuses_symlinks)
{
    temp_dir t;
    make_tree(t / "src");
    pack_directory(t / "src", t / "d.zip", archive_format::zip);
    write_file(t / "busy/file", "x");
    error_code ec;
    artifact_diagnostics diag;
    unpack_archive(t / "d.zip", t / "busy", ec, diag);
    BOOST_TEST(ec == errc::invalid_options);
    BOOST_TEST(read_file(t / "busy/file") == "x");

    fs::create_symlink("/etc/passwd", t / "src/link");
    pack_directory(t / "src", t / "e.tar.gz", archive_format::tar_gz, ec, diag);
    BOOST_TEST(ec == errc::archive_error);
    BOOST_TEST(diag.message.find("symlink") != std::string::npos, diag.message);
    BOOST_TEST(!fs::exists(t / "e.tar.gz"));

    pack_directory(t / "src", t / "src/self.zip", archive_format::zip, ec, diag);
    BOOST_TEST(ec == errc::invalid_options);
}

BOOST_AUTO_TEST_CASE(a_corrupt_archive_is_an_archive_error)
{
    temp_dir t;
    write_file(t / "junk.zip", "this is not an archive at all");
    error_code ec;
    artifact_diagnostics diag;
    unpack_archive(t / "junk.zip", t / "out", ec, diag);
    BOOST_TEST(ec == errc::archive_error);
    BOOST_TEST(diag.message.find("junk.zip") != std::string::npos);
    BOOST_TEST(!fs::exists(t / "out"));
}

BOOST_AUTO_TEST_SUITE_END()

// -----------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(checksum_suite)

BOOST_AUTO_TEST_CASE(known_answers_for_abc)
{
    multi_hasher h(all_hash_algorithms);
    h.update("abc");
    auto c = h.finish();
    BOOST_TEST(
        c.get(hash_algorithm::sha256) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    BOOST_TEST(c.get(hash_algorithm::md5) == "900150983cd24fb0d6963f7d28e17f72");
    BOOST_TEST(c.get(hash_algorithm::adler32) == "024d0127");
    BOOST_TEST(c.get(hash_algorithm::crc32) == "352441c2");
}

BOOST_AUTO_TEST_CASE(chunking_does_not_change_digests_and_files_match_memory)
{
    temp_dir t;
    auto data = random_bytes_string(hash_buffer_size * 2 + 12345, 7);
    write_file(t / "f.bin", data);
    multi_hasher whole(all_hash_algorithms), bytewise(all_hash_algorithms);
    whole.update(data);
    for (std::size_t i = 0; i < data.size(); i += 4093)
        bytewise.update(data.data() + i, std::min<std::size_t>(4093, data.size() - i));
    auto a = whole.finish();
    BOOST_TEST((a == bytewise.finish()));
    std::uint64_t size = 0;
    error_code ec;
    artifact_diagnostics diag;
    auto f = hash_file(t / "f.bin", all_hash_algorithms, ec, diag, &size);
    BOOST_TEST(!ec);
    BOOST_TEST((f == a));
    BOOST_TEST(size == data.size());
    multi_hasher only_crc{hash_algorithm::crc32};
    only_crc.update(data);
    auto c = only_crc.finish();
    BOOST_TEST(!c.has(hash_algorithm::sha256));
    BOOST_TEST(c.get(hash_algorithm::crc32) == a.get(hash_algorithm::crc32));
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_error_naming_it)
{
    error_code ec;
    artifact_diagnostics diag;
    hash_file("/nonexistent/file.bin", all_hash_algorithms, ec, diag);
    BOOST_TEST(ec == boost::system::errc::no_such_file_or_directory);
    BOOST_TEST(diag.message.find("/nonexistent/file.bin") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

// -----------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(manifest_suite)

BOOST_AUTO_TEST_CASE(detects_one_byte_change_missing_and_extra_files)
{
    temp_dir t;
    make_tree(t / "tree");
    //[artifacts_make_manifest
    manifest_options o{.algorithms = {hash_algorithm::sha256, hash_algorithm::md5, hash_algorithm::crc32}};
    auto m = make_manifest(t / "tree", o);
    //]
    BOOST_TEST(m.entries().size() == 4u);
    BOOST_TEST(verify_manifest(t / "tree", m).ok());

    auto big = read_file(t / "tree/big.bin");
    big[big.size() / 2] = static_cast<char>(big[big.size() / 2] ^ 1); // same size, one bit
    write_file(t / "tree/big.bin", big);
    fs::remove(t / "tree/a/b/c/deep.bin");
    write_file(t / "tree/new.txt", "surprise");

    //[artifacts_verify_manifest
    auto v = verify_manifest(t / "tree", m);
    BOOST_TEST(!v.ok());
    //]
    BOOST_TEST_REQUIRE(v.changed.size() == 1u);
    BOOST_TEST(v.changed[0].path == "big.bin");
    BOOST_TEST(v.changed[0].what.find("sha256") != std::string::npos);
    BOOST_TEST(v.changed[0].what.find("md5") != std::string::npos);
    BOOST_TEST(v.missing == std::vector<std::string>{"a/b/c/deep.bin"});
    BOOST_TEST(v.extra == std::vector<std::string>{"new.txt"});
    BOOST_TEST(v.verified_files == 2u);
    write_file(t / "tree/empty.txt", "x");
    BOOST_TEST(verify_manifest(t / "tree", m).changed.size() == 2u); // size change caught without hashing
}

BOOST_AUTO_TEST_CASE(json_round_trip_and_self_exclusion)
{
    temp_dir t;
    make_tree(t / "tree");
    manifest_options o{
        .algorithms = {hash_algorithm::sha256, hash_algorithm::adler32}, .exclude = {"MANIFEST.json"}};
    auto m = make_manifest(t / "tree", o);
    m.save(t / "tree/MANIFEST.json");
    auto loaded = manifest::load(t / "tree/MANIFEST.json");
    BOOST_TEST((loaded.entries() == m.entries()));
    BOOST_TEST(loaded.algorithms().size() == 2u);
    BOOST_TEST(verify_manifest(t / "tree", loaded, {"MANIFEST.json"}).ok());
    BOOST_TEST(verify_manifest(t / "tree", loaded).extra == std::vector<std::string>{"MANIFEST.json"});
    auto j = boost::json::parse(read_file(t / "tree/MANIFEST.json"));
    BOOST_TEST(j.at("files").as_array().size() == 4u);
    BOOST_TEST(j.at("files").at(0).at("path").as_string() == "a/b/c/deep.bin");

    write_file(
        t / "bad.json",
        "{\"format\":\"arangokit-manifest\",\"version\":1,\"algorithms\":[\"sha3\"],\"files\":[]}"
    );
    error_code ec;
    artifact_diagnostics diag;
    manifest::load(t / "bad.json", ec, diag);
    BOOST_TEST(ec == errc::parse_error);
    BOOST_TEST(diag.message.find("sha3") != std::string::npos, diag.message);
}

BOOST_AUTO_TEST_SUITE_END()

// -----------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(keyfile_suite)

BOOST_AUTO_TEST_CASE(creates_32_random_bytes_mode_0600_exclusively)
{
    temp_dir t;
    umask_guard um(0);
    auto k1 = create_keyfile(t / "k1");
    auto k2 = create_keyfile(t / "k2");
    BOOST_TEST(fs::file_size(t / "k1") == 32u);
    BOOST_TEST(mode_of(t / "k1") == 0600u);
    BOOST_TEST(!(k1 == k2));
    BOOST_TEST((read_keyfile(t / "k1") == k1));
    error_code ec;
    artifact_diagnostics diag;
    create_keyfile(t / "k1", ec, diag); // never overwrites
    BOOST_TEST(ec == boost::system::errc::file_exists);
    BOOST_TEST((read_keyfile(t / "k1") == k1));
    fs::create_symlink(t / "planted-target", t / "k3"); // a dangling symlink is not followed
    create_keyfile(t / "k3", ec, diag);
    BOOST_TEST(ec);
    BOOST_TEST(!fs::exists(t / "planted-target"));
}

BOOST_AUTO_TEST_CASE(read_keyfile_insists_on_32_bytes)
{
    temp_dir t;
    write_file(t / "short", std::string(31, 'k'));
    write_file(t / "long", std::string(33, 'k'));
    for (auto n : {"short", "long"})
    {
        error_code ec;
        artifact_diagnostics diag;
        read_keyfile(t / n, ec, diag);
        BOOST_TEST(ec == errc::invalid_options);
        BOOST_TEST(diag.message.find("32 bytes") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// -----------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(dump_reader_suite)

BOOST_AUTO_TEST_CASE(reads_the_model_of_a_plain_dump)
{
    temp_dir t;
    test::write_dump(t / "d", test::standard_spec());
    auto m = read_dump(t / "d");
    BOOST_TEST(!m.all_databases);
    BOOST_TEST_REQUIRE(m.databases.size() == 1u);
    const auto& db = m.databases[0];
    BOOST_TEST(db.name == "shop");
    BOOST_TEST(db.last_tick == "1231");
    BOOST_TEST(!db.encrypted());
    BOOST_TEST_REQUIRE(db.collections.size() == 2u);
    BOOST_TEST(db.collections[0].name == "links");
    BOOST_TEST(db.collections[0].is_edge());
    BOOST_TEST(db.collections[0].document_count == 3u);
    BOOST_TEST(db.collections[1].name == "products");
    BOOST_TEST(db.collections[1].document_count == 5u);
    BOOST_TEST(db.collections[1].parameters.at("waitForSync").as_bool() == false);
    BOOST_TEST(db.collections[1].indexes.size() == 1u);
    BOOST_TEST(!db.collections[1].compressed);
    BOOST_TEST(db.document_count() == 8u);
    BOOST_TEST_REQUIRE(db.views.size() == 1u);
    BOOST_TEST(db.views[0].name == "products_view");
}

BOOST_AUTO_TEST_CASE(gzipped_plain_and_split_dumps_compare_equal)
{
    temp_dir t;
    auto spec = test::standard_spec();
    test::write_dump(t / "plain", spec);
    spec.mode = test::data_mode::gzip;
    spec.id_salt = "2";
    test::write_dump(t / "gzip", spec);
    spec.mode = test::data_mode::split;
    spec.id_salt = "3";
    spec.reverse_documents = true;
    test::write_dump(t / "split", spec);
    spec.mode = test::data_mode::split_gzip;
    spec.envelope = true;
    test::write_dump(t / "split_gz_envelope", spec);

    auto split = read_dump(t / "split");
    const auto* products = split.databases[0].find_collection("products");
    BOOST_TEST_REQUIRE(products);
    BOOST_TEST(products->split);
    BOOST_TEST(products->data_files.size() == 3u);
    BOOST_TEST(products->document_count == 5u);
    BOOST_TEST(read_dump(t / "gzip").databases[0].find_collection("products")->compressed);
    BOOST_TEST(read_dump(t / "split_gz_envelope").databases[0].document_count() == 8u);

    for (auto other : {"gzip", "split", "split_gz_envelope"})
    {
        auto d = compare_dumps(t / "plain", t / other);
        BOOST_TEST(d.empty(), other << ":\n" << d.describe());
    }
}

BOOST_AUTO_TEST_CASE(dumps_differing_in_one_document_are_reported_exactly)
{
    temp_dir t;
    auto spec = test::standard_spec();
    test::write_dump(t / "a", spec);
    spec.collections[0].docs[2]["value"] = 31; // p3 changed
    spec.id_salt = "2";
    test::write_dump(t / "b", spec);
    //[artifacts_compare_dumps
    auto d = compare_dumps(t / "a", t / "b");
    BOOST_TEST_REQUIRE(d.collections.size() == 1u, d.describe());
    //]
    BOOST_TEST(d.collections[0].collection == "products");
    BOOST_TEST(d.collections[0].changed_keys == std::vector<std::string>{"p3"});
    BOOST_TEST(d.collections[0].added_keys.empty());
    BOOST_TEST(d.collections[0].removed_keys.empty());
    BOOST_TEST(d.collections[0].properties.empty());
    BOOST_TEST(d.collections_added.empty());
    BOOST_TEST(d.describe() == "shop/products: 1 document(s) changed: p3\n");
}

BOOST_AUTO_TEST_CASE(incremental_diff_reports_keys_collections_and_properties)
{
    temp_dir t;
    auto spec = test::standard_spec();
    test::write_dump(t / "old", spec);
    auto& products = spec.collections[0];
    products.docs.erase(products.docs.begin());                          // p1 removed
    products.docs.push_back(test::doc("p6", 60));                        // p6 added
    products.extra_parameters["waitForSync"] = true;                     // a real property change
    spec.collections.erase(spec.collections.begin() + 1);                // links removed
    spec.collections.push_back({"orders", 2, {test::doc("o1", 1)}, {}}); // orders added
    spec.id_salt = "7";                                                  // ids differ: ignored
    test::write_dump(t / "new", spec);
    auto d = compare_dumps(t / "old", t / "new");
    BOOST_TEST_REQUIRE(d.collections.size() == 1u, d.describe());
    const auto& c = d.collections[0];
    BOOST_TEST(c.added_keys == std::vector<std::string>{"p6"});
    BOOST_TEST(c.removed_keys == std::vector<std::string>{"p1"});
    BOOST_TEST(c.changed_keys.empty());
    BOOST_TEST_REQUIRE(c.properties.size() == 1u);
    BOOST_TEST(c.properties[0].path == "parameters.waitForSync");
    BOOST_TEST(c.properties[0].left == "false");
    BOOST_TEST(c.properties[0].right == "true");
    BOOST_TEST_REQUIRE(d.collections_removed.size() == 1u);
    BOOST_TEST(d.collections_removed[0].collection == "links");
    BOOST_TEST_REQUIRE(d.collections_added.size() == 1u);
    BOOST_TEST(d.collections_added[0].collection == "orders");
}

BOOST_AUTO_TEST_CASE(encrypted_dumps_need_the_right_key)
{
    temp_dir t;
    auto key = create_keyfile(t / "key");
    auto spec = test::standard_spec();
    test::write_dump(t / "plain", spec);
    spec.key = key;
    spec.mode = test::data_mode::gzip; // ignored when encrypted, as in the real tool
    test::write_dump(t / "enc", spec);
    BOOST_TEST(read_file(t / "enc/ENCRYPTION") == "aes-256-ctr");
    BOOST_TEST(read_file(t / "enc/dump.json").find("shop") == std::string::npos); // really encrypted

    //[artifacts_read_encrypted_dump
    auto m = read_dump(t / "enc", {.key = read_keyfile(t / "key")});
    //]
    BOOST_TEST(m.databases[0].encrypted());
    BOOST_TEST(m.databases[0].name == "shop");
    BOOST_TEST(m.databases[0].document_count() == 8u);
    BOOST_TEST(compare_dumps(t / "plain", t / "enc", {.right = {.key = key}}).empty());

    error_code ec;
    artifact_diagnostics diag;
    read_dump(t / "enc", {}, ec, diag);
    BOOST_TEST(ec == errc::invalid_options);
    BOOST_TEST(diag.message.find("encrypted") != std::string::npos, diag.message);

    read_dump(t / "enc", {.key = encryption_key::generate()}, ec, diag);
    BOOST_TEST(ec == errc::damaged_dump);
    BOOST_TEST(diag.message.find("dump.json") != std::string::npos, diag.message);
    BOOST_TEST(diag.message.find("wrong encryption key") != std::string::npos, diag.message);
}

BOOST_AUTO_TEST_CASE(all_databases_dumps_are_read_and_compared_per_database)
{
    temp_dir t;
    auto spec = test::standard_spec();
    test::write_dump(t / "all1/shop", spec);
    spec.database = "_system";
    test::write_dump(t / "all1/_system", spec);
    test::write_dump(t / "all2/_system", spec);
    auto m = read_dump(t / "all1");
    BOOST_TEST(m.all_databases);
    BOOST_TEST_REQUIRE(m.databases.size() == 2u);
    BOOST_TEST(m.databases[0].name == "_system");
    BOOST_TEST(m.databases[1].name == "shop");
    auto d = compare_dumps(t / "all1", t / "all2");
    BOOST_TEST(d.databases_removed == std::vector<std::string>{"shop"});
    BOOST_TEST(d.collections.empty());
}

BOOST_AUTO_TEST_CASE(damaged_dumps_give_clear_errors)
{
    temp_dir t;
    auto spec = test::standard_spec();
    error_code ec;
    artifact_diagnostics diag;

    // Without dump.json a directory is a (2.x) dump only if it has structure files.
    fs::create_directories(t / "no_dump_json");
    write_file(t / "no_dump_json/notes.txt", "not a dump\n");
    read_dump(t / "no_dump_json", {}, ec, diag);
    BOOST_TEST(ec == errc::damaged_dump);
    BOOST_TEST(
        diag.message.find("not a dump: no dump.json, no *.structure.json") != std::string::npos, diag.message
    );

    spec.mode = test::data_mode::gzip;
    test::write_dump(t / "truncated", spec);
    auto gz = t / ("truncated/products_" + test::md5_of("products") + ".data.json.gz");
    auto bytes = read_file(gz);
    write_file(gz, bytes.substr(0, bytes.size() - 12));
    read_dump(t / "truncated", {}, ec, diag);
    BOOST_TEST(ec == errc::damaged_dump);
    BOOST_TEST(diag.message.find(gz.string()) != std::string::npos, diag.message);
    BOOST_TEST(diag.message.find("truncated gzip") != std::string::npos, diag.message);

    spec.mode = test::data_mode::plain;
    test::write_dump(t / "badline", spec);
    auto data = t / ("badline/products_" + test::md5_of("products") + ".data.json");
    auto text = read_file(data);
    auto third = text.find('\n', text.find('\n') + 1) + 1;
    text.insert(third, "{\"_key\":\"broken\",\n");
    write_file(data, text);
    read_dump(t / "badline", {}, ec, diag);
    BOOST_TEST(ec == errc::damaged_dump);
    BOOST_TEST(diag.message.find(data.string() + " line 3: invalid JSON") != std::string::npos, diag.message);

    test::write_dump(t / "orphan", spec);
    write_file(t / "orphan/ghost_0123.data.json", "{\"_key\":\"g\"}\n");
    read_dump(t / "orphan", {}, ec, diag);
    BOOST_TEST(ec == errc::damaged_dump);
    BOOST_TEST(
        diag.message.find("ghost_0123.data.json has no structure file") != std::string::npos, diag.message
    );

    read_dump(t / "does-not-exist", {}, ec, diag);
    BOOST_TEST(ec == errc::damaged_dump);
    BOOST_CHECK_THROW(read_dump(t / "no_dump_json"), artifact_error);
}

BOOST_AUTO_TEST_SUITE_END()

// -----------------------------------------------------------------------------------------------------------
// Dumps of every generation (tests/fixtures/dumps, written by hand from the format description; its
// README lists what each one holds).
BOOST_AUTO_TEST_SUITE(dump_generations_suite)

namespace {
fs::path fixture(const std::string& name)
{
    return fs::path(test::source_dir()) / "tests/fixtures/dumps" / name;
}

// The net content of one collection, as a restore leaves it: key -> document (serialized).
std::map<std::string, std::string> net_content(const dump_database& db, const std::string& coll)
{
    const dump_collection* c = db.find_collection(coll);
    BOOST_TEST_REQUIRE(c, "no collection " << coll);
    std::map<std::string, std::string> out;
    visit_documents(db, *c, {}, [&](const boost::json::object& d, bool removal) {
        std::string k(d.at("_key").as_string());
        if (removal)
            out.erase(k);
        else
            out[k] = boost::json::serialize(d);
    });
    return out;
}

std::vector<std::string> keys_of(const std::map<std::string, std::string>& m)
{
    std::vector<std::string> k;
    for (const auto& [key, _] : m)
        k.push_back(key);
    return k;
}

std::vector<std::string> index_types(const dump_collection& c)
{
    std::vector<std::string> t;
    for (const auto& i : c.indexes)
        t.emplace_back(i.at("type").as_string());
    std::sort(t.begin(), t.end());
    return t;
}
} // namespace

BOOST_AUTO_TEST_CASE(v2_8_without_dump_json_envelopes_with_key_and_removals)
{
    auto m = read_dump(fixture("v2.8"));
    BOOST_TEST(!m.all_databases);
    BOOST_TEST_REQUIRE(m.databases.size() == 1u);
    const auto& db = m.databases[0];
    BOOST_TEST(!db.has_dump_json);
    BOOST_TEST(db.name == "v2.8"); // no dump.json: named after the directory
    BOOST_TEST(db.dump_json.empty());
    BOOST_TEST(db.last_tick.empty());
    BOOST_TEST(!db.encrypted());
    BOOST_TEST_REQUIRE(db.collections.size() == 2u);
    const auto* products = db.find_collection("products");
    BOOST_TEST_REQUIRE(products);
    BOOST_TEST(products->structure_file.filename() == "products.structure.json");
    BOOST_TEST_REQUIRE(products->data_files.size() == 1u);
    BOOST_TEST(products->data_files[0].filename() == "products.data.json");
    // 6 records: p1 twice, p2 removed -> p1, p3, p4.
    BOOST_TEST(products->document_count == 3u);
    BOOST_TEST(products->removal_count == 1u);
    // Old-engine parameters and indexes are kept as written.
    BOOST_TEST(products->parameters.at("journalSize").as_int64() == 33554432);
    BOOST_TEST(products->parameters.at("doCompact").as_bool());
    BOOST_TEST(products->parameters.at("indexBuckets").as_int64() == 8);
    BOOST_TEST(products->parameters.at("cid").as_string() == "1234567");
    BOOST_TEST(index_types(*products) == (std::vector<std::string>{"fulltext", "geo2", "hash", "skiplist"}));
    auto ft = std::find_if(products->indexes.begin(), products->indexes.end(), [](auto& i) {
        return i.at("type") == "fulltext";
    });
    BOOST_TEST(ft->at("minLength").as_int64() == 3);

    auto p = net_content(db, "products");
    BOOST_TEST(keys_of(p) == (std::vector<std::string>{"p1", "p3", "p4"}));
    // The later record of p1 wins, unwrapped (no envelope fields left).
    BOOST_TEST(
        p["p1"] ==
        R"({"_key":"p1","_rev":"1004","sku":"A-1","price":12,"description":"red apple, large","lat":5.25E1,"lon":1.34E1})"
    );

    const auto* links = db.find_collection("links");
    BOOST_TEST_REQUIRE(links);
    BOOST_TEST(links->is_edge());
    BOOST_TEST(links->document_count == 2u);
    BOOST_TEST(links->removal_count == 1u);
    BOOST_TEST(links->parameters.at("keyOptions").at("type").as_string() == "autoincrement");
    auto l = net_content(db, "links");
    BOOST_TEST(keys_of(l) == (std::vector<std::string>{"l2", "l3"}));
    BOOST_TEST(l["l2"] == R"({"_key":"l2","_rev":"1011","_from":"products/p3","_to":"products/p4","w":2})");
    BOOST_TEST(db.document_count() == 5u);
}

BOOST_AUTO_TEST_CASE(removal_records_hand_over_key_and_rev_not_the_envelope)
{
    auto m = read_dump(fixture("v2.8"));
    const auto& db = m.databases[0];
    std::vector<std::string> removed;
    std::size_t envelopes_seen = 0;
    visit_documents(db, *db.find_collection("products"), {}, [&](const boost::json::object& d, bool removal) {
        envelopes_seen += d.contains("type") || d.contains("data") || d.contains("key") ? 1 : 0;
        if (removal)
            removed.push_back(boost::json::serialize(d));
    });
    BOOST_TEST(envelopes_seen == 0u);
    BOOST_TEST(removed == (std::vector<std::string>{R"({"_key":"p2","_rev":"1005"})"}));
}

BOOST_AUTO_TEST_CASE(v3_3_mmfiles_type_data_envelopes_and_old_indexes)
{
    auto m = read_dump(fixture("v3.3-mmfiles"));
    const auto& db = m.databases.at(0);
    BOOST_TEST(db.has_dump_json);
    BOOST_TEST(db.name == "legacy");
    BOOST_TEST(db.last_tick == "4711");
    const auto* customers = db.find_collection("customers");
    BOOST_TEST_REQUIRE(customers);
    BOOST_TEST(customers->document_count == 2u);
    BOOST_TEST(customers->removal_count == 1u);
    BOOST_TEST(customers->parameters.at("isVolatile").as_bool() == false);
    BOOST_TEST(index_types(*customers) == (std::vector<std::string>{"fulltext", "geo1", "hash", "skiplist"}));
    auto c = net_content(db, "customers");
    BOOST_TEST(keys_of(c) == (std::vector<std::string>{"c1", "c3"}));
    BOOST_TEST(
        c["c3"] ==
        R"({"_key":"c3","_rev":"_Wj1c---","_id":"customers/c3","email":"cyd@example.com","age":29,"bio":"likes water"})"
    );
    BOOST_TEST(db.find_collection("follows")->is_edge());
    BOOST_TEST(db.find_collection("follows")->document_count == 1u);
}

BOOST_AUTO_TEST_CASE(v3_10_envelope_gzip_and_an_empty_collection)
{
    auto m = read_dump(fixture("v3.10-envelope"));
    const auto& db = m.databases.at(0);
    BOOST_TEST(db.name == "shop");
    BOOST_TEST(db.dump_json.at("useEnvelope").as_bool());
    const auto* items = db.find_collection("items");
    BOOST_TEST_REQUIRE(items);
    BOOST_TEST(items->compressed);
    BOOST_TEST(items->document_count == 4u);
    BOOST_TEST(items->removal_count == 0u);
    BOOST_TEST(index_types(*items) == (std::vector<std::string>{"persistent", "ttl"}));
    auto i = net_content(db, "items");
    BOOST_TEST(keys_of(i) == (std::vector<std::string>{"i1", "i2", "i3", "i4"}));
    BOOST_TEST(
        i["i2"] ==
        R"({"_key":"i2","_rev":"_gQ1b---","_id":"items/i2","sku":"X-2","qty":0,"nested":{"b":2,"a":1}})"
    );
    const auto* empty = db.find_collection("empty_bin");
    BOOST_TEST_REQUIRE(empty);
    BOOST_TEST(empty->data_files.size() == 1u);
    BOOST_TEST(empty->document_count == 0u);
}

BOOST_AUTO_TEST_CASE(v3_12_split_files_and_a_collection_without_data_file)
{
    auto m = read_dump(fixture("v3.12-split"));
    const auto& db = m.databases.at(0);
    BOOST_TEST(db.name == "catalog");
    const auto* books = db.find_collection("books");
    BOOST_TEST_REQUIRE(books);
    BOOST_TEST(books->split);
    BOOST_TEST(books->data_files.size() == 3u);
    BOOST_TEST(books->document_count == 5u);
    auto b = net_content(db, "books");
    BOOST_TEST(keys_of(b) == (std::vector<std::string>{"b1", "b2", "b3", "b4", "b5"}));
    // "type" and "data" attributes next to a _key: a document, handed over whole.
    BOOST_TEST(
        b["b5"] ==
        R"({"_key":"b5","_id":"books/b5","_rev":"_h1e---","title":"Kindred","year":1979,"type":"novel","data":{"pages":264}})"
    );
    BOOST_TEST(db.find_collection("wrote")->document_count == 2u);
    const auto* drafts = db.find_collection("drafts");
    BOOST_TEST_REQUIRE(drafts);
    BOOST_TEST(drafts->data_files.empty()); // 3.12 split dumps write no file for an empty collection
    BOOST_TEST(drafts->document_count == 0u);
    BOOST_TEST_REQUIRE(db.views.size() == 1u);
    BOOST_TEST(db.views[0].name == "books_view");
    BOOST_TEST(db.document_count() == 7u);
}

BOOST_AUTO_TEST_CASE(a_structure_file_without_data_file_is_an_error)
{
    temp_dir t;
    fs::copy(fixture("v3.3-mmfiles"), t / "d", fs::copy_options::recursive);
    fs::remove(t / ("d/follows_" + test::md5_of("follows") + ".data.json"));
    error_code ec;
    artifact_diagnostics diag;
    read_dump(t / "d", {}, ec, diag);
    BOOST_TEST(ec == errc::damaged_dump);
    BOOST_TEST(
        diag.message.find(
            "collection 'follows' has a structure file (follows_" + test::md5_of("follows") +
            ".structure.json) but no data file"
        ) != std::string::npos,
        diag.message
    );
    BOOST_CHECK_THROW(read_dump(t / "d"), artifact_error);
    // A structure-only dump (--dump-data false) is read when asked for.
    auto m = read_dump(t / "d", {.require_data_files = false});
    BOOST_TEST(m.databases.at(0).find_collection("follows")->document_count == 0u);
    BOOST_TEST(m.databases.at(0).find_collection("customers")->document_count == 2u);
    // The 2.x layout too.
    fs::copy(fixture("v2.8"), t / "old", fs::copy_options::recursive);
    fs::remove(t / "old/links.data.json");
    read_dump(t / "old", {}, ec, diag);
    BOOST_TEST(ec == errc::damaged_dump);
    BOOST_TEST(diag.message.find("collection 'links'") != std::string::npos, diag.message);
}

BOOST_AUTO_TEST_CASE(bad_envelopes_name_the_file_and_line)
{
    temp_dir t;
    fs::create_directories(t / "d");
    write_file(t / "d/c.structure.json", R"({"parameters":{"name":"c","type":2},"indexes":[]})");
    auto check = [&](const std::string& lines, const std::string& expected) {
        write_file(t / "d/c.data.json", lines);
        error_code ec;
        artifact_diagnostics diag;
        read_dump(t / "d", {}, ec, diag);
        BOOST_TEST(ec == errc::damaged_dump);
        BOOST_TEST(
            diag.message.find((t / "d/c.data.json").string() + " line 2: " + expected) != std::string::npos,
            diag.message
        );
    };
    check("{\"_key\":\"a\"}\n{\"type\":2001,\"key\":\"x\",\"data\":{}}\n", "unknown envelope type 2001");
    check(
        "{\"_key\":\"a\"}\n{\"type\":2302,\"rev\":\"1\",\"data\":{}}\n", "removal (type 2302) without a key"
    );
    check(
        "{\"_key\":\"a\"}\n{\"type\":2300,\"key\":\"x\"}\n", "envelope of type 2300 without a \"data\" object"
    );
    // useEnvelope false: every line is a plain document, even one shaped like an envelope.
    write_file(t / "d/dump.json", R"({"database":"x","useEnvelope":false})");
    write_file(t / "d/c.data.json", "{\"type\":2302,\"key\":\"x\"}\n");
    BOOST_TEST(read_dump(t / "d").databases.at(0).collections.at(0).document_count == 1u);
    BOOST_TEST(read_dump(t / "d").databases.at(0).collections.at(0).removal_count == 0u);
}

BOOST_AUTO_TEST_CASE(envelope_key_and_rev_fill_in_a_data_object_without_them)
{
    temp_dir t;
    fs::create_directories(t / "d");
    write_file(t / "d/c.structure.json", R"({"parameters":{"name":"c","type":2},"indexes":[]})");
    write_file(
        t / "d/c.data.json", "{\"type\":2300,\"key\":\"k1\",\"rev\":\"9\",\"data\":{\"v\":1}}\n"
                             "{\"type\":2300,\"key\":\"k2\",\"data\":{\"_key\":\"k2\",\"_rev\":\"3\"}}\n"
                             "{\"type\":2302,\"key\":\"k2\"}\n"
    );
    auto m = read_dump(t / "d");
    const auto& db = m.databases.at(0);
    BOOST_TEST(db.collections.at(0).document_count == 1u);
    BOOST_TEST(db.collections.at(0).removal_count == 1u);
    std::vector<std::string> seen;
    visit_documents(db, db.collections.at(0), {}, [&](const boost::json::object& d, bool removal) {
        seen.push_back((removal ? "-" : "+") + boost::json::serialize(d));
    });
    BOOST_TEST(
        seen ==
        (std::vector<std::string>{
            R"(+{"v":1,"_key":"k1","_rev":"9"})", R"(+{"_key":"k2","_rev":"3"})", R"(-{"_key":"k2"})"})
    );
}

BOOST_AUTO_TEST_CASE(net_content_is_what_compare_dumps_sees)
{
    // The 2.8 products against a plain dump holding only the net content: no differences.
    temp_dir t;
    test::dump_spec spec;
    test::test_collection products{"products", 2, {}, {}};
    for (const auto& [k, price, desc] : std::vector<std::tuple<std::string, int, std::string>>{
             {"p1", 12, "red apple, large"}, {"p3", 30, "yellow lemon"}, {"p4", 40, "blue plum"}})
    {
        boost::json::object d{
            {"_key", k}, {"sku", "A-" + k.substr(1)}, {"price", price}, {"description", desc}};
        if (k == "p1")
        {
            d["lat"] = 52.5;
            d["lon"] = 13.4;
        }
        products.docs.push_back(d);
    }
    spec.collections = {products};
    test::write_dump(t / "net", spec);
    fs::copy(fixture("v2.8"), t / "old", fs::copy_options::recursive);
    fs::remove(t / "old/links.structure.json");
    fs::remove(t / "old/links.data.json");
    dump_compare_options o;
    o.compare_properties = false;
    auto d = compare_dumps(t / "old", t / "net", o);
    BOOST_TEST(d.empty(), d.describe());
}

BOOST_AUTO_TEST_SUITE_END()

// -----------------------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(backup_rotation_suite)

namespace {
std::vector<backup_info> sample_backups()
{
    return {
        {"2024-05-03T10.00.00Z_c", "2024-05-03T10:00:00Z", 30},
        {"2024-05-01T10.00.00Z_a", "2024-05-01T10:00:00Z", 10},
        {"2024-05-05T10.00.00Z_e", "2024-05-05T10:00:00Z", 50},
        {"2024-05-02T10.00.00Z_b", "2024-05-02T10:00:00Z", 20},
        {"2024-05-04T10.00.00Z_d", "2024-05-04T10:00:00Z", 40},
    };
}
std::vector<std::string> ids(const std::vector<backup_info>& v)
{
    std::vector<std::string> out;
    for (const auto& b : v)
        out.push_back(b.id);
    return out;
}
} // namespace

BOOST_AUTO_TEST_CASE(keeps_the_newest_n_and_deletes_the_rest)
{
    auto plan = plan_backup_rotation(sample_backups(), 2);
    BOOST_TEST(
        ids(plan.keep) == (std::vector<std::string>{"2024-05-05T10.00.00Z_e", "2024-05-04T10.00.00Z_d"})
    );
    BOOST_TEST(
        ids(plan.remove) == (std::vector<std::string>{
                                "2024-05-03T10.00.00Z_c", "2024-05-02T10.00.00Z_b", "2024-05-01T10.00.00Z_a"})
    );
    BOOST_TEST(backups_to_delete(sample_backups(), 5).empty());
    BOOST_TEST(backups_to_delete(sample_backups(), 9).empty());
    BOOST_TEST(backups_to_delete(sample_backups(), 0).size() == 5u);
    BOOST_TEST(backups_to_delete({}, 3).empty());
}

BOOST_AUTO_TEST_CASE(ties_time_zones_fallbacks_and_undated_backups)
{
    std::vector<backup_info> v{
        {"x_2", "2024-01-01T00:00:00Z", 0},
        {"x_1", "2024-01-01T00:00:00Z", 0},
        {"x_3", "2024-01-01T00:00:00Z", 0},
        {"tz", "2024-01-01T01:30:00+02:00", 0},        // = 2023-12-31T23:30Z: oldest
        {"2024-01-02T00.00.00Z_fromid", "garbage", 0}, // date from the id: newest
        {"mystery", "", 0},                            // never deleted
        {"x_1", "2024-01-01T00:00:00Z", 0},            // duplicate id
    };
    auto plan = plan_backup_rotation(v, 2);
    BOOST_TEST(ids(plan.keep) == (std::vector<std::string>{"2024-01-02T00.00.00Z_fromid", "x_3"}));
    BOOST_TEST(ids(plan.remove) == (std::vector<std::string>{"x_2", "x_1", "tz"}));
    BOOST_TEST(ids(plan.undated) == std::vector<std::string>{"mystery"});
    auto shuffled = v;
    std::reverse(shuffled.begin(), shuffled.end());
    BOOST_TEST(ids(plan_backup_rotation(shuffled, 2).remove) == ids(plan.remove));
    BOOST_TEST(
        ids(plan_backup_rotation({{"f", "2024-01-01T00:00:00.5Z", 0}, {"g", "2024-01-01T00:00:00.25Z", 0}}, 1)
                .keep) == std::vector<std::string>{"f"}
    );
}

BOOST_AUTO_TEST_CASE(parses_the_server_backup_list)
{
    auto body = boost::json::parse(R"({"error":false,"code":200,"result":{"list":{
        "2024-05-01T10.00.00Z_a":{"id":"2024-05-01T10.00.00Z_a","version":"3.12.4",
        "datetime":"2024-05-01T10:00:00Z","sizeInBytes":1234,"nrFiles":3,"nrDBServers":1,"available":true,
        "nrPiecesPresent":1,
        "potentiallyInconsistent":false,"countIncludesFiles":false}}}})");
    error_code ec;
    artifact_diagnostics diag;
    auto list = parse_backup_list(body, ec, diag);
    BOOST_TEST(!ec);
    BOOST_TEST_REQUIRE(list.size() == 1u);
    BOOST_TEST(list[0].id == "2024-05-01T10.00.00Z_a");
    BOOST_TEST(list[0].datetime == "2024-05-01T10:00:00Z");
    BOOST_TEST(list[0].size_in_bytes == 1234u);
    parse_backup_list(boost::json::parse(R"({"result":{}})"), ec, diag);
    BOOST_TEST(ec == errc::protocol_error);
}

namespace {
// In-memory backup store; completes asynchronously (posted), like a real network store.
class fake_store
{
  public:
    using executor_type = asio::any_io_executor;
    explicit fake_store(executor_type ex, std::vector<backup_info> b) : ex_(ex), backups(std::move(b)) {}
    executor_type get_executor() const { return ex_; }

    template <class Token> auto async_list(Token&& token)
    {
        return asio::async_initiate<Token, void(error_code, std::vector<backup_info>)>(
            [this](auto h) {
                asio::post(ex_, [this, h = std::move(h)]() mutable {
                    ++list_calls;
                    std::move(h)(list_error, list_error ? std::vector<backup_info>{} : backups);
                });
            },
            token
        );
    }
    template <class Token> auto async_delete(const std::string& id, Token&& token)
    {
        return asio::async_initiate<Token, void(error_code)>(
            [this, id](auto h) {
                asio::post(ex_, [this, id, h = std::move(h)]() mutable {
                    if (id == fail_id)
                        return std::move(h)(error_code(errc::http_error));
                    std::erase_if(backups, [&](const backup_info& b) { return b.id == id; });
                    deleted.push_back(id);
                    std::move(h)(error_code{});
                });
            },
            token
        );
    }

    executor_type ex_;
    std::vector<backup_info> backups;
    std::vector<std::string> deleted;
    std::string fail_id;
    error_code list_error;
    int list_calls = 0;
};
static_assert(backup_store<fake_store>);

template <class F> void run_with_cap(asio::io_context& ioc, F&& f)
{
    bool done = false;
    asio::co_spawn(ioc, std::forward<F>(f)(), [&](std::exception_ptr ep) {
        done = true;
        if (ep)
            std::rethrow_exception(ep);
    });
    ioc.run_for(std::chrono::seconds(20)); // hard cap
    BOOST_TEST_REQUIRE(done, "coroutine did not finish within the cap");
}
} // namespace

BOOST_AUTO_TEST_CASE(async_rotation_deletes_old_backups_from_a_store)
{
    asio::io_context ioc;
    fake_store store(ioc.get_executor(), sample_backups());
    run_with_cap(ioc, [&]() -> asio::awaitable<void> {
        //[artifacts_rotate_backups
        rotation_result r = co_await async_rotate_backups(store, 2); // default token: throws on error
        //]
        BOOST_TEST(ids(r.deleted) == ids(r.plan.remove));
        BOOST_TEST(r.failed.empty());
    });
    BOOST_TEST(
        store.deleted == (std::vector<std::string>{
                             "2024-05-03T10.00.00Z_c", "2024-05-02T10.00.00Z_b", "2024-05-01T10.00.00Z_a"})
    );
    BOOST_TEST(
        ids(store.backups) == (std::vector<std::string>{"2024-05-05T10.00.00Z_e", "2024-05-04T10.00.00Z_d"})
    );
}

BOOST_AUTO_TEST_CASE(async_rotation_reports_failures_and_works_with_callbacks)
{
    asio::io_context ioc;
    fake_store store(ioc.get_executor(), sample_backups());
    store.fail_id = "2024-05-02T10.00.00Z_b";
    std::optional<std::pair<error_code, rotation_result>> got;
    async_rotate_backups(store, 2, [&](error_code ec, rotation_result r) { got.emplace(ec, std::move(r)); });
    ioc.run_for(std::chrono::seconds(20));
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->first == errc::http_error);
    BOOST_TEST_REQUIRE(got->second.failed.size() == 1u);
    BOOST_TEST(got->second.failed[0].backup.id == "2024-05-02T10.00.00Z_b");
    BOOST_TEST(got->second.deleted.size() == 2u); // the others were still deleted

    asio::io_context ioc2;
    fake_store broken(ioc2.get_executor(), sample_backups());
    broken.list_error = errc::authentication_failed;
    run_with_cap(ioc2, [&]() -> asio::awaitable<void> {
        auto [ec, r] = co_await async_rotate_backups(broken, 1, asio::as_tuple(asio::use_awaitable));
        BOOST_TEST(ec == errc::authentication_failed);
        BOOST_TEST(r.plan.remove.empty());
        bool threw = false;
        try
        {
            co_await async_rotate_backups(broken, 1);
        }
        catch (const boost::system::system_error& e)
        {
            threw = e.code() == errc::authentication_failed;
        }
        BOOST_TEST(threw);
    });
    BOOST_TEST(broken.deleted.empty());
    BOOST_TEST(broken.list_calls == 2);
}

BOOST_AUTO_TEST_SUITE_END()

// -----------------------------------------------------------------------------------------------------------
#if defined(ARANGOKIT_ARTIFACTS_WITH_SIMULATOR)
#include "sim_process.hpp"
#include "test_paths.hpp"
#include <sys/wait.h>

BOOST_AUTO_TEST_SUITE(simulator_dump_suite)

namespace {
// Runs a stand-in tool with a hard cap (coreutils timeout); returns its exit status.
int tool(const std::string& name, const std::string& args, const fs::path& log)
{
    std::string cmd = "timeout -s KILL 120 " + test::sim_bin_dir() + "/" + name + " --configuration none " +
                      args + " >" + log.string() + " 2>&1";
    int st = std::system(cmd.c_str());
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
} // namespace

BOOST_AUTO_TEST_CASE(dumps_written_by_the_simulator_read_and_round_trip)
{
    temp_dir t;
    test::sim_server sim({});
    BOOST_TEST_REQUIRE(!sim.endpoints.empty());
    std::string srv = "--server.endpoint " + sim.endpoints.at(0).to_string() + " --server.password=";
    std::string restore_input = t.path().string() + "/input.jsonl";
    // Data through the stand-in arangoimport, so the test needs no HTTP client of its own.
    write_file(
        t / "input.jsonl", "{\"_key\":\"p1\",\"v\":1.0}\n{\"_key\":\"p2\",\"v\":2,\"n\":{\"b\":1,\"a\":2}}\n"
                           "{\"_key\":\"p3\",\"v\":3}\n{\"_key\":\"p4\",\"v\":[1,2]}\n"
    );
    BOOST_TEST_REQUIRE(
        tool(
            "arangoimport",
            srv + " --file " + restore_input + " --type jsonl --collection products --create-collection true",
            t / "import.log"
        ) == 0,
        read_file(t / "import.log")
    );
    auto dump = [&](const std::string& name, const std::string& extra) {
        auto out = t / name;
        BOOST_TEST_REQUIRE(
            tool(
                "arangodump", srv + " --output-directory " + out.string() + " " + extra, t / (name + ".log")
            ) == 0,
            read_file(t / (name + ".log"))
        );
        return out;
    };
    auto plain = dump("plain", "--compress-output false");
    auto gz = dump("gz", "");
    auto split = dump("split", "--split-files true --parallel-dump true --docs-per-batch 100");
    create_keyfile(t / "key");
    auto enc = dump("enc", "--encryption.keyfile " + (t / "key").string());
    auto all = dump("all", "--all-databases true");

    auto m = read_dump(plain);
    BOOST_TEST_REQUIRE(m.databases.size() == 1u);
    BOOST_TEST(m.databases[0].name == "_system");
    BOOST_TEST_REQUIRE(m.databases[0].find_collection("products"));
    BOOST_TEST(m.databases[0].find_collection("products")->document_count == 4u);
    BOOST_TEST(read_dump(gz).databases[0].find_collection("products")->compressed);
    BOOST_TEST(read_dump(split).databases[0].find_collection("products")->split);
    BOOST_TEST(read_dump(all).all_databases);
    auto key = read_keyfile(t / "key");
    BOOST_TEST(read_dump(enc, {.key = key}).databases[0].encrypted());
    for (const auto& other : {gz, split, all})
        BOOST_TEST(
            compare_dumps(plain, other).empty(), other << ":\n"
                                                       << compare_dumps(plain, other).describe()
        );
    BOOST_TEST(compare_dumps(plain, enc, {.right = {.key = key}}).empty());

    // dump -> restore into another database -> change one document -> dump: exactly that change.
    BOOST_TEST_REQUIRE(
        tool(
            "arangorestore",
            srv + " --server.database copy --create-database true --input-directory " + enc.string() +
                " --encryption.keyfile " + (t / "key").string(),
            t / "restore.log"
        ) == 0,
        read_file(t / "restore.log")
    );
    auto copy1 = dump("copy1", "--server.database copy");
    BOOST_TEST(compare_dumps(plain, copy1).empty(), compare_dumps(plain, copy1).describe());
    write_file(t / "change.jsonl", "{\"_key\":\"p3\",\"v\":33}\n");
    BOOST_TEST_REQUIRE(
        tool(
            "arangoimport",
            srv + " --server.database copy --file " + (t / "change.jsonl").string() +
                " --type jsonl --collection products --on-duplicate update",
            t / "import2.log"
        ) == 0,
        read_file(t / "import2.log")
    );
    auto copy2 = dump("copy2", "--server.database copy");
    auto d = compare_dumps(plain, copy2);
    BOOST_TEST_REQUIRE(d.collections.size() == 1u, d.describe());
    BOOST_TEST(d.collections[0].changed_keys == std::vector<std::string>{"p3"});
    BOOST_TEST(d.collections[0].added_keys.empty());
    BOOST_TEST(d.collections[0].removed_keys.empty());
}

BOOST_AUTO_TEST_CASE(dump_generations_restore_into_the_simulator_with_their_net_content)
{
    temp_dir t;
    test::sim_server sim({});
    BOOST_TEST_REQUIRE(!sim.endpoints.empty());
    std::string srv = "--server.endpoint " + sim.endpoints.at(0).to_string() + " --server.password=";
    auto fixtures = fs::path(test::source_dir()) / "tests/fixtures/dumps";
    for (const std::string gen : {"v2.8", "v3.3-mmfiles", "v3.10-envelope", "v3.12-split"})
    {
        BOOST_TEST_CONTEXT(gen)
        {
            // A copy: arangorestore writes its --continue state into the input directory.
            fs::copy(fixtures / gen, t / ("in-" + gen), fs::copy_options::recursive);
            std::string db = "g" + std::to_string(std::hash<std::string>{}(gen) % 100000);
            BOOST_TEST_REQUIRE(
                tool(
                    "arangorestore",
                    srv + " --server.database " + db + " --create-database true --input-directory " +
                        (t / ("in-" + gen)).string(),
                    t / (gen + ".restore.log")
                ) == 0,
                read_file(t / (gen + ".restore.log"))
            );
            auto out = t / ("out-" + gen);
            BOOST_TEST_REQUIRE(
                tool(
                    "arangodump", srv + " --server.database " + db + " --output-directory " + out.string(),
                    t / (gen + ".dump.log")
                ) == 0,
                read_file(t / (gen + ".dump.log"))
            );
            // Same net documents (the server adds _id and may assign _rev); same collections.
            dump_compare_options o;
            o.compare_properties = false;
            o.ignored_attributes = {"_rev", "_id"};
            auto d = compare_dumps(fixtures / gen, out, o);
            BOOST_TEST(d.empty(), d.describe());
            auto src = read_dump(fixtures / gen);
            auto back = read_dump(out);
            BOOST_TEST_REQUIRE(back.databases.size() == 1u);
            BOOST_TEST(back.databases[0].document_count() == src.databases[0].document_count());
            for (const auto& c : src.databases[0].collections)
            {
                const auto* rc = back.databases[0].find_collection(c.name);
                BOOST_TEST_REQUIRE(rc, c.name);
                BOOST_TEST(rc->type == c.type, c.name);
                BOOST_TEST(rc->document_count == c.document_count, c.name);
                // Every index of the structure file is still there (old-engine types included).
                std::size_t kept = 0;
                for (const auto& i : rc->indexes)
                    kept += i.at("type") != "primary" && i.at("type") != "edge" ? 1 : 0;
                BOOST_TEST(kept == c.indexes.size(), c.name);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
#endif
