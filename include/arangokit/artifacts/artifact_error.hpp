// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_ARTIFACT_ERROR_HPP
#define ARANGOKIT_ARTIFACTS_ARTIFACT_ERROR_HPP

#include <arangokit/error.hpp>

#include <boost/system/system_error.hpp>

#include <string>
#include <utility>

namespace arangokit {

/// \brief The human-readable half of an artifact error: which file, entry or line, and what is wrong.
/// \details Every non-throwing artifact function takes `error_code& ec, artifact_diagnostics& diag` as its
/// last two parameters (the Boost.MySQL convention). On failure `ec` holds the classification (an
/// `arangokit::errc` such as `errc::damaged_dump`, or a system error such as `no_such_file_or_directory`) and
/// `diag.message` names the file and the problem, e.g. `dump /d/x_5d41.data.json line 7: invalid JSON: syntax
/// error`. On success both are cleared.
struct artifact_diagnostics
{
    std::string message{}; ///< empty on success

    void clear() noexcept { message.clear(); }
};

/// \brief Thrown by the throwing overloads of the artifact functions.
/// \details `code()` is the classification; `what()` starts with the diagnostic message; `message()` returns
/// the diagnostic message alone.
class artifact_error : public boost::system::system_error
{
  public:
    artifact_error(error_code ec, std::string message)
        : boost::system::system_error(ec, message), message_(std::move(message))
    {
    }
    /// The diagnostic message alone (which file or entry, and what is wrong).
    const std::string& message() const noexcept { return message_; }

  private:
    std::string message_;
};

namespace detail {

inline void throw_if_artifact_error(const error_code& ec, const artifact_diagnostics& diag)
{
    if (ec)
        throw artifact_error(ec, diag.message.empty() ? ec.message() : diag.message);
}

// Sets both halves of a failure in one statement, so early returns stay one-liners.
inline void
set_artifact_error(error_code& ec, artifact_diagnostics& diag, error_code code, std::string message)
{
    ec = code;
    diag.message = std::move(message);
}

} // namespace detail
} // namespace arangokit

#endif
