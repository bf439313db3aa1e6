// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_DETAIL_SHARD_SYNC_HPP
#define ARANGOKIT_ARANGO_HTTP_DETAIL_SHARD_SYNC_HPP

#include <boost/json/value.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace arangokit::detail {

inline std::vector<std::string> shard_servers(const boost::json::value& v)
{
    std::vector<std::string> out;
    if (!v.is_object())
        return out;
    const auto& o = v.get_object();
    if (auto l = o.find("leader"); l != o.end() && l->value().is_string())
        out.emplace_back(l->value().get_string());
    if (auto f = o.find("followers"); f != o.end() && f->value().is_array())
    {
        std::vector<std::string> fol;
        for (const auto& x : f->value().get_array())
            if (x.is_string())
                fol.emplace_back(x.get_string());
        std::sort(fol.begin(), fol.end());
        out.insert(out.end(), fol.begin(), fol.end());
    }
    return out;
}

// `results` of /_admin/cluster/shardDistribution: in sync when every planned shard is current with the same
// leader and the same set of followers. `why` gets the first shard that is not.
inline bool shards_in_sync(const boost::json::value& results, std::string* why = nullptr)
{
    if (!results.is_object())
    {
        if (why)
            *why = "shardDistribution has no results object";
        return false;
    }
    for (const auto& [coll, dist] : results.get_object())
    {
        if (!dist.is_object())
            continue;
        const auto& d = dist.get_object();
        auto plan = d.find("Plan");
        if (plan == d.end() || !plan->value().is_object())
            continue;
        auto cur = d.find("Current");
        for (const auto& [shard, planned] : plan->value().get_object())
        {
            const boost::json::value* current = nullptr;
            if (cur != d.end() && cur->value().is_object())
                if (auto c = cur->value().get_object().find(shard); c != cur->value().get_object().end())
                    current = &c->value();
            if (!current || shard_servers(*current) != shard_servers(planned))
            {
                if (why)
                    *why = "shard " + std::string(shard) + " of collection " + std::string(coll) +
                           " is not in sync";
                return false;
            }
        }
    }
    return true;
}

} // namespace arangokit::detail

#endif
