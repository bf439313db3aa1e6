// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_ARANGOEXPORT_HPP
#define ARANGOKIT_ARANGO_PARSERS_ARANGOEXPORT_HPP

#include <arangokit/arango/parsers/common.hpp>

namespace arangokit {

/// \brief arangoexport's summary: `Processed N collection(s), wrote B Byte(s), R HTTP request(s)` (docs) or
/// `Processed 1 graph, wrote 753 bytes, 2 HTTP request(s)` (3.10 output, formatted size).
struct export_summary
{
    std::uint64_t count = 0; ///< collections or graphs
    bool graphs = false;     ///< the count is of graphs
    std::uint64_t bytes = 0; ///< exact for plain byte counts, approximate for `1.2 MB`
    std::string size_text{}; ///< the size as printed (`753 bytes`)
    std::uint64_t http_requests = 0;
    std::string text{};
};

/// What arangoexport's output says.
struct arangoexport_report : report_base
{
    std::optional<export_summary> summary{};
    std::vector<std::string> exported{};          ///< `# Exporting collection 'x'...` / graph / query lines
    std::vector<std::string> exported_graphs{};   ///< `# Export graph with collections a, b as 'g'`
    std::vector<std::string> graph_collections{}; ///< the collections those lines list
};

/// \brief Line-at-a-time parser of arangoexport output. Never throws.
class arangoexport_parser : public detail::basic_output_parser<arangoexport_parser, arangoexport_report>
{
  public:
    bool on_message(const detail::log_view&, std::string_view msg)
    {
        std::string_view t = detail::trim_view(msg);
        static const detail::keyed_regex sum(
            "Processed ",
            R"(^Processed ([0-9]+) (collection|graph)\(?s?\)?, wrote ([0-9.]+) ?([A-Za-z()]*), ([0-9]+) HTTP request)"
        );
        static const detail::keyed_regex exp(
            "# Exporting ", R"(^# Exporting (?:collection|graph|query)\s*'?([^'.]*)'?)"
        );
        std::cmatch m;
        if (sum.search(t.data(), t.data() + t.size(), m))
        {
            export_summary s;
            s.count = detail::parse_u64(m[1].str()).value_or(0);
            s.graphs = m[2].str() == "graph";
            s.bytes = detail::parse_size(m[3].str(), m[4].str()).value_or(0);
            s.size_text = m[3].str() + " " + m[4].str();
            s.http_requests = detail::parse_u64(m[5].str()).value_or(0);
            s.text = std::string(t);
            report_.summary = std::move(s);
            return true;
        }
        if (detail::sw(t, "# Export graph"))
        {
            // `# Export graph with collections a, b as 'g'` (xgmml); the graph name is the last quoted word.
            auto as = t.rfind(" as '");
            if (as == std::string_view::npos)
                return false;
            std::string_view g = t.substr(as + 5);
            report_.exported_graphs.emplace_back(g.substr(0, g.find('\'')));
            std::string_view cols = t.substr(14, as - 14);
            if (detail::sw(cols, " with collections "))
                cols.remove_prefix(18);
            while (!cols.empty())
            {
                auto comma = cols.find(',');
                auto c = detail::trim_view(cols.substr(0, comma));
                if (!c.empty())
                    report_.graph_collections.emplace_back(c);
                if (comma == std::string_view::npos)
                    break;
                cols.remove_prefix(comma + 1);
            }
            return true;
        }
        if (auto c = detail::match_collection_line(t); c && c->hash && c->verb == "Exporting")
        {
            report_.exported.emplace_back(c->name);
            return true;
        }
        if (exp.search(t.data(), t.data() + t.size(), m))
        {
            report_.exported.push_back(m[1].str());
            return true;
        }
        return detail::sw(t, "Exporting") || detail::sw(t, "# Writing");
    }
};

/// Parses a whole captured output or log file of arangoexport.
inline arangoexport_report parse_arangoexport_output(std::string_view text)
{
    arangoexport_parser p;
    p.feed_text(text);
    return p.take_report();
}

} // namespace arangokit

#endif
