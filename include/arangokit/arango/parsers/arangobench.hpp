// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_ARANGOBENCH_HPP
#define ARANGOKIT_ARANGO_PARSERS_ARANGOBENCH_HPP

#include <arangokit/arango/parsers/common.hpp>

#include <map>

namespace arangokit {

/// One result block of the arangobench report (times in seconds).
struct bench_result_block
{
    std::string which{};                    ///< "single", "fastest", "slowest" or "median"
    std::optional<double> total_duration{}; ///< sum of all threads
    std::optional<double> duration_per_thread{};
    std::optional<double> time_per_operation{};
    std::optional<double> time_per_operation_per_thread{};
    std::optional<double> operations_per_second{};
    std::optional<double> elapsed{};
};

/// The optional `Interval/Percentile:` histogram: one row per thread.
struct bench_histogram
{
    std::vector<double> percentiles{}; ///< column labels (50, 80, ... 99.99)
    struct row
    {
        double interval_ms = 0;
        std::vector<double> values_ms{};
    };
    std::vector<row> rows;
};

/// What arangobench's output says.
struct arangobench_report : report_base
{
    std::string test_case{}; ///< from `Test case:` (or `Running test case '...'`)
    std::optional<std::uint64_t> complexity{};
    std::string database{};
    std::string collection{};
    std::optional<std::uint64_t> total_operations{};
    std::optional<std::uint64_t> runs{}; ///< absent in pre-3.6 reports
    std::optional<unsigned> concurrency{};
    std::map<std::string, std::string> parameters{}; ///< every `key: value` of the `Total number...` line
    std::vector<bench_result_block> results{};
    std::optional<double> min_ms, avg_ms, max_ms;
    std::optional<bench_histogram> histogram{};
    bool failures = false;                          ///< `At least one of the runs produced failures!`
    std::optional<std::uint64_t> failed_requests{}; ///< `<n> arangobench request(s) failed!`
    std::optional<std::uint64_t> incomplete_results{};

    /// The block to quote: the median with several runs, else the single one.
    const bench_result_block* main_result() const noexcept
    {
        for (const auto& b : results)
            if (b.which == "median")
                return &b;
        return results.empty() ? nullptr : &results.back();
    }
};

/// \brief Line-at-a-time parser of arangobench output. Never throws.
class arangobench_parser : public detail::basic_output_parser<arangobench_parser, arangobench_report>
{
  public:
    bool on_message(const detail::log_view& l, std::string_view msg)
    {
        std::string_view t = detail::trim_view(msg);
        if (t.empty())
        {
            in_hist_ = false;
            return true;
        }
        if (detail::sw(t, "Interval/Percentile:"))
        {
            bench_histogram h;
            for (auto tok : tokens(t.substr(20)))
            {
                if (!tok.empty() && tok.back() == '%')
                    tok.remove_suffix(1);
                if (auto d = detail::parse_double(tok))
                    h.percentiles.push_back(*d);
            }
            report_.histogram = std::move(h);
            in_hist_ = true;
            return true;
        }
        if (in_hist_ && report_.histogram)
        {
            std::vector<double> nums;
            bool all = true;
            for (auto tok : tokens(t))
            {
                if (tok.ends_with("ms"))
                    tok.remove_suffix(2);
                if (auto d = detail::parse_double(tok))
                    nums.push_back(*d);
                else
                    all = false;
            }
            if (all && nums.size() >= 2)
            {
                bench_histogram::row r;
                r.interval_ms = nums.front();
                r.values_ms.assign(nums.begin() + 1, nums.end());
                report_.histogram->rows.push_back(std::move(r));
                return true;
            }
            in_hist_ = false;
        }
        if (detail::sw(t, "Total number of operations:"))
        {
            for (auto& [k, v] : pairs(t))
            {
                report_.parameters[k] = v;
                if (k == "Total number of operations")
                    report_.total_operations = detail::parse_u64(v);
                else if (k == "runs")
                    report_.runs = detail::parse_u64(v);
                else if (detail::sw(k, "concurrency level"))
                    report_.concurrency = static_cast<unsigned>(detail::parse_u64(v).value_or(0));
            }
            return true;
        }
        if (detail::sw(t, "Test case:"))
        {
            for (auto& [k, v] : pairs(t))
            {
                std::string val = v;
                if (val.size() >= 2 && val.front() == '\'' && val.back() == '\'')
                    val = val.substr(1, val.size() - 2);
                if (k == "Test case")
                    report_.test_case = val;
                else if (k == "complexity")
                    report_.complexity = detail::parse_u64(val);
                else if (k == "database")
                    report_.database = val;
                else if (k == "collection")
                    report_.collection = val;
            }
            return true;
        }
        static const detail::keyed_regex running("Running test case '", R"(^Running test case '([^']*)')");
        static const detail::keyed_regex printing(
            "Printing ", R"(^Printing (fastest|slowest|median) result)"
        );
        static const detail::keyed_regex req_time(
            " request time: ", R"(^(Min|Avg|Max) request time: ([0-9.eE+-]+) ?ms)"
        );
        static const detail::keyed_regex failed(
            " arangobench request",
            R"(^([0-9]+) arangobench requests?(?:\(s\))? (failed|with incomplete results))"
        );
        std::cmatch m;
        const char* b = t.data();
        const char* e = t.data() + t.size();
        if (running.search(b, e, m))
        {
            if (report_.test_case.empty())
                report_.test_case = m[1].str();
            return true;
        }
        if (printing.search(b, e, m))
        {
            pending_ = m[1].str();
            return true;
        }
        if (t.find_first_not_of('=') == std::string_view::npos)
            return true;
        if (req_time.search(b, e, m))
        {
            auto v = detail::parse_double(m[2].str());
            (m[1].str() == "Min"   ? report_.min_ms
             : m[1].str() == "Avg" ? report_.avg_ms
                                   : report_.max_ms) = v;
            return true;
        }
        if (failed.search(b, e, m))
        {
            (m[2].str() == "failed" ? report_.failed_requests : report_.incomplete_results) =
                detail::parse_u64(m[1].str());
            this->note_warning(l, t);
            return true;
        }
        if (detail::sw(t, "At least one of the runs produced failures"))
        {
            report_.failures = true;
            this->note_error(l, t);
            return true;
        }
        static constexpr std::string_view block_keys[] = {
            "Total request/response duration (sum of all threads):",
            "Request/response duration (per thread):",
            "Time needed per operation:",
            "Time needed per operation per thread:",
            "Operations per second rate:",
            "Elapsed time since start:"};
        for (std::size_t i = 0; i < std::size(block_keys); ++i)
        {
            if (!t.starts_with(block_keys[i]))
                continue;
            std::string_view v = detail::trim_view(t.substr(block_keys[i].size()));
            if (v.ends_with(" s"))
                v.remove_suffix(2);
            if (i == 0 || report_.results.empty())
            {
                bench_result_block blk;
                blk.which = pending_.empty() ? "single" : pending_;
                report_.results.push_back(std::move(blk));
                pending_.clear();
            }
            auto& blk = report_.results.back();
            std::optional<double>* f[] = {&blk.total_duration,        &blk.duration_per_thread,
                                          &blk.time_per_operation,    &blk.time_per_operation_per_thread,
                                          &blk.operations_per_second, &blk.elapsed};
            *f[i] = detail::parse_double(v);
            return true;
        }
        return detail::sw(t, "starting threads") || detail::sw(t, "executing tests") ||
               detail::sw(t, "sleeping (startup delay)") || detail::sw(t, "Database '") ||
               detail::sw(t, "Creating database") || detail::sw(t, "Started ") ||
               detail::sw(t, "Shutting down");
    }

  private:
    static std::vector<std::string_view> tokens(std::string_view s)
    {
        std::vector<std::string_view> out;
        std::size_t i = 0;
        while (i < s.size())
        {
            while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
                ++i;
            std::size_t j = i;
            while (j < s.size() && s[j] != ' ' && s[j] != '\t')
                ++j;
            if (j > i)
                out.push_back(s.substr(i, j - i));
            i = j;
        }
        return out;
    }
    // `a: 1, b: yes, c (x): 2` -> pairs; values never contain ", " in these two lines.
    static std::vector<std::pair<std::string, std::string>> pairs(std::string_view s)
    {
        std::vector<std::pair<std::string, std::string>> out;
        while (!s.empty())
        {
            auto comma = s.find(", ");
            std::string_view part = s.substr(0, comma);
            auto colon = part.find(": ");
            if (colon != std::string_view::npos)
                out.emplace_back(
                    std::string(detail::trim_view(part.substr(0, colon))),
                    std::string(detail::trim_view(part.substr(colon + 2)))
                );
            if (comma == std::string_view::npos)
                break;
            s.remove_prefix(comma + 2);
        }
        return out;
    }

    bool in_hist_ = false;
    std::string pending_;
};

/// Parses a whole captured output or log file of arangobench.
inline arangobench_report parse_arangobench_output(std::string_view text)
{
    arangobench_parser p;
    p.feed_text(text);
    return p.take_report();
}

} // namespace arangokit

#endif
