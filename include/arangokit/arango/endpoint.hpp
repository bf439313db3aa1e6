// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_ENDPOINT_HPP
#define ARANGOKIT_ARANGO_ENDPOINT_HPP

#include <arangokit/error.hpp>

#include <arangokit/detail/config.hpp>

#include <boost/system/system_error.hpp>

#include <arpa/inet.h>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace arangokit {

/// \brief The transport of an ArangoDB endpoint.
enum class endpoint_transport
{
    tcp,         ///< plain HTTP over TCP (`tcp://`, `http+tcp://`, `http://`)
    ssl,         ///< HTTP over TLS (`ssl://`, `http+ssl://`, `https://`)
    unix_socket, ///< HTTP over a Unix domain socket (`unix://`, `http+unix://`)
};

/// The enumerator's name (`"tcp"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(endpoint_transport v) noexcept
{
    switch (v)
    {
    case endpoint_transport::tcp:
        return "tcp";
    case endpoint_transport::ssl:
        return "ssl";
    case endpoint_transport::unix_socket:
        return "unix_socket";
    }
    return "?";
}

/// \brief A parsed and normalized ArangoDB endpoint, as the client tools and arangod accept it.
/// \details Accepted spellings (the scheme is case-insensitive, one trailing `/` is ignored):
///  - `tcp://host[:port]`, `http+tcp://host[:port]`, `http://host[:port]` (3.12 alias)
///  - `ssl://host[:port]`, `http+ssl://host[:port]`, `https://host[:port]` (3.12 alias)
///  - `unix:///path/to/socket`, `http+unix:///path/to/socket`
///
/// `host` is a DNS name, an IPv4 literal or a bracketed IPv6 literal (`[::1]`, `[fe80::1%eth0]`); an
/// unbracketed IPv6 literal is rejected because its port would be ambiguous. The port defaults to 8529.
/// Port 0 is accepted by parsing (servers bind to it); `check_connectable()` rejects it together with the
/// wildcard addresses `0.0.0.0` and `::`, as the tools do for clients.
///
/// `to_string()` gives the canonical tool form: `tcp://`, `ssl://` or `unix://`, with IPv6 hosts bracketed
/// and the port always present. Parsing the canonical form gives an equal endpoint.
class endpoint
{
  public:
    static constexpr std::uint16_t default_port = 8529;

    /// The default endpoint of every tool: `tcp://127.0.0.1:8529`.
    endpoint() = default;

    /// \brief Parses `text`; throws `boost::system::system_error` with `errc::invalid_endpoint`.
    /// \details `what()` names the endpoint and the reason (e.g. `invalid endpoint 'tcp://h:99999': port out
    /// of range`).
    static endpoint parse(std::string_view text)
    {
        std::string why;
        auto ep = try_parse(text, &why);
        if (!ep)
            throw boost::system::system_error(make_error_code(errc::invalid_endpoint), why);
        return *ep;
    }

    /// \brief Parses `text`; on failure returns nullopt and, when `why` is given, stores the reason there.
    /// \details Never throws for malformed input (only `std::bad_alloc`).
    static std::optional<endpoint> try_parse(std::string_view text, std::string* why = nullptr);

    /// Builds a TCP or SSL endpoint from its parts (no validation beyond the parser's rules on `host`).
    static endpoint from_parts(endpoint_transport t, std::string host, std::uint16_t port)
    {
        endpoint e;
        e.transport_ = t;
        e.host_ = std::move(host);
        e.port_ = port;
        return e;
    }
    /// Builds a Unix-socket endpoint.
    static endpoint unix_socket(std::string path)
    {
        endpoint e;
        e.transport_ = endpoint_transport::unix_socket;
        e.host_.clear();
        e.port_ = 0;
        e.path_ = std::move(path);
        return e;
    }

    endpoint_transport transport() const noexcept { return transport_; }
    bool uses_tls() const noexcept { return transport_ == endpoint_transport::ssl; }
    bool is_unix_socket() const noexcept { return transport_ == endpoint_transport::unix_socket; }

    /// The host without brackets (`::1`, `127.0.0.1`, `db.example.com`); empty for Unix sockets.
    const std::string& host() const noexcept { return host_; }
    /// The port (the default 8529 when the text had none); 0 for Unix sockets.
    std::uint16_t port() const noexcept { return port_; }
    /// The socket path for Unix sockets; empty otherwise.
    const std::string& path() const noexcept { return path_; }
    /// True when the host is an IPv6 literal.
    bool is_ipv6() const noexcept { return host_.find(':') != std::string::npos; }
    /// True when the host is an IPv4 or IPv6 literal (no name resolution, no TLS SNI).
    bool is_ip_literal() const noexcept
    {
        if (is_ipv6())
            return true;
        unsigned char buf[sizeof(struct in_addr)];
        return !host_.empty() && ::inet_pton(AF_INET, host_.c_str(), buf) == 1;
    }

    /// The canonical tool form: `tcp://127.0.0.1:8529`, `ssl://[::1]:8530`, `unix:///tmp/a.sock`.
    std::string to_string() const
    {
        switch (transport_)
        {
        case endpoint_transport::unix_socket:
            return "unix://" + path_;
        case endpoint_transport::ssl:
            return "ssl://" + authority();
        case endpoint_transport::tcp:
            break;
        }
        return "tcp://" + authority();
    }

    /// `host:port` with IPv6 brackets (`[::1]:8529`); for Unix sockets `localhost`.
    std::string authority() const
    {
        if (is_unix_socket())
            return "localhost";
        return bracketed_host() + ":" + std::to_string(port_);
    }
    /// The host as it appears in a URL or a `Host` header (`[::1]`); `localhost` for Unix sockets.
    std::string bracketed_host() const
    {
        if (is_unix_socket())
            return "localhost";
        return is_ipv6() ? "[" + host_ + "]" : host_;
    }
    /// The value for an HTTP `Host` header.
    std::string host_header() const { return authority(); }
    /// The port as a service string for a resolver.
    std::string service() const { return std::to_string(port_); }
    /// \brief An http(s) URL for `target` (which must start with `/`): `https://[::1]:8530/_api/version`.
    /// \details For Unix sockets the URL is `http://localhost` + target (the transport is the socket).
    std::string url(std::string_view target = "/") const
    {
        std::string s = uses_tls() ? "https://" : "http://";
        s += authority();
        s += target;
        return s;
    }

    /// \brief Rejects what a *client* cannot connect to: port 0 and the wildcard hosts `0.0.0.0` / `::`.
    /// \details Returns an empty string when fine, else the reason (the tools' wording: "only allowed for
    /// servers binding - not for clients connecting").
    std::string check_connectable() const
    {
        if (is_unix_socket())
            return {};
        if (host_ == "0.0.0.0" || host_ == "::" || host_ == "0:0:0:0:0:0:0:0")
            return "endpoint '" + to_string() +
                   "' uses a wildcard address, which is only allowed for servers binding - not for clients "
                   "connecting";
        if (port_ == 0)
            return "endpoint '" + to_string() + "' has port 0, which is only allowed for servers binding";
        return {};
    }

    friend bool operator==(const endpoint&, const endpoint&) = default;
    /// Writes `to_string()`.
    friend std::ostream& operator<<(std::ostream& os, const endpoint& e) { return os << e.to_string(); }

  private:
    endpoint_transport transport_ = endpoint_transport::tcp;
    std::string host_ = "127.0.0.1";
    std::uint16_t port_ = default_port;
    std::string path_;
};

namespace detail {

inline char endpoint_lower(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool endpoint_hostname_ok(std::string_view h) noexcept
{
    if (h.empty() || h.size() > 253)
        return false;
    for (char c : h)
    {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '.' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

inline bool endpoint_ipv6_ok(std::string_view h)
{
    // A zone id (%eth0) is legal in a link-local literal but inet_pton does not know it.
    auto pct = h.find('%');
    std::string addr(h.substr(0, pct));
    if (pct != std::string_view::npos)
    {
        auto zone = h.substr(pct + 1);
        if (zone.empty())
            return false;
        for (char c : zone)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.'))
                return false;
    }
    unsigned char buf[sizeof(struct in6_addr)];
    return !addr.empty() && ::inet_pton(AF_INET6, addr.c_str(), buf) == 1;
}

} // namespace detail

inline std::optional<endpoint> endpoint::try_parse(std::string_view text, std::string* why)
{
    auto fail = [&](std::string_view reason) -> std::optional<endpoint> {
        if (why)
        {
            *why = "invalid endpoint '";
            *why += text;
            *why += "': ";
            *why += reason;
        }
        return std::nullopt;
    };

    std::string_view s = text;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);
    if (s.empty())
        return fail("empty endpoint");

    auto sep = s.find("://");
    if (sep == std::string_view::npos)
        return fail(
            "missing scheme (expected tcp://, ssl://, unix://, http+tcp://, http+ssl:// or http+unix://)"
        );
    std::string scheme;
    for (char c : s.substr(0, sep))
        scheme.push_back(detail::endpoint_lower(c));
    std::string_view rest = s.substr(sep + 3);

    endpoint e;
    if (scheme == "tcp" || scheme == "http+tcp" || scheme == "http")
        e.transport_ = endpoint_transport::tcp;
    else if (scheme == "ssl" || scheme == "http+ssl" || scheme == "https")
        e.transport_ = endpoint_transport::ssl;
    else if (scheme == "unix" || scheme == "http+unix")
        e.transport_ = endpoint_transport::unix_socket;
    else if (scheme == "vst+tcp" || scheme == "vst+ssl" || scheme == "vst+unix" || scheme == "h2+tcp" || scheme == "h2+ssl" || scheme == "h2+unix")
        return fail("protocol '" + scheme + "' is not supported (only HTTP/1.1 endpoints are)");
    else
        return fail("unknown scheme '" + scheme + "'");

    if (e.transport_ == endpoint_transport::unix_socket)
    {
        if (rest.empty())
            return fail("empty Unix socket path");
        for (char c : rest)
            if (c == '\0')
                return fail("NUL byte in Unix socket path");
        // sockaddr_un::sun_path is 108 bytes including the terminator.
        if (rest.size() > 107)
            return fail("Unix socket path longer than 107 bytes");
        e.host_.clear();
        e.port_ = 0;
        e.path_ = std::string(rest);
        return e;
    }

    if (!rest.empty() && rest.back() == '/')
        rest.remove_suffix(1);
    if (rest.empty())
        return fail("missing host");
    if (rest.find_first_of("/?#@ \t") != std::string_view::npos)
        return fail("unexpected path, query, user info or whitespace after the host");

    std::string_view host;
    std::string_view port_text;
    bool has_port = false;
    if (rest.front() == '[')
    {
        auto close = rest.find(']');
        if (close == std::string_view::npos)
            return fail("unterminated IPv6 literal (missing ']')");
        host = rest.substr(1, close - 1);
        if (!detail::endpoint_ipv6_ok(host))
            return fail("invalid IPv6 address '" + std::string(host) + "'");
        auto after = rest.substr(close + 1);
        if (!after.empty())
        {
            if (after.front() != ':')
                return fail("unexpected characters after the IPv6 literal");
            has_port = true;
            port_text = after.substr(1);
        }
    }
    else
    {
        auto colon = rest.find(':');
        if (colon != std::string_view::npos && rest.find(':', colon + 1) != std::string_view::npos)
            return fail("IPv6 addresses must be written in brackets, e.g. tcp://[::1]:8529");
        host = rest.substr(0, colon);
        if (colon != std::string_view::npos)
        {
            has_port = true;
            port_text = rest.substr(colon + 1);
        }
        if (!detail::endpoint_hostname_ok(host))
            return fail(host.empty() ? "missing host" : "invalid host name '" + std::string(host) + "'");
    }

    std::uint32_t port = default_port;
    if (has_port)
    {
        if (port_text.empty())
            return fail("missing port after ':'");
        if (port_text.size() > 5)
            return fail("port out of range");
        port = 0;
        for (char c : port_text)
        {
            if (c < '0' || c > '9')
                return fail("port is not a number");
            port = port * 10 + static_cast<std::uint32_t>(c - '0');
        }
        if (port > 65535)
            return fail("port out of range");
    }
    e.host_ = std::string(host);
    e.port_ = static_cast<std::uint16_t>(port);
    e.path_.clear();
    return e;
}

} // namespace arangokit

#endif
