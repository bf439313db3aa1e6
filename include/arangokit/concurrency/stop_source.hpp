// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_STOP_SOURCE_HPP
#define ARANGOKIT_CONCURRENCY_STOP_SOURCE_HPP

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief Why a stop was requested. Every stop source of a group ends in one of these.
enum class stop_cause
{
    none,          ///< no stop was requested
    requested,     ///< an explicit `request_stop()`
    member_failed, ///< a critical member failed and the policy is `stop_on_failure`
    deadline,      ///< the group's deadline (the earliest of its own, its parent's and the runner's) passed
    cancelled,     ///< the operation awaiting the group was cancelled (terminal cancellation)
    signal,        ///< the program received SIGINT or SIGTERM (`group_options::stop_on_signals`)
    parent,        ///< the enclosing group (or stop source) stopped
    join_timeout,  ///< `async_join_for` ran out of time with members still running
    forced,        ///< `async_force_join`: SIGKILL now
};

inline const char* to_string(stop_cause c) noexcept
{
    switch (c)
    {
    case stop_cause::none:
        return "none";
    case stop_cause::requested:
        return "stop requested";
    case stop_cause::member_failed:
        return "a member failed";
    case stop_cause::deadline:
        return "deadline";
    case stop_cause::cancelled:
        return "cancelled";
    case stop_cause::signal:
        return "signal";
    case stop_cause::parent:
        return "parent stopped";
    case stop_cause::join_timeout:
        return "join timeout";
    case stop_cause::forced:
        return "forced join";
    }
    return "?";
}
inline std::ostream& operator<<(std::ostream& os, stop_cause c)
{
    return os << to_string(c);
}

/// \brief A one-shot, hierarchical stop signal (tokio's `CancellationToken`, P2300's `inplace_stop_source`).
/// \details Copies share the same state. `request_stop` runs every registered callback once, in registration
/// order, then stops every child source (with cause `parent`); later requests are ignored, so the first cause
/// wins. A child made after the parent stopped starts stopped. Callbacks registered after the stop run at
/// once.
///
/// \par Thread safety
/// None: use a stop source only on the executor (one thread or strand) of the groups that share it.
class stop_source
{
    struct state
    {
        stop_cause cause = stop_cause::none;
        std::string detail{};
        std::uint64_t next_id = 1;
        std::vector<std::pair<std::uint64_t, std::function<void(stop_cause)>>> callbacks{};
        std::vector<std::weak_ptr<state>> children{};
    };

  public:
    /// A registration; destroying it (or calling reset) removes the callback.
    class registration
    {
      public:
        registration() = default;
        registration(std::weak_ptr<state> s, std::uint64_t id) : s_(std::move(s)), id_(id) {}
        registration(registration&& o) noexcept : s_(std::move(o.s_)), id_(std::exchange(o.id_, 0)) {}
        registration& operator=(registration&& o) noexcept
        {
            if (this != &o)
            {
                reset();
                s_ = std::move(o.s_);
                id_ = std::exchange(o.id_, 0);
            }
            return *this;
        }
        registration(const registration&) = delete;
        registration& operator=(const registration&) = delete;
        ~registration() { reset(); }
        void reset()
        {
            if (auto s = s_.lock(); s && id_)
                std::erase_if(s->callbacks, [this](const auto& p) { return p.first == id_; });
            s_.reset();
            id_ = 0;
        }

      private:
        std::weak_ptr<state> s_{};
        std::uint64_t id_ = 0;
    };

    stop_source() : s_(std::make_shared<state>()) {}

    /// A new source that stops when this one does (but not the other way round).
    stop_source make_child() const
    {
        stop_source c;
        if (s_->cause != stop_cause::none)
        {
            c.s_->cause = stop_cause::parent;
            c.s_->detail = s_->detail;
        }
        else
        {
            std::erase_if(s_->children, [](const auto& w) { return w.expired(); });
            s_->children.push_back(c.s_);
        }
        return c;
    }

    /// Requests the stop; returns false if a stop had already been requested (the first cause is kept).
    bool request_stop(stop_cause why = stop_cause::requested, std::string detail = {})
    {
        return fire(s_, why, std::move(detail));
    }

    bool stop_requested() const noexcept { return s_->cause != stop_cause::none; }
    stop_cause cause() const noexcept { return s_->cause; }
    /// Free text about the cause (e.g. which member failed, which signal arrived).
    const std::string& detail() const noexcept { return s_->detail; }

    /// Runs `f(cause)` when the stop is requested (at once if it already was). Keep the registration alive.
    [[nodiscard]] registration on_stop(std::function<void(stop_cause)> f)
    {
        if (s_->cause != stop_cause::none)
        {
            f(s_->cause);
            return {};
        }
        std::uint64_t id = s_->next_id++;
        s_->callbacks.emplace_back(id, std::move(f));
        return registration(s_, id);
    }

    friend bool operator==(const stop_source& a, const stop_source& b) noexcept { return a.s_ == b.s_; }

  private:
    static bool fire(const std::shared_ptr<state>& s, stop_cause why, std::string detail)
    {
        if (s->cause != stop_cause::none)
            return false;
        s->cause = why;
        s->detail = std::move(detail);
        // Callbacks may register or drop others: run from a snapshot, skipping those removed meanwhile.
        auto cbs = s->callbacks;
        for (auto& [id, f] : cbs)
        {
            bool still = std::any_of(s->callbacks.begin(), s->callbacks.end(), [id = id](const auto& p) {
                return p.first == id;
            });
            if (still && f)
                f(why);
        }
        auto kids = std::move(s->children);
        s->children.clear();
        for (auto& w : kids)
            if (auto k = w.lock())
                fire(k, stop_cause::parent, s->detail);
        return true;
    }

    std::shared_ptr<state> s_;
};

} // namespace arangokit

#endif
