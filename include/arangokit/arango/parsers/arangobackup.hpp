// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_ARANGOBACKUP_HPP
#define ARANGOKIT_ARANGO_PARSERS_ARANGOBACKUP_HPP

#include <arangokit/arango/parsers/common.hpp>

#include <map>

namespace arangokit {

/// One entry of `arangobackup list`.
struct backup_entry
{
    std::string id{};
    std::map<std::string, std::string> details{}; ///< `version`, `date/time`, `size in bytes`, ... as printed
    std::optional<std::uint64_t> size_bytes{};
    std::optional<std::uint64_t> files{};
    std::optional<bool> potentially_inconsistent{};
    std::optional<bool> available{};
};

/// What arangobackup's output says.
struct arangobackup_report : report_base
{
    std::string server_version{};
    std::optional<std::string> created_id{};   ///< `Backup succeeded. Generated identifier '<id>'`
    std::optional<std::uint64_t> total_size{}; ///< `Total size of backup: <bytes>, number of files: <n>`
    std::optional<std::uint64_t> file_count{};
    bool potentially_inconsistent = false; ///< the write-lock warning on create
    bool listed = false;                   ///< a list answer was seen (possibly empty)
    std::vector<backup_entry> backups{};
    std::optional<std::string> restored_id{};
    std::optional<std::string> deleted_id{};
    std::optional<std::string> transfer_status_id{}; ///< upload/download: the id to query progress with
    std::optional<std::string> transfer_status{};    ///< `<server> Status: <status>`
    std::optional<std::string> failed_operation{};   ///< `Error during backup operation '<op>': ...`
    std::optional<std::string> failure_message{};

    /// The operation failed although arangobackup exits 0 in that case.
    bool operation_failed() const noexcept { return failed_operation.has_value(); }
};

/// \brief Line-at-a-time parser of arangobackup output (log lines on topic `{backup}`). Never throws.
class arangobackup_parser : public detail::basic_output_parser<arangobackup_parser, arangobackup_report>
{
  public:
    bool on_message(const log_line&, std::string_view msg)
    {
        std::string_view t = detail::trim_view(msg);
        static const detail::keyed_regex created(
            "Generated identifier '", R"(Generated identifier '([^']+)')"
        );
        static const detail::keyed_regex size(
            "Total size of backup: ", R"(^Total size of backup: ([0-9]+), number of files: ([0-9]+))"
        );
        static const detail::keyed_regex failed(
            "Error during backup operation '", R"(Error during backup operation '([^']*)': ?(.*)$)"
        );
        static const detail::keyed_regex restored(
            "Successfully restored '", R"(^Successfully restored '([^']*)')"
        );
        static const detail::keyed_regex deleted(
            "Successfully deleted '", R"(^Successfully deleted '([^']*)')"
        );
        static const detail::keyed_regex status_id("--status-id=", R"(--status-id=(\S+))");
        static const detail::keyed_regex status("Status: ", R"(Status: (.*)$)");
        std::cmatch m;
        const char* b = t.data();
        const char* e = t.data() + t.size();
        if (t.starts_with("Server version: "))
        {
            report_.server_version = std::string(t.substr(16));
            return true;
        }
        if (created.search(b, e, m))
        {
            report_.created_id = m[1].str();
            return true;
        }
        if (size.search(b, e, m))
        {
            report_.total_size = detail::parse_u64(m[1].str());
            report_.file_count = detail::parse_u64(m[2].str());
            return true;
        }
        if (failed.search(b, e, m))
        {
            report_.failed_operation = m[1].str();
            report_.failure_message = m[2].str();
            this->keep(report_.errors, t);
            return true;
        }
        if (t.starts_with("Failed to get write lock"))
        {
            report_.potentially_inconsistent = true;
            this->keep(report_.warnings, t);
            return true;
        }
        if (t.starts_with("There are no backups available"))
        {
            report_.listed = true;
            return true;
        }
        if (t.starts_with("The following backups are available"))
        {
            report_.listed = true;
            in_list_ = true;
            return true;
        }
        if (in_list_ && t.starts_with("- "))
        {
            backup_entry be;
            be.id = std::string(detail::trim_view(t.substr(2)));
            report_.backups.push_back(std::move(be));
            return true;
        }
        if (in_list_ && !report_.backups.empty())
        {
            auto colon = t.find(':');
            if (colon != std::string_view::npos && colon + 1 < t.size() && t[colon + 1] == ' ' &&
                t.substr(0, colon).find_first_of("'[") == std::string_view::npos)
            {
                auto& be = report_.backups.back();
                std::string key(t.substr(0, colon));
                std::string val(detail::trim_view(t.substr(colon + 1)));
                be.details[key] = val;
                if (key == "size in bytes")
                    be.size_bytes = detail::parse_u64(val);
                else if (key == "number of files")
                    be.files = detail::parse_u64(val);
                else if (key == "potentiallyInconsistent")
                    be.potentially_inconsistent = val == "true";
                else if (key == "available")
                    be.available = val == "true";
                return true;
            }
        }
        if (restored.search(b, e, m))
        {
            report_.restored_id = m[1].str();
            return true;
        }
        if (deleted.search(b, e, m))
        {
            report_.deleted_id = m[1].str();
            return true;
        }
        if (status_id.search(b, e, m))
        {
            report_.transfer_status_id = m[1].str();
            return true;
        }
        if (status.search(b, e, m))
        {
            report_.transfer_status = m[1].str();
            return true;
        }
        if (t.starts_with("Server failed to respond"))
        {
            this->keep(report_.errors, t);
            return true;
        }
        return t.starts_with("Backup initiated") || t.starts_with("to query progress") ||
               t.starts_with("Waiting for server to restart") || t.starts_with("...server back up") ||
               t.starts_with("Last progress update") || t.starts_with("aborting transfer");
    }

  private:
    bool in_list_ = false;
};

/// Parses a whole captured output or log file of arangobackup.
inline arangobackup_report parse_arangobackup_output(std::string_view text)
{
    arangobackup_parser p;
    p.feed_text(text);
    return p.take_report();
}

} // namespace arangokit

#endif
