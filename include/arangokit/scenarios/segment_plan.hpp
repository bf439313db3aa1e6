// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_SCENARIOS_SEGMENT_PLAN_HPP
#define ARANGOKIT_SCENARIOS_SEGMENT_PLAN_HPP

#include <arangokit/scenarios/database_inventory.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace arangokit {

/// \brief One segment of a parallel dump or restore: the collections one tool process handles.
struct dump_segment
{
    std::vector<std::string> collections{}; ///< sorted by name
    std::uint64_t bytes = 0;                ///< the sum of their `inventory_collection::bytes`
    std::uint64_t documents = 0;            ///< the sum of their document counts
};

/// \brief Collections split across segments so that the bytes are balanced (see `plan_segments`).
struct segment_plan
{
    std::vector<dump_segment> segments{}; ///< never empty ones; at most the requested number
    std::uint64_t total_bytes = 0;

    /// The largest segment's bytes: what bounds the wall time when the tools are I/O-bound.
    std::uint64_t max_bytes() const noexcept
    {
        std::uint64_t m = 0;
        for (const auto& s : segments)
            m = std::max(m, s.bytes);
        return m;
    }
    /// The segment that has `collection`, or `segments.size()` if none has.
    std::size_t segment_of(const std::string& collection) const noexcept
    {
        for (std::size_t i = 0; i < segments.size(); ++i)
            if (std::binary_search(
                    segments[i].collections.begin(), segments[i].collections.end(), collection
                ))
                return i;
        return segments.size();
    }
};

/// \brief Splits the collections `names` of `inv` across at most `n` segments, balancing bytes.
/// \details Sizes are `inventory_collection::bytes` (from the collection figures, or a dump's file sizes);
/// a name the inventory does not list weighs 0. A collection and the collections whose
/// `distributeShardsLike` names it (transitively) form one unit that stays in one segment, so that the one
/// arangorestore that creates them creates the prototype first. Units are placed largest first (ties: by
/// name) onto the segment with the fewest bytes (ties: fewer collections, then the lower index): the
/// greedy longest-processing-time rule, whose largest segment is at most 4/3 of the optimum. Empty
/// segments are dropped, so fewer than `n` come back when there are fewer units. `n == 0` counts as 1.
/// Deterministic: the same inventory, names and `n` give the same plan, whatever the order of `names`.
/// \par Blocking
/// Pure computation, no I/O.
inline segment_plan
plan_segments(const database_inventory& inv, const std::vector<std::string>& names, std::size_t n)
{
    if (n == 0)
        n = 1;
    std::vector<std::string> sorted = names;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());

    // Unit root of each name: follow distributeShardsLike while the prototype is among the names.
    auto root_of = [&](const std::string& name) {
        std::string cur = name;
        for (std::size_t guard = 0; guard < sorted.size(); ++guard)
        {
            const auto* c = inv.find(cur);
            if (!c || c->distribute_shards_like.empty() ||
                !std::binary_search(sorted.begin(), sorted.end(), c->distribute_shards_like))
                break;
            cur = c->distribute_shards_like;
        }
        return cur;
    };
    struct unit
    {
        std::string root;
        std::vector<std::string> members;
        std::uint64_t bytes = 0;
        std::uint64_t documents = 0;
    };
    std::map<std::string, unit> units;
    for (const auto& name : sorted)
    {
        auto& u = units[root_of(name)];
        u.root = root_of(name);
        u.members.push_back(name);
        if (const auto* c = inv.find(name))
        {
            u.bytes += c->bytes;
            u.documents += c->documents;
        }
    }
    std::vector<const unit*> order;
    for (const auto& [root, u] : units)
        order.push_back(&u);
    std::sort(order.begin(), order.end(), [](const unit* a, const unit* b) {
        return a->bytes != b->bytes ? a->bytes > b->bytes : a->root < b->root;
    });

    segment_plan plan;
    plan.segments.resize(std::min(n, std::max<std::size_t>(order.size(), 1)));
    for (const unit* u : order)
    {
        std::size_t best = 0;
        for (std::size_t i = 1; i < plan.segments.size(); ++i)
        {
            const auto& s = plan.segments[i];
            const auto& b = plan.segments[best];
            if (std::tuple(s.bytes, s.collections.size()) < std::tuple(b.bytes, b.collections.size()))
                best = i;
        }
        auto& s = plan.segments[best];
        s.collections.insert(s.collections.end(), u->members.begin(), u->members.end());
        s.bytes += u->bytes;
        s.documents += u->documents;
        plan.total_bytes += u->bytes;
    }
    std::erase_if(plan.segments, [](const dump_segment& s) { return s.collections.empty(); });
    for (auto& s : plan.segments)
        std::sort(s.collections.begin(), s.collections.end());
    return plan;
}

} // namespace arangokit

#endif
