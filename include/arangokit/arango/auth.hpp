// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_AUTH_HPP
#define ARANGOKIT_ARANGO_AUTH_HPP

#include <arangokit/error.hpp>

#include <arangokit/detail/config.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/system/system_error.hpp>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace arangokit {

// ---------------------------------------------------------------------------------------------------------
// base64 / base64url
// ---------------------------------------------------------------------------------------------------------

namespace detail {
inline constexpr char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
inline constexpr char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

inline std::string b64_encode(std::string_view in, const char* alphabet, bool pad)
{
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(in[k])); };
    for (; i + 3 <= in.size(); i += 3)
    {
        std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    std::size_t rest = in.size() - i;
    if (rest == 1)
    {
        std::uint32_t v = byte(i) << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (pad)
            out += "==";
    }
    else if (rest == 2)
    {
        std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        if (pad)
            out += '=';
    }
    return out;
}

inline int b64_value(char c, bool url) noexcept
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (url ? c == '-' : c == '+')
        return 62;
    if (url ? c == '_' : c == '/')
        return 63;
    return -1;
}

// Strict: rejects characters outside the alphabet, impossible lengths and non-zero trailing bits, so that
// every accepted input has exactly one encoding (tokens are compared byte-wise after re-encoding).
inline std::optional<std::string> b64_decode(std::string_view in, bool url)
{
    std::size_t padded = in.size(), pad = 0;
    while (!in.empty() && in.back() == '=')
    {
        in.remove_suffix(1);
        ++pad;
    }
    if (pad > 2 || (pad > 0 && padded % 4 != 0) || in.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    out.reserve(in.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : in)
    {
        int v = b64_value(c, url);
        if (v < 0)
            return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}
} // namespace detail

/// Standard base64 with `=` padding (RFC 4648 §4), as used by HTTP Basic authentication.
inline std::string base64_encode(std::string_view in)
{
    return detail::b64_encode(in, detail::b64_std, true);
}
/// base64url without padding (RFC 4648 §5), as used by JWT.
inline std::string base64url_encode(std::string_view in)
{
    return detail::b64_encode(in, detail::b64_url, false);
}
/// Strict standard-base64 decode (padding optional); nullopt on any malformed input.
inline std::optional<std::string> base64_decode(std::string_view in)
{
    return detail::b64_decode(in, false);
}
/// Strict base64url decode (padding tolerated); nullopt on any malformed input.
inline std::optional<std::string> base64url_decode(std::string_view in)
{
    return detail::b64_decode(in, true);
}

// ---------------------------------------------------------------------------------------------------------
// HS256 JWT
// ---------------------------------------------------------------------------------------------------------

/// \brief HMAC-SHA256 of `data` with `key` (32 raw bytes), computed by OpenSSL.
inline std::string hmac_sha256(std::string_view key, std::string_view data)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!::HMAC(
            EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len
        ))
        throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char*>(md), len);
}

/// The JOSE header ArangoDB puts on every token it makes: `{"alg":"HS256","typ":"JWT"}`.
inline constexpr std::string_view jwt_hs256_header = R"({"alg":"HS256","typ":"JWT"})";

/// \brief Signs `payload` as an HS256 JWT with `secret`: `b64url(header).b64url(payload).b64url(hmac)`.
inline std::string make_jwt(std::string_view secret, const boost::json::object& payload)
{
    std::string signing_input = base64url_encode(jwt_hs256_header);
    signing_input += '.';
    signing_input += base64url_encode(boost::json::serialize(payload));
    std::string sig = base64url_encode(hmac_sha256(secret, signing_input));
    return signing_input + "." + sig;
}

/// \brief Options of a superuser token (the kind arangod and the tools derive from the JWT secret).
struct superuser_token_options
{
    /// The `server_id` claim.
    std::string server_id = "arangokit";
    /// Add `iat` (issued at, seconds since the epoch), as ArangoDB's own generator does.
    bool issued_at = true;
    /// Add `exp` = now + lifetime. Unset: the token does not expire.
    std::optional<std::chrono::seconds> lifetime{};
    /// The clock reading used for `iat`/`exp`; unset means `system_clock::now()` (tests pin it).
    std::optional<std::chrono::system_clock::time_point> now{};
};

/// \brief A superuser JWT: payload `{"iss":"arangodb","server_id":...[,"iat":...][,"exp":...]}`, HS256.
/// \details This is what `--server.jwt-secret-keyfile` makes the tools send. The secret is used as the raw
/// HMAC key, exactly as arangod does (no hashing or decoding of the secret text).
inline std::string make_superuser_jwt(std::string_view secret, const superuser_token_options& opt = {})
{
    auto now = opt.now.value_or(std::chrono::system_clock::now());
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    boost::json::object p;
    p["iss"] = "arangodb";
    p["server_id"] = opt.server_id;
    if (opt.issued_at)
        p["iat"] = secs;
    if (opt.lifetime)
        p["exp"] = secs + opt.lifetime->count();
    return make_jwt(secret, p);
}

/// \brief The decoded parts of a JWT.
struct jwt_claims
{
    boost::json::object header{};
    boost::json::object payload{};

    /// A string claim, or nullopt when absent or not a string.
    std::optional<std::string> string_claim(std::string_view name) const
    {
        auto it = payload.find(name);
        if (it == payload.end() || !it->value().is_string())
            return std::nullopt;
        return std::string(it->value().get_string());
    }
    /// An integer claim (`exp`, `iat`), or nullopt when absent or not an integer.
    std::optional<std::int64_t> int_claim(std::string_view name) const
    {
        auto it = payload.find(name);
        if (it == payload.end())
            return std::nullopt;
        if (it->value().is_int64())
            return it->value().get_int64();
        if (it->value().is_uint64() && it->value().get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
            return static_cast<std::int64_t>(it->value().get_uint64());
        return std::nullopt;
    }
    /// True for a superuser token (`iss` arangodb and a `server_id`, no `preferred_username`).
    bool is_superuser() const
    {
        return string_claim("iss") == "arangodb" && payload.contains("server_id") &&
               !payload.contains("preferred_username");
    }
};

namespace detail {
inline std::optional<boost::json::object> jwt_decode_part(std::string_view part)
{
    auto raw = base64url_decode(part);
    if (!raw)
        return std::nullopt;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(*raw, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    return std::move(v.get_object());
}
} // namespace detail

/// \brief Decodes a JWT *without* checking its signature (for inspection only).
/// \details Never throws on malformed input (only `std::bad_alloc`): returns nullopt and, if `why` is given,
/// the reason. Checks: three non-empty dot-separated base64url parts; header and payload are JSON objects.
inline std::optional<jwt_claims> decode_jwt(std::string_view token, std::string* why = nullptr)
{
    auto fail = [&](const char* reason) -> std::optional<jwt_claims> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    auto d1 = token.find('.');
    if (d1 == std::string_view::npos)
        return fail("JWT must have three dot-separated parts");
    auto d2 = token.find('.', d1 + 1);
    if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos)
        return fail("JWT must have three dot-separated parts");
    if (d1 == 0 || d2 == d1 + 1 || d2 + 1 == token.size())
        return fail("JWT has an empty part");
    auto h = detail::jwt_decode_part(token.substr(0, d1));
    if (!h)
        return fail("JWT header is not base64url-encoded JSON object");
    auto p = detail::jwt_decode_part(token.substr(d1 + 1, d2 - d1 - 1));
    if (!p)
        return fail("JWT payload is not base64url-encoded JSON object");
    if (!base64url_decode(token.substr(d2 + 1)))
        return fail("JWT signature is not base64url");
    return jwt_claims{std::move(*h), std::move(*p)};
}

/// \brief Decodes and verifies an HS256 JWT against `secret`, as arangod does.
/// \details Checks, in order: structure, `alg` == `HS256` (anything else, including `none`, is rejected),
/// the HMAC-SHA256 signature (constant-time comparison), and `exp` when present (expired → rejected;
/// a non-integer `exp` is rejected). Never throws on malformed input (only `std::bad_alloc`).
inline std::optional<jwt_claims> verify_jwt(
    std::string_view token,
    std::string_view secret,
    std::string* why = nullptr,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now()
)
{
    auto claims = decode_jwt(token, why);
    if (!claims)
        return std::nullopt;
    auto fail = [&](const char* reason) -> std::optional<jwt_claims> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    auto alg = claims->header.find("alg");
    if (alg == claims->header.end() || !alg->value().is_string() || alg->value().get_string() != "HS256")
        return fail("JWT algorithm is not HS256");
    auto d2 = token.rfind('.');
    auto expected = hmac_sha256(secret, token.substr(0, d2));
    auto given = base64url_decode(token.substr(d2 + 1));
    if (!given || given->size() != expected.size() ||
        CRYPTO_memcmp(given->data(), expected.data(), expected.size()) != 0)
        return fail("JWT signature does not match");
    if (claims->payload.contains("exp"))
    {
        auto exp = claims->int_claim("exp");
        if (!exp)
            return fail("JWT exp claim is not an integer");
        auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        if (*exp <= secs)
            return fail("JWT has expired");
    }
    return claims;
}

// ---------------------------------------------------------------------------------------------------------
// Secrets and keyfiles
// ---------------------------------------------------------------------------------------------------------

/// \brief A random secret from OpenSSL's CSPRNG: `bytes` random bytes, hex-encoded (printable, no
/// whitespace, so it survives the tools' whitespace trimming of keyfiles).
inline std::string random_secret(std::size_t bytes = 32)
{
    std::string raw(bytes, '\0');
    if (bytes && RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
        throw std::runtime_error("OpenSSL RAND_bytes failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes * 2);
    for (unsigned char c : raw)
    {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

/// \brief Writes `secret` to `file` with mode 0600 (created, or truncated and re-moded if it exists).
/// \details The mode is set on the descriptor before any byte is written, so the secret is never readable
/// by others, whatever the umask. Throws `boost::system::system_error` (errno category) on failure.
inline void write_secret_keyfile(const std::filesystem::path& file, std::string_view secret)
{
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        throw boost::system::system_error(
            errno, boost::system::system_category(), "cannot create JWT secret keyfile " + file.string()
        );
    auto fail = [&](const char* what) {
        int e = errno;
        ::close(fd);
        throw boost::system::system_error(e, boost::system::system_category(), what + file.string());
    };
    if (::fchmod(fd, 0600) != 0)
        fail("cannot chmod 0600 JWT secret keyfile ");
    std::size_t off = 0;
    while (off < secret.size())
    {
        ssize_t n = ::write(fd, secret.data() + off, secret.size() - off);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            fail("cannot write JWT secret keyfile ");
        }
        off += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0)
        throw boost::system::system_error(
            errno, boost::system::system_category(), "cannot close JWT secret keyfile " + file.string()
        );
}

/// \brief Reads a JWT secret keyfile and trims surrounding whitespace (as the tools and arangod do).
/// Throws `boost::system::system_error` when the file cannot be read.
inline std::string read_secret_keyfile(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw boost::system::system_error(
            errno ? errno : ENOENT, boost::system::system_category(),
            "cannot read JWT secret keyfile " + file.string()
        );
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    auto ws = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    std::size_t b = 0, e = s.size();
    while (b < e && ws(s[b]))
        ++b;
    while (e > b && ws(s[e - 1]))
        --e;
    return s.substr(b, e - b);
}

// ---------------------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------------------

/// \brief How a client authenticates (derived from `credentials`).
enum class auth_kind
{
    none,          ///< no `Authorization` header
    basic,         ///< `Authorization: Basic base64(user:password)`
    superuser_jwt, ///< `Authorization: bearer <HS256 superuser token from the JWT secret>`
    bearer_token,  ///< `Authorization: bearer <ready-made token>`
    user_jwt,      ///< username/password exchanged once for a user token at `POST /_open/auth`
};

/// The enumerator's name (`"none"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(auth_kind v) noexcept
{
    switch (v)
    {
    case auth_kind::none:
        return "none";
    case auth_kind::basic:
        return "basic";
    case auth_kind::superuser_jwt:
        return "superuser_jwt";
    case auth_kind::bearer_token:
        return "bearer_token";
    case auth_kind::user_jwt:
        return "user_jwt";
    }
    return "?";
}

/// \brief Credentials from an instance description.
/// \details Precedence (first match wins), mirroring the tools: `authentication == false` → none;
/// `jwt_token` → bearer token; `jwt_secret` or `jwt_secret_keyfile` → superuser token; `fetch_user_token`
/// → user token from `/_open/auth`; otherwise Basic with `username`/`password`.
/// Secrets are never printed: `describe()` names the kind and the user only.
struct credentials
{
    std::string username = "root";
    std::string password{};
    /// The JWT secret itself (raw HMAC key).
    std::optional<std::string> jwt_secret{};
    /// A file holding the JWT secret (whitespace-trimmed when read).
    std::optional<std::filesystem::path> jwt_secret_keyfile{};
    /// A ready-made token ("ready token") sent as is.
    std::optional<std::string> jwt_token{};
    /// Exchange username/password for a user JWT at `/_open/auth` (done by the HTTP client).
    bool fetch_user_token = false;
    /// False: send no credentials at all.
    bool authentication = true;
    /// `server_id` claim of generated superuser tokens.
    std::string server_id = "arangokit";

    auth_kind kind() const noexcept
    {
        if (!authentication)
            return auth_kind::none;
        if (jwt_token)
            return auth_kind::bearer_token;
        if (jwt_secret || jwt_secret_keyfile)
            return auth_kind::superuser_jwt;
        if (fetch_user_token)
            return auth_kind::user_jwt;
        return auth_kind::basic;
    }

    /// The JWT secret: `jwt_secret`, else the keyfile's trimmed content; throws if neither is set.
    std::string resolve_secret() const
    {
        if (jwt_secret)
            return *jwt_secret;
        if (jwt_secret_keyfile)
            return read_secret_keyfile(*jwt_secret_keyfile);
        throw boost::system::system_error(
            make_error_code(errc::authentication_failed), "no JWT secret configured"
        );
    }

    /// `Basic base64(username:password)`.
    std::string basic_authorization() const { return "Basic " + base64_encode(username + ":" + password); }

    /// A description safe for logs (never contains the password, secret or token).
    std::string describe() const
    {
        switch (kind())
        {
        case auth_kind::none:
            return "no authentication";
        case auth_kind::basic:
            return "basic authentication as '" + username + "'";
        case auth_kind::superuser_jwt:
            return "superuser JWT";
        case auth_kind::bearer_token:
            return "ready-made JWT";
        case auth_kind::user_jwt:
            return "user JWT for '" + username + "'";
        }
        return "unknown authentication";
    }
};

} // namespace arangokit

#endif
