// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_INSTRUMENTATION_LAUNCH_PREFIX_HPP
#define ARANGOKIT_INSTRUMENTATION_LAUNCH_PREFIX_HPP

#include <arangokit/process/command.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace arangokit {

/// \brief A program put in front of a tool for debugging or profiling, with the slowdown it causes.
/// \details The tool's argv is appended to `argv` (the process core does that: `command::launch_prefix`), and
/// the tool's timeout is multiplied by `timeout_factor`. The factories use the usual invocations; the factors
/// are arangokit's estimates (the original harness scales only for valgrind and instrumented builds), so set
/// your own when you know better. Output files go to `dir` with the tool's label in their name; `%p` is
/// expanded by valgrind itself.
struct launch_prefix
{
    std::vector<std::string> argv{}; ///< program (name or path) and its arguments
    double timeout_factor = 1.0;

    bool empty() const noexcept { return argv.empty(); }

    /// `valgrind --log-file=<dir>/valgrind.<label>.%p.log --error-exitcode=1 [extra...]` (x20).
    static launch_prefix
    valgrind(const std::filesystem::path& dir, const std::string& label, std::vector<std::string> extra = {})
    {
        launch_prefix p{
            {"valgrind", "--log-file=" + (dir / ("valgrind." + label + ".%p.log")).string(),
             "--error-exitcode=1"},
            20.0};
        p.argv.insert(p.argv.end(), extra.begin(), extra.end());
        return p;
    }
    /// `perf record -g -o <dir>/perf.<label>.data --` (x1.5).
    static launch_prefix perf_record(const std::filesystem::path& dir, const std::string& label)
    {
        return {{"perf", "record", "-g", "-o", (dir / ("perf." + label + ".data")).string(), "--"}, 1.5};
    }
    /// `rr record -o <dir>/rr.<label>` (x3).
    static launch_prefix rr_record(const std::filesystem::path& dir, const std::string& label)
    {
        return {{"rr", "record", "-o", (dir / ("rr." + label)).string()}, 3.0};
    }
    /// `gdb -batch -nx -ex run -ex "thread apply all bt" --args`: runs the tool and prints a backtrace of
    /// every thread if it stops on a signal (x2).
    static launch_prefix gdb_batch()
    {
        return {
            {"gdb", "-batch", "-nx", "-ex", "set pagination off", "-ex", "run", "-ex", "thread apply all bt",
             "--args"},
            2.0};
    }

    /// Sets the command's prefix and scales its timeout (a command without a timeout keeps none; the
    /// runner's global deadline still applies).
    void apply(command& cmd) const
    {
        if (argv.empty())
            return;
        cmd.launch_prefix = argv;
        if (cmd.timeout && timeout_factor != 1.0)
            cmd.timeout = std::chrono::milliseconds(
                static_cast<long long>(static_cast<double>(cmd.timeout->count()) * timeout_factor)
            );
    }
};

} // namespace arangokit

#endif
