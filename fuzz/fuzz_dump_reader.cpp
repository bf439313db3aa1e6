// The dump-directory reader on arbitrary directory contents. The input is a list of NUL-separated
// (name, content) pairs written into a fresh private directory; names may have one `sub/` level. The reader
// must never throw on damaged dumps (the error_code overloads) and must say why when it fails.
#include <arangokit/artifacts/dump_reader.hpp>

#include "fuzz_target.hpp"
#include <cstdlib>
#include <fstream>
#include <new>
#include <set>
#include <string>
#include <unistd.h>

namespace {

std::string clean_component(std::string_view s)
{
    std::string out;
    for (char c : s.substr(0, 80))
        out += (c == '/' || c == '\0') ? '_' : c;
    if (out.empty() || out == "." || out == "..")
        return {};
    return out;
}

struct temp_tree
{
    std::filesystem::path root;
    temp_tree()
    {
        std::string tmpl = (std::filesystem::temp_directory_path() / "ak_fuzz_dump_XXXXXX").string();
        if (!::mkdtemp(tmpl.data()))
            throw std::bad_alloc();
        root = tmpl;
    }
    ~temp_tree()
    {
        std::error_code ec;
        std::filesystem::remove_all(root, ec);
    }
};

} // namespace

ARANGOKIT_FUZZ_TARGET(dump_reader)
{
    namespace fs = std::filesystem;
    using namespace arangokit;
    temp_tree t;
    int files = 0;
    while (!input.empty() && files < 32)
    {
        auto z = input.find('\0');
        std::string_view name = input.substr(0, z);
        input = z == std::string_view::npos ? std::string_view{} : input.substr(z + 1);
        auto z2 = input.find('\0');
        std::string_view content = input.substr(0, z2);
        input = z2 == std::string_view::npos ? std::string_view{} : input.substr(z2 + 1);
        fs::path p = t.root;
        auto slash = name.find('/');
        if (slash != std::string_view::npos)
        {
            auto dir = clean_component(name.substr(0, slash));
            if (dir.empty())
                continue;
            std::error_code ec;
            fs::create_directory(p / dir, ec);
            p /= dir;
            name.remove_prefix(slash + 1);
        }
        auto file = clean_component(name);
        if (file.empty())
            continue;
        std::error_code ec;
        if (fs::is_directory(p / file, ec))
            continue;
        std::ofstream(p / file, std::ios::binary)
            .write(content.data(), static_cast<std::streamsize>(content.size()));
        ++files;
    }

    for (bool count : {false, true})
    {
        dump_read_options opts;
        opts.count_documents = count;
        error_code ec;
        artifact_diagnostics diag;
        auto m = read_dump(t.root, opts, ec, diag);
        if (ec)
        {
            ARANGOKIT_FUZZ_CHECK(!diag.message.empty());
            continue;
        }
        ARANGOKIT_FUZZ_CHECK(!m.databases.empty());
        for (const auto& db : m.databases)
        {
            (void)db.document_count();
            for (const auto& c : db.collections)
            {
                // The net content: a key written again replaces, a removal deletes, keyless records count.
                std::set<std::string> keys;
                std::uint64_t keyless = 0, removals = 0;
                error_code vec;
                artifact_diagnostics vdiag;
                visit_documents(
                    db, c, opts,
                    [&](const boost::json::object& d, bool removal) {
                        const boost::json::value* k = d.if_contains("_key");
                        if (removal)
                        {
                            ARANGOKIT_FUZZ_CHECK(k && k->is_string());
                            ++removals;
                            keys.erase(std::string(k->get_string()));
                        }
                        else if (k && k->is_string())
                            keys.insert(std::string(k->get_string()));
                        else
                            ++keyless;
                    },
                    vec, vdiag
                );
                if (vec)
                    ARANGOKIT_FUZZ_CHECK(!vdiag.message.empty());
                else if (count)
                {
                    ARANGOKIT_FUZZ_CHECK(keys.size() + keyless == c.document_count);
                    ARANGOKIT_FUZZ_CHECK(removals == c.removal_count);
                }
            }
        }
    }
}
