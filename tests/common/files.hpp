// Test helpers for files: a self-removing temporary directory, and whole-file reads and writes.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace arangokit::test {

/// A fresh directory `<temp>/<name>-XXXXXX` (mkdtemp: unique, mode 0700), removed with everything in it. The
/// temp root is `std::filesystem::temp_directory_path()`, so it follows $TMPDIR.
class temp_dir
{
  public:
    explicit temp_dir(std::string_view name = "arangokit-test")
    {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / (std::string(name) + "-XXXXXX")).string();
        if (!::mkdtemp(tmpl.data()))
            throw std::runtime_error("mkdtemp " + tmpl + " failed");
        path_ = tmpl;
    }
    ~temp_dir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }
    std::filesystem::path operator/(const std::string& s) const { return path_ / s; }

  private:
    std::filesystem::path path_;
};

/// The whole file, byte for byte; empty if it cannot be read.
inline std::string read_file(const std::filesystem::path& p)
{
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

/// Creates or replaces the file (and its parent directories) with `content`.
inline void write_file(const std::filesystem::path& p, const std::string& content)
{
    std::filesystem::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!f)
        throw std::runtime_error("cannot write " + p.string());
}

} // namespace arangokit::test
