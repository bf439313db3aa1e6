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
    std::optional<std::string> operation{};    ///< create, restore, delete, list, upload or download
    std::optional<std::string> created_id{};   ///< `Backup succeeded. Generated identifier '<id>'`
    std::optional<std::uint64_t> total_size{}; ///< `Total size of backup: <bytes>, number of files: <n>`
    std::optional<std::uint64_t> file_count{};
    bool potentially_inconsistent = false; ///< the write-lock warning on create
    bool listed = false;                   ///< a list answer was seen (possibly empty)
    std::vector<backup_entry> backups{};
    std::optional<std::string> restored_id{};
    std::optional<std::string> deleted_id{};
    std::optional<std::string> transfer_status_id{}; ///< upload/download: the id to query progress with
    std::optional<std::string> transfer_status{};    ///< `<server> Status: <status>` (the last one)
    std::map<std::string, std::string>
        server_statuses{};                      ///< per server: `SNGL` (single), `PRMR-…` (DB servers)
    std::optional<std::string> server_role{};   ///< `SNGL`, `PRMR`: the role part of the server name
    std::optional<std::string> progress_time{}; ///< `Last progress update <time>: N/M files done`
    std::optional<std::uint64_t> files_done{};
    std::optional<std::uint64_t> files_total{};
    std::optional<long> transfer_error{};                ///< status query: ERROR `Error: <n>`
    std::optional<std::string> transfer_error_message{}; ///< status query: ERROR `ErrorMessage: <m>`
    std::optional<std::string> failed_operation{};       ///< `Error during backup operation '<op>': ...`
    std::optional<std::string> failure_message{};

    /// The operation failed although arangobackup exits 0 in that case.
    bool operation_failed() const noexcept { return failed_operation.has_value(); }
};

/// \brief Line-at-a-time parser of arangobackup output (log lines on topic `{backup}`). Never throws.
class arangobackup_parser : public detail::basic_output_parser<arangobackup_parser, arangobackup_report>
{
  public:
    bool on_message(const detail::log_view& l, std::string_view msg)
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
        if (created.search(b, e, m))
        {
            report_.created_id = m[1].str();
            report_.operation = "create";
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
            report_.operation = m[1].str();
            report_.failure_message = m[2].str();
            this->note_error(l, t);
            return true;
        }
        if (detail::sw(t, "Failed to get write lock"))
        {
            report_.potentially_inconsistent = true;
            this->note_warning(l, t);
            return true;
        }
        if (detail::sw(t, "There are no backups available"))
        {
            report_.listed = true;
            report_.operation = "list";
            return true;
        }
        if (detail::sw(t, "The following backups are available"))
        {
            report_.listed = true;
            report_.operation = "list";
            in_list_ = true;
            return true;
        }
        if (in_list_ && detail::sw(t, "- "))
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
            report_.operation = "restore";
            return true;
        }
        if (deleted.search(b, e, m))
        {
            report_.deleted_id = m[1].str();
            report_.operation = "delete";
            return true;
        }
        if (status_id.search(b, e, m))
        {
            report_.transfer_status_id = m[1].str();
            if (detail::sw(t, "arangobackup upload"))
                report_.operation = "upload";
            else if (detail::sw(t, "arangobackup download"))
                report_.operation = "download";
            return true;
        }
        if (status.search(b, e, m))
        {
            report_.transfer_status = m[1].str();
            auto server = detail::trim_view(t.substr(0, static_cast<std::size_t>(m[0].first - b)));
            if (!server.empty() && server.find(' ') == std::string_view::npos)
            {
                report_.server_statuses[std::string(server)] = m[1].str();
                report_.server_role = std::string(server.substr(0, server.find('-')));
            }
            return true;
        }
        if (detail::sw(t, "Last progress update "))
        {
            // `Last progress update 2019-05-15T14:20:15Z: 5/10 files done`: the time has colons too.
            auto sep = t.rfind(": ");
            if (sep != std::string_view::npos && sep > 21)
            {
                report_.progress_time = std::string(t.substr(21, sep - 21));
                std::string_view n = t.substr(sep + 2);
                auto slash = n.find('/');
                auto sp = n.find(' ');
                if (slash != std::string_view::npos && sp != std::string_view::npos && slash < sp)
                {
                    report_.files_done = detail::parse_u64(n.substr(0, slash));
                    report_.files_total = detail::parse_u64(n.substr(slash + 1, sp - slash - 1));
                }
            }
            return true;
        }
        if (detail::sw(t, "Error: ") && l.is_error())
        {
            std::size_t end = 0;
            if (auto v = detail::dg_number_at(t, 7, &end))
                report_.transfer_error = *v;
            return true;
        }
        if (detail::sw(t, "ErrorMessage: "))
        {
            report_.transfer_error_message = std::string(t.substr(14));
            return true;
        }
        if (detail::sw(t, "Server failed to respond"))
        {
            this->note_error(l, t);
            return true;
        }
        return detail::sw(t, "Backup initiated") || detail::sw(t, "to query progress") ||
               detail::sw(t, "Waiting for server to restart") || detail::sw(t, "...server back up") ||
               detail::sw(t, "aborting transfer");
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
