// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_VERSION_INFO_HPP
#define ARANGOKIT_ARANGO_HTTP_VERSION_INFO_HPP

#include <boost/json/object.hpp>

#include <string>

namespace arangokit {

/// \brief The answer of `GET /_api/version?details=true`.
struct version_info
{
    std::string server{};  ///< "arango"
    std::string version{}; ///< e.g. "3.12.4"
    std::string license{}; ///< "community" or "enterprise"
    std::string role{};    ///< details.role: "SINGLE", "COORDINATOR", ... (empty when not reported)
    boost::json::object details{};
    /// The endpoint that answered.
    std::string endpoint{};
};

} // namespace arangokit

#endif
