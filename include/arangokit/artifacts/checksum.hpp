// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_CHECKSUM_HPP
#define ARANGOKIT_ARTIFACTS_CHECKSUM_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/detail/posix_file.hpp>
#include <arangokit/error.hpp>

#include <arangokit/detail/random.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <openssl/evp.h>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>
#include <zlib.h>

namespace arangokit {

/// \brief The checksum algorithms: SHA-256 and MD5 through OpenSSL EVP, Adler-32 and CRC-32 through zlib.
enum class hash_algorithm
{
    sha256,
    md5,
    adler32,
    crc32,
};

/// All algorithms, in a fixed order.
inline constexpr std::array<hash_algorithm, 4> all_hash_algorithms{
    hash_algorithm::sha256, hash_algorithm::md5, hash_algorithm::adler32, hash_algorithm::crc32};

/// The size of the read buffer used when hashing a file: memory use does not depend on the file size.
inline constexpr std::size_t hash_buffer_size = 256 * 1024;

/// The algorithm's name as used in manifests: "sha256", "md5", "adler32", "crc32".
ARANGOKIT_DECL const char* to_string(hash_algorithm a) noexcept
{
    switch (a)
    {
    case hash_algorithm::sha256:
        return "sha256";
    case hash_algorithm::md5:
        return "md5";
    case hash_algorithm::adler32:
        return "adler32";
    case hash_algorithm::crc32:
        return "crc32";
    }
    return "?";
}

/// The algorithm for a name from `to_string`, or nullopt.
ARANGOKIT_DECL std::optional<hash_algorithm> hash_algorithm_from_string(std::string_view s) noexcept
{
    for (auto a : all_hash_algorithms)
        if (s == to_string(a))
            return a;
    return std::nullopt;
}

/// \brief The digests of one input, as lowercase hex (Adler-32 and CRC-32: 8 digits, big-endian).
/// \details An algorithm that was not computed has no value; `operator==` compares all four slots.
class checksums
{
  public:
    bool has(hash_algorithm a) const noexcept { return !slots_[index(a)].empty(); }
    /// The hex digest, or an empty string when not computed.
    const std::string& get(hash_algorithm a) const noexcept { return slots_[index(a)]; }
    void set(hash_algorithm a, std::string hex) { slots_[index(a)] = std::move(hex); }
    friend bool operator==(const checksums&, const checksums&) = default;

  private:
    static std::size_t index(hash_algorithm a) noexcept { return static_cast<std::size_t>(a); }
    std::array<std::string, 4> slots_;
};

/// \brief Computes several checksums over one stream of bytes in a single pass.
/// \details Feed bytes with `update` (any chunking gives the same result), then call `finish` once.
/// Memory use is constant. Move-only.
class multi_hasher
{
  public:
    /// Hashes with the given algorithms (duplicates are ignored). Throws `artifact_error` if OpenSSL cannot
    /// provide SHA-256/MD5 (e.g. MD5 in a FIPS-only configuration).
    explicit multi_hasher(std::span<const hash_algorithm> algorithms)
    {
        for (auto a : algorithms)
        {
            switch (a)
            {
            case hash_algorithm::sha256:
                init_evp(sha256_, EVP_sha256(), "SHA-256");
                break;
            case hash_algorithm::md5:
                init_evp(md5_, EVP_md5(), "MD5");
                break;
            case hash_algorithm::adler32:
                if (!adler_)
                    adler_ = ::adler32_z(0L, Z_NULL, 0);
                break;
            case hash_algorithm::crc32:
                if (!crc_)
                    crc_ = ::crc32_z(0L, Z_NULL, 0);
                break;
            }
        }
    }
    multi_hasher(std::initializer_list<hash_algorithm> algorithms)
        : multi_hasher(std::span<const hash_algorithm>(algorithms.begin(), algorithms.size()))
    {
    }

    void update(const void* data, std::size_t n)
    {
        auto p = static_cast<const unsigned char*>(data);
        if (sha256_)
            EVP_DigestUpdate(sha256_.get(), p, n);
        if (md5_)
            EVP_DigestUpdate(md5_.get(), p, n);
        if (adler_)
            adler_ = ::adler32_z(*adler_, p, n);
        if (crc_)
            crc_ = ::crc32_z(*crc_, p, n);
    }
    void update(std::string_view s) { update(s.data(), s.size()); }

    /// The digests; the hasher is spent afterwards.
    checksums finish()
    {
        checksums c;
        if (sha256_)
            c.set(hash_algorithm::sha256, final_evp(sha256_));
        if (md5_)
            c.set(hash_algorithm::md5, final_evp(md5_));
        if (adler_)
            c.set(hash_algorithm::adler32, hex32(*adler_));
        if (crc_)
            c.set(hash_algorithm::crc32, hex32(*crc_));
        adler_.reset();
        crc_.reset();
        return c;
    }

  private:
    struct ctx_deleter
    {
        void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
    };
    using ctx_ptr = std::unique_ptr<EVP_MD_CTX, ctx_deleter>;

    static void init_evp(ctx_ptr& ctx, const EVP_MD* md, const char* name)
    {
        if (ctx)
            return;
        ctx.reset(EVP_MD_CTX_new());
        if (!ctx || !md || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1)
            throw artifact_error(errc::invalid_options, std::string("OpenSSL cannot compute ") + name);
    }
    static std::string final_evp(ctx_ptr& ctx)
    {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx.get(), md, &len);
        ctx.reset();
        return detail::to_hex(md, len);
    }
    static std::string hex32(unsigned long v)
    {
        unsigned char b[4] = {
            static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
            static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
        return detail::to_hex(b, 4);
    }

    ctx_ptr sha256_;
    ctx_ptr md5_;
    std::optional<unsigned long> adler_;
    std::optional<unsigned long> crc_;
};

/// \brief Hashes a file with the given algorithms in one streaming pass (`hash_buffer_size` reads).
/// \details Blocks the calling thread for as long as reading the file takes (a 2 GiB file with all four
/// algorithms takes seconds): run it on a worker thread (e.g. an `asio::thread_pool`) when that matters.
/// Errors: a system error naming the file. `size`, if given, receives the number of bytes hashed.
ARANGOKIT_DECL checksums hash_file(
    const std::filesystem::path& file,
    std::span<const hash_algorithm> algorithms,
    error_code& ec,
    artifact_diagnostics& diag,
    std::uint64_t* size = nullptr
)
{
    ec.clear();
    diag.clear();
    auto fd = detail::open_fd(file.c_str(), O_RDONLY);
    if (!fd)
    {
        auto e = detail::last_system_error();
        detail::set_artifact_error(ec, diag, e, "cannot open " + file.string() + ": " + e.message());
        return {};
    }
    multi_hasher h(algorithms);
    std::vector<unsigned char> buf(hash_buffer_size);
    std::uint64_t total = 0;
    for (;;)
    {
        auto n = detail::read_some_fd(fd.get(), buf.data(), buf.size());
        if (n < 0)
        {
            auto e = detail::last_system_error();
            detail::set_artifact_error(ec, diag, e, "cannot read " + file.string() + ": " + e.message());
            return {};
        }
        if (n == 0)
            break;
        h.update(buf.data(), static_cast<std::size_t>(n));
        total += static_cast<std::uint64_t>(n);
    }
    if (size)
        *size = total;
    return h.finish();
}

/// \copydoc hash_file \details Throws `artifact_error`.
ARANGOKIT_DECL checksums
hash_file(const std::filesystem::path& file, std::span<const hash_algorithm> algorithms)
{
    error_code ec;
    artifact_diagnostics diag;
    auto c = hash_file(file, algorithms, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return c;
}

} // namespace arangokit

#endif
