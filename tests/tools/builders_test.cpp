// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Builders: argv per tool, validation before spawning, private .conf files, instance descriptions, exit
// codes.
//
// Cross-check list for when the simulator's stand-in tools exist (feed them these renders):
//  - every argv produced below is accepted (exit 0 with --check-configuration appended);
//  - the private .conf (secret_transport::config_file and ::full_config) is read and yields the same options;
//  - `@@` in a password arrives as a single `@`; arangobackup takes the operation as the positional word;
//  - arangosh receives script_args in ARGUMENTS; a missing --server.password never happens (no prompt).
#define BOOST_TEST_MODULE tools_builders
#include <arangokit/arango/config_file.hpp>
#include <arangokit/arango/exit_codes.hpp>
#include <arangokit/arango/instance.hpp>
#include <arangokit/arango/tools/arangobackup.hpp>
#include <arangokit/arango/tools/arangobench.hpp>
#include <arangokit/arango/tools/arangodump.hpp>
#include <arangokit/arango/tools/arangoexport.hpp>
#include <arangokit/arango/tools/arangoimport.hpp>
#include <arangokit/arango/tools/arangorestore.hpp>
#include <arangokit/arango/tools/arangosh.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>

using namespace arangokit;

namespace {

std::string joined(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& a : v)
        s += (s.empty() ? "" : " ") + a;
    return s;
}

bool contains(const std::vector<std::string>& v, const std::vector<std::string>& seq)
{
    return std::search(v.begin(), v.end(), seq.begin(), seq.end()) != v.end();
}

tool_context argv_ctx()
{
    tool_context c;
    c.secrets = secret_transport::argv;
    c.run_id = "t";
    return c;
}

// The problem list has one naming this option, with this text in its reason.
bool has_problem(
    const std::vector<option_problem>& ps,
    const std::string& tool,
    const std::string& option,
    const std::string& reason_part
)
{
    for (const auto& p : ps)
        if (p.tool == tool && p.option == option && p.reason.find(reason_part) != std::string::npos &&
            p.message().find(option.empty() ? tool + ": " : tool + ": option '--" + option + "'") == 0)
            return true;
    return false;
}

std::string dump_problems(const std::vector<option_problem>& ps)
{
    std::string s;
    for (const auto& p : ps)
        s += p.message() + "\n";
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(argv_rendering)

BOOST_AUTO_TEST_CASE(dump_renders_flags_in_tool_conventions)
{
    arangodump_options o{
        .collection = {"a", "b"},
        .compress_output = false,
        .output_directory = "/tmp/dump",
        .overwrite = true,
        .threads = 4,
        .server = {.endpoint = "tcp://127.0.0.1:8529", .database = "shop"},
    };
    auto r = render_tool(o, argv_ctx());
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    const auto& a = r.invocation.cmd.args;
    BOOST_TEST(r.invocation.cmd.program == "arangodump");
    BOOST_TEST(
        (std::vector<std::string>(a.begin(), a.begin() + 2) ==
         std::vector<std::string>{"--configuration", "none"})
    );
    BOOST_TEST(contains(a, {"--collection", "a", "--collection", "b"}));
    BOOST_TEST(contains(a, {"--compress-output", "false"}));
    BOOST_TEST(contains(a, {"--overwrite", "true"}));
    BOOST_TEST(contains(a, {"--threads", "4"}));
    BOOST_TEST(contains(a, {"--server.endpoint", "tcp://127.0.0.1:8529"}));
    BOOST_TEST(contains(a, {"--server.database", "shop"}));
    BOOST_TEST(contains(a, {"--server.password", ""}), "password always present: " << joined(a));
    BOOST_TEST(joined(a).find("--include-system-collections") == std::string::npos); // unset -> not emitted
    BOOST_TEST(r.invocation.files.empty());
}

BOOST_AUTO_TEST_CASE(bin_dir_and_timeout_factor_apply)
{
    tool_context c = argv_ctx();
    c.bin_dir = "/opt/arango/bin";
    c.timeout_factor = 2.0;
    arangorestore_options o{.input_directory = "/d", .timeout = std::chrono::milliseconds(1500)};
    auto r = render_tool(o, c);
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    BOOST_TEST(r.invocation.cmd.program == "/opt/arango/bin/arangorestore");
    BOOST_TEST(r.invocation.cmd.timeout.value().count() == 3000);
    BOOST_TEST(contains(r.invocation.cmd.args, {"--input-directory", "/d"}));
}

BOOST_AUTO_TEST_CASE(restore_import_export_bench_render)
{
    auto rr = render_tool(
        arangorestore_options{.continue_ = true, .create_database = true, .number_of_shards = {"c=3"}},
        argv_ctx()
    );
    BOOST_TEST_REQUIRE(!rr.ec, rr.message());
    BOOST_TEST(contains(rr.invocation.cmd.args, {"--continue", "true"}));
    BOOST_TEST(contains(rr.invocation.cmd.args, {"--number-of-shards", "c=3"}));

    auto ri = render_tool(
        arangoimport_options{
            .collection = "users",
            .create_collection = true,
            .file = "u.jsonl",
            .on_duplicate = import_on_duplicate::replace,
            .type = import_type::jsonl},
        argv_ctx()
    );
    BOOST_TEST_REQUIRE(!ri.ec, ri.message());
    BOOST_TEST(contains(ri.invocation.cmd.args, {"--type", "jsonl"}));
    BOOST_TEST(contains(ri.invocation.cmd.args, {"--on-duplicate", "replace"}));
    BOOST_TEST(contains(ri.invocation.cmd.args, {"--file", "u.jsonl"}));

    auto re = render_tool(arangoexport_options{.collection = "c", .type = export_type::jsonl}, argv_ctx());
    BOOST_TEST_REQUIRE(!re.ec, re.message());
    BOOST_TEST(contains(re.invocation.cmd.args, {"--type", "jsonl"}));

    auto rb = render_tool(
        arangobench_options{
            .histogram_generate = true,
            .histogram_percentiles = {50, 99.5},
            .requests = 1000,
            .test_case = bench_test_case::crud_append,
            .threads = 2},
        argv_ctx()
    );
    BOOST_TEST_REQUIRE(!rb.ec, rb.message());
    BOOST_TEST(contains(rb.invocation.cmd.args, {"--test-case", "crud-append"}));
    BOOST_TEST(
        contains(rb.invocation.cmd.args, {"--histogram.percentiles", "50", "--histogram.percentiles", "99.5"})
    );
    BOOST_TEST(contains(rb.invocation.cmd.args, {"--requests", "1000"}));
}

BOOST_AUTO_TEST_CASE(backup_operation_is_the_positional_word)
{
    auto r = render_tool(
        arangobackup_options{.operation = backup_operation::create, .label = "nightly"}, argv_ctx()
    );
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    BOOST_TEST(r.invocation.cmd.args.front() == "create");
    BOOST_TEST(joined(r.invocation.cmd.args).find("--operation") == std::string::npos);
    BOOST_TEST(contains(r.invocation.cmd.args, {"--label", "nightly"}));
    auto d = render_tool(
        arangobackup_options{.operation = backup_operation::delete_, .identifier = "x"}, argv_ctx()
    );
    BOOST_TEST_REQUIRE(!d.ec, d.message());
    BOOST_TEST(d.invocation.cmd.args.front() == "delete");
}

BOOST_AUTO_TEST_CASE(arangosh_script_args_follow_double_dash)
{
    arangosh_options o{
        .javascript_execute = "tests/soak/insert_loop.js",
        .script_args = {"--client-id", "3"},
        .extra_args = {"--console.colors", "false"},
    };
    auto r = render_tool(o, argv_ctx());
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    const auto& a = r.invocation.cmd.args;
    BOOST_TEST(contains(a, {"--javascript.execute", "tests/soak/insert_loop.js"}));
    BOOST_TEST(
        (std::vector<std::string>(a.end() - 3, a.end()) == std::vector<std::string>{"--", "--client-id", "3"})
    );
    BOOST_TEST(contains(a, {"--console.colors", "false"}));
}

BOOST_AUTO_TEST_CASE(tool_server_options_override_context_defaults)
{
    tool_context c = argv_ctx();
    c.server.endpoint = "tcp://10.0.0.1:8529";
    c.server.database = "base";
    arangoexport_options o{.collection = "c", .server = {.database = "other"}};
    auto r = render_tool(o, c);
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    BOOST_TEST(contains(r.invocation.cmd.args, {"--server.database", "other"}));
    BOOST_TEST(contains(r.invocation.cmd.args, {"--server.endpoint", "tcp://10.0.0.1:8529"}));
}

BOOST_AUTO_TEST_CASE(per_run_log_file_is_attached)
{
    tool_context c = argv_ctx();
    c.run_dir = "/tmp/run";
    c.per_run_log = true;
    auto r = render_tool(arangodump_options{}, c);
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    BOOST_TEST(r.invocation.log_file == "/tmp/run/arangokit-arangodump-t.log");
    BOOST_TEST(contains(r.invocation.cmd.args, {"--log.output", "file:///tmp/run/arangokit-arangodump-t.log"})
    );
    BOOST_TEST(contains(r.invocation.cmd.args, {"--log.foreground-tty", "true"}));
}

BOOST_AUTO_TEST_CASE(obsolete_option_gives_a_note_not_an_error)
{
    tool_context c = argv_ctx();
    c.version = arango_version{3, 12, 2};
    auto r = render_tool(arangodump_options{.envelope = false}, c);
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    BOOST_TEST(r.invocation.notes.size() == 1u);
    BOOST_TEST(r.invocation.notes.at(0).find("obsolete") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(all_databases_with_database_is_rejected)
{
    auto ps = validate_tool_options(arangodump_options{.all_databases = true, .server = {.database = "x"}});
    BOOST_TEST(has_problem(ps, "arangodump", "all-databases", "--server.database"), dump_problems(ps));
    auto pr =
        validate_tool_options(arangorestore_options{.all_databases = true, .force_same_database = true});
    BOOST_TEST(has_problem(pr, "arangorestore", "all-databases", "--force-same-database"), dump_problems(pr));
    auto r = render_tool(arangodump_options{.all_databases = true, .server = {.database = "x"}});
    BOOST_TEST((r.ec == errc::invalid_options));
    BOOST_TEST(r.message().find("arangodump: option '--all-databases'") == 0);
}

BOOST_AUTO_TEST_CASE(option_the_tool_does_not_have)
{
    auto p1 = validate_tool_options(arangoimport_options{
        .collection = "c", .file = "f", .server = {.jwt_secret_keyfile = "/k"}});
    BOOST_TEST(
        has_problem(p1, "arangoimport", "server.jwt-secret-keyfile", "not supported for binary arangoimport"),
        dump_problems(p1)
    );
    auto p2 = validate_tool_options(arangorestore_options{.extra_args = {"--maskings", "m.json"}});
    BOOST_TEST(
        has_problem(p2, "arangorestore", "maskings", "not supported for binary arangorestore"),
        dump_problems(p2)
    );
    auto p3 = validate_tool_options(arangobench_options{.extra_args = {"--encryption.keyfile=/k"}});
    BOOST_TEST(has_problem(p3, "arangobench", "encryption.keyfile", "not supported"), dump_problems(p3));
    auto p4 = validate_tool_options(arangosh_options{.extra_args = {"--no-such-thing"}});
    BOOST_TEST(has_problem(p4, "arangosh", "no-such-thing", "not supported"), dump_problems(p4));
    tool_context lax;
    lax.allow_unknown_extra_args = true;
    BOOST_TEST(validate_tool_options(arangosh_options{.extra_args = {"--no-such-thing"}}, lax).empty());
}

BOOST_AUTO_TEST_CASE(enum_values_outside_their_set)
{
    auto p1 = validate_tool_options(arangoimport_options{
        .collection = "c", .file = "f", .extra_args = {"--on-duplicate", "merge"}});
    BOOST_TEST(
        has_problem(p1, "arangoimport", "on-duplicate", "Possible values: error, ignore, replace, update"),
        dump_problems(p1)
    );
    auto p2 = validate_tool_options(arangodump_options{.server = {.ssl_protocol = 7u}});
    BOOST_TEST(has_problem(p2, "arangodump", "ssl.protocol", "invalid value '7'"), dump_problems(p2));
    auto p3 =
        validate_tool_options(arangoexport_options{.collection = "c", .type = static_cast<export_type>(42)});
    BOOST_TEST(has_problem(p3, "arangoexport", "type", "outside the enum"), dump_problems(p3));
}

BOOST_AUTO_TEST_CASE(options_unavailable_in_the_target_version)
{
    tool_context c;
    c.version = arango_version{3, 11, 4};
    auto p1 = validate_tool_options(arangodump_options{.ignore_collection = "x"}, c);
    BOOST_TEST(
        has_problem(p1, "arangodump", "ignore-collection", "not available in ArangoDB 3.11.4"),
        dump_problems(p1)
    );
    c.version = arango_version{3, 12, 0};
    auto p2 = validate_tool_options(arangosh_options{.jslint = "a.js"}, c);
    BOOST_TEST(has_problem(p2, "arangosh", "jslint", "not available in ArangoDB 3.12.0"), dump_problems(p2));
    c.version = arango_version{3, 10, 0};
    auto p3 = validate_tool_options(arangodump_options{.common = {.compress_transfer = true}}, c);
    BOOST_TEST(has_problem(p3, "arangodump", "compress-transfer", "not available"), dump_problems(p3));
    c.version = arango_version{4, 0, 0};
    auto p4 = validate_tool_options(arangobench_options{}, c);
    BOOST_TEST(has_problem(p4, "arangobench", "", "does not exist in ArangoDB 4.0.0"), dump_problems(p4));
}

BOOST_AUTO_TEST_CASE(enterprise_options_on_old_community_builds)
{
    tool_context c;
    c.version = arango_version{3, 11, 0};
    c.edition = arango_edition::community;
    auto p = validate_tool_options(arangodump_options{.encryption_keyfile = "/k"}, c);
    BOOST_TEST(has_problem(p, "arangodump", "encryption.keyfile", "Enterprise-only"), dump_problems(p));
    c.version = arango_version{3, 12, 5};
    BOOST_TEST(validate_tool_options(arangodump_options{.encryption_keyfile = "/k"}, c).empty());
}

BOOST_AUTO_TEST_CASE(prompts_and_credential_conflicts)
{
    auto p1 = validate_tool_options(arangodump_options{.server = {.ask_jwt_secret = true}});
    BOOST_TEST(has_problem(p1, "arangodump", "server.ask-jwt-secret", "prompt"), dump_problems(p1));
    auto p2 =
        validate_tool_options(arangodump_options{.server = {.username = "u", .jwt_secret_keyfile = "/k"}});
    BOOST_TEST(has_problem(p2, "arangodump", "server.username", "JWT"), dump_problems(p2));
    auto p3 = validate_tool_options(arangosh_options{.server = {.jwt_token = "-"}});
    BOOST_TEST(has_problem(p3, "arangosh", "server.jwt-token", "prompt"), dump_problems(p3));
    auto p4 = validate_tool_options(arangodump_options{.server = {.username = ""}});
    BOOST_TEST(has_problem(p4, "arangodump", "server.username", "must not be empty"), dump_problems(p4));
    auto p5 = validate_tool_options(arangodump_options{.server = {.endpoint = "tcp://0.0.0.0:8529"}});
    BOOST_TEST(has_problem(p5, "arangodump", "server.endpoint", "wildcard"), dump_problems(p5));
    auto p6 = validate_tool_options(arangodump_options{.server = {.endpoint = "bogus://x"}});
    BOOST_TEST(!p6.empty());
    BOOST_TEST(p6.at(0).option == "server.endpoint");
}

BOOST_AUTO_TEST_CASE(tool_specific_fatal_combinations)
{
    auto d = validate_tool_options(arangodump_options{.collection = "a", .ignore_collection = "b"});
    BOOST_TEST(has_problem(d, "arangodump", "ignore-collection", "--collection"), dump_problems(d));
    auto d2 = validate_tool_options(arangodump_options{.parallel_dump = false, .split_files = true});
    BOOST_TEST(has_problem(d2, "arangodump", "split-files", "--parallel-dump true"), dump_problems(d2));
    auto r = validate_tool_options(arangorestore_options{
        .default_number_of_shards = 0u, .replication_factor = {"c=zero"}});
    BOOST_TEST(has_problem(r, "arangorestore", "default-number-of-shards", "at least 1"), dump_problems(r));
    BOOST_TEST(has_problem(r, "arangorestore", "replication-factor", "c=zero"), dump_problems(r));
    BOOST_TEST(validate_tool_options(arangorestore_options{.replication_factor = {"satellite", "c=2"}}
    ).empty());
    auto i = validate_tool_options(arangoimport_options{.quote = "''", .separator = ";;"});
    BOOST_TEST(has_problem(i, "arangoimport", "file", "File name is missing."), dump_problems(i));
    BOOST_TEST(has_problem(i, "arangoimport", "collection", "Collection name is missing."), dump_problems(i));
    BOOST_TEST(has_problem(i, "arangoimport", "separator", "exactly one character"), dump_problems(i));
    BOOST_TEST(has_problem(i, "arangoimport", "quote", "Wrong length"), dump_problems(i));
    auto e = validate_tool_options(arangoexport_options{.type = export_type::xgmml});
    BOOST_TEST(
        has_problem(e, "arangoexport", "collection", "expecting at least one collection"), dump_problems(e)
    );
    BOOST_TEST(has_problem(e, "arangoexport", "type", "graph name"), dump_problems(e));
    auto e2 =
        validate_tool_options(arangoexport_options{.collection = "c", .custom_query = "FOR x IN c RETURN x"});
    BOOST_TEST(has_problem(e2, "arangoexport", "custom-query", "either"), dump_problems(e2));
    auto b = validate_tool_options(arangobackup_options{.identifier = "x", .label = "bad label"});
    BOOST_TEST(has_problem(b, "arangobackup", "operation", "required"), dump_problems(b));
    BOOST_TEST(has_problem(b, "arangobackup", "label", "[a-zA-Z0-9._-]"), dump_problems(b));
    auto b2 = validate_tool_options(arangobackup_options{
        .operation = backup_operation::restore, .server = {.database = "shop"}});
    BOOST_TEST(has_problem(b2, "arangobackup", "identifier", "--identifier"), dump_problems(b2));
    BOOST_TEST(has_problem(b2, "arangobackup", "server.database", "_system"), dump_problems(b2));
    auto s = validate_tool_options(arangosh_options{
        .javascript_execute = "a.js", .javascript_execute_string = "1"});
    BOOST_TEST(has_problem(s, "arangosh", "javascript.execute", "more than one type"), dump_problems(s));
    auto bench = validate_tool_options(arangobench_options{.test_case = bench_test_case::custom_query});
    BOOST_TEST(has_problem(bench, "arangobench", "custom-query", "--custom-query"), dump_problems(bench));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(private_config_files)

BOOST_AUTO_TEST_CASE(secrets_go_to_a_0600_conf_file_and_never_to_argv)
{
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("arangokit-builders-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    tool_context c;
    c.run_dir = dir;
    c.run_id = "secret";
    arangodump_options o{
        .output_directory = "/tmp/d", .server = {.username = "root", .password = "p@ss w0rd"}};
    auto r = render_tool(o, c);
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    auto& inv = r.invocation;
    BOOST_TEST(joined(inv.cmd.args).find("p@ss") == std::string::npos);
    BOOST_TEST(joined(inv.cmd.args).find("--server.password") == std::string::npos);
    BOOST_TEST(
        contains(inv.cmd.args, {"--configuration", (dir / "arangokit-arangodump-secret.conf").string()})
    );
    BOOST_TEST(
        (std::find(inv.cmd.secrets.begin(), inv.cmd.secrets.end(), "p@ss w0rd") != inv.cmd.secrets.end())
    );
    BOOST_TEST(
        (std::find(inv.cmd.secrets.begin(), inv.cmd.secrets.end(), "p@@ss w0rd") != inv.cmd.secrets.end())
    );
    int memfd = -1;
    {
        error_code ec;
        scoped_private_files files(inv, ec);
        BOOST_TEST_REQUIRE(!ec, ec.message());
        // Written to an anonymous memory file, named to the tool by its descriptor: nothing on disk.
        BOOST_TEST(inv.config_file.string().rfind("/proc/self/fd/", 0) == 0u, inv.config_file);
        BOOST_TEST(contains(inv.cmd.args, {"--configuration", inv.config_file.string()}));
        BOOST_TEST(!fs::exists(dir / "arangokit-arangodump-secret.conf"));
        BOOST_TEST_REQUIRE(inv.files.size() == 1u);
        memfd = inv.files[0].fd;
        BOOST_TEST(inv.cmd.inherit_fds == std::vector<int>{memfd});
        struct stat sb
        {
        };
        BOOST_TEST_REQUIRE(::stat(inv.config_file.c_str(), &sb) == 0);
        BOOST_TEST((sb.st_mode & 0777) == 0600u);
        std::ifstream in(inv.config_file);
        std::stringstream ss;
        ss << in.rdbuf();
        auto parsed = parse_config(ss.str());
        BOOST_TEST(parsed.ok());
        auto settings = parsed.doc.settings();
        BOOST_TEST_REQUIRE(settings.size() == 1u);
        BOOST_TEST(settings[0].option == "server.password");
        // @ doubled, so @NAME@ substitution cannot change the password; substitution restores it.
        BOOST_TEST(substitute_placeholders(settings[0].value, {}) == "p@ss w0rd");
    }
    BOOST_TEST(::fcntl(memfd, F_GETFD) == -1); // closed by the guard
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(no_secret_means_argv_and_configuration_none)
{
    tool_context c;
    auto r = render_tool(arangoexport_options{.collection = "c"}, c);
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    BOOST_TEST(r.invocation.files.empty());
    BOOST_TEST(contains(r.invocation.cmd.args, {"--configuration", "none"}));
    BOOST_TEST(contains(r.invocation.cmd.args, {"--server.password", ""}));
}

BOOST_AUTO_TEST_CASE(full_config_round_trips_to_the_same_options_as_argv)
{
    arangoimport_options o{
        .collection = "users",
        .file = "in.csv",
        .separator = ";",
        .translate = {"a=b", "c=d"},
        .type = import_type::csv,
        .server = {.endpoint = "tcp://127.0.0.1:8529", .password = "x"}};
    tool_context ca = argv_ctx();
    tool_context cf;
    cf.secrets = secret_transport::full_config;
    cf.run_id = "full";
    auto ra = render_tool(o, ca);
    auto rf = render_tool(o, cf);
    BOOST_TEST_REQUIRE(!ra.ec, ra.message());
    BOOST_TEST_REQUIRE(!rf.ec, rf.message());
    BOOST_TEST(rf.invocation.cmd.args.size() == 2u); // only --configuration <file>
    std::vector<std::pair<std::string, std::string>> from_argv;
    const auto& a = ra.invocation.cmd.args;
    for (std::size_t i = 2; i + 1 < a.size(); i += 2)
        from_argv.emplace_back(a[i].substr(2), a[i + 1]);
    auto parsed = parse_config(rf.invocation.files.at(0).content);
    BOOST_TEST(parsed.ok());
    std::vector<std::pair<std::string, std::string>> from_conf;
    for (const auto& s : parsed.doc.settings())
        from_conf.emplace_back(s.option, s.value);
    std::sort(from_argv.begin(), from_argv.end());
    std::sort(from_conf.begin(), from_conf.end());
    BOOST_TEST((from_argv == from_conf));
}

BOOST_AUTO_TEST_CASE(jwt_secret_becomes_a_private_keyfile)
{
    tool_context c;
    c.run_id = "jwt";
    c.server.username = "root";
    c.server.password = "ignored-when-jwt";
    auto r = render_tool(arangorestore_options{.server = {.jwt_secret = "s3cr3t"}}, c);
    BOOST_TEST_REQUIRE(!r.ec, r.message());
    const auto& inv = r.invocation;
    BOOST_TEST_REQUIRE(inv.files.size() == 1u);
    BOOST_TEST(inv.files[0].content == "s3cr3t");
    BOOST_TEST(contains(inv.cmd.args, {"--server.jwt-secret-keyfile", inv.files[0].path.string()}));
    BOOST_TEST(joined(inv.cmd.args).find("--server.password") == std::string::npos);
    BOOST_TEST(joined(inv.cmd.args).find("--server.username") == std::string::npos);
    BOOST_TEST((std::find(inv.cmd.secrets.begin(), inv.cmd.secrets.end(), "s3cr3t") != inv.cmd.secrets.end())
    );
    auto bad = validate_tool_options(arangoimport_options{
        .collection = "c", .file = "f", .server = {.jwt_secret = "s"}});
    BOOST_TEST(
        has_problem(bad, "arangoimport", "server.jwt-secret-keyfile", "not supported"), dump_problems(bad)
    );
}

BOOST_AUTO_TEST_CASE(unrepresentable_secret_in_conf_is_reported)
{
    auto r = render_tool(arangodump_options{.server = {.password = " leading space"}});
    BOOST_TEST((r.ec == errc::invalid_options));
    // The advice is a safe one: never "put it on the command line" (every local user can read argv).
    BOOST_TEST(r.message().find("secret_transport::argv") == std::string::npos, r.message());
    BOOST_TEST(r.message().find("surrounding whitespace") != std::string::npos, r.message());
    auto ok = render_tool(arangodump_options{
        .server = {.password = " leading space"}, .secrets = secret_transport::argv});
    BOOST_TEST(!ok.ec);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(instances)

BOOST_AUTO_TEST_CASE(instance_from_environment)
{
    std::map<std::string, std::string> env{
        {"ARANGOKIT_BIN_DIR", "/opt/bin"},      {"ARANGOKIT_ENDPOINT", "tcp://h1:8529, tcp://h2:8529"},
        {"ARANGOKIT_PASSWORD", "pw"},           {"ARANGOKIT_DATABASE", "db"},
        {"ARANGOKIT_VERSION", "3.11.7"},        {"ARANGOKIT_EDITION", "enterprise"},
        {"ARANGOKIT_SANITIZERS", "asan,ubsan"}, {"ARANGOKIT_ROOT_DIR", "/tmp/inst"},
    };
    auto get = [&](const std::string& k) -> std::optional<std::string> {
        auto it = env.find(k);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    instance inst = instance::from_environment(get);
    BOOST_TEST(inst.bin_dir == "/opt/bin");
    BOOST_TEST((inst.endpoints == std::vector<std::string>{"tcp://h1:8529", "tcp://h2:8529"}));
    BOOST_TEST(inst.cluster);
    BOOST_TEST(inst.password.value() == "pw");
    BOOST_TEST((inst.version.value() == arango_version{3, 11, 7}));
    BOOST_TEST(inst.instr.timeout_factor() == 2.0);
    tool_context c = inst.tool_defaults();
    BOOST_TEST(c.timeout_factor == 2.0);
    BOOST_TEST(c.server.database.value() == "db");
    auto envspec = inst.child_environment([](const std::string& k) -> std::optional<std::string> {
        if (k == "ASAN_OPTIONS")
            return std::string("detect_leaks=0");
        return std::nullopt;
    });
    BOOST_TEST(
        envspec.set.at("ASAN_OPTIONS") == "detect_leaks=0:log_path=/tmp/inst/asan.log:log_exe_name=true"
    );
    BOOST_TEST(envspec.set.count("TSAN_OPTIONS") == 0u);
    env["ARANGOKIT_TIMEOUT_FACTOR"] = "5";
    BOOST_TEST(instance::from_environment(get).instr.timeout_factor() == 5.0);
    env["ARANGOKIT_TIMEOUT_FACTOR"] = "abc";
    BOOST_TEST(!instance::from_environment(get).notes.empty());
}

BOOST_AUTO_TEST_CASE(instance_from_instanceinfo_json)
{
    const char* json =
        R"({"rootDir": "/tmp/cl", "endpoint": "tcp://127.0.0.1:7001", "url": "http://127.0.0.1:7001",
        "arangods": [{"role": "agent", "endpoint": "tcp://127.0.0.1:5001"},
                     {"role": "dbserver", "endpoint": "tcp://127.0.0.1:6001"},
                     {"role": "coordinator", "endpoint": "tcp://127.0.0.1:7001"},
                     {"role": "coordinator", "endpoint": "tcp://127.0.0.1:7002"}],
        "authOpts": {"username": "root", "password": "pw"},
        "options": {"isInstrumented": true, "isCov": true}})";
    instance inst = instance::from_instanceinfo(json);
    BOOST_TEST((inst.endpoints == std::vector<std::string>{"tcp://127.0.0.1:7001", "tcp://127.0.0.1:7002"}));
    BOOST_TEST(inst.cluster);
    BOOST_TEST(inst.root_dir == "/tmp/cl");
    BOOST_TEST(inst.username == "root");
    BOOST_TEST(inst.password.value() == "pw");
    BOOST_TEST(inst.instr.coverage);
    BOOST_TEST(inst.instr.timeout_factor() == 2.0);

    instance single = instance::from_instanceinfo(R"({"endpoint": "tcp://127.0.0.1:8529", "JWT": "sec"})");
    BOOST_TEST((single.endpoints == std::vector<std::string>{"tcp://127.0.0.1:8529"}));
    BOOST_TEST(single.jwt_secret.value() == "sec");
    BOOST_TEST(!single.cluster);
    BOOST_TEST(single.tool_defaults().server.jwt_secret.value() == "sec");

    instance bad = instance::from_instanceinfo("{not json");
    BOOST_TEST(!bad.notes.empty());
    BOOST_TEST(bad.endpoints.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exit_codes)

BOOST_AUTO_TEST_CASE(exit_code_meanings)
{
    BOOST_TEST(std::string(describe_exit_code(3).name) == "EXIT_INVALID_OPTION_NAME");
    BOOST_TEST(std::string(describe_exit_code(4).name) == "EXIT_INVALID_OPTION_VALUE");
    BOOST_TEST(std::string(describe_exit_code(6).name) == "EXIT_CONFIG_NOT_FOUND");
    BOOST_TEST(describe_exit_code(1).known);
    BOOST_TEST(!describe_exit_code(77).known);
    BOOST_TEST(std::string(describe_exit_code(137).meaning).find("signal") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tools_that_exit_zero_on_failure_are_caught)
{
    tool_result ok;
    ok.reason = end_reason::exited;
    ok.exit_code = 0;
    auto imp = parse_arangoimport_output(
        "created:          10\nwarnings/errors:  2\nupdated/replaced: 0\nignored:          0\n"
    );
    auto o1 = assess(ok, imp);
    BOOST_TEST(!o1.ok);
    BOOST_TEST((o1.ec == errc::tool_reported_failure));
    auto clean = parse_arangoimport_output("created:          10\nwarnings/errors:  0\n");
    BOOST_TEST(assess(ok, clean).ok);
    auto bk =
        parse_arangobackup_output("INFO [a1b2c] {backup} Server version: 3.12.4\n"
                                  "ERROR [b7e8f] {backup} Error during backup operation 'create': no lock\n");
    auto o2 = assess(ok, bk);
    BOOST_TEST(!o2.ok);
    BOOST_TEST(o2.reason.find("create") != std::string::npos);
    tool_result three;
    three.reason = end_reason::exited;
    three.exit_code = 3;
    auto o3 = assess_exit(three);
    BOOST_TEST((o3.ec == errc::nonzero_exit));
    BOOST_TEST(o3.reason.find("EXIT_INVALID_OPTION_NAME") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
