// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
//
// Output parsers against every form the real tools print (versions 1.5 to 3.12), garbage lines, and the
// config-file reader/writer round trip.
#define BOOST_TEST_MODULE tools_parsers
#include <arangokit/arango/config_file.hpp>
#include <arangokit/arango/parsers/arangobackup.hpp>
#include <arangokit/arango/parsers/arangobench.hpp>
#include <arangokit/arango/parsers/arangodump.hpp>
#include <arangokit/arango/parsers/arangoexport.hpp>
#include <arangokit/arango/parsers/arangoimport.hpp>
#include <arangokit/arango/parsers/arangorestore.hpp>
#include <arangokit/arango/parsers/arangosh.hpp>

#include <boost/test/unit_test.hpp>

#include <map>
#include <random>

using namespace arangokit;

BOOST_AUTO_TEST_SUITE(log_prefixes)

BOOST_AUTO_TEST_CASE(all_prefix_generations_are_split)
{
    auto l1 =
        parse_log_line("2025-02-11T08:19:52.611622Z [5177-1] INFO [66c0e] {dump} Processed 2 collection(s)");
    BOOST_TEST(l1.timestamp == "2025-02-11T08:19:52.611622Z");
    BOOST_TEST(l1.pid.value() == 5177);
    BOOST_TEST(l1.thread.value() == 1);
    BOOST_TEST(l1.level == "INFO");
    BOOST_TEST(l1.log_id == "66c0e");
    BOOST_TEST(l1.topic == "dump");
    BOOST_TEST(l1.message == "Processed 2 collection(s)");

    auto l2 = parse_log_line("2019-03-01T10:00:00Z [1234] ERROR {restore} got error");
    BOOST_TEST(l2.pid.value() == 1234);
    BOOST_TEST(!l2.thread);
    BOOST_TEST(l2.level == "ERROR");
    BOOST_TEST(l2.log_id.empty());
    BOOST_TEST(l2.message == "got error");

    auto l3 = parse_log_line("INFO [66c0e] {dump} Writing dump");
    BOOST_TEST(l3.level == "INFO");
    BOOST_TEST(l3.log_id == "66c0e");
    BOOST_TEST(l3.message == "Writing dump");

    auto l4 = parse_log_line("[19866] FATAL {config} cannot read config file");
    BOOST_TEST(l4.pid.value() == 19866);
    BOOST_TEST(l4.level == "FATAL");
    BOOST_TEST(l4.topic == "config");

    auto l5 = parse_log_line("{restore} Processed 1 collection(s)");
    BOOST_TEST(l5.topic == "restore");
    BOOST_TEST(l5.message == "Processed 1 collection(s)");

    auto l6 = parse_log_line("2014-10-01T09:00:00Z [42] DEBUG [lib/Rest/EndpointIp.cpp:353] connecting");
    BOOST_TEST(l6.source_location == "lib/Rest/EndpointIp.cpp:353");
    BOOST_TEST(l6.message == "connecting");

    auto l7 = parse_log_line("Processed 3 collection(s), wrote 10 byte(s) into datafiles, sent 1 batch(es)");
    BOOST_TEST(!l7.has_prefix());
    BOOST_TEST(l7.message.starts_with("Processed"));

    auto l8 = parse_log_line("2024-01-01T12:00:00Z [1] WARN [abcde] {backup} careful");
    BOOST_TEST(l8.level == "WARNING");
}

BOOST_AUTO_TEST_CASE(progress_lines_are_classified)
{
    auto p1 = classify_progress("processed 32767 bytes (3.0%)");
    BOOST_TEST_REQUIRE(p1.has_value());
    BOOST_TEST(p1->bytes.value() == 32767u);
    BOOST_TEST(p1->percent.value() == 3.0);
    auto p2 = classify_progress("processed 1.0 MB (3%)");
    BOOST_TEST_REQUIRE(p2.has_value());
    BOOST_TEST(p2->bytes.value() == 1048576u);
    BOOST_TEST(p2->percent.value() == 3.0);
    auto p3 = classify_progress("number of operations: 2500");
    BOOST_TEST_REQUIRE(p3.has_value());
    BOOST_TEST(p3->operations.value() == 2500u);
    auto p4 = classify_progress("# Loading data into document collection 'users', data size: 4096 byte(s)");
    BOOST_TEST_REQUIRE(p4.has_value());
    BOOST_TEST(p4->name == "users");
    BOOST_TEST(p4->bytes.value() == 4096u);
    BOOST_TEST(!classify_progress("hello world").has_value());
}

BOOST_AUTO_TEST_CASE(connected_line_in_every_form)
{
    auto c1 = parse_connected_line(
        "Connected to ArangoDB 'tcp://127.0.0.1:8529' version: 2.3.1, database: '_system', username: 'root'"
    );
    BOOST_TEST(c1->endpoint == "tcp://127.0.0.1:8529");
    BOOST_TEST(c1->version == "2.3.1");
    BOOST_TEST(c1->database == "_system");
    BOOST_TEST(c1->username == "root");
    auto c2 = parse_connected_line(
        "Connected to ArangoDB 'tcp://127.0.0.1:8529', version 2.8.6, database: 'x', username: 'u'"
    );
    BOOST_TEST(c2->version == "2.8.6");
    BOOST_TEST(c2->database == "x");
    auto c3 =
        parse_connected_line("Connected to ArangoDB 'tcp://127.0.0.1:8529', database: 'd', username: 'root'");
    BOOST_TEST(c3->version.empty());
    BOOST_TEST(c3->database == "d");
    auto c4 = parse_connected_line("Connected to ArangoDB 'http+tcp://127.0.0.1:8529, version: 3.10.2 "
                                   "[SINGLE, server], database: '_system', username: 'root'");
    BOOST_TEST(c4->endpoint == "http+tcp://127.0.0.1:8529");
    BOOST_TEST(c4->version == "3.10.2");
    BOOST_TEST(c4->role == "SINGLE");
    BOOST_TEST(c4->mode == "server");
    auto c5 = parse_connected_line("Connected to ArangoDB 'http+tcp://127.0.0.1:8529, version: 3.12.4 "
                                   "[unknown, ], database: 'db', username: 'root'");
    BOOST_TEST(c5->role == "unknown");
    BOOST_TEST(c5->database == "db");
    auto c6 = parse_connected_line("# Connected to ArangoDB 'http+tcp://127.0.0.1:8529'");
    BOOST_TEST(c6->endpoint == "http+tcp://127.0.0.1:8529");
    auto c7 = parse_connected_line("Connected to ArangoDB 'tcp://10.34.219.52:8530");
    BOOST_TEST(c7->endpoint == "tcp://10.34.219.52:8530");
    auto c8 = parse_connected_line("Connected to ArangoDB 'http+tcp://127.0.0.1:8529' version: 3.4.5 "
                                   "[SINGLE, server], database: 'a', username: 'b'");
    BOOST_TEST(c8->version == "3.4.5");
    BOOST_TEST(!parse_connected_line("Connecting soon").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dump_restore)

BOOST_AUTO_TEST_CASE(dump_summary_three_generations)
{
    auto r1 = parse_arangodump_output(
        "Connected to ArangoDB 'tcp://127.0.0.1:8529', database: '_system', username: 'root'\n"
        "# Dumping document collection 'users'...\n"
        "# Dumping edge collection 'knows'...\n"
        "Processed 2 collection(s), wrote 1234 byte(s) into datafiles, sent 3 batch(es)\n"
    );
    BOOST_TEST_REQUIRE(r1.summary.has_value());
    BOOST_TEST(r1.summary->generation == 1);
    BOOST_TEST(r1.summary->collections == 2u);
    BOOST_TEST(r1.summary->bytes == 1234u);
    BOOST_TEST(r1.summary->batches == 3u);
    BOOST_TEST((r1.collections == std::vector<std::string>{"users", "knows"}));
    BOOST_TEST(r1.unparsed.empty());

    auto r2 = parse_arangodump_output("2019-05-01T10:00:00Z [4711] INFO [66c0e] {dump} Processed 5 "
                                      "collection(s) in 1.250000 s, wrote 99 byte(s) into "
                                      "datafiles, sent 7 batch(es)\n");
    BOOST_TEST_REQUIRE(r2.summary.has_value());
    BOOST_TEST(r2.summary->generation == 2);
    BOOST_TEST(r2.summary->seconds.value() == 1.25);
    BOOST_TEST(r2.summary->batches == 7u);

    auto r3 =
        parse_arangodump_output("2025-02-11T08:19:52.611622Z [5177-1] INFO [66c0e] {dump} Writing dump to "
                                "output directory '/tmp/d' with 4 thread(s)\n"
                                "2025-02-11T08:19:52.711622Z [5177-1] INFO [66c0e] {dump} Processed 2 "
                                "collection(s) from 1 database(s) in 0.132990 "
                                "s total time. Wrote 0 bytes into datafiles, sent 6 batch(es) in total.\n");
    BOOST_TEST_REQUIRE(r3.summary.has_value());
    BOOST_TEST(r3.summary->generation == 3);
    BOOST_TEST(r3.summary->databases.value() == 1u);
    BOOST_TEST(r3.summary->seconds.value() == 0.13299);
    BOOST_TEST(r3.summary->bytes == 0u);
    BOOST_TEST(r3.summary->batches == 6u);
    BOOST_TEST(r3.output_directory.value() == "/tmp/d");
    BOOST_TEST(r3.threads.value() == 4u);
}

BOOST_AUTO_TEST_CASE(dump_per_collection_forms_and_errors)
{
    auto r = parse_arangodump_output(
        "dumping collection 'old'...\n"
        "# Dumping collection 'c1'...\n"
        "# Dumping shard 's1001' from DBserver 'PRMR-abc' ...\n"
        "2020-01-01T00:00:00Z [1] ERROR [a3f21] {dump} An error occurred: collection not found\n"
        "got invalid response from server: HTTP 500: 'boom' while executing 'x' with this payload: '{}'\n"
    );
    BOOST_TEST((r.collections == std::vector<std::string>{"old", "c1"}));
    BOOST_TEST((r.shards == std::vector<std::string>{"s1001"}));
    BOOST_TEST(r.errors.size() == 2u);
    BOOST_TEST(!r.summary.has_value());
    BOOST_TEST(r.reported_errors());
}

BOOST_AUTO_TEST_CASE(restore_summary_three_generations)
{
    auto r1 = parse_arangorestore_output(
        "# Connected to ArangoDB 'http+tcp://127.0.0.1:8529'\n"
        "# Re-creating document collection 'users'...\n"
        "# Loading data into document collection 'users'...\n"
        "Processed 2 collection(s), read 2256 byte(s) from datafiles, sent 2 batch(es)\n"
    );
    BOOST_TEST_REQUIRE(r1.summary.has_value());
    BOOST_TEST(r1.summary->generation == 1);
    BOOST_TEST(r1.summary->bytes == 2256u);
    BOOST_TEST(r1.connected->endpoint == "http+tcp://127.0.0.1:8529");
    BOOST_TEST((r1.created == std::vector<std::string>{"users"}));
    BOOST_TEST((r1.loaded == std::vector<std::string>{"users"}));

    auto r2 = parse_arangorestore_output("INFO [a1b2c] {restore} Processed 3 collection(s) in 2.500000 s, "
                                         "read 512 byte(s) from datafiles, sent 4 data "
                                         "batch(es) of 600 byte(s) total size\n");
    BOOST_TEST_REQUIRE(r2.summary.has_value());
    BOOST_TEST(r2.summary->generation == 2);
    BOOST_TEST(r2.summary->total_size.value() == 600u);
    BOOST_TEST(r2.summary->batches == 4u);

    auto r3 = parse_arangorestore_output(
        "2025-02-11T08:19:52.611622Z [77-1] INFO [a1b2c] {restore} Database name in source dump is 'shop'\n"
        "2025-02-11T08:19:52.611622Z [77-1] INFO [a1b2c] {restore} # Loading data into edge collection "
        "'knows', data size: 77 byte(s)\n"
        "2025-02-11T08:19:52.611622Z [77-2] INFO [a1b2c] {restore} # Successfully restored edge collection "
        "'knows'\n"
        "2025-02-11T08:19:52.611622Z [77-1] INFO [a1b2c] {restore} Processed 1 collection(s) from 1 "
        "database(s) in 0.5 s "
        "total time. Read 77 bytes from datafiles, sent 1 data batch(es) of 80 bytes total size.\n"
    );
    BOOST_TEST_REQUIRE(r3.summary.has_value());
    BOOST_TEST(r3.summary->generation == 3);
    BOOST_TEST(r3.summary->total_size.value() == 80u);
    BOOST_TEST(r3.source_database.value() == "shop");
    BOOST_TEST((r3.restored == std::vector<std::string>{"knows"}));
    BOOST_TEST(r3.progress.size() >= 1u);
    BOOST_TEST(r3.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(restore_summary_before_or_after_error)
{
    auto r = parse_arangorestore_output(
        "got error from server: HTTP 500 (Internal Server Error): ArangoError 4: internal\n"
        "Processed 1 collection(s), read 10 byte(s) from datafiles, sent 1 batch(es)\n"
    );
    BOOST_TEST(r.summary.has_value());
    BOOST_TEST(r.errors.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(import_export)

BOOST_AUTO_TEST_CASE(import_report_with_block_and_aligned_counters)
{
    auto r = parse_arangoimport_output(
        "Connected to ArangoDB 'http+tcp://127.0.0.1:8529, version: 3.10.2 [SINGLE, server], database: "
        "'_system', username: 'root'\n"
        "----------------------------------------\n"
        "database:               _system\n"
        "collection:             users\n"
        "create:                 yes\n"
        "file type:              csv\n"
        "threads:                2\n"
        "----------------------------------------\n"
        "Starting CSV import...\n"
        "2023-01-01T00:00:00Z [9] INFO [9ddf3] {general} processed 32767 bytes (50%)\n"
        "\n"
        "created:          3\n"
        "warnings/errors:  1\n"
        "updated/replaced: 0\n"
        "ignored:          0\n"
        "lines read:       5\n"
        "2023-01-01T00:00:00Z [9] ERROR [e5a29] {general} error message(s):\n"
        "2023-01-01T00:00:00Z [9] ERROR [e5a29] {general} at position 3: duplicate key\n"
    );
    BOOST_TEST_REQUIRE(r.counters.has_value());
    BOOST_TEST(r.counters->created.value() == 3u);
    BOOST_TEST(r.counters->errors.value() == 1u);
    BOOST_TEST(r.counters->lines_read.value() == 5u);
    BOOST_TEST(r.settings.at("collection") == "users");
    BOOST_TEST(r.file_type == "CSV");
    BOOST_TEST(r.rejected_documents());
    BOOST_TEST(r.error_messages.size() == 1u);
    BOOST_TEST(r.progress.size() == 1u);
    BOOST_TEST(r.progress.at(0).percent.value() == 50.0);
    BOOST_TEST(r.connected->version == "3.10.2");
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(import_old_forms_and_tail_captures)
{
    auto r2x = parse_arangoimport_output(
        "INFO processed 1000 bytes (3.0%)\ncreated:          2\nerrors:           0\ntotal:            2\n"
    );
    BOOST_TEST(r2x.counters->total.value() == 2u);
    BOOST_TEST(r2x.counters->errors.value() == 0u);
    BOOST_TEST(r2x.unparsed.empty());
    BOOST_TEST(r2x.progress.at(0).bytes.value() == 1000u);
    auto tail = parse_arangoimport_output("warnings/errors:  0\nupdated/replaced: 4\nignored:          1\n");
    BOOST_TEST(!tail.counters->created.has_value());
    BOOST_TEST(tail.counters->updated.value() == 4u);
    BOOST_TEST(tail.counters->ignored.value() == 1u);
    auto r36 = parse_arangoimport_output("INFO [9ddf3] processed 64 bytes (10%)\n");
    BOOST_TEST(r36.progress.at(0).percent.value() == 10.0);
    auto failed = parse_arangoimport_output("2023-01-01T00:00:00Z [9] FATAL [a] Could not connect to "
                                            "endpoint 'tcp://x:1', database: 'd', username: 'u'\n");
    BOOST_TEST(!failed.counters.has_value());
    BOOST_TEST(failed.fatal);
}

BOOST_AUTO_TEST_CASE(export_summary_docs_and_real_forms)
{
    auto r1 = parse_arangoexport_output("Processed 2 collection(s), wrote 1234 Byte(s), 5 HTTP request(s)\n");
    BOOST_TEST_REQUIRE(r1.summary.has_value());
    BOOST_TEST(r1.summary->count == 2u);
    BOOST_TEST(!r1.summary->graphs);
    BOOST_TEST(r1.summary->bytes == 1234u);
    BOOST_TEST(r1.summary->http_requests == 5u);
    auto r2 = parse_arangoexport_output(
        "INFO [a1b2c] {general} Processed 1 graph, wrote 753 bytes, 2 HTTP request(s)\n"
    );
    BOOST_TEST(r2.summary->graphs);
    BOOST_TEST(r2.summary->bytes == 753u);
    auto r3 = parse_arangoexport_output("Processed 1 collection(s), wrote 1.5 KB, 3 HTTP request(s)\n");
    BOOST_TEST(r3.summary->bytes == 1536u);
    BOOST_TEST(r3.summary->size_text == "1.5 KB");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bench)

BOOST_AUTO_TEST_CASE(bench_report_310_with_histogram)
{
    auto r = parse_arangobench_output(
        "2023-01-01T00:00:00Z [1] INFO [c3604] {bench} Running test case 'version': return server version\n"
        "2023-01-01T00:00:00Z [1] INFO [c3604] {bench} number of operations: 500\n"
        "2023-01-01T00:00:00Z [1] INFO [c3604] {bench} number of operations: 1000\n"
        "\n"
        "Interval/Percentile:         50.00%        80.00%        85.00%        90.00%        95.00%        "
        "99.00%        99.99%\n"
        "0.0200ms                     0.1500ms      0.2000ms      0.2100ms      0.2500ms      0.3000ms      "
        "0.9000ms      2.0000ms\n"
        "0.0200ms                     0.1600ms      0.2100ms      0.2200ms      0.2600ms      0.3100ms      "
        "0.9100ms      2.1000ms\n"
        "\n"
        "Total number of operations: 1000, runs: 1, keep alive: yes, async: no, batch size: 0, replication "
        "factor: 1, "
        "number of shards: 1, wait for sync: false, concurrency level (threads): 8\n"
        "Test case: version, complexity: 1, database: '_system', collection: 'ArangoBenchmark'\n"
        "Total request/response duration (sum of all threads): 0.402000 s\n"
        "Request/response duration (per thread): 0.050250 s\n"
        "Time needed per operation: 0.000060 s\n"
        "Time needed per operation per thread: 0.000480 s\n"
        "Operations per second rate: 16666.666667\n"
        "Elapsed time since start: 0.060000 s\n"
        "\n"
        "Min request time: 0.1000ms\n"
        "Avg request time: 0.4020ms\n"
        "Max request time: 3.0000ms\n"
        "\n"
    );
    BOOST_TEST(r.test_case == "version");
    BOOST_TEST(r.total_operations.value() == 1000u);
    BOOST_TEST(r.runs.value() == 1u);
    BOOST_TEST(r.concurrency.value() == 8u);
    BOOST_TEST(r.parameters.at("keep alive") == "yes");
    BOOST_TEST(r.database == "_system");
    BOOST_TEST(r.collection == "ArangoBenchmark");
    BOOST_TEST_REQUIRE(r.results.size() == 1u);
    BOOST_TEST(r.results[0].which == "single");
    BOOST_TEST(r.results[0].operations_per_second.value() == 16666.666667);
    BOOST_TEST(r.results[0].duration_per_thread.value() == 0.05025);
    BOOST_TEST(r.max_ms.value() == 3.0);
    BOOST_TEST_REQUIRE(r.histogram.has_value());
    BOOST_TEST(r.histogram->percentiles.size() == 7u);
    BOOST_TEST(r.histogram->percentiles.back() == 99.99);
    BOOST_TEST(r.histogram->rows.size() == 2u);
    BOOST_TEST(r.histogram->rows[1].values_ms.size() == 7u);
    BOOST_TEST(r.progress.size() == 2u);
    BOOST_TEST(!r.failures);
    BOOST_TEST(r.unparsed.empty());
}

BOOST_AUTO_TEST_CASE(bench_multiple_runs_failures_and_old_forms)
{
    auto r = parse_arangobench_output("INFO [c3604] number of operations: 10\n"
                                      "Total number of operations: 100, keep alive: yes, async: no, batch "
                                      "size: 0, concurrency level (threads): 2\n"
                                      "Test case: crud, complexity: 2, database: 'db', collection: 'c'\n"
                                      "\n"
                                      "Printing fastest result\n"
                                      "=======================\n"
                                      "Total request/response duration (sum of all threads): 1.000000 s\n"
                                      "Operations per second rate: 300.000000\n"
                                      "\n"
                                      "Printing slowest result\n"
                                      "=======================\n"
                                      "Total request/response duration (sum of all threads): 2.000000 s\n"
                                      "Operations per second rate: 100.000000\n"
                                      "\n"
                                      "Printing median result\n"
                                      "=======================\n"
                                      "Total request/response duration (sum of all threads): 1.500000 s\n"
                                      "Operations per second rate: 200.000000\n"
                                      "WARNING [a1b2c] 3 arangobench request(s) failed!\n"
                                      "At least one of the runs produced failures!\n");
    BOOST_TEST(!r.runs.has_value()); // pre-3.6 line without runs:
    BOOST_TEST(r.concurrency.value() == 2u);
    BOOST_TEST(r.results.size() == 3u);
    BOOST_TEST(r.main_result()->which == "median");
    BOOST_TEST(r.main_result()->operations_per_second.value() == 200.0);
    BOOST_TEST(r.failures);
    BOOST_TEST(r.failed_requests.value() == 3u);
    BOOST_TEST(r.reported_errors());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(backup_and_shell)

BOOST_AUTO_TEST_CASE(backup_create_list_restore_delete)
{
    auto c = parse_arangobackup_output(
        "2024-01-01T00:00:00Z [1] INFO [06f8f] {backup} Server version: 3.12.4\n"
        "2024-01-01T00:00:00Z [1] INFO [c4d37] {backup} Backup succeeded. Generated identifier "
        "'2019-05-15T14.20.15Z_my-label'\n"
        "2024-01-01T00:00:00Z [1] INFO [ce423] {backup} Total size of backup: 4096, number of files: 12\n"
        "2024-01-01T00:00:00Z [1] WARNING [ab123] {backup} Failed to get write lock before proceeding with "
        "backup. Backup may "
        "contain some inconsistencies.\n"
    );
    BOOST_TEST(c.server_version == "3.12.4");
    BOOST_TEST(c.created_id.value() == "2019-05-15T14.20.15Z_my-label");
    BOOST_TEST(c.total_size.value() == 4096u);
    BOOST_TEST(c.file_count.value() == 12u);
    BOOST_TEST(c.potentially_inconsistent);
    BOOST_TEST(!c.operation_failed());

    auto l = parse_arangobackup_output("INFO [e0d1c] {backup} The following backups are available:\n"
                                       "INFO [e0d1c] {backup}  - 2019-05-15T14.20.15Z_a\n"
                                       "INFO [e0d1c] {backup}    version:   3.12.4\n"
                                       "INFO [e0d1c] {backup}    date/time: 2019-05-15T14.20.15Z\n"
                                       "INFO [e0d1c] {backup}    size in bytes: 4096\n"
                                       "INFO [e0d1c] {backup}    number of files: 12\n"
                                       "INFO [e0d1c] {backup}    potentiallyInconsistent: false\n"
                                       "INFO [e0d1c] {backup}    available: true\n"
                                       "INFO [e0d1c] {backup}  - 2019-05-16T00.00.00Z_b\n");
    BOOST_TEST(l.listed);
    BOOST_TEST_REQUIRE(l.backups.size() == 2u);
    BOOST_TEST(l.backups[0].size_bytes.value() == 4096u);
    BOOST_TEST(l.backups[0].available.value());
    BOOST_TEST(!l.backups[0].potentially_inconsistent.value());
    BOOST_TEST(l.backups[1].id == "2019-05-16T00.00.00Z_b");
    BOOST_TEST(l.unparsed.empty());

    auto none = parse_arangobackup_output("INFO [e0d1c] {backup} There are no backups available.\n");
    BOOST_TEST(none.listed);
    BOOST_TEST(none.backups.empty());
    auto rs =
        parse_arangobackup_output("INFO [b6d4c] {backup} Successfully restored '2019-05-15T14.20.15Z_a'\n");
    BOOST_TEST(rs.restored_id.value() == "2019-05-15T14.20.15Z_a");
    auto dl = parse_arangobackup_output("Successfully deleted 'x1'\n");
    BOOST_TEST(dl.deleted_id.value() == "x1");
    auto up = parse_arangobackup_output("INFO [a] {backup} Backup initiated, use \n"
                                        "INFO [a] {backup}     arangobackup upload --status-id=1234\n"
                                        "INFO [a] {backup}  to query progress.\n");
    BOOST_TEST(up.transfer_status_id.value() == "1234");
    auto fail = parse_arangobackup_output(
        "ERROR [8bde3] {backup} Error during backup operation 'restore': not found\n"
    );
    BOOST_TEST(fail.operation_failed());
    BOOST_TEST(fail.failed_operation.value() == "restore");
    BOOST_TEST(fail.failure_message.value() == "not found");
}

BOOST_AUTO_TEST_CASE(arangosh_exceptions_and_option_errors)
{
    auto r = parse_arangosh_output(
        "hello from the script\n"
        "JavaScript exception in file '/tmp/x.js' at 3,7: [ArangoError 1203: collection not found]\n"
        "!db._collection('nope').count();\n"
        "!      ^\n"
        "stacktrace:\n"
        "    at /tmp/x.js:3:7\n"
    );
    BOOST_TEST_REQUIRE(r.exceptions.size() == 1u);
    BOOST_TEST(r.exceptions[0].file == "/tmp/x.js");
    BOOST_TEST(r.exceptions[0].line.value() == 3);
    BOOST_TEST(r.exceptions[0].arango_error.value() == 1203);
    BOOST_TEST(r.exceptions[0].message == "collection not found");
    BOOST_TEST(r.exceptions[0].stacktrace.size() == 1u);
    BOOST_TEST(r.script_lines == 1u);
    BOOST_TEST(r.unparsed.empty());

    auto s = parse_arangosh_output("JavaScript exception: SyntaxError: Unexpected token }\n");
    BOOST_TEST(s.exceptions.at(0).file.empty());
    BOOST_TEST(s.exceptions.at(0).message == "SyntaxError: Unexpected token }");

    auto o = parse_arangosh_output("Error while processing command-line options for arangosh:\n"
                                   "  unknown option '--s'\n"
                                   "Did you mean this?\n"
                                   "Use --help or --help-all to get an overview of available options\n");
    BOOST_TEST((o.unknown_options == std::vector<std::string>{"s"}));
    BOOST_TEST(o.reported_errors());
    auto old = parse_arangosh_output(
        "/usr/bin/arangosh: unrecognized option '--foo'\nDid you mean one of these?\nFATAL illegal option\n"
    );
    BOOST_TEST((old.unknown_options == std::vector<std::string>{"foo"}));
    BOOST_TEST(old.fatal);
    auto nf = parse_arangosh_output("error: JavaScript file not found: '/tmp/missing.js'\n");
    BOOST_TEST((nf.missing_scripts == std::vector<std::string>{"/tmp/missing.js"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(garbage)

BOOST_AUTO_TEST_CASE(parsers_never_throw_and_report_unknown_lines)
{
    std::mt19937 rng(12345);
    std::vector<std::string> lines = {
        "",
        "\r",
        "[",
        "{",
        "[12345",
        "INFO [",
        "Processed ",
        "Processed x collection(s)",
        "created:",
        "created: abc",
        "processed (%)",
        "Interval/Percentile:",
        "Test case:",
        "Connected to ArangoDB",
        "Connected to ArangoDB '",
        "@@@@",
        std::string(5000, 'x'),
        std::string("\0\x01\xff", 3),
        "Total number of operations: , , ,",
        "2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00Z [",
        "JavaScript exception in file",
        "- ",
        "Status:",
        "Error during backup operation '",
        "----------------------------------------",
        "    at",
        "number of operations: z"};
    for (int i = 0; i < 300; ++i)
    {
        std::string l;
        int n = static_cast<int>(rng() % 40);
        for (int k = 0; k < n; ++k)
            l += static_cast<char>(rng() % 256);
        lines.push_back(l);
    }
    arangodump_parser d;
    arangorestore_parser r;
    arangoimport_parser im;
    arangoexport_parser ex;
    arangobench_parser b;
    arangobackup_parser bk;
    arangosh_parser sh;
    // feed() is noexcept: a throw inside it would end the test program, so the checks are on what the
    // parsers made of the lines: every line counted, nothing kept beyond the cap.
    for (const auto& l : lines)
    {
        d.feed(l);
        r.feed(l);
        im.feed(l);
        ex.feed(l);
        b.feed(l);
        bk.feed(l);
        sh.feed(l);
    }
    auto counted_and_bounded = [&](const auto& rep, const char* tool) {
        BOOST_TEST(rep.lines == lines.size(), tool);
        BOOST_TEST(rep.unparsed.size() <= rep.keep_limit, tool);
        BOOST_TEST(rep.diags.size() <= rep.keep_limit, tool);
    };
    counted_and_bounded(d.report(), "arangodump");
    counted_and_bounded(r.report(), "arangorestore");
    counted_and_bounded(im.report(), "arangoimport");
    counted_and_bounded(ex.report(), "arangoexport");
    counted_and_bounded(b.report(), "arangobench");
    counted_and_bounded(bk.report(), "arangobackup");
    counted_and_bounded(sh.report(), "arangosh");
    BOOST_TEST(d.report().unparsed.size() > 100u);
    BOOST_TEST(!d.report().summary.has_value());
    BOOST_TEST(!im.report().counters.has_value());
    auto u = parse_arangodump_output("this is not arangodump output\n");
    BOOST_TEST((u.unparsed == std::vector<std::string>{"this is not arangodump output"}));
}

BOOST_AUTO_TEST_CASE(reports_stay_bounded_for_tools_that_print_millions_of_lines)
{
    arangodump_parser d;
    arangoimport_parser im;
    for (int i = 0; i < 5000; ++i)
    {
        std::string noise = "script line " + std::to_string(i);
        d.feed(noise);
        im.feed("2026-11-26T09:00:00Z [1] ERROR {general} retrying " + std::to_string(i));
    }
    d.feed("Processed 2 collection(s) from 1 database(s) in 0.5 s total time. Wrote 12 MB into datafiles, "
           "sent 3 batch(es)");
    BOOST_TEST(d.report().lines == 5001u);
    BOOST_TEST(d.report().unparsed.size() == 1000u);
    BOOST_TEST(d.report().unparsed.front() == "script line 0");
    BOOST_TEST(d.report().dropped == 4000u);
    BOOST_TEST(d.report().summary.has_value()); // what matters is still found after the cap
    BOOST_TEST(im.report().errors.size() == 1000u);
    BOOST_TEST(im.report().dropped == 4000u);
    BOOST_TEST(im.report().reported_errors());
}

BOOST_AUTO_TEST_CASE(patterns_behind_their_literal_prefilter_still_match_every_form)
{
    // Each line matches only through the regex behind detail::keyed_regex: the literal must be in every
    // match.
    auto bk = parse_arangobackup_output(
        "2026-11-26T09:00:00Z [1] INFO {backup} Generated identifier "
        "'2026-11-26T09.00.00Z_abc'\nTotal size of backup: 1234, number of files: 7\n"
    );
    BOOST_TEST(bk.created_id.value_or("") == "2026-11-26T09.00.00Z_abc");
    auto sh =
        parse_arangosh_output("JavaScript exception in file 'x.js' at 3,7: ArangoError 1203: collection or "
                              "view not found\nJavaScript file not found: 'y.js'\n");
    BOOST_REQUIRE_EQUAL(sh.exceptions.size(), 1u);
    BOOST_TEST(sh.exceptions[0].arango_error.value_or(0) == 1203);
    BOOST_TEST(sh.missing_scripts.size() == 1u);
    auto dump = parse_arangodump_output("# Dumping shard 's1'\ndumping collection 'c1'\n");
    BOOST_TEST(dump.lines == 2u);
    BOOST_TEST(dump.unparsed.empty());
    BOOST_TEST((dump.shards == std::vector<std::string>{"s1"}));
    BOOST_TEST((dump.collections == std::vector<std::string>{"c1"}));
    auto opt = parse_arangodump_output("unrecognized option '--foo'\n");
    BOOST_TEST((opt.unknown_options == std::vector<std::string>{"foo"}));
}

BOOST_AUTO_TEST_CASE(live_lines_and_whole_text_give_the_same_report)
{
    std::string text = "# Dumping collection 'a'...\nProcessed 1 collection(s), wrote 5 byte(s) into "
                       "datafiles, sent 1 batch(es)\r\n";
    arangodump_parser p;
    p.feed(output_line{stream_id::out, "# Dumping collection 'a'..."});
    p.feed(output_line{
        stream_id::err, "Processed 1 collection(s), wrote 5 byte(s) into datafiles, sent 1 batch(es)"});
    auto whole = parse_arangodump_output(text);
    BOOST_TEST(p.report().collections == whole.collections);
    BOOST_TEST(p.report().summary->bytes == whole.summary->bytes);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(config_files)

BOOST_AUTO_TEST_CASE(reader_understands_the_syntax)
{
    auto r = parse_config(
        "# comment\n; other\n\nthreads = 4\n[server]\nendpoint = tcp://a:1\nendpoint=tcp://b:2\n"
        "database.x = verbatim\n[log:enterprise]\nlevel = debug\n@include other\npassword =\n"
        "garbage line\n[]\n",
        "t.conf"
    );
    BOOST_TEST(r.errors.size() == 2u);
    BOOST_TEST(r.errors.at(0).to_string() == "config file 't.conf', line #13: unknown line type");
    auto all = r.doc.settings();
    std::vector<std::string> names;
    for (const auto& s : all)
        names.push_back(s.option + "=" + s.value);
    BOOST_TEST(
        (names ==
         std::vector<std::string>{
             "threads=4", "server.endpoint=tcp://a:1", "server.endpoint=tcp://b:2", "database.x=verbatim",
             "log.level=debug", "log.password="})
    );
    BOOST_TEST(r.doc.settings("community").size() == 4u); // the enterprise section is skipped
}

BOOST_AUTO_TEST_CASE(write_read_round_trip_holds)
{
    config_document doc;
    doc.add_comment(" generated");
    doc.add("threads", "4");
    doc.add_blank();
    doc.add_section("server");
    doc.add("endpoint", "tcp://127.0.0.1:8529");
    doc.add("password", "p@@ss=word#1");
    doc.add_section("javascript", "community");
    doc.add("execute", "");
    doc.add_include("/etc/x.conf");
    auto text = write_config(doc);
    BOOST_TEST_REQUIRE(text.has_value());
    auto back = parse_config(*text);
    BOOST_TEST(back.ok());
    BOOST_TEST((back.doc == doc));
    BOOST_TEST(write_config(back.doc).value() == *text);

    // Randomised documents of representable items round-trip too.
    std::mt19937 rng(7);
    const std::string alphabet = "abcXYZ019._-@=#;[] :";
    for (int round = 0; round < 200; ++round)
    {
        config_document d;
        int n = static_cast<int>(rng() % 12);
        for (int i = 0; i < n; ++i)
        {
            std::string v;
            int len = static_cast<int>(rng() % 10);
            for (int k = 0; k < len; ++k)
                v += alphabet[rng() % alphabet.size()];
            while (!v.empty() && v.back() == ' ')
                v.pop_back();
            while (!v.empty() && v.front() == ' ')
                v.erase(0, 1);
            switch (rng() % 4)
            {
            case 0:
                d.add("key" + std::to_string(i), v);
                break;
            case 1:
                d.add_section("sec" + std::to_string(i));
                break;
            case 2:
                d.add_comment(v);
                break;
            default:
                d.add_blank();
                break;
            }
        }
        auto t = write_config(d);
        BOOST_TEST_REQUIRE(t.has_value());
        BOOST_TEST((parse_config(*t).doc == d));
    }
}

BOOST_AUTO_TEST_CASE(writer_refuses_what_cannot_be_read_back)
{
    config_document d;
    d.add("key", " padded ");
    d.add("bad key", "x");
    d.add("k", "line\nbreak");
    std::vector<conf_diagnostic> errs;
    BOOST_TEST(!write_config(d, &errs).has_value());
    BOOST_TEST(errs.size() == 3u);
}

BOOST_AUTO_TEST_CASE(placeholders_are_substituted_like_the_tools)
{
    auto env = [](const std::string& k) -> std::optional<std::string> {
        if (k == "HOME")
            return std::string("/home/u");
        if (k == "EMPTY")
            return std::string();
        return std::nullopt;
    };
    BOOST_TEST(substitute_placeholders("@HOME@/x", env) == "/home/u/x");
    BOOST_TEST(substitute_placeholders("a@@b", env) == "a@b");
    BOOST_TEST(substitute_placeholders("@EMPTY@", env, {{"EMPTY", "def"}}) == "def");
    BOOST_TEST(substitute_placeholders("@NOPE@z", env) == "z");
    BOOST_TEST(substitute_placeholders("lone@", env) == "lone@");
    BOOST_TEST(substitute_placeholders(escape_placeholders("p@HOME@"), env) == "p@HOME@");
}

BOOST_AUTO_TEST_CASE(load_follows_local_overrides_and_includes)
{
    std::map<std::string, std::string> files{
        {"/etc/a.conf", "[server]\nendpoint = tcp://main:1\ndatabase = main\n@include common\n"},
        {"/etc/a.conf.local", "[server]\ndatabase = local\n"},
        {"/etc/common.conf", "threads = 8\n"},
        {"/etc/loop.conf", "@include loop.conf\n"},
    };
    auto reader = [&](const std::filesystem::path& p) -> std::optional<std::string> {
        auto it = files.find(p.string());
        return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    auto r = load_config("/etc/a.conf", reader);
    BOOST_TEST(r.errors.empty());
    BOOST_TEST(r.value("server.database").value() == "local"); // .local wins
    BOOST_TEST(r.value("server.endpoint").value() == "tcp://main:1");
    BOOST_TEST(r.value("threads").value() == "8");
    BOOST_TEST(r.files.front() == "/etc/a.conf.local");
    auto loop = load_config("/etc/loop.conf", reader);
    BOOST_TEST_REQUIRE(loop.errors.size() == 1u);
    BOOST_TEST(loop.errors[0].message.find("recursive include") != std::string::npos);
    auto missing = load_config("/etc/none.conf", reader);
    BOOST_TEST(missing.errors.at(0).message.find("cannot read config file") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
