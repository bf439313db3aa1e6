// Every committed fuzz input through every fuzz target (built without libFuzzer): the seed corpus and the
// regression inputs of past crashes. A target signals a broken invariant by throwing invariant_violation;
// anything else escaping a target (other than bad_alloc) is a bug too.
#define BOOST_TEST_MODULE arangokit_fuzz_replay
#include <boost/test/unit_test.hpp>

#include "fuzz_target.hpp"
#include "test_paths.hpp"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
namespace fz = arangokit::fuzz;

namespace {

const fs::path& fuzz_dir()
{
    static const fs::path d = fs::path(arangokit::test::source_dir()) / "fuzz";
    return d;
}

std::vector<fs::path> inputs_of(const std::string& target, const char* kind)
{
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(fuzz_dir() / kind / target, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file())
            files.push_back(it->path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs every input of `target`; returns how many ran. Each failing input is reported by name.
std::size_t replay(const std::string& target)
{
    auto it = fz::registry().find(target);
    BOOST_REQUIRE_MESSAGE(it != fz::registry().end(), "no fuzz target named " << target);
    auto corpus = inputs_of(target, "corpus");
    BOOST_TEST(corpus.size() >= 3u, target << " has a seed corpus of only " << corpus.size() << " inputs");
    auto regressions = inputs_of(target, "regressions");
    corpus.insert(corpus.end(), regressions.begin(), regressions.end());
    std::size_t ran = 0;
    for (const auto& f : corpus)
    {
        std::string data = slurp(f);
        try
        {
            it->second(data);
            ++ran;
        }
        catch (const fz::invariant_violation& e)
        {
            BOOST_ERROR(f.string() << ": " << e.what());
        }
        catch (const std::bad_alloc&)
        {
            ++ran; // allowed by every contract under test
        }
        catch (const std::exception& e)
        {
            BOOST_ERROR(f.string() << ": unexpected exception: " << e.what());
        }
    }
    BOOST_TEST_MESSAGE(target << ": " << ran << " inputs (" << regressions.size() << " regressions)");
    return ran;
}

} // namespace

BOOST_AUTO_TEST_SUITE(fuzz_replay)

BOOST_AUTO_TEST_CASE(every_target_has_a_corpus_and_every_corpus_a_target)
{
    std::set<std::string> dirs;
    for (const auto& e : fs::directory_iterator(fuzz_dir() / "corpus"))
        if (e.is_directory())
            dirs.insert(e.path().filename().string());
    std::set<std::string> targets;
    for (const auto& [name, fn] : fz::registry())
        targets.insert(name);
    BOOST_TEST(targets.size() >= 6u);
    BOOST_TEST(dirs == targets, boost::test_tools::per_element());
    std::error_code ec;
    for (fs::directory_iterator it(fuzz_dir() / "regressions", ec), end; !ec && it != end; it.increment(ec))
        BOOST_TEST(targets.count(it->path().filename().string()) == 1u, it->path() << " names no target");
}

BOOST_AUTO_TEST_CASE(endpoint_inputs_replay_clean)
{
    BOOST_TEST(replay("endpoint") > 0u);
}
BOOST_AUTO_TEST_CASE(config_file_inputs_replay_clean)
{
    BOOST_TEST(replay("config_file") > 0u);
}
BOOST_AUTO_TEST_CASE(tool_output_inputs_replay_clean)
{
    BOOST_TEST(replay("tool_output") > 0u);
}
BOOST_AUTO_TEST_CASE(dump_reader_inputs_replay_clean)
{
    BOOST_TEST(replay("dump_reader") > 0u);
}
BOOST_AUTO_TEST_CASE(http_error_inputs_replay_clean)
{
    BOOST_TEST(replay("http_error") > 0u);
}
BOOST_AUTO_TEST_CASE(jwt_inputs_replay_clean)
{
    BOOST_TEST(replay("jwt") > 0u);
}

BOOST_AUTO_TEST_CASE(a_broken_invariant_is_reported_not_swallowed)
{
    // The check macro must fail loudly in this build; otherwise every replay above would pass vacuously.
    BOOST_CHECK_THROW(ARANGOKIT_FUZZ_CHECK(1 + 1 == 3), fz::invariant_violation);
    BOOST_CHECK_NO_THROW(ARANGOKIT_FUZZ_CHECK(1 + 1 == 2));
}

BOOST_AUTO_TEST_SUITE_END()
