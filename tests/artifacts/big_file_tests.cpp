// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// A 2 GiB file hashed with all four algorithms in flat memory. Its own executable, so the peak RSS (VmHWM)
// it measures belongs to this test alone.
#define BOOST_TEST_MODULE artifacts_big_file
#include <arangokit/artifacts/checksum.hpp>

#include <boost/test/unit_test.hpp>

#include "run_coro.hpp"
#include "test_support.hpp"
#include <fcntl.h>
#include <fstream>
#include <string>
#include <unistd.h>

BOOST_AUTO_TEST_CASE(two_gib_file_is_hashed_with_flat_memory)
{
    using namespace arangokit;
    test::temp_dir t;
    auto file = t / "sparse-2GiB.bin";
    constexpr off_t size = off_t(2) << 30;
    {
        int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        BOOST_TEST_REQUIRE(fd >= 0);
        BOOST_TEST_REQUIRE(::ftruncate(fd, size) == 0); // sparse: no disk space, reads as zeros
        ::close(fd);
    }
    long before = test::proc_status_kib("VmHWM:");
    BOOST_TEST_REQUIRE(before > 0);
    error_code ec;
    artifact_diagnostics diag;
    std::uint64_t hashed = 0;
    auto c = hash_file(file, all_hash_algorithms, ec, diag, &hashed);
    long after = test::proc_status_kib("VmHWM:");
    BOOST_TEST_REQUIRE(!ec, diag.message);
    BOOST_TEST(hashed == static_cast<std::uint64_t>(size));
    BOOST_TEST_MESSAGE("VmHWM before " << before << " KiB, after " << after << " KiB");
    BOOST_TEST(after - before < 64 * 1024);
    // Reference digests of 2^31 zero bytes, from coreutils sha256sum/md5sum and Python's zlib.adler32/crc32.
    BOOST_TEST(
        c.get(hash_algorithm::sha256) == "a7c744c13cc101ed66c29f672f92455547889cc586ce6d44fe76ae824958ea51"
    );
    BOOST_TEST(c.get(hash_algorithm::md5) == "a981130cf2b7e09f4686dc273cf7187e");
    BOOST_TEST(c.get(hash_algorithm::adler32) == "80690001");
    BOOST_TEST(c.get(hash_algorithm::crc32) == "4dbdf21c");
}
