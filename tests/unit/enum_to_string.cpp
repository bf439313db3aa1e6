// Every public enum has to_string: each enumerator's spelling is checked here, and the spellings of one enum
// are distinct. scripts/check_public_api.py (the docs ctest `public_api`) fails when an enum of a public
// header, or one of its enumerators, is missing from this file, so a new enumerator cannot go untested.
#define BOOST_TEST_MODULE arangokit_enum_to_string
#include <arangokit.hpp>

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <set>
#include <string>
#include <utility>

namespace ak = arangokit;

namespace {
template <class E> void check_enum(const char* name, std::initializer_list<std::pair<E, const char*>> table)
{
    BOOST_TEST_CONTEXT("enum " << name)
    {
        std::set<std::string> seen;
        for (const auto& [value, want] : table)
        {
            const char* got = to_string(value); // found by argument-dependent lookup, as a user calls it
            BOOST_REQUIRE_MESSAGE(
                got != nullptr, name << " value " << static_cast<long long>(value) << ": null"
            );
            BOOST_TEST(std::string(got) == want);
            BOOST_TEST(!std::string(got).empty());
            BOOST_TEST_MESSAGE(name << "::" << got);
            BOOST_TEST(seen.insert(got).second, name << ": two enumerators print as \"" << got << "\"");
        }
    }
}
} // namespace

BOOST_AUTO_TEST_CASE(every_public_enum_prints_every_enumerator)
{
    // <arangokit/process/runner_config.hpp>
    check_enum<ak::containment_mode>(
        "containment_mode",
        {
            {ak::containment_mode::automatic, "automatic"},
            {ak::containment_mode::cgroup, "cgroup"},
            {ak::containment_mode::process_group, "process_group"},
            {ak::containment_mode::off, "off"},
        }
    );
    // <arangokit/arango/http/users.hpp>
    check_enum<ak::access_level>(
        "access_level",
        {
            {ak::access_level::rw, "rw"},
            {ak::access_level::ro, "ro"},
            {ak::access_level::none, "none"},
        }
    );
    // <arangokit/arango/auth.hpp>
    check_enum<ak::auth_kind>(
        "auth_kind",
        {
            {ak::auth_kind::none, "none"},
            {ak::auth_kind::basic, "basic"},
            {ak::auth_kind::superuser_jwt, "superuser_jwt"},
            {ak::auth_kind::bearer_token, "bearer_token"},
            {ak::auth_kind::user_jwt, "user_jwt"},
        }
    );
    // <arangokit/arango/config_file.hpp>
    check_enum<ak::conf_item::kind>(
        "conf_item::kind",
        {
            {ak::conf_item::kind::blank, "blank"},
            {ak::conf_item::kind::comment, "comment"},
            {ak::conf_item::kind::section, "section"},
            {ak::conf_item::kind::assignment, "assignment"},
            {ak::conf_item::kind::include, "include"},
        }
    );
    // <arangokit/arango/endpoint.hpp>
    check_enum<ak::endpoint_transport>(
        "endpoint_transport",
        {
            {ak::endpoint_transport::tcp, "tcp"},
            {ak::endpoint_transport::ssl, "ssl"},
            {ak::endpoint_transport::unix_socket, "unix_socket"},
        }
    );
    // <arangokit/arango/exit_codes.hpp>
    check_enum<ak::arango_exit>(
        "arango_exit",
        {
            {ak::arango_exit::success, "success"},
            {ak::arango_exit::failed, "failed"},
            {ak::arango_exit::code_resolving_failed, "code_resolving_failed"},
            {ak::arango_exit::invalid_option_name, "invalid_option_name"},
            {ak::arango_exit::invalid_option_value, "invalid_option_value"},
            {ak::arango_exit::binary_not_found, "binary_not_found"},
            {ak::arango_exit::config_not_found, "config_not_found"},
            {ak::arango_exit::upgrade_failed, "upgrade_failed"},
            {ak::arango_exit::upgrade_required, "upgrade_required"},
            {ak::arango_exit::downgrade_required, "downgrade_required"},
            {ak::arango_exit::version_check_failed, "version_check_failed"},
            {ak::arango_exit::already_running, "already_running"},
            {ak::arango_exit::could_not_bind_port, "could_not_bind_port"},
            {ak::arango_exit::could_not_lock, "could_not_lock"},
            {ak::arango_exit::recovery, "recovery"},
            {ak::arango_exit::db_not_empty, "db_not_empty"},
            {ak::arango_exit::unsupported_storage_engine, "unsupported_storage_engine"},
            {ak::arango_exit::icu_initialization_failed, "icu_initialization_failed"},
            {ak::arango_exit::tzdata_initialization_failed, "tzdata_initialization_failed"},
            {ak::arango_exit::resources_too_low, "resources_too_low"},
            {ak::arango_exit::sst_file_check, "sst_file_check"},
            {ak::arango_exit::full_compaction_failed, "full_compaction_failed"},
        }
    );
    // <arangokit/arango/parsers/common.hpp>
    check_enum<ak::progress_event::kind>(
        "progress_event::kind",
        {
            {ak::progress_event::kind::bytes, "bytes"},
            {ak::progress_event::kind::operations, "operations"},
            {ak::progress_event::kind::collection, "collection"},
        }
    );
    // <arangokit/arango/server_options.hpp>
    check_enum<ak::log_time_format>(
        "log_time_format",
        {
            {ak::log_time_format::local_datestring, "local-datestring"},
            {ak::log_time_format::timestamp, "timestamp"},
            {ak::log_time_format::timestamp_micros, "timestamp-micros"},
            {ak::log_time_format::timestamp_millis, "timestamp-millis"},
            {ak::log_time_format::uptime, "uptime"},
            {ak::log_time_format::uptime_micros, "uptime-micros"},
            {ak::log_time_format::uptime_millis, "uptime-millis"},
            {ak::log_time_format::utc_datestring, "utc-datestring"},
            {ak::log_time_format::utc_datestring_micros, "utc-datestring-micros"},
            {ak::log_time_format::utc_datestring_millis, "utc-datestring-millis"},
        }
    );
    // <arangokit/arango/tool_invocation.hpp>
    check_enum<ak::tool_id>(
        "tool_id",
        {
            {ak::tool_id::arangodump, "arangodump"},
            {ak::tool_id::arangorestore, "arangorestore"},
            {ak::tool_id::arangoimport, "arangoimport"},
            {ak::tool_id::arangoexport, "arangoexport"},
            {ak::tool_id::arangobench, "arangobench"},
            {ak::tool_id::arangobackup, "arangobackup"},
            {ak::tool_id::arangosh, "arangosh"},
        }
    );
    // <arangokit/arango/tool_invocation.hpp>
    check_enum<ak::arango_edition>(
        "arango_edition",
        {
            {ak::arango_edition::unknown, "unknown"},
            {ak::arango_edition::community, "community"},
            {ak::arango_edition::enterprise, "enterprise"},
        }
    );
    // <arangokit/arango/tool_invocation.hpp>
    check_enum<ak::secret_transport>(
        "secret_transport",
        {
            {ak::secret_transport::automatic, "automatic"},
            {ak::secret_transport::argv, "argv"},
            {ak::secret_transport::config_file, "config_file"},
            {ak::secret_transport::full_config, "full_config"},
        }
    );
    // <arangokit/arango/tools/arangobackup.hpp>
    check_enum<ak::backup_operation>(
        "backup_operation",
        {
            {ak::backup_operation::create, "create"},
            {ak::backup_operation::delete_, "delete"},
            {ak::backup_operation::download, "download"},
            {ak::backup_operation::list, "list"},
            {ak::backup_operation::restore, "restore"},
            {ak::backup_operation::upload, "upload"},
        }
    );
    // <arangokit/arango/tools/arangobench.hpp>
    check_enum<ak::bench_test_case>(
        "bench_test_case",
        {
            {ak::bench_test_case::aqlinsert, "aqlinsert"},
            {ak::bench_test_case::collection, "collection"},
            {ak::bench_test_case::crud, "crud"},
            {ak::bench_test_case::crud_append, "crud-append"},
            {ak::bench_test_case::crud_write_read, "crud-write-read"},
            {ak::bench_test_case::custom_query, "custom-query"},
            {ak::bench_test_case::document, "document"},
            {ak::bench_test_case::edge, "edge"},
            {ak::bench_test_case::import_document, "import-document"},
            {ak::bench_test_case::persistent_index, "persistent-index"},
            {ak::bench_test_case::version, "version"},
        }
    );
    // <arangokit/arango/tools/arangoexport.hpp>
    check_enum<ak::export_type>(
        "export_type",
        {
            {ak::export_type::csv, "csv"},
            {ak::export_type::json, "json"},
            {ak::export_type::jsonl, "jsonl"},
            {ak::export_type::xgmml, "xgmml"},
            {ak::export_type::xml, "xml"},
        }
    );
    // <arangokit/arango/tools/arangoimport.hpp>
    check_enum<ak::import_collection_type>(
        "import_collection_type",
        {
            {ak::import_collection_type::document, "document"},
            {ak::import_collection_type::edge, "edge"},
        }
    );
    // <arangokit/arango/tools/arangoimport.hpp>
    check_enum<ak::import_on_duplicate>(
        "import_on_duplicate",
        {
            {ak::import_on_duplicate::error, "error"},
            {ak::import_on_duplicate::ignore, "ignore"},
            {ak::import_on_duplicate::replace, "replace"},
            {ak::import_on_duplicate::update, "update"},
        }
    );
    // <arangokit/arango/tools/arangoimport.hpp>
    check_enum<ak::import_type>(
        "import_type",
        {
            {ak::import_type::auto_, "auto"},
            {ak::import_type::csv, "csv"},
            {ak::import_type::json, "json"},
            {ak::import_type::jsonl, "jsonl"},
            {ak::import_type::tsv, "tsv"},
        }
    );
    // <arangokit/artifacts/archive.hpp>
    check_enum<ak::archive_format>(
        "archive_format",
        {
            {ak::archive_format::zip, "zip"},
            {ak::archive_format::tar_gz, "tar_gz"},
        }
    );
    // <arangokit/artifacts/checksum.hpp>
    check_enum<ak::hash_algorithm>(
        "hash_algorithm",
        {
            {ak::hash_algorithm::sha256, "sha256"},
            {ak::hash_algorithm::md5, "md5"},
            {ak::hash_algorithm::adler32, "adler32"},
            {ak::hash_algorithm::crc32, "crc32"},
        }
    );
    // <arangokit/artifacts/run_directory.hpp>
    check_enum<ak::cleanup_policy>(
        "cleanup_policy",
        {
            {ak::cleanup_policy::remove_on_success, "remove_on_success"},
            {ak::cleanup_policy::keep_always, "keep_always"},
            {ak::cleanup_policy::remove_always, "remove_always"},
        }
    );
    // <arangokit/concurrency/group_event.hpp>
    check_enum<ak::group_event_kind>(
        "group_event_kind",
        {
            {ak::group_event_kind::member_started, "member_started"},
            {ak::group_event_kind::member_finished, "member_finished"},
            {ak::group_event_kind::iterations, "iterations"},
            {ak::group_event_kind::stop_requested, "stop_requested"},
            {ak::group_event_kind::finished, "finished"},
        }
    );
    // <arangokit/concurrency/group_policy.hpp>
    check_enum<ak::group_policy>(
        "group_policy",
        {
            {ak::group_policy::wait_all, "wait_all"},
            {ak::group_policy::stop_on_failure, "stop_on_failure"},
        }
    );
    // <arangokit/concurrency/group_result.hpp>
    check_enum<ak::member_outcome>(
        "member_outcome",
        {
            {ak::member_outcome::pending, "pending"},
            {ak::member_outcome::running, "running"},
            {ak::member_outcome::succeeded, "succeeded"},
            {ak::member_outcome::failed, "failed"},
            {ak::member_outcome::stopped, "stopped"},
        }
    );
    // <arangokit/concurrency/stop_source.hpp>
    check_enum<ak::stop_cause>(
        "stop_cause",
        {
            {ak::stop_cause::none, "none"},
            {ak::stop_cause::requested, "stop requested"},
            {ak::stop_cause::member_failed, "a member failed"},
            {ak::stop_cause::deadline, "deadline"},
            {ak::stop_cause::cancelled, "cancelled"},
            {ak::stop_cause::signal, "signal"},
            {ak::stop_cause::parent, "parent stopped"},
            {ak::stop_cause::join_timeout, "join timeout"},
            {ak::stop_cause::forced, "forced join"},
        }
    );
    // <arangokit/error.hpp>
    check_enum<ak::errc>(
        "errc",
        {
            {ak::errc::tool_not_found, "tool_not_found"},
            {ak::errc::not_executable, "not_executable"},
            {ak::errc::spawn_failed, "spawn_failed"},
            {ak::errc::nonzero_exit, "nonzero_exit"},
            {ak::errc::killed_by_signal, "killed_by_signal"},
            {ak::errc::deadline_exceeded, "deadline_exceeded"},
            {ak::errc::stopped, "stopped"},
            {ak::errc::invalid_options, "invalid_options"},
            {ak::errc::tool_reported_failure, "tool_reported_failure"},
            {ak::errc::output_not_consumed, "output_not_consumed"},
            {ak::errc::invalid_endpoint, "invalid_endpoint"},
            {ak::errc::authentication_failed, "authentication_failed"},
            {ak::errc::http_error, "http_error"},
            {ak::errc::server_not_ready, "server_not_ready"},
            {ak::errc::protocol_error, "protocol_error"},
            {ak::errc::tls_error, "tls_error"},
            {ak::errc::archive_error, "archive_error"},
            {ak::errc::unsafe_archive_entry, "unsafe_archive_entry"},
            {ak::errc::checksum_mismatch, "checksum_mismatch"},
            {ak::errc::damaged_dump, "damaged_dump"},
            {ak::errc::parse_error, "parse_error"},
            {ak::errc::member_failed, "member_failed"},
            {ak::errc::invalid_command, "invalid_command"},
            {ak::errc::exit_status_unknown, "exit_status_unknown"},
        }
    );
    // <arangokit/instrumentation/sanitizer_reports.hpp>
    check_enum<ak::sanitizer>(
        "sanitizer",
        {
            {ak::sanitizer::asan, "asan"},
            {ak::sanitizer::lsan, "lsan"},
            {ak::sanitizer::ubsan, "ubsan"},
            {ak::sanitizer::tsan, "tsan"},
        }
    );
    // <arangokit/output_line.hpp>
    check_enum<ak::stream_id>(
        "stream_id",
        {
            {ak::stream_id::out, "stdout"},
            {ak::stream_id::err, "stderr"},
        }
    );
    // <arangokit/process/command.hpp>
    check_enum<ak::stdin_spec::kind>(
        "stdin_spec::kind",
        {
            {ak::stdin_spec::kind::null, "null"},
            {ak::stdin_spec::kind::file, "file"},
            {ak::stdin_spec::kind::pipe, "pipe"},
        }
    );
    // <arangokit/process/command.hpp>
    check_enum<ak::output_transport>(
        "output_transport",
        {
            {ak::output_transport::pipe, "pipe"},
            {ak::output_transport::socketpair, "socketpair"},
        }
    );
    check_enum<ak::output_target>(
        "output_target",
        {
            {ak::output_target::capture, "capture"},
            {ak::output_target::discard, "discard"},
            {ak::output_target::inherit, "inherit"},
        }
    );
    // <arangokit/reports/report_entry.hpp>
    check_enum<ak::entry_status>(
        "entry_status",
        {
            {ak::entry_status::passed, "passed"},
            {ak::entry_status::failed, "failed"},
            {ak::entry_status::error, "error"},
            {ak::entry_status::skipped, "skipped"},
        }
    );
    // <arangokit/process/tool_event.hpp>
    check_enum<ak::event_kind>(
        "event_kind",
        {
            {ak::event_kind::started, "started"},
            {ak::event_kind::line, "line"},
            {ak::event_kind::timed_out, "timed_out"},
            {ak::event_kind::stopped, "stopped"},
            {ak::event_kind::killed, "killed"},
            {ak::event_kind::finished, "finished"},
            {ak::event_kind::spawn_failed, "spawn_failed"},
            {ak::event_kind::progress, "progress"},
            {ak::event_kind::sample, "sample"},
        }
    );
    // <arangokit/scenarios/rta.hpp>
    check_enum<ak::rta_step>(
        "rta_step",
        {
            {ak::rta_step::makedata, "makedata"},
            {ak::rta_step::checkdata, "checkdata"},
            {ak::rta_step::cleardata, "cleardata"},
        }
    );
    // <arangokit/scenarios/shell_group.hpp>
    check_enum<ak::shell_kind>(
        "shell_kind",
        {
            {ak::shell_kind::script, "script"},
            {ak::shell_kind::plain, "plain"},
            {ak::shell_kind::loop, "loop"},
            {ak::shell_kind::single_run, "single_run"},
            {ak::shell_kind::stress, "stress"},
        }
    );
    // <arangokit/tool_result.hpp>
    check_enum<ak::end_reason>(
        "end_reason",
        {
            {ak::end_reason::not_started, "not started"},
            {ak::end_reason::spawn_failed, "spawn failed"},
            {ak::end_reason::exited, "exited"},
            {ak::end_reason::signaled, "signaled"},
            {ak::end_reason::deadline, "deadline"},
            {ak::end_reason::cancelled, "cancelled"},
            {ak::end_reason::stop_requested, "stop requested"},
            {ak::end_reason::status_unknown, "exit status unknown"},
        }
    );
}
