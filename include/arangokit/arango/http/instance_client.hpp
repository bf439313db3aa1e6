// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_INSTANCE_CLIENT_HPP
#define ARANGOKIT_ARANGO_HTTP_INSTANCE_CLIENT_HPP

#include <arangokit/arango/auth.hpp>
#include <arangokit/arango/endpoint.hpp>
#include <arangokit/arango/http/client_config.hpp>
#include <arangokit/arango/instance.hpp>
#include <arangokit/deadline.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace arangokit {

/// \brief HTTP client settings given explicitly to `client_config_for`: each one that is set wins over what
/// the instance says and over the client's default; each one left unset keeps those.
struct client_overrides
{
    std::vector<endpoint> endpoints{}; ///< empty: the instance's endpoints
    std::optional<credentials> auth{}; ///< unset: the instance's credentials
    std::optional<tls_options> tls{};
    std::optional<std::chrono::milliseconds> request_timeout{};
    std::optional<std::chrono::milliseconds> connect_timeout{};
    std::optional<retry_policy> retry{};
    std::optional<std::size_t> max_idle_connections{};
    std::optional<std::uint64_t> max_body_size{};
    std::optional<std::string> user_agent{};
};

/// \brief The HTTP client settings for an instance: the one way from an `instance` to a `client_config`.
/// \details Precedence, field by field: `explicit_settings` (what the caller set) > the instance's values >
/// `client_config`'s defaults. The instance gives the endpoints (coordinators in failover order; none: the
/// client's default endpoint) and the credentials, chosen as `instance::tool_defaults()` chooses them for the
/// tools, so the client and the tools authenticate alike: the JWT secret, else the JWT secret keyfile (a
/// superuser token), else basic authentication as `username` (empty: root) with `password` (unset: empty).
/// `global` is the client's global deadline (none: none). Throws `boost::system::system_error`
/// (errc::invalid_endpoint) for an instance endpoint that does not parse.
inline client_config
client_config_for(const instance& inst, deadline global = {}, const client_overrides& explicit_settings = {})
{
    client_config cfg;
    if (!inst.endpoints.empty())
    {
        cfg.endpoints.clear();
        for (const auto& e : inst.endpoints)
            cfg.endpoints.push_back(endpoint::parse(e));
    }
    if (inst.jwt_secret)
        cfg.auth.jwt_secret = inst.jwt_secret;
    else if (inst.jwt_secret_keyfile)
        cfg.auth.jwt_secret_keyfile = std::filesystem::path(*inst.jwt_secret_keyfile);
    else
    {
        if (!inst.username.empty())
            cfg.auth.username = inst.username;
        cfg.auth.password = inst.password.value_or(std::string());
    }
    cfg.global_deadline = global;

    const client_overrides& o = explicit_settings;
    if (!o.endpoints.empty())
        cfg.endpoints = o.endpoints;
    if (o.auth)
        cfg.auth = *o.auth;
    if (o.tls)
        cfg.tls = *o.tls;
    if (o.request_timeout)
        cfg.request_timeout = *o.request_timeout;
    if (o.connect_timeout)
        cfg.connect_timeout = *o.connect_timeout;
    if (o.retry)
        cfg.retry = *o.retry;
    if (o.max_idle_connections)
        cfg.max_idle_connections = *o.max_idle_connections;
    if (o.max_body_size)
        cfg.max_body_size = *o.max_body_size;
    if (o.user_agent)
        cfg.user_agent = *o.user_agent;
    return cfg;
}

} // namespace arangokit

#endif
