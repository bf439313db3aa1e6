// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DETAIL_RANDOM_HPP
#define ARANGOKIT_DETAIL_RANDOM_HPP

#include <cstddef>
#include <openssl/rand.h>
#include <string>

namespace arangokit::detail {

// OpenSSL's CSPRNG: names and keys must not be guessable by another local user.
inline bool random_bytes(unsigned char* out, std::size_t n) noexcept
{
    return RAND_bytes(out, static_cast<int>(n)) == 1;
}

inline std::string to_hex(const unsigned char* p, std::size_t n)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string s(2 * n, '0');
    for (std::size_t i = 0; i < n; ++i)
    {
        s[2 * i] = digits[p[i] >> 4];
        s[2 * i + 1] = digits[p[i] & 0xf];
    }
    return s;
}

// Empty on RNG failure, so callers can refuse to fall back to a predictable name.
inline std::string random_hex_id(std::size_t bytes = 8)
{
    unsigned char buf[32];
    if (bytes > sizeof(buf) || !random_bytes(buf, bytes))
        return {};
    return to_hex(buf, bytes);
}

} // namespace arangokit::detail

#endif
