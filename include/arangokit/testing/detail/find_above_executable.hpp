// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_TESTING_DETAIL_FIND_ABOVE_EXECUTABLE_HPP
#define ARANGOKIT_TESTING_DETAIL_FIND_ABOVE_EXECUTABLE_HPP

// Programs built in arangokit's tree (tests, examples, benchmarks) find their build directory and the
// simulator at run time from where they run, so nothing path-dependent is compiled into them and every
// checkout shares the compiler cache (docs/reliability.md, "CI time").

#include <filesystem>
#include <system_error>

namespace arangokit::detail {

/// The nearest ancestor directory of the running executable (/proc/self/exe) that contains `relative`;
/// empty if there is none or the executable's path cannot be read.
inline std::filesystem::path find_above_executable(const std::filesystem::path& relative)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    for (fs::path d = exe.parent_path(); !ec && !d.empty(); d = d.parent_path())
    {
        if (fs::exists(d / relative, ec))
            return d;
        if (d == d.root_path())
            break;
    }
    return {};
}

} // namespace arangokit::detail

#endif
