// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_GROUP_EVENT_HPP
#define ARANGOKIT_CONCURRENCY_GROUP_EVENT_HPP

#include <arangokit/concurrency/group_result.hpp>
#include <arangokit/concurrency/stop_source.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace arangokit {

/// \brief A point-in-time view of a group, cheap to take at any moment (`client_group::snapshot()`).
struct group_snapshot
{
    struct member
    {
        std::size_t index = 0;
        std::string label{};
        member_outcome state = member_outcome::pending;
        std::uint64_t iterations = 0;
        int pid = 0; ///< for running tool members
    };
    std::size_t total = 0;
    std::size_t pending = 0;
    std::size_t running = 0;
    std::size_t succeeded = 0;
    std::size_t failed = 0;   ///< critical failures
    std::size_t degraded = 0; ///< non-critical failures
    std::size_t stopped = 0;
    std::uint64_t iterations = 0;
    stop_cause stop_reason = stop_cause::none;
    std::vector<member> members{};
};

/// What changed in a group.
enum class group_event_kind
{
    member_started,  ///< a member began running (a tool: spawned)
    member_finished, ///< a member ended; `outcome` says how
    iterations,      ///< a member reported iterations
    stop_requested,  ///< the group began stopping; `cause` says why
    finished,        ///< every member ended and every child was reaped
};

inline const char* to_string(group_event_kind k) noexcept
{
    switch (k)
    {
    case group_event_kind::member_started:
        return "member_started";
    case group_event_kind::member_finished:
        return "member_finished";
    case group_event_kind::iterations:
        return "iterations";
    case group_event_kind::stop_requested:
        return "stop_requested";
    case group_event_kind::finished:
        return "finished";
    }
    return "?";
}

/// \brief One change, delivered to `group_options::on_event` on the group's executor.
struct group_event
{
    group_event_kind kind = group_event_kind::member_started;
    std::string group{};   ///< the group's name
    std::size_t index = 0; ///< the member (not meaningful for stop_requested / finished)
    std::string label{};
    member_outcome outcome = member_outcome::pending; ///< for member_finished
    std::uint64_t iterations = 0;        ///< the member's count (iterations), or the group's total (finished)
    stop_cause cause = stop_cause::none; ///< for stop_requested
    std::size_t running = 0;             ///< members running after this change
    std::size_t done = 0;                ///< members ended after this change
};

} // namespace arangokit

#endif
