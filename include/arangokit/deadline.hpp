// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DEADLINE_HPP
#define ARANGOKIT_DEADLINE_HPP

#include <algorithm>
#include <chrono>
#include <optional>
#include <ostream>

namespace arangokit {

/// \brief A point in time after which work must stop, or "none".
/// \details A value type over `steady_clock`. The effective deadline of a run is the earliest of the
/// runner's global deadline, the run's own timeout and any enclosing group deadline: `earliest(a, b)`.
/// This is ArangoDB's `correctTimeoutToExecutionDeadline`, made a type.
class deadline
{
  public:
    using clock = std::chrono::steady_clock;

    /// No deadline.
    constexpr deadline() noexcept = default;
    static constexpr deadline none() noexcept { return {}; }
    static deadline at(clock::time_point tp) noexcept { return deadline(tp); }
    template <class Rep, class Period> static deadline after(std::chrono::duration<Rep, Period> d) noexcept
    {
        return deadline(clock::now() + std::chrono::duration_cast<clock::duration>(d));
    }
    /// `after(d)` when `d` is set, else none.
    template <class Rep, class Period>
    static deadline after(const std::optional<std::chrono::duration<Rep, Period>>& d) noexcept
    {
        return d ? after(*d) : none();
    }

    bool is_none() const noexcept { return !tp_.has_value(); }
    explicit operator bool() const noexcept { return tp_.has_value(); }
    /// The time point; `clock::time_point::max()` for none.
    clock::time_point time() const noexcept { return tp_.value_or(clock::time_point::max()); }
    /// Time left (zero when passed); `clock::duration::max()` for none.
    clock::duration remaining() const noexcept
    {
        if (!tp_)
            return clock::duration::max();
        auto now = clock::now();
        return *tp_ > now ? *tp_ - now : clock::duration::zero();
    }
    bool expired() const noexcept { return tp_ && clock::now() >= *tp_; }

    /// Clamp a duration to what is left: `min(d, remaining())`.
    clock::duration clamp(clock::duration d) const noexcept { return std::min(d, remaining()); }

    /// The earlier of two deadlines (none counts as infinitely late).
    friend deadline earliest(const deadline& a, const deadline& b) noexcept
    {
        if (a.is_none())
            return b;
        if (b.is_none())
            return a;
        return *a.tp_ <= *b.tp_ ? a : b;
    }
    friend bool operator==(const deadline&, const deadline&) = default;

    /// Scale the remaining time by `factor` (instrumented builds run slower), keeping none as none.
    deadline scaled(double factor) const noexcept
    {
        if (!tp_)
            return {};
        auto left = remaining();
        return deadline(clock::now() + std::chrono::duration_cast<clock::duration>(left * factor));
    }

    /// Prints "none" or the time left in milliseconds.
    friend std::ostream& operator<<(std::ostream& os, const deadline& d)
    {
        if (d.is_none())
            return os << "none";
        return os << std::chrono::duration_cast<std::chrono::milliseconds>(d.remaining()).count()
                  << " ms left";
    }

  private:
    explicit deadline(clock::time_point tp) noexcept : tp_(tp) {}
    std::optional<clock::time_point> tp_;
};

} // namespace arangokit

#endif
