// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_CONCURRENCY_GROUP_ERROR_HPP
#define ARANGOKIT_CONCURRENCY_GROUP_ERROR_HPP

#include <arangokit/concurrency/group_result.hpp>
#include <arangokit/error.hpp>

#include <boost/system/system_error.hpp>

#include <exception>

namespace arangokit {

/// \brief Thrown by the default completion token when a group fails; carries the whole `group_result`.
/// \details `what()` is `group_result::describe()`: counts, the stop cause, the first failure and every
/// failed member. The members' own exceptions stay in `result().errors` (none is rethrown or lost).
class group_error : public boost::system::system_error
{
  public:
    group_error(error_code ec, group_result r) : system_error(ec, r.describe()), result_(std::move(r)) {}
    const group_result& result() const noexcept { return result_; }

  private:
    group_result result_;
};

/// The exception the default token throws for a failed `(error_code, group_result)` completion (found by
/// ADL).
inline std::exception_ptr make_diagnostic_exception(const error_code& ec, const group_result& r)
{
    return std::make_exception_ptr(group_error(ec, r));
}

} // namespace arangokit

#endif
