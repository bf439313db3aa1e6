// Where the test helpers, the simulator and the sources live, found at run time.
// Nothing here is compiled in: test objects must be identical in every checkout, or a fresh clone (CI) misses
// the compiler cache for every test TU (docs/reliability.md, "CI time"). The build directory is the nearest
// ancestor of the running executable that holds CMakeCache.txt; $ARANGOKIT_TEST_BINARY_DIR overrides it.
#pragma once
#include <arangokit/testing/detail/find_above_executable.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace arangokit::test {

namespace paths_detail {

inline std::filesystem::path find_binary_dir()
{
    namespace fs = std::filesystem;
    if (const char* e = std::getenv("ARANGOKIT_TEST_BINARY_DIR"); e && *e)
        return e;
    if (auto d = detail::find_above_executable("CMakeCache.txt"); !d.empty())
        return d;
    std::error_code ec;
    throw std::runtime_error(
        "test_paths: no CMakeCache.txt above " + fs::read_symlink("/proc/self/exe", ec).string() +
        "; run the test from its build tree or set ARANGOKIT_TEST_BINARY_DIR to the build directory"
    );
}

inline std::string cache_value(const std::filesystem::path& build, const std::string& key)
{
    std::ifstream in(build / "CMakeCache.txt");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(key + ":", 0) == 0)
            if (auto eq = line.find('='); eq != std::string::npos)
                return line.substr(eq + 1);
    throw std::runtime_error("test_paths: " + key + " missing from " + (build / "CMakeCache.txt").string());
}

} // namespace paths_detail

/// The CMake build directory this test belongs to.
inline const std::string& binary_dir()
{
    static const std::string d = paths_detail::find_binary_dir().string();
    return d;
}
/// The source tree (CMAKE_HOME_DIRECTORY of that build).
inline const std::string& source_dir()
{
    static const std::string d = paths_detail::cache_value(binary_dir(), "CMAKE_HOME_DIRECTORY");
    return d;
}
/// ak_helper and the other test children.
inline const std::string& test_bin_dir()
{
    static const std::string d = binary_dir() + "/test-bin";
    return d;
}
/// arangosim and the seven stand-in tools.
inline const std::string& sim_bin_dir()
{
    static const std::string d = binary_dir() + "/sim-bin";
    return d;
}

} // namespace arangokit::test
