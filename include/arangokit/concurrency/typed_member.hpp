// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_TYPED_MEMBER_HPP
#define ARANGOKIT_CONCURRENCY_TYPED_MEMBER_HPP

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

namespace arangokit {

class client_group;

/// \brief The handle `client_group::spawn(run)` returns for a typed member: its index and, once it ended,
/// its typed report (for an ArangoDB tool, the `tool_report<Options>` that `arango_tools::async_run` gives).
/// \details The member's `member_result` (outcome, message, `tool`: the tool result, iterations, log) is at
/// `group_result::members[index()]`. Every typed member that ended has a report, also one that never ran
/// (invalid options, a group that had stopped): then the report is empty and the result says why.
///
/// \par Object lifetimes
/// A cheap copyable handle sharing the report with the group; it stays valid after the group is gone.
///
/// \par Thread safety
/// Read it on the group's executor, or after the group's `async_wait` completed.
template <class Report> class typed_member
{
  public:
    using report_type = Report;

    /// A handle of no member: `done()` is false.
    typed_member() = default;

    /// The member's index in the group (`group_result::members[index()]`).
    std::size_t index() const noexcept { return index_; }

    /// True once the member ended: its report is then final.
    bool done() const noexcept { return slot_ && slot_->has_value(); }

    /// \brief The member's typed report.
    /// \details Throws `std::logic_error` while the member has not ended (or for a default-constructed
    /// handle).
    const Report& report() const
    {
        if (!done())
            throw std::logic_error("typed_member::report(): the member has not ended yet");
        return **slot_;
    }
    Report& report()
    {
        if (!done())
            throw std::logic_error("typed_member::report(): the member has not ended yet");
        return **slot_;
    }

  private:
    friend class client_group;
    typed_member(std::size_t index, std::shared_ptr<std::optional<Report>> slot)
        : index_(index), slot_(std::move(slot))
    {
    }

    std::size_t index_ = 0;
    std::shared_ptr<std::optional<Report>> slot_{};
};

} // namespace arangokit

#endif
