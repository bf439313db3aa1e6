// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_HTTP_CLIENT_CONFIG_HPP
#define ARANGOKIT_ARANGO_HTTP_CLIENT_CONFIG_HPP

#include <arangokit/arango/auth.hpp>
#include <arangokit/arango/endpoint.hpp>
#include <arangokit/deadline.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace arangokit {

/// \brief TLS settings for `ssl://` endpoints.
/// \details Exactly one of: verify against `ca_file` (PEM bundle), verify against the system store
/// (`use_system_ca`), or `insecure` (no verification at all: only for tests). With verification on, the
/// certificate must also match the endpoint's host (DNS name or IP address in subjectAltName/CN), unless
/// `verify_host` is false.
struct tls_options
{
    std::optional<std::filesystem::path> ca_file{};
    bool use_system_ca = false;
    bool insecure = false;
    bool verify_host = true;
};

/// \brief How transient failures are retried.
/// \details Transient: connect failures (refused, unreachable, missing Unix socket), a connection dropped
/// before a complete response (only for idempotent requests once the request was written, or when a reused
/// keep-alive connection turned out stale), and HTTP 503. After each transient failure the client moves to
/// the next endpoint (failover) and waits `initial_backoff * 2^n`, capped at `max_backoff` and at the
/// deadline.
struct retry_policy
{
    unsigned max_attempts = 10;
    std::chrono::milliseconds initial_backoff{50};
    std::chrono::milliseconds max_backoff{1000};
};

/// \brief Everything an `arango_client` needs: endpoints, credentials, TLS, timeouts.
struct client_config
{
    /// One endpoint (single server) or several (coordinators, tried in order, failing over on errors).
    std::vector<endpoint> endpoints{endpoint{}};
    credentials auth{};
    tls_options tls{};
    /// The client's global deadline: no operation runs past it (`errc::deadline_exceeded`).
    deadline global_deadline{};
    /// Default per-request timeout (each request's own `timeout` overrides it), clamped to the global
    /// deadline.
    std::chrono::milliseconds request_timeout{std::chrono::seconds(60)};
    /// Timeout of one connect (+ TLS handshake) attempt; a hung endpoint then fails over.
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
    retry_policy retry{};
    /// Idle keep-alive connections kept per endpoint.
    std::size_t max_idle_connections = 4;
    /// Largest response body accepted.
    std::uint64_t max_body_size = 1ull << 30;
    std::string user_agent = "arangokit";
};

} // namespace arangokit

#endif
