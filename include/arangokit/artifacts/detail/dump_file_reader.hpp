// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_DETAIL_DUMP_FILE_READER_HPP
#define ARANGOKIT_ARTIFACTS_DETAIL_DUMP_FILE_READER_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/detail/posix_file.hpp>
#include <arangokit/artifacts/keyfile.hpp>
#include <arangokit/error.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <openssl/evp.h>
#include <string>
#include <vector>
#include <zlib.h>

namespace arangokit::detail {

// Reads one dump file as lines through the layers the contract allows: [AES-256-CTR] -> [gzip] -> text.
// Everything streams through fixed buffers; only the current line is held in memory.
class dump_file_reader
{
  public:
    static constexpr std::size_t chunk = 64 * 1024;
    static constexpr std::size_t max_line = std::size_t(512) << 20;

    dump_file_reader() = default;
    dump_file_reader(const dump_file_reader&) = delete;
    dump_file_reader& operator=(const dump_file_reader&) = delete;
    ~dump_file_reader()
    {
        if (z_started_)
            inflateEnd(&zs_);
    }

    bool open(
        const std::filesystem::path& file,
        const encryption_key* key,
        bool gzip,
        error_code& ec,
        artifact_diagnostics& diag
    )
    {
        file_ = file;
        fd_ = open_fd(file.c_str(), O_RDONLY);
        if (!fd_)
            return sys_fail("cannot open", ec, diag);
        if (key)
        {
            unsigned char iv[16];
            std::size_t got = 0;
            while (got < sizeof iv)
            {
                auto n = read_some_fd(fd_.get(), iv + got, sizeof iv - got);
                if (n < 0)
                    return sys_fail("cannot read", ec, diag);
                if (n == 0)
                    return fail("encrypted file too short to hold its 16-byte IV", ec, diag);
                got += static_cast<std::size_t>(n);
            }
            cipher_.reset(EVP_CIPHER_CTX_new());
            if (!cipher_ ||
                EVP_DecryptInit_ex(cipher_.get(), EVP_aes_256_ctr(), nullptr, key->data(), iv) != 1)
                return fail("OpenSSL cannot set up AES-256-CTR", ec, diag);
        }
        if (gzip)
        {
            zs_ = {};
            if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK)
                return fail("zlib cannot start inflating", ec, diag);
            z_started_ = true;
            in_.resize(chunk);
        }
        return true;
    }

    // false at clean EOF (ec clear) or on error (ec set). Strips "\n" and "\r\n".
    bool next_line(std::string& line, error_code& ec, artifact_diagnostics& diag)
    {
        for (;;)
        {
            auto nl = buf_.find('\n', scan_from_);
            if (nl != std::string::npos)
            {
                line.assign(buf_, pos_, nl - pos_);
                pos_ = scan_from_ = nl + 1;
                ++line_no_;
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                return true;
            }
            if (pos_ > 0)
            {
                buf_.erase(0, pos_);
                pos_ = 0;
            }
            scan_from_ = buf_.size();
            if (buf_.size() > max_line)
                return fail("line " + std::to_string(line_no_ + 1) + " is longer than 512 MiB", ec, diag);
            std::size_t old = buf_.size();
            buf_.resize(old + chunk);
            auto n = read_decoded(buf_.data() + old, chunk, ec, diag);
            buf_.resize(old + n);
            if (ec)
                return false;
            if (n == 0)
            {
                if (buf_.empty())
                    return false;
                line = std::move(buf_);
                buf_.clear();
                pos_ = scan_from_ = 0;
                ++line_no_;
                return true;
            }
        }
    }

    bool read_all(std::string& out, std::size_t limit, error_code& ec, artifact_diagnostics& diag)
    {
        out.clear();
        for (;;)
        {
            std::size_t old = out.size();
            out.resize(old + chunk);
            auto n = read_decoded(out.data() + old, chunk, ec, diag);
            out.resize(old + n);
            if (ec)
                return false;
            if (n == 0)
                return true;
            if (out.size() > limit)
                return fail("file larger than " + std::to_string(limit) + " bytes", ec, diag);
        }
    }

    std::uint64_t line_number() const noexcept { return line_no_; }
    const std::filesystem::path& file() const noexcept { return file_; }

  private:
    struct cipher_deleter
    {
        void operator()(EVP_CIPHER_CTX* c) const noexcept { EVP_CIPHER_CTX_free(c); }
    };

    bool fail(const std::string& what, error_code& ec, artifact_diagnostics& diag)
    {
        set_artifact_error(ec, diag, errc::damaged_dump, "dump file " + file_.string() + ": " + what);
        return false;
    }
    bool sys_fail(const char* what, error_code& ec, artifact_diagnostics& diag)
    {
        auto e = last_system_error();
        set_artifact_error(
            ec, diag, e, std::string(what) + " dump file " + file_.string() + ": " + e.message()
        );
        return false;
    }

    std::size_t read_raw(unsigned char* out, std::size_t n, error_code& ec, artifact_diagnostics& diag)
    {
        auto r = read_some_fd(fd_.get(), out, n);
        if (r < 0)
        {
            sys_fail("cannot read", ec, diag);
            return 0;
        }
        raw_bytes_ += static_cast<std::uint64_t>(r);
        if (cipher_ && r > 0)
        {
            int outl = 0;
            // CTR is a stream cipher: in-place, same length, no padding, no final block.
            if (EVP_DecryptUpdate(cipher_.get(), out, &outl, out, static_cast<int>(r)) != 1)
            {
                fail("AES-256-CTR decryption failed", ec, diag);
                return 0;
            }
        }
        return static_cast<std::size_t>(r);
    }

    std::size_t read_decoded(char* out, std::size_t n, error_code& ec, artifact_diagnostics& diag)
    {
        auto* uout = reinterpret_cast<unsigned char*>(out);
        if (!z_started_)
            return read_raw(uout, n, ec, diag);
        for (;;)
        {
            if (zs_.avail_in == 0 && !raw_eof_)
            {
                auto got = read_raw(in_.data(), in_.size(), ec, diag);
                if (ec)
                    return 0;
                if (got == 0)
                    raw_eof_ = true;
                zs_.next_in = in_.data();
                zs_.avail_in = static_cast<uInt>(got);
            }
            if (member_done_)
            {
                if (zs_.avail_in > 0)
                {
                    // Concatenated gzip members (gzip a b > c) are one stream, as gunzip reads them.
                    inflateReset(&zs_);
                    member_done_ = false;
                }
                else if (raw_eof_)
                    return 0;
                else
                    continue;
            }
            zs_.next_out = uout;
            zs_.avail_out = static_cast<uInt>(n);
            int rc = inflate(&zs_, Z_NO_FLUSH);
            std::size_t produced = n - zs_.avail_out;
            if (rc == Z_STREAM_END)
                member_done_ = true;
            else if (rc == Z_OK || rc == Z_BUF_ERROR)
            {
                // inflate may still hold output with no input left, so only "no progress at EOF" is
                // truncation.
                if (produced == 0 && raw_eof_ && zs_.avail_in == 0)
                {
                    fail(
                        raw_bytes_ == 0 ? "empty file where a gzip stream was expected"
                                        : "truncated gzip stream (unexpected end of data)",
                        ec, diag
                    );
                    return 0;
                }
            }
            else
            {
                fail(std::string("corrupt gzip data: ") + (zs_.msg ? zs_.msg : "inflate failed"), ec, diag);
                return 0;
            }
            if (produced > 0)
                return produced;
        }
    }

    std::filesystem::path file_;
    unique_fd fd_;
    std::unique_ptr<EVP_CIPHER_CTX, cipher_deleter> cipher_;
    z_stream zs_{};
    bool z_started_ = false;
    bool member_done_ = false;
    bool raw_eof_ = false;
    std::uint64_t raw_bytes_ = 0;
    std::vector<unsigned char> in_;
    std::string buf_;
    std::size_t pos_ = 0;
    std::size_t scan_from_ = 0;
    std::uint64_t line_no_ = 0;
};

} // namespace arangokit::detail

#endif
