// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_KEYFILE_HPP
#define ARANGOKIT_ARTIFACTS_KEYFILE_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/detail/posix_file.hpp>
#include <arangokit/error.hpp>

#include <arangokit/detail/random.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <filesystem>
#include <openssl/crypto.h>
#include <span>
#include <string>
#include <sys/stat.h>

namespace arangokit {

/// \brief A 32-byte AES-256 key for encrypted dumps (`--encryption.keyfile`).
/// \details The bytes are wiped (`OPENSSL_cleanse`) when the object dies. There is deliberately no stream
/// operator and no hex accessor: a key must not end up in a log by accident.
class encryption_key
{
  public:
    static constexpr std::size_t size = 32;

    encryption_key() = default;
    explicit encryption_key(std::span<const unsigned char, size> bytes)
    {
        std::copy(bytes.begin(), bytes.end(), bytes_.begin());
    }
    encryption_key(const encryption_key&) = default;
    encryption_key& operator=(const encryption_key&) = default;
    ~encryption_key() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

    /// 32 fresh bytes from OpenSSL's `RAND_bytes`; throws `artifact_error` if the RNG fails.
    static encryption_key generate()
    {
        encryption_key k;
        if (!detail::random_bytes(k.bytes_.data(), size))
            throw artifact_error(
                errc::invalid_options, "RAND_bytes failed: cannot generate an encryption key"
            );
        return k;
    }

    const unsigned char* data() const noexcept { return bytes_.data(); }
    std::span<const unsigned char, size> bytes() const noexcept { return bytes_; }
    friend bool operator==(const encryption_key& a, const encryption_key& b) noexcept
    {
        return CRYPTO_memcmp(a.bytes_.data(), b.bytes_.data(), size) == 0;
    }

  private:
    std::array<unsigned char, size> bytes_{};
};

/// \brief Writes a new keyfile with 32 random bytes (the format `--encryption.keyfile` expects) and returns
/// the key.
/// \details The file is created with `O_CREAT | O_EXCL | O_NOFOLLOW` and mode 0600 (whatever the umask), so
/// an existing file or a planted symlink is never overwritten or followed: that is an error
/// (`file_exists`). The data is fsync'ed. Errors: a system error naming the file.
ARANGOKIT_DECL encryption_key
create_keyfile(const std::filesystem::path& file, error_code& ec, artifact_diagnostics& diag)
{
    ec.clear();
    diag.clear();
    encryption_key key;
    try
    {
        key = encryption_key::generate();
    }
    catch (const artifact_error& e)
    {
        detail::set_artifact_error(ec, diag, e.code(), e.message());
        return {};
    }
    auto fd = detail::open_fd(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    if (!fd)
    {
        auto e = detail::last_system_error();
        detail::set_artifact_error(
            ec, diag, e, "cannot create keyfile " + file.string() + ": " + e.message()
        );
        return {};
    }
    // The umask can only remove bits, but be explicit: nobody else may read a key.
    if (::fchmod(fd.get(), 0600) != 0 || !detail::write_all_fd(fd.get(), key.data(), encryption_key::size) ||
        ::fsync(fd.get()) != 0 || fd.close_checked() != 0)
    {
        auto e = detail::last_system_error();
        ::unlink(file.c_str());
        detail::set_artifact_error(ec, diag, e, "cannot write keyfile " + file.string() + ": " + e.message());
        return {};
    }
    return key;
}

/// \copydoc create_keyfile \details Throws `artifact_error`.
ARANGOKIT_DECL encryption_key create_keyfile(const std::filesystem::path& file)
{
    error_code ec;
    artifact_diagnostics diag;
    auto k = create_keyfile(file, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return k;
}

/// \brief Reads a keyfile: it must hold exactly 32 bytes (`errc::invalid_options` otherwise).
ARANGOKIT_DECL encryption_key
read_keyfile(const std::filesystem::path& file, error_code& ec, artifact_diagnostics& diag)
{
    ec.clear();
    diag.clear();
    auto fd = detail::open_fd(file.c_str(), O_RDONLY);
    if (!fd)
    {
        auto e = detail::last_system_error();
        detail::set_artifact_error(ec, diag, e, "cannot open keyfile " + file.string() + ": " + e.message());
        return {};
    }
    std::array<unsigned char, encryption_key::size + 1> buf{};
    std::size_t got = 0;
    while (got < buf.size())
    {
        auto n = detail::read_some_fd(fd.get(), buf.data() + got, buf.size() - got);
        if (n < 0)
        {
            auto e = detail::last_system_error();
            detail::set_artifact_error(
                ec, diag, e, "cannot read keyfile " + file.string() + ": " + e.message()
            );
            OPENSSL_cleanse(buf.data(), buf.size());
            return {};
        }
        if (n == 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    if (got != encryption_key::size)
    {
        OPENSSL_cleanse(buf.data(), buf.size());
        detail::set_artifact_error(
            ec, diag, errc::invalid_options,
            "keyfile " + file.string() + " must hold exactly 32 bytes, it holds " +
                (got > encryption_key::size ? std::string("more") : std::to_string(got))
        );
        return {};
    }
    encryption_key k(std::span<const unsigned char, encryption_key::size>(buf.data(), encryption_key::size));
    OPENSSL_cleanse(buf.data(), buf.size());
    return k;
}

/// \copydoc read_keyfile \details Throws `artifact_error`.
ARANGOKIT_DECL encryption_key read_keyfile(const std::filesystem::path& file)
{
    error_code ec;
    artifact_diagnostics diag;
    auto k = read_keyfile(file, ec, diag);
    detail::throw_if_artifact_error(ec, diag);
    return k;
}

} // namespace arangokit

#endif
