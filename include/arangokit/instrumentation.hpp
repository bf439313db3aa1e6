// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_INSTRUMENTATION_HPP
#define ARANGOKIT_INSTRUMENTATION_HPP

// Vocabulary shared by two sibling layers: arango/ (an instance describes how its binaries were built) and
// instrumentation/ (sanitizer set-up from those flags). Neither may include the other, so it lives here.

#include <optional>

namespace arangokit {

/// \brief How the ArangoDB binaries under test were built; slows everything down.
struct instrumentation
{
    bool asan = false;
    bool ubsan = false;
    bool lsan = false;
    bool tsan = false;
    bool coverage = false;
    std::optional<double> timeout_factor_override{}; ///< ARANGOKIT_TIMEOUT_FACTOR

    bool sanitizers() const noexcept { return asan || ubsan || lsan || tsan; }
    bool instrumented() const noexcept { return sanitizers() || coverage; }

    /// \brief The factor tool timeouts are multiplied by.
    /// \details The original harness keys this on one flag, `options.isInstrumented` (sanitizer or coverage
    /// builds): its client-side check timeout goes 60 s -> 120 s and its makedata runs 15 min -> 26 min, so 2
    /// is used here for any instrumented build (1 otherwise). Its in-test wait loops use x7 (80 -> 560 s);
    /// that factor is `wait_factor()`. An explicit override wins.
    double timeout_factor() const noexcept
    {
        if (timeout_factor_override && *timeout_factor_override > 0)
            return *timeout_factor_override;
        return instrumented() ? 2.0 : 1.0;
    }
    /// The factor for polling waits in tests (x7 in the original harness for instrumented builds).
    double wait_factor() const noexcept { return instrumented() ? 7.0 : 1.0; }
};

} // namespace arangokit

#endif
