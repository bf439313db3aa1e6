// The tool-output parsers (every tool's report, the log-prefix splitter, progress and connection lines):
// never throw, count every line fed, and give the same report whether fed line by line or as one text.
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
    }
}
