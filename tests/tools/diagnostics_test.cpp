// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// The structured diagnostics of every tool's report, against one hand-written fixture per historical form
// (tests/tools/fixtures): prefixes, joined continuation lines, failed connections, versions, failed objects,
// the per-tool facts, the documentation quote marker, the bounds, and the failure description built from
// them.
#define BOOST_TEST_MODULE tools_diagnostics
#include <arangokit/arango/exit_codes.hpp>
#include <arangokit/arango/parsers/arangobackup.hpp>
#include <arangokit/arango/parsers/arangobench.hpp>
#include <arangokit/arango/parsers/arangodump.hpp>
#include <arangokit/arango/parsers/arangoexport.hpp>
#include <arangokit/arango/parsers/arangoimport.hpp>
#include <arangokit/arango/parsers/arangorestore.hpp>
#include <arangokit/arango/parsers/arangosh.hpp>
#include <arangokit/tool_error.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace arangokit;

namespace {

std::string fixture(const char* name)
{
    std::filesystem::path p = std::filesystem::path(ARANGOKIT_TOOL_FIXTURES) / name;
    std::ifstream f(p, std::ios::binary);
    BOOST_TEST_REQUIRE(f.good(), "missing fixture " << p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

tool_result exited(const char* tool, int code)
{
    tool_result r;
    r.label = tool;
    r.reason = end_reason::exited;
    r.exit_code = code;
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(diagnostic_model)

BOOST_AUTO_TEST_CASE(restore_312_http_error_is_one_structured_diagnostic)
{
    auto r = parse_arangorestore_output(fixture("restore_312_http409.txt"));
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 1u);
    const auto& d = r.diagnostics()[0];
    BOOST_TEST(d.level == "ERROR");
    BOOST_TEST(d.log_id == "a595a");
    BOOST_TEST(d.topic == "restore");
    BOOST_TEST(d.pid.value() == 5177);
    BOOST_TEST(d.thread.value() == 2);
    BOOST_TEST(d.timestamp == "2025-02-11T08:19:52.700001Z");
    BOOST_TEST(d.http_status.value() == 409);
    BOOST_TEST(!d.error_num); // 3.4+ prints no error number
    BOOST_TEST(
        d.server_error ==
        "unique constraint violated - in index primary of type primary over '_key'; conflicting key: k1"
    );
    BOOST_TEST(d.collection == "users");
    BOOST_TEST(d.line == 8u);
    BOOST_TEST(d.message.starts_with("cannot restore data into collection 'users': got invalid response"));
    // The flat view is the same message.
    BOOST_TEST_REQUIRE(r.errors.size() == 1u);
    BOOST_TEST(r.errors[0] == d.message);
    BOOST_TEST(r.failed_collection.value() == "users");
    BOOST_TEST(r.server_version == "3.12.4");
    BOOST_TEST(r.config_file.value() == "/etc/arangodb3/arangorestore.conf");
    BOOST_TEST((r.created == std::vector<std::string>{"users", "knows"}));
    BOOST_TEST((r.loaded == std::vector<std::string>{"users", "knows"}));
    BOOST_TEST((r.restored == std::vector<std::string>{"knows"}));
    BOOST_TEST(r.data_sizes.at("users") == 2256u);
    BOOST_TEST(r.data_sizes.at("knows") == 512u);
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(restore_33_error_number_and_server_text)
{
    auto r = parse_arangorestore_output(fixture("restore_33_error_from_server.txt"));
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 2u);
    const auto& d = r.diagnostics()[0];
    BOOST_TEST(d.pid.value() == 1234);
    BOOST_TEST(!d.thread);
    BOOST_TEST(d.log_id.empty());
    BOOST_TEST(d.http_status.value() == 409);
    BOOST_TEST(d.error_num.value() == 1210);
    BOOST_TEST(d.server_error.starts_with("unique constraint violated - in index 0"));
    BOOST_TEST(d.server_summary().starts_with("HTTP 409, ArangoError 1210 (unique constraint violated"));
    BOOST_TEST(r.diagnostics()[1].collection == "users");
    BOOST_TEST(r.failed_collection.value() == "users");
    BOOST_TEST_REQUIRE(r.summary.has_value()); // printed after the error
    BOOST_TEST(r.summary->generation == 1);
    BOOST_TEST((r.created == std::vector<std::string>{"users"})); // 2.x/3.3: no `# `
    BOOST_TEST((r.loaded == std::vector<std::string>{"users"}));
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(restore_2x_lines_without_hash_or_level)
{
    auto r = parse_arangorestore_output(fixture("restore_2x_unprefixed.txt"));
    BOOST_TEST((r.created == std::vector<std::string>{"users", "orders"}));
    BOOST_TEST((r.loaded == std::vector<std::string>{"users", "orders"}));
    BOOST_TEST(r.diagnostics().empty());
    BOOST_TEST(r.connected->endpoint == "tcp://127.0.0.1:8529");
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(wrapped_message_is_joined)
{
    auto r = parse_arangorestore_output(fixture("restore_312_wrapped.txt"));
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 2u);
    const auto& d = r.diagnostics()[0];
    BOOST_TEST(d.physical_lines == 2u);
    BOOST_TEST(d.server_error == "unexpected error while inserting documents into the primary index");
    BOOST_TEST(d.http_status.value() == 500);
    BOOST_TEST(d.collection == "orders");
    BOOST_TEST(r.errors.at(0) == d.message);
    BOOST_TEST(r.diagnostics()[1].is_fatal());
    BOOST_TEST(r.fatal);
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(message_cut_by_another_workers_stdout_line_inside_it)
{
    auto r = parse_arangodump_output(fixture("dump_33_interleaved.txt"));
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 1u);
    const auto& d = r.diagnostics()[0];
    // `…HTTP 500 (Internal Se# Dumping edge collection 'knows'...` + `rver Error): …`: joined without a gap.
    BOOST_TEST(
        d.message.find("HTTP 500 (Internal Server Error): ArangoError 4: internal error") != std::string::npos
    );
    BOOST_TEST(d.error_num.value() == 4);
    BOOST_TEST(d.http_status.value() == 500);
    BOOST_TEST(d.collection == "users");
    BOOST_TEST(d.physical_lines == 2u);
    // The stdout line inside it is still read.
    BOOST_TEST((r.collections == std::vector<std::string>{"users", "knows"}));
    BOOST_TEST((r.document_collections == std::vector<std::string>{"users"}));
    BOOST_TEST((r.edge_collections == std::vector<std::string>{"knows"}));
    BOOST_TEST(r.last_tick.value() == 30543u);
    BOOST_TEST(r.failed_collection.value() == "users");
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(message_continued_after_an_interleaved_line)
{
    auto r = parse_arangodump_output(fixture("dump_312_interleaved_line.txt"));
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 1u);
    const auto& d = r.diagnostics()[0];
    BOOST_TEST(d.physical_lines == 2u);
    BOOST_TEST(d.server_error == "collection or view not found: a");
    BOOST_TEST(d.http_status.value() == 404);
    BOOST_TEST(d.collection == "a");
    BOOST_TEST((r.collections == std::vector<std::string>{"a", "b"}));
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(dump_shards_with_their_db_servers)
{
    auto r = parse_arangodump_output(fixture("dump_34_cluster_shards.txt"));
    BOOST_TEST((r.shards == std::vector<std::string>{"s1010002", "s1010003"}));
    BOOST_TEST(r.shard_servers.at("s1010002") == "PRMR-3a0b3c1d-0001");
    BOOST_TEST(r.shard_servers.at("s1010003") == "PRMR-3a0b3c1d-0002");
    BOOST_TEST(r.server_version == "3.4.1");
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 1u);
    const auto& d = r.diagnostics()[0];
    BOOST_TEST(d.shard == "s1010004");
    BOOST_TEST(d.db_server == "PRMR-3a0b3c1d-0003");
    BOOST_TEST(d.http_status.value() == 503);
    BOOST_TEST(d.server_error == "shard s1010004 is not responsible");
    BOOST_TEST(r.summary->generation == 2);
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(failed_connections)

BOOST_AUTO_TEST_CASE(form_3x_with_database_and_username)
{
    auto r = parse_arangodump_output(fixture("connect_3x.txt"));
    BOOST_TEST_REQUIRE(r.connection_error.has_value());
    const auto& f = *r.connection_error;
    BOOST_TEST(f.endpoint == "http+tcp://127.0.0.1:8529");
    BOOST_TEST(f.database == "_system");
    BOOST_TEST(f.username == "root");
    BOOST_TEST(
        f.error == "Could not connect to 'http+tcp://127.0.0.1:8529' 'connect() failed with #111 - "
                   "Connection refused'"
    );
    BOOST_TEST(f.system_error == "Connection refused");
    BOOST_TEST(f.system_errno.value() == 111);
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 2u);
    BOOST_TEST(r.diagnostics()[0].log_id == "ad396");
    BOOST_TEST(r.diagnostics()[1].is_fatal());
    BOOST_TEST(r.diagnostics()[1].system_errno.value() == 111);
    BOOST_TEST(r.reported_errors());
    BOOST_TEST(
        describe_failure("arangodump", r) ==
        "arangodump failed: could not connect to endpoint 'http+tcp://127.0.0.1:8529' (database "
        "'_system', username 'root'): Could not connect to 'http+tcp://127.0.0.1:8529' 'connect() failed "
        "with #111 - Connection refused'"
    );
}

BOOST_AUTO_TEST_CASE(form_23_error_message_without_colon)
{
    auto r = parse_arangosh_output(fixture("connect_23_no_colon.txt"));
    BOOST_TEST_REQUIRE(r.connection_error.has_value());
    BOOST_TEST(r.connection_error->endpoint == "tcp://127.0.0.1:8529");
    BOOST_TEST(r.connection_error->username == "root");
    BOOST_TEST(r.connection_error->error.find("connect() failed with #111") != std::string::npos);
    BOOST_TEST(r.connection_error->system_errno.value() == 111);
    BOOST_TEST(r.script_lines == 0u);
    BOOST_TEST(r.diagnostics().size() == 2u);
}

BOOST_AUTO_TEST_CASE(forms_26_and_33_unquoted_endpoint)
{
    for (const char* f : {"connect_26_unquoted.txt", "connect_33_restore_unquoted.txt"})
    {
        BOOST_TEST_CONTEXT(f)
        {
            auto r = parse_arangorestore_output(fixture(f));
            BOOST_TEST_REQUIRE(r.connection_error.has_value());
            BOOST_TEST(r.connection_error->endpoint.find("tcp://127.0.0.1:8529") != std::string::npos);
            BOOST_TEST(r.connection_error->endpoint.find('\'') == std::string::npos);
            BOOST_TEST(r.connection_error->database.empty());
            BOOST_TEST(r.connection_error->username.empty());
            BOOST_TEST(r.connection_error->system_error == "Connection refused");
            BOOST_TEST(r.unparsed.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(arangoinspect_banner_form)
{
    auto r = parse_arangosh_output(fixture("connect_inspect_banner.txt"));
    BOOST_TEST_REQUIRE(r.connection_error.has_value());
    BOOST_TEST(r.connection_error->endpoint == "http+tcp://127.0.0.1:8529");
    BOOST_TEST(r.connection_error->error == "connect() failed with #111 - Connection refused");
    BOOST_TEST(r.connection_error->system_errno.value() == 111);
    BOOST_TEST(r.fatal);
    BOOST_TEST(r.script_lines == 0u); // the banner is not script output
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(versions)

BOOST_AUTO_TEST_CASE(arangosh_312_banner_and_connected_line)
{
    auto r = parse_arangosh_output(fixture("arangosh_312_banner.txt"));
    BOOST_TEST_REQUIRE(r.client.has_value());
    BOOST_TEST(r.client->version == "3.12.4");
    BOOST_TEST(r.client->platform == "linux");
    BOOST_TEST(r.client->build == "tags/v3.12.4-0-g1a2b3c4d5e");
    BOOST_TEST(r.server_version == "3.12.4");
    BOOST_TEST(r.connected->role == "SINGLE");
    BOOST_TEST(r.script_lines == 0u);
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(arangosh_23_banner)
{
    auto r = parse_arangosh_output(fixture("arangosh_23_banner.txt"));
    BOOST_TEST_REQUIRE(r.client.has_value());
    BOOST_TEST(r.client->version == "2.3.1");
    BOOST_TEST(r.server_version == "2.3.1");
    BOOST_TEST(r.script_lines == 0u);
}

BOOST_AUTO_TEST_CASE(version_command_output)
{
    auto r = parse_arangodump_output(fixture("version_312.txt"));
    BOOST_TEST_REQUIRE(r.client.has_value());
    BOOST_TEST(r.client->version == "3.12.4");
    BOOST_TEST(r.client->build == "tags/v3.12.4-0-g1a2b3c4d5e");
    BOOST_TEST(r.client->platform == "linux");
    BOOST_TEST(r.unparsed.empty());
    BOOST_TEST(r.diagnostics().empty());
    // The same for arangoimport, whose own `key: value` lines must not take these.
    auto i = parse_arangoimport_output(fixture("version_312.txt"));
    BOOST_TEST(i.client->platform == "linux");
    BOOST_TEST(!i.counters);
}

BOOST_AUTO_TEST_CASE(script_output_that_looks_like_a_version_is_script_output)
{
    auto r = parse_arangosh_output("3.14\ncount: 3\n");
    BOOST_TEST(!r.client);
    BOOST_TEST(r.script_lines == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(per_tool)

BOOST_AUTO_TEST_CASE(arangosh_wrapped_exception_keeps_its_stack_frames)
{
    auto r = parse_arangosh_output(fixture("arangosh_312_exception_wrapped.txt"));
    BOOST_TEST_REQUIRE(r.exceptions.size() == 1u);
    const auto& x = r.exceptions[0];
    BOOST_TEST(x.file == "/tmp/q.js");
    BOOST_TEST(x.arango_error.value() == 1203);
    BOOST_TEST(x.message == "collection or view not found: users");
    BOOST_TEST(x.stacktrace.size() == 3u);
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 1u);
    const auto& d = r.diagnostics()[0];
    BOOST_TEST(d.error_num.value() == 1203);
    BOOST_TEST(d.collection == "users");
    BOOST_TEST(d.physical_lines == 2u);
    BOOST_TEST(r.script_lines == 1u);
}

BOOST_AUTO_TEST_CASE(arangosh_option_without_dashes_and_suggestions)
{
    auto r = parse_arangosh_output(fixture("arangosh_2x_unrecognized.txt"));
    BOOST_TEST((r.unknown_options == std::vector<std::string>{"server.x"}));
    BOOST_TEST((r.suggestions == std::vector<std::string>{"server.endpoint", "server.database"}));
    BOOST_TEST(r.fatal);
    BOOST_TEST(r.script_lines == 0u);
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 2u);
    BOOST_TEST(r.diagnostics()[0].option == "server.x");
    BOOST_TEST(r.diagnostics()[1].message == "illegal option");
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(arangoimport_option_errors_name_the_option)
{
    auto r = parse_arangoimport_output(fixture("import_312_option_error.txt"));
    BOOST_TEST((r.unknown_options == std::vector<std::string>{"colection"}));
    BOOST_TEST((r.suggestions == std::vector<std::string>{"collection", "collection-type"}));
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 1u); // header and option line are one message
    BOOST_TEST(r.diagnostics()[0].option == "colection");
    BOOST_TEST(
        r.diagnostics()[0].message ==
        "Error while processing command-line options for arangoimport: unknown option '--colection'"
    );
    BOOST_TEST(r.unparsed.empty());

    auto v = parse_arangoimport_output(fixture("import_312_bad_value.txt"));
    BOOST_TEST_REQUIRE(v.diagnostics().size() == 1u);
    BOOST_TEST(v.diagnostics()[0].option == "threads");
    BOOST_TEST(v.diagnostics()[0].physical_lines == 2u);
    BOOST_TEST(v.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(arangoimport_created_database_and_rejected_documents)
{
    auto r = parse_arangoimport_output(fixture("import_312_created_db.txt"));
    BOOST_TEST(r.created_database.value() == "newdb");
    BOOST_TEST(r.counters->errors.value() == 1u);
    BOOST_TEST_REQUIRE(r.error_messages.size() == 1u);
    // The `error message(s):` header is no diagnostic of its own.
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 1u);
    BOOST_TEST(r.diagnostics()[0].message.starts_with("at position 1"));
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(arangoexport_graphs_and_missing_collection)
{
    auto g = parse_arangoexport_output(fixture("export_310_graph.txt"));
    BOOST_TEST((g.exported_graphs == std::vector<std::string>{"social"}));
    BOOST_TEST((g.graph_collections == std::vector<std::string>{"knows", "persons"}));
    BOOST_TEST(g.summary->graphs);
    BOOST_TEST(g.server_version == "3.10.2");
    BOOST_TEST(g.unparsed.empty());

    auto m = parse_arangoexport_output(fixture("export_312_missing_collection.txt"));
    BOOST_TEST_REQUIRE(m.diagnostics().size() == 1u);
    BOOST_TEST(m.diagnostics()[0].http_status.value() == 404);
    BOOST_TEST(m.diagnostics()[0].collection == "nope");
    BOOST_TEST(m.failed_collection.value() == "nope");
}

BOOST_AUTO_TEST_CASE(arangobackup_operation_role_status_and_progress)
{
    auto s = parse_arangobackup_output(fixture("backup_312_upload_status.txt"));
    BOOST_TEST(s.server_version == "3.12.4");
    BOOST_TEST(s.server_role.value() == "SNGL");
    BOOST_TEST(s.server_statuses.at("SNGL") == "STARTED");
    BOOST_TEST(s.progress_time.value() == "2025-02-11T08:19:50Z");
    BOOST_TEST(s.files_done.value() == 5u);
    BOOST_TEST(s.files_total.value() == 10u);
    BOOST_TEST(s.transfer_error.value() == 1);
    BOOST_TEST(s.transfer_error_message.value() == "upload to remote repository failed");
    BOOST_TEST(s.diagnostics().size() == 2u);
    BOOST_TEST(s.unparsed.empty());

    auto u = parse_arangobackup_output(fixture("backup_312_upload_start.txt"));
    BOOST_TEST(u.operation.value() == "upload");
    BOOST_TEST(u.transfer_status_id.value() == "126");
    BOOST_TEST(u.unparsed.empty());

    auto c = parse_arangobackup_output(fixture("backup_312_create_failed.txt"));
    BOOST_TEST(c.operation.value() == "create");
    BOOST_TEST(c.failed_operation.value() == "create");
    BOOST_TEST_REQUIRE(c.diagnostics().size() == 1u);
    BOOST_TEST(c.diagnostics()[0].http_status.value() == 408);
    BOOST_TEST(c.diagnostics()[0].error_num.value() == 7);
    BOOST_TEST(c.diagnostics()[0].server_error == "timeout waiting for global write lock");
    BOOST_TEST(c.errors.size() == 1u);
}

BOOST_AUTO_TEST_CASE(documentation_quote_marker_is_removed)
{
    auto r = parse_arangodump_output(fixture("docs_quoted.txt"));
    BOOST_TEST(r.quoted_lines == 4u);
    BOOST_TEST(r.connected->endpoint == "http+tcp://127.0.0.1:8529");
    BOOST_TEST((r.collections == std::vector<std::string>{"users"}));
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 1u);
    BOOST_TEST(r.diagnostics()[0].log_id == "bdc8d");
    BOOST_TEST(r.diagnostics()[0].http_status.value() == 403);
    BOOST_TEST(r.unparsed.empty()); // the quoted command line is skipped
}

BOOST_AUTO_TEST_CASE(shortened_prefix_and_config_file)
{
    auto r = parse_arangodump_output(fixture("config_missing_19866.txt"));
    BOOST_TEST_REQUIRE(r.diagnostics().size() == 1u);
    BOOST_TEST(r.diagnostics()[0].pid.value() == 19866);
    BOOST_TEST(r.diagnostics()[0].topic == "config");
    BOOST_TEST(r.diagnostics()[0].is_fatal());
    BOOST_TEST(r.config_file.value() == "/etc/arangodb3/arangodump.conf");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(facts_and_bounds)

BOOST_AUTO_TEST_CASE(facts_from_message_forms)
{
    diagnostic d;
    d.message = "got error from server: HTTP 404 (Not Found): ArangoError 1228: database not found";
    extract_diagnostic_facts(d);
    BOOST_TEST(d.http_status.value() == 404);
    BOOST_TEST(d.error_num.value() == 1228);
    BOOST_TEST(d.server_error == "database not found");

    d.message = R"(HTTP/1.1 500 body {"error":true,"code":500,"errorNum":4,"errorMessage":"boom"})";
    extract_diagnostic_facts(d);
    BOOST_TEST(d.http_status.value() == 500);
    BOOST_TEST(d.error_num.value() == 4);
    BOOST_TEST(d.server_error == "boom");

    d.message = "cannot open file '/x/y': errno 13 - Permission denied in database 'shop'";
    extract_diagnostic_facts(d);
    BOOST_TEST(d.system_errno.value() == 13);
    BOOST_TEST(d.system_error == "Permission denied");
    BOOST_TEST(d.database == "shop");
    BOOST_TEST(!d.http_status);

    // Numbers that are no HTTP status are not taken for one.
    d.message = "HTTP 12345 and HTTP 99";
    extract_diagnostic_facts(d);
    BOOST_TEST(!d.http_status);

    // Values from an earlier extraction do not survive.
    d.message = "plain text";
    extract_diagnostic_facts(d);
    BOOST_TEST(d.database.empty());
    BOOST_TEST(d.server_summary().empty());

    d.message = "x";
    d.error_num = 1203;
    BOOST_TEST(d.server_summary() == "ArangoError 1203 (collection or view not found)");
}

BOOST_AUTO_TEST_CASE(ranked_anchor_search_agrees_with_find)
{
    // detail::contains scans for the needle's rarest byte first: it must find what find() finds, at every
    // position, including the anchor at either end of the needle and needles as long as the text.
    const detail::needle needles[] = {"'", " '", "An error occurred", "(ArangoDB ", " option '", "x y", "zz"};
    std::mt19937 rng(18);
    const char alphabet[] = "ab '(Ax yzAn error occurredr";
    for (int round = 0; round < 3000; ++round)
    {
        std::string text;
        std::size_t len = rng() % 40;
        for (std::size_t i = 0; i < len; ++i)
            text += alphabet[rng() % (sizeof alphabet - 1)];
        for (const auto& n : needles)
        {
            if (rng() % 4 == 0 && n.text.size() <= 40)
                text.insert(rng() % (text.size() + 1), n.text);
            bool expected = std::string_view(text).find(n.text) != std::string_view::npos;
            BOOST_TEST(
                detail::contains(text, n) == expected, "needle '" << n.text << "' in '" << text << "'"
            );
        }
    }
    BOOST_TEST(detail::contains("abc", detail::needle::runtime("")));
    BOOST_TEST(!detail::contains("", detail::needle("a")));
    BOOST_TEST(detail::contains("An error occurred", detail::needle("An error occurred")));
}

BOOST_AUTO_TEST_CASE(joined_messages_and_diagnostics_are_bounded)
{
    arangodump_parser p;
    p.feed("2025-02-11T08:19:52Z [1] ERROR [bdc8d] {dump} An error occurred: start");
    std::string chunk(1000, 'x');
    for (int i = 0; i < 10000; ++i)
        p.feed(chunk);
    BOOST_TEST_REQUIRE(p.report().diagnostics().size() == 1u);
    BOOST_TEST(p.report().diagnostics()[0].message.size() <= 64u * 1024u + 1000u);
    BOOST_TEST(p.report().errors.at(0).size() == p.report().diagnostics()[0].message.size());
    BOOST_TEST(p.report().lines == 10001u);

    arangorestore_parser q;
    for (int i = 0; i < 5000; ++i)
        q.feed("2025-02-11T08:19:52Z [1] WARNING [a1c5e] {restore} Requested collection 'c' not found in dump"
        );
    BOOST_TEST(q.report().diagnostics().size() == q.report().keep_limit);
    BOOST_TEST(q.report().warnings.size() == q.report().keep_limit);
    BOOST_TEST(q.report().dropped == 5000u - q.report().keep_limit);
    BOOST_TEST(!q.report().failed_collection); // a warning names no failed object

    arangodump_parser c;
    for (int i = 0; i < 3000; ++i)
        c.feed("# Dumping collection 'c" + std::to_string(i) + "'...");
    BOOST_TEST(c.report().collections.size() == 3000u); // one entry per collection announced
    BOOST_TEST(c.report().progress.size() == c.report().keep_limit);
    BOOST_TEST(c.report().dropped == 3000u - c.report().keep_limit);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(assessment)

BOOST_AUTO_TEST_CASE(failed_restore_description_names_status_number_and_collection)
{
    auto rep = parse_arangorestore_output(fixture("restore_33_error_from_server.txt"));
    auto o = assess(exited("arangorestore", 1), rep);
    BOOST_TEST(!o.ok);
    BOOST_TEST(
        o.reason.starts_with("arangorestore failed on collection 'users': HTTP 409, ArangoError 1210 "
                             "(unique constraint violated - in index 0"),
        o.reason
    );
    BOOST_TEST(o.reason.find("exit 1 (EXIT_FAILED)") != std::string::npos, o.reason);
    BOOST_TEST(o.reason.find("first error: got error from server") != std::string::npos, o.reason);

    // The exception says the same first.
    tool_error e(o.ec, exited("arangorestore", 1), o.reason);
    BOOST_TEST(std::string(e.what()).starts_with("arangorestore failed on collection 'users': HTTP 409"));
}

BOOST_AUTO_TEST_CASE(successful_run_keeps_plain_reason_and_output_less_failure_the_exit_text)
{
    auto ok = parse_arangorestore_output(fixture("restore_2x_unprefixed.txt"));
    auto o = assess(exited("arangorestore", 0), ok);
    BOOST_TEST(o.ok);
    auto f = assess(exited("arangorestore", 1), ok);
    BOOST_TEST(!f.ok);
    BOOST_TEST(f.reason.starts_with("exit 1 (EXIT_FAILED)"), f.reason);
}

BOOST_AUTO_TEST_CASE(exit_zero_with_failed_backup_names_the_server_answer)
{
    auto rep = parse_arangobackup_output(fixture("backup_312_create_failed.txt"));
    auto o = assess(exited("arangobackup", 0), rep);
    BOOST_TEST(!o.ok);
    BOOST_TEST(
        o.reason.starts_with("arangobackup failed: HTTP 408, ArangoError 7 (timeout waiting for global "
                             "write lock)"),
        o.reason
    );
}

BOOST_AUTO_TEST_SUITE_END()
