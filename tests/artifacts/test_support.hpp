// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Test-only helpers: a writer of dump directories in every layout the reader must understand (plain, gzip,
// split, encrypted, all-databases, envelope). temp_dir, read_file and write_file come from tests/common.
#ifndef ARANGOKIT_TESTS_ARTIFACTS_TEST_SUPPORT_HPP
#define ARANGOKIT_TESTS_ARTIFACTS_TEST_SUPPORT_HPP

#include <arangokit/artifacts/checksum.hpp>
#include <arangokit/artifacts/keyfile.hpp>

#include <boost/json.hpp>

#include "files.hpp"
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
#include <zlib.h>

namespace arangokit::test {

namespace fs = std::filesystem;

inline std::string gzip(const std::string& in)
{
    z_stream zs{};
    if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&zs, in.size()) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
        throw std::runtime_error("deflate");
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

// The contract's format: 16 random IV bytes, then AES-256-CTR ciphertext.
inline std::string encrypt(const std::string& in, const encryption_key& key)
{
    unsigned char iv[16];
    RAND_bytes(iv, sizeof iv);
    std::string out(reinterpret_cast<char*>(iv), sizeof iv);
    out.resize(16 + in.size());
    EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
    int len = 0;
    EVP_EncryptInit_ex(c, EVP_aes_256_ctr(), nullptr, key.data(), iv);
    EVP_EncryptUpdate(
        c, reinterpret_cast<unsigned char*>(out.data() + 16), &len,
        reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size())
    );
    EVP_CIPHER_CTX_free(c);
    return out;
}

struct test_collection
{
    std::string name;
    int type = 2;
    std::vector<boost::json::object> docs;
    boost::json::object extra_parameters;
};

enum class data_mode
{
    plain,
    gzip,
    split,
    split_gzip,
};

struct dump_spec
{
    std::string database = "shop";
    std::vector<test_collection> collections;
    data_mode mode = data_mode::plain;
    std::size_t docs_per_file = 2;
    std::optional<encryption_key> key;
    bool reverse_documents = false; // same data, other order
    bool envelope = false;          // 3.8-3.11 {"type":2300,"data":...}
    std::string id_salt = "1";      // volatile ids differ between servers
};

inline std::string md5_of(const std::string& s)
{
    multi_hasher h{hash_algorithm::md5};
    h.update(s);
    return h.finish().get(hash_algorithm::md5);
}

inline void write_dump(const fs::path& dir, const dump_spec& spec)
{
    fs::create_directories(dir);
    auto put = [&](const std::string& name, const std::string& content) {
        write_file(dir / name, spec.key ? encrypt(content, *spec.key) : content);
    };
    write_file(dir / "ENCRYPTION", spec.key ? "aes-256-ctr" : "none");
    put("dump.json", boost::json::serialize(boost::json::object{
                         {"database", spec.database},
                         {"lastTickAtDumpStart", "123" + spec.id_salt},
                         {"properties", {{"id", spec.id_salt}, {"name", spec.database}}}}));
    for (const auto& c : spec.collections)
    {
        std::string base = c.name + "_" + md5_of(c.name);
        boost::json::object params{
            {"name", c.name},           {"type", c.type},
            {"id", "9" + spec.id_salt}, {"globallyUniqueId", "h" + spec.id_salt},
            {"waitForSync", false},     {"keyOptions", {{"type", "traditional"}, {"allowUserKeys", true}}}};
        for (const auto& p : c.extra_parameters)
            params[p.key()] = p.value();
        boost::json::object structure{
            {"parameters", params},
            {"indexes",
             boost::json::array{{{"id", "1" + spec.id_salt}, {"type", "persistent"}, {"fields", {"a"}}}}}};
        put(base + ".structure.json", boost::json::serialize(structure));
        std::vector<std::string> lines;
        for (const auto& d : c.docs)
        {
            boost::json::object doc = d;
            doc["_rev"] = "_rev" + spec.id_salt;
            lines.push_back(
                spec.envelope ? boost::json::serialize(boost::json::object{{"type", 2300}, {"data", doc}})
                              : boost::json::serialize(doc)
            );
        }
        if (spec.reverse_documents)
            std::reverse(lines.begin(), lines.end());
        bool split = spec.mode == data_mode::split || spec.mode == data_mode::split_gzip;
        bool gz = !spec.key && (spec.mode == data_mode::gzip || spec.mode == data_mode::split_gzip);
        auto emit = [&](const std::string& name, const std::string& text) {
            put(name + (gz ? ".gz" : ""), gz ? gzip(text) : text);
        };
        if (!split)
        {
            std::string text;
            for (const auto& l : lines)
                text += l + "\n";
            emit(base + ".data.json", text);
        }
        else
        {
            for (std::size_t i = 0, part = 0; i < lines.size(); ++part)
            {
                std::string text;
                for (std::size_t k = 0; k < spec.docs_per_file && i < lines.size(); ++k, ++i)
                    text += lines[i] + "\n";
                emit(base + "." + std::to_string(part) + ".data.json", text);
            }
        }
    }
    put("products_view.view.json",
        boost::json::serialize(boost::json::object{{"name", "products_view"}, {"type", "arangosearch"}}));
}

inline boost::json::object doc(const std::string& key, int value)
{
    return boost::json::object{{"_key", key}, {"_id", "c/" + key}, {"value", value}, {"tags", {"x", "y"}}};
}

// A standard data set: "products" (document, 5 docs) and "links" (edge, 3 docs).
inline dump_spec standard_spec()
{
    dump_spec s;
    test_collection products{"products", 2, {}, {}};
    for (int i = 1; i <= 5; ++i)
        products.docs.push_back(doc("p" + std::to_string(i), i * 10));
    test_collection links{"links", 3, {}, {}};
    for (int i = 1; i <= 3; ++i)
    {
        auto d = doc("l" + std::to_string(i), i);
        d["_from"] = "products/p1";
        d["_to"] = "products/p" + std::to_string(i + 1);
        links.docs.push_back(d);
    }
    s.collections = {products, links};
    return s;
}

inline int run_shell(const std::string& cmd)
{
    return std::system(cmd.c_str());
}

} // namespace arangokit::test

#endif
