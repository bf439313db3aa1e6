// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_ARANGORESTORE_HPP
#define ARANGOKIT_ARANGO_PARSERS_ARANGORESTORE_HPP

#include <arangokit/arango/parsers/arangodump.hpp>

#include <map>

namespace arangokit {

/// What arangorestore's output says.
struct arangorestore_report : report_base
{
    std::optional<transfer_summary> summary{};
    std::vector<std::string> created{};           ///< `# Re-creating ... collection 'x'`
    std::vector<std::string> loaded{};            ///< `# Loading data into ... collection 'x'`
    std::vector<std::string> restored{};          ///< `# Successfully restored ... collection 'x'` (3.8+)
    std::vector<std::string> skipped{};           ///< `--continue`: restored previously
    std::optional<std::string> source_database{}; ///< `Database name in source dump is 'x'`
    std::map<std::string, std::uint64_t> data_sizes{}; ///< `# Loading data into …, data size: N byte(s)`
};

/// \brief Line-at-a-time parser of arangorestore output. Never throws. Parallel workers interleave
/// per-collection lines; each list keeps the order of appearance.
class arangorestore_parser : public detail::basic_output_parser<arangorestore_parser, arangorestore_report>
{
  public:
    bool on_message(const detail::log_view&, std::string_view msg)
    {
        if (auto s = detail::parse_transfer_summary(msg, true))
        {
            report_.summary = std::move(*s);
            return true;
        }
        if (msg.find('\'') != std::string_view::npos)
        {
            // 2.x prints these without `# ` (and without a level).
            if (auto c = detail::match_collection_line(msg); c && c->verb != "Dumping" &&
                                                             c->verb != "dumping" && c->verb != "Exporting" &&
                                                             c->noun != "shard")
            {
                auto& list = c->verb == "Re-creating"          ? report_.created
                             : c->verb == "Loading data into"  ? report_.loaded
                             : c->verb == "skipping restoring" ? report_.skipped
                                                               : report_.restored;
                list.emplace_back(c->name);
                if (auto p = classify_progress(msg))
                {
                    if (c->verb == "Loading data into" && p->bytes)
                        report_.data_sizes[std::string(c->name)] = *p->bytes;
                    this->keep_item(report_.progress, std::move(*p));
                }
                return true;
            }
            static const detail::keyed_regex src(
                "Database name in source dump is '", R"(^Database name in source dump is '([^']*)')"
            );
            std::cmatch m;
            const char* b = msg.data();
            const char* e = msg.data() + msg.size();
            if (src.search(b, e, m))
            {
                report_.source_database = m[1].str();
                return true;
            }
        }
        return detail::sw(msg, "# Creating views") || detail::sw(msg, "# Creating ") ||
               detail::sw(msg, "# Current restore progress") || detail::sw(msg, "# Restoring");
    }
};

/// Parses a whole captured output or log file of arangorestore.
inline arangorestore_report parse_arangorestore_output(std::string_view text)
{
    arangorestore_parser p;
    p.feed_text(text);
    return p.take_report();
}

} // namespace arangokit

#endif
