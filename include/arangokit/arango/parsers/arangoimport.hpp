// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_ARANGOIMPORT_HPP
#define ARANGOKIT_ARANGO_PARSERS_ARANGOIMPORT_HPP

#include <arangokit/arango/parsers/common.hpp>

#include <map>

namespace arangokit {

/// \brief The result counters arangoimport prints (aligned `label: value` lines).
/// \details 2.x prints `total:` instead of updated/ignored; CSV/TSV adds `lines read:`. A `tail -4` capture
/// may start at `warnings/errors:`, so each counter is optional.
struct import_counters
{
    std::optional<std::uint64_t> created{};
    std::optional<std::uint64_t> errors{};  ///< `warnings/errors:`
    std::optional<std::uint64_t> updated{}; ///< `updated/replaced:`
    std::optional<std::uint64_t> ignored{};
    std::optional<std::uint64_t> lines_read{};
    std::optional<std::uint64_t> total{}; ///< 2.x
};

/// What arangoimport's output says.
struct arangoimport_report : report_base
{
    std::optional<import_counters> counters{}; ///< set once any counter line was seen
    std::map<std::string, std::string>
        settings{};                            ///< the framed settings block (`collection:` -> `users`, ...)
    std::string file_type{};                   ///< from `Starting JSON|CSV|TSV import...`
    std::vector<std::string> error_messages{}; ///< the lines after `error message(s):`

    /// The import ran but the server rejected documents (arangoimport still exits 0).
    bool rejected_documents() const noexcept { return counters && counters->errors.value_or(0) > 0; }
};

/// \brief Line-at-a-time parser of arangoimport output. Never throws.
class arangoimport_parser : public detail::basic_output_parser<arangoimport_parser, arangoimport_report>
{
  public:
    bool on_message(const detail::log_view& l, std::string_view msg)
    {
        std::string_view t = detail::trim_view(msg);
        if (in_errors_ && l.is_error() && !t.empty())
        {
            if (report_.error_messages.size() < report_.keep_limit)
                report_.error_messages.emplace_back(t);
            return true;
        }
        if (detail::sw(t, "error message"))
        {
            in_errors_ = true;
            this->drop_current_diagnostic();
            return true;
        }
        if (t.size() >= 20 && t.find_first_not_of('-') == std::string_view::npos)
        {
            in_block_ = !in_block_;
            return true;
        }
        static const detail::keyed_regex start("Starting ", R"(^Starting (\w+) import)");
        std::cmatch m;
        if (detail::sw(t, "Starting ") && start.search(t.data(), t.data() + t.size(), m))
        {
            report_.file_type = m[1].str();
            in_block_ = false;
            return true;
        }
        auto colon = t.find(':');
        if (colon != std::string_view::npos && colon > 0)
        {
            std::string_view key = t.substr(0, colon);
            std::string_view val = detail::trim_view(t.substr(colon + 1));
            static constexpr std::string_view counter_keys[] = {
                "created", "warnings/errors", "updated/replaced", "ignored", "lines read", "total", "errors"};
            for (std::size_t i = 0; i < std::size(counter_keys); ++i)
            {
                if (key == counter_keys[i] && !in_block_)
                {
                    auto v = detail::parse_u64(val);
                    if (!v)
                        return false;
                    if (!report_.counters)
                        report_.counters.emplace();
                    auto& c = *report_.counters;
                    std::optional<std::uint64_t>* f[] = {&c.created,    &c.errors, &c.updated, &c.ignored,
                                                         &c.lines_read, &c.total,  &c.errors};
                    *f[i] = v;
                    return true;
                }
            }
            if (in_block_ && key.find_first_of("'{[") == std::string_view::npos)
            {
                report_.settings[std::string(key)] = std::string(val);
                return true;
            }
        }
        return detail::sw(t, "# Connected") || detail::sw(t, "Unable to auto-detect");
    }

  private:
    bool in_block_ = false;
    bool in_errors_ = false;
};

/// Parses a whole captured output or log file of arangoimport.
inline arangoimport_report parse_arangoimport_output(std::string_view text)
{
    arangoimport_parser p;
    p.feed_text(text);
    return p.take_report();
}

} // namespace arangokit

#endif
