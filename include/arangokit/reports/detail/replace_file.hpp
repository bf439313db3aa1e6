// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_REPORTS_DETAIL_REPLACE_FILE_HPP
#define ARANGOKIT_REPORTS_DETAIL_REPLACE_FILE_HPP

// Reports are read by other programs (CI) while a run may still be writing: a temporary file renamed over the
// target means a reader sees the old report or the new one, never half of one.

#include <arangokit/error.hpp>

#include <boost/system/system_error.hpp>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace arangokit::detail {

inline void replace_file(const std::filesystem::path& path, std::string_view text, error_code& ec)
{
    ec = {};
    auto tmp = path;
    tmp += ".tmp" + std::to_string(::getpid());
    {
        errno = 0;
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f.write(text.data(), static_cast<std::streamsize>(text.size()));
        f.flush();
        if (!f)
        {
            ec = error_code(errno ? errno : EIO, boost::system::system_category());
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            return;
        }
    }
    std::error_code sec;
    std::filesystem::rename(tmp, path, sec);
    if (sec)
    {
        ec = error_code(sec.value(), boost::system::system_category());
        std::filesystem::remove(tmp, sec);
    }
}

inline void replace_file_or_throw(const std::filesystem::path& path, std::string_view text, const char* what)
{
    error_code ec;
    replace_file(path, text, ec);
    if (ec)
        throw boost::system::system_error(
            ec, std::string("cannot write the ") + what + " '" + path.string() + "'"
        );
}

} // namespace arangokit::detail

#endif
