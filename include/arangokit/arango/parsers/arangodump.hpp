// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_ARANGODUMP_HPP
#define ARANGOKIT_ARANGO_PARSERS_ARANGODUMP_HPP

#include <arangokit/arango/parsers/common.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace arangokit {

/// \brief The final `Processed ...` line of arangodump or arangorestore.
/// \details Three generations: 1 = up to 3.3 (no time), 2 = 3.4-3.11 (`in T s`), 3 = 3.12 (`from D
/// database(s) in T s total time.`).
struct transfer_summary
{
    int generation = 0;
    std::uint64_t collections = 0;
    std::optional<std::uint64_t> databases{}; ///< generation 3 only
    std::optional<double> seconds{};          ///< generations 2 and 3
    std::uint64_t bytes = 0;                  ///< written (dump) or read (restore) datafile bytes
    std::uint64_t batches = 0;
    std::optional<std::uint64_t> total_size{}; ///< restore 3.4+: bytes sent in data batches
    std::string text{};                        ///< the line as printed
};

/// What arangodump's output says.
struct arangodump_report : report_base
{
    std::optional<transfer_summary> summary{};
    std::vector<std::string> collections{};             ///< dumped collections, in order of appearance
    std::vector<std::string> document_collections{};    ///< `# Dumping document collection 'x'` (3.3)
    std::vector<std::string> edge_collections{};        ///< `# Dumping edge collection 'x'` (3.3)
    std::vector<std::string> shards{};                  ///< cluster: shards announced with `# Dumping shard`
    std::map<std::string, std::string> shard_servers{}; ///< shard -> the DB server it was dumped from
    std::optional<std::uint64_t> last_tick{};           ///< `Last tick provided by server is: N`
    std::optional<std::string> output_directory{};
    std::optional<unsigned> threads{};
};

namespace detail {

inline std::optional<transfer_summary> parse_transfer_summary(std::string_view msg, bool restore)
{
    msg = trim_view(msg);
    if (!detail::sw(msg, "Processed "))
        return std::nullopt;
    static const detail::keyed_regex head(
        "Processed ",
        R"(^Processed ([0-9]+) collection\(?s?\)?(?: from ([0-9]+) database\(?s?\)?)?(?: in ([0-9.]+) s(?: total time)?)?[.,] )"
    );
    static const detail::keyed_regex dump_tail(
        " into datafiles, sent ", R"([Ww]rote ([0-9.]+) ?([A-Za-z()]*) into datafiles, sent ([0-9]+) batch)"
    );
    static const detail::keyed_regex restore_tail(
        " from datafiles, sent ",
        R"([Rr]ead ([0-9.]+) ?([A-Za-z()]*) from datafiles, sent ([0-9]+) (?:data )?batch\(?e?s?\)?(?: of ([0-9.]+) ?([A-Za-z()]*) total size)?)"
    );
    std::cmatch m;
    const char* b = msg.data();
    const char* e = msg.data() + msg.size();
    if (!head.search(b, e, m))
        return std::nullopt;
    transfer_summary s;
    s.text = std::string(msg);
    s.collections = parse_u64(m[1].str()).value_or(0);
    if (m[2].matched)
        s.databases = parse_u64(m[2].str());
    if (m[3].matched)
        s.seconds = parse_double(m[3].str());
    s.generation = s.databases ? 3 : s.seconds ? 2 : 1;
    std::cmatch t;
    if (!(restore ? restore_tail : dump_tail).search(m[0].second, e, t))
        return std::nullopt;
    s.bytes = parse_size(t[1].str(), t[2].str()).value_or(0);
    s.batches = parse_u64(t[3].str()).value_or(0);
    if (restore && t[4].matched)
        s.total_size = parse_size(t[4].str(), t[5].str());
    return s;
}

} // namespace detail

/// \brief Line-at-a-time parser of arangodump output (live or from a log file). Never throws.
class arangodump_parser : public detail::basic_output_parser<arangodump_parser, arangodump_report>
{
  public:
    bool on_message(const detail::log_view& l, std::string_view msg)
    {
        if (auto s = detail::parse_transfer_summary(msg, false))
        {
            report_.summary = std::move(*s);
            return true;
        }
        // Every pattern below names something in quotes; most lines have no quote at all.
        if (msg.find('\'') == std::string_view::npos)
            return last_tick(l, msg);
        static const detail::keyed_regex writing(
            "Writing dump to output directory '",
            R"(^Writing dump to output directory '([^']*)'(?: with ([0-9]+) thread)?)"
        );
        if (auto c = detail::match_collection_line(msg);
            c && (c->verb == "Dumping" || c->verb == "dumping") && (c->hash || c->verb == "dumping"))
        {
            std::string name(c->name);
            if (c->noun == "shard")
            {
                // `# Dumping shard 's1' from DBserver 'PRMR-…' ...`
                report_.shards.push_back(name);
                std::string_view r = detail::trim_view(c->rest);
                std::string_view server;
                if ((detail::pc_eat(r, "from DBserver ") || detail::pc_eat(r, "from DBServer ") ||
                     detail::pc_eat(r, "from DB-Server ")) &&
                    detail::pc_quoted(r, server))
                    report_.shard_servers[name] = std::string(server);
                return true;
            }
            if (c->noun != "collection")
                return false;
            if (c->kind == "edge")
                report_.edge_collections.push_back(name);
            else if (c->kind == "document")
                report_.document_collections.push_back(name);
            report_.collections.push_back(name);
            this->keep_item(
                report_.progress,
                progress_event{progress_event::kind::collection, {}, {}, {}, name, std::string(msg)}
            );
            return true;
        }
        std::cmatch m;
        const char* b = msg.data();
        const char* e = msg.data() + msg.size();
        if (writing.search(b, e, m))
        {
            report_.output_directory = m[1].str();
            if (m[2].matched)
                report_.threads = static_cast<unsigned>(detail::parse_u64(m[2].str()).value_or(0));
            return true;
        }
        if (detail::contains(msg, "An error occurred"))
        {
            this->note_error(l, msg);
            return true;
        }
        return detail::sw(msg, "capping --threads") || detail::sw(msg, "# Dumping views") ||
               detail::sw(msg, "dumping view");
    }

  private:
    bool last_tick(const detail::log_view& l, std::string_view msg)
    {
        if (detail::sw(msg, "capping --threads") || detail::sw(msg, "# Dumping views"))
            return true;
        if (detail::contains(msg, "An error occurred"))
        {
            this->note_error(l, msg);
            return true;
        }
        static constexpr std::string_view key = "Last tick provided by server is: ";
        if (!msg.starts_with(key))
            return false;
        report_.last_tick = detail::parse_u64(detail::trim_view(msg.substr(key.size())));
        return true;
    }
};

/// Parses a whole captured output or log file of arangodump.
inline arangodump_report parse_arangodump_output(std::string_view text)
{
    arangodump_parser p;
    p.feed_text(text);
    return p.take_report();
}

} // namespace arangokit

#endif
