// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_STOP_POLICY_HPP
#define ARANGOKIT_STOP_POLICY_HPP

#include <chrono>

namespace arangokit {

/// \brief The graded stop: SIGINT, wait `interrupt_grace`, SIGTERM, wait `terminate_grace`, SIGKILL.
/// \details Signals go to the child's whole process group. A grace of zero skips that step's wait; with
/// both graces zero the stop is an immediate SIGKILL. `send_interrupt = false` starts at SIGTERM.
/// The defaults follow ArangoDB's tools, which flush and exit cleanly on SIGINT within a second or two.
struct stop_policy
{
    std::chrono::milliseconds interrupt_grace{2000};
    std::chrono::milliseconds terminate_grace{2000};
    bool send_interrupt = true;

    /// Immediate SIGKILL.
    static constexpr stop_policy kill_now()
    {
        return {std::chrono::milliseconds(0), std::chrono::milliseconds(0), false};
    }
    /// SIGTERM, then SIGKILL after `grace` (Trio's default shape).
    static constexpr stop_policy terminate_then_kill(std::chrono::milliseconds grace)
    {
        return {std::chrono::milliseconds(0), grace, false};
    }
    friend bool operator==(const stop_policy&, const stop_policy&) = default;
};

} // namespace arangokit

#endif
