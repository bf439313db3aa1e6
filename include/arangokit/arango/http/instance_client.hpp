// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_INSTANCE_CLIENT_HPP
#define ARANGOKIT_ARANGO_HTTP_INSTANCE_CLIENT_HPP

#include <arangokit/arango/endpoint.hpp>
#include <arangokit/arango/http/client_config.hpp>
#include <arangokit/arango/instance.hpp>

namespace arangokit {

/// \brief The HTTP client settings for an instance description: its endpoints (coordinators in failover
/// order) and its credentials (user/password, or a superuser JWT from the secret or keyfile).
/// \details Throws `boost::system::system_error` (errc::invalid_endpoint) for an endpoint that does not
/// parse.
inline client_config client_config_for(const instance& inst, deadline global = {})
{
    client_config cfg;
    cfg.endpoints.clear();
    for (const auto& e : inst.endpoints)
        cfg.endpoints.push_back(endpoint::parse(e));
    if (cfg.endpoints.empty())
        cfg.endpoints.push_back(endpoint{});
    if (!inst.username.empty())
        cfg.auth.username = inst.username;
    if (inst.password)
        cfg.auth.password = *inst.password;
    if (inst.jwt_secret)
        cfg.auth.jwt_secret = inst.jwt_secret;
    if (inst.jwt_secret_keyfile)
        cfg.auth.jwt_secret_keyfile = std::filesystem::path(*inst.jwt_secret_keyfile);
    cfg.global_deadline = global;
    return cfg;
}

} // namespace arangokit

#endif
