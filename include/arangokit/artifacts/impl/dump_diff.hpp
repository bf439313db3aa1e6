// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Bodies of artifacts/dump_diff.hpp.
#ifndef ARANGOKIT_ARTIFACTS_IMPL_DUMP_DIFF_HPP
#define ARANGOKIT_ARTIFACTS_IMPL_DUMP_DIFF_HPP

#include <arangokit/artifacts/detail/dump_compare.hpp>
#include <arangokit/artifacts/dump_diff.hpp>

namespace arangokit {

dump_diff compare_dumps(
    const std::filesystem::path& left,
    const std::filesystem::path& right,
    const dump_compare_options& opts,
    error_code& ec,
    artifact_diagnostics& diag
)
{
    ec.clear();
    diag.clear();
    dump_diff diff;
    std::optional<detail::diff_context> ctx;
    if (opts.memory_budget != 0)
        ctx.emplace(opts.temp_directory);
    struct report_stats
    {
        const dump_compare_options& o;
        std::optional<detail::diff_context>& c;
        ~report_stats()
        {
            if (!o.stats || !c)
                return;
            *o.stats = dump_diff_stats{};
            o.stats->documents_read = c->records;
            o.stats->spilled_bytes = c->dir.bytes_written;
            o.stats->partitions = c->dir.partitions;
            o.stats->max_depth = c->dir.max_depth;
            o.stats->peak_working_bytes = c->meter.peak;
            o.stats->spill_directory = c->dir.created;
            c->dir.remove();
        }
    } report{opts, ctx};
    detail::diff_context* cp = ctx ? &*ctx : nullptr;
    dump_read_options lo = opts.left, ro = opts.right;
    lo.count_documents = ro.count_documents = false;
    auto lm = read_dump(left, lo, ec, diag);
    if (ec)
        return diff;
    auto rm = read_dump(right, ro, ec, diag);
    if (ec)
        return diff;
    if (!lm.all_databases && !rm.all_databases)
    {
        detail::compare_databases(lm.databases.front(), rm.databases.front(), opts, cp, diff, ec, diag);
        return diff;
    }
    for (const auto& d : lm.databases)
        if (!rm.find_database(d.name))
            diff.databases_removed.push_back(d.name);
    for (const auto& d : rm.databases)
        if (!lm.find_database(d.name))
            diff.databases_added.push_back(d.name);
    for (const auto& ld : lm.databases)
        if (const dump_database* rd = rm.find_database(ld.name))
            if (!detail::compare_databases(ld, *rd, opts, cp, diff, ec, diag))
                return diff;
    return diff;
}

dump_diff compare_dumps(
    const std::filesystem::path& left, const std::filesystem::path& right, const dump_compare_options& opts
)
{
    error_code ec;
    artifact_diagnostics diag;
    auto d = compare_dumps(left, right, opts, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return d;
}

} // namespace arangokit

#endif
