// The tool-output parsers (every tool's report, the log-prefix splitter, progress and connection lines):
// never throw, count every line fed, and give the same report whether fed line by line or as one text.
#include <arangokit/arango/exit_codes.hpp>
#include <arangokit/arango/parsers/arangobackup.hpp>
#include <arangokit/arango/parsers/arangobench.hpp>
#include <arangokit/arango/parsers/arangodump.hpp>
#include <arangokit/arango/parsers/arangoexport.hpp>
#include <arangokit/arango/parsers/arangoimport.hpp>
#include <arangokit/arango/parsers/arangorestore.hpp>
#include <arangokit/arango/parsers/arangosh.hpp>

#include "fuzz_target.hpp"
#include <vector>

namespace {

std::vector<std::string_view> split_lines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty())
    {
        auto nl = text.find('\n');
        lines.push_back(text.substr(0, nl));
        if (nl == std::string_view::npos)
            break;
        text.remove_prefix(nl + 1);
    }
    return lines;
}

template <class Parser> void check_parser(std::string_view text, const std::vector<std::string_view>& lines)
{
    Parser whole;
    whole.feed_text(text);
    Parser by_line;
    for (auto l : lines)
        by_line.feed(l);
    ARANGOKIT_FUZZ_CHECK(whole.report().lines == lines.size());
    ARANGOKIT_FUZZ_CHECK(by_line.report().lines == lines.size());
    ARANGOKIT_FUZZ_CHECK(whole.report().errors == by_line.report().errors);
    ARANGOKIT_FUZZ_CHECK(whole.report().unparsed == by_line.report().unparsed);
    ARANGOKIT_FUZZ_CHECK(whole.report().progress.size() == by_line.report().progress.size());
    (void)whole.report().reported_errors();
    // Diagnostics: the same either way, bounded, and the flat views are views of them.
    const auto& dw = whole.report().diagnostics();
    const auto& db = by_line.report().diagnostics();
    ARANGOKIT_FUZZ_CHECK(dw.size() == db.size());
    ARANGOKIT_FUZZ_CHECK(dw.size() <= whole.report().keep_limit);
    std::size_t errors = 0, warnings = 0;
    for (std::size_t i = 0; i < dw.size(); ++i)
    {
        ARANGOKIT_FUZZ_CHECK(dw[i].message == db[i].message);
        ARANGOKIT_FUZZ_CHECK(dw[i].is_error() || dw[i].is_warning());
        ARANGOKIT_FUZZ_CHECK(dw[i].line >= 1 && dw[i].line <= lines.size());
        ARANGOKIT_FUZZ_CHECK(dw[i].message.size() <= 64 * 1024 + (1u << 20));
        if (dw[i].http_status)
            ARANGOKIT_FUZZ_CHECK(*dw[i].http_status >= 100 && *dw[i].http_status < 600);
        (void)dw[i].server_summary();
        if (dw[i].is_error() && errors < whole.report().errors.size())
            ARANGOKIT_FUZZ_CHECK(whole.report().errors[errors++] == dw[i].message);
        else if (dw[i].is_warning() && warnings < whole.report().warnings.size())
            ARANGOKIT_FUZZ_CHECK(whole.report().warnings[warnings++] == dw[i].message);
    }
    ARANGOKIT_FUZZ_CHECK(errors == whole.report().errors.size());
    ARANGOKIT_FUZZ_CHECK(warnings == whole.report().warnings.size());
    ARANGOKIT_FUZZ_CHECK(
        whole.report().connection_error.has_value() == by_line.report().connection_error.has_value()
    );
    ARANGOKIT_FUZZ_CHECK(whole.report().failed_collection == by_line.report().failed_collection);
    ARANGOKIT_FUZZ_CHECK(
        describe_failure("tool", whole.report()) == describe_failure("tool", by_line.report())
    );
}

} // namespace

ARANGOKIT_FUZZ_TARGET(tool_output)
{
    using namespace arangokit;
    auto lines = split_lines(input);
    check_parser<arangodump_parser>(input, lines);
    check_parser<arangorestore_parser>(input, lines);
    check_parser<arangoimport_parser>(input, lines);
    check_parser<arangoexport_parser>(input, lines);
    check_parser<arangobench_parser>(input, lines);
    check_parser<arangobackup_parser>(input, lines);
    check_parser<arangosh_parser>(input, lines);
    (void)parse_arangodump_output(input);
    (void)parse_arangobench_output(input);
    for (auto l : lines)
    {
        auto ll = parse_log_line(l);
        ARANGOKIT_FUZZ_CHECK(ll.message.size() <= l.size());
        if (auto p = classify_progress(l))
        {
            if (p->percent)
                ARANGOKIT_FUZZ_CHECK(!(*p->percent < 0));
        }
        (void)classify_progress(ll.message);
        (void)parse_connected_line(ll.message);
        (void)detail::parse_transfer_summary(ll.message, false);
        (void)detail::parse_transfer_summary(ll.message, true);
        (void)detail::parse_client_banner(ll.message);
        (void)detail::match_collection_line(ll.message);
        diagnostic d;
        d.message = std::string(l);
        extract_diagnostic_facts(d);
        if (d.http_status)
            ARANGOKIT_FUZZ_CHECK(*d.http_status >= 100 && *d.http_status < 600);
        ARANGOKIT_FUZZ_CHECK(d.server_error.size() <= l.size());
        ARANGOKIT_FUZZ_CHECK(d.collection.size() <= l.size());
    }
}
