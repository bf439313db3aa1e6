// The .conf reader and writer: reading never throws; whatever the writer accepts reads back equal; writing
// what was read either succeeds or names the item; placeholders escape losslessly.
#include <arangokit/arango/config_file.hpp>

#include "fuzz_target.hpp"

ARANGOKIT_FUZZ_TARGET(config_file)
{
    using namespace arangokit;
    auto parsed = parse_config(input, "fuzz.conf");
    for (const auto& e : parsed.errors)
        ARANGOKIT_FUZZ_CHECK(!e.to_string().empty());
    (void)parsed.doc.settings();
    (void)parsed.doc.settings("community");

    std::vector<conf_diagnostic> errors;
    auto text = write_config(parsed.doc, &errors);
    ARANGOKIT_FUZZ_CHECK(text.has_value() == errors.empty());
    if (text)
    {
        auto back = parse_config(*text, "rewritten.conf");
        ARANGOKIT_FUZZ_CHECK(back.ok());
        ARANGOKIT_FUZZ_CHECK(back.doc == parsed.doc);
        auto text2 = write_config(back.doc);
        ARANGOKIT_FUZZ_CHECK(text2 && *text2 == *text);
    }

    // A document built from raw input pieces: the writer must refuse or round-trip exactly.
    config_document doc;
    std::string_view rest = input;
    auto take = [&]() {
        auto nl = rest.find('\x01');
        std::string piece(rest.substr(0, nl));
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        return piece;
    };
    while (!rest.empty() && doc.items.size() < 64)
    {
        char k = rest.front();
        rest.remove_prefix(1);
        switch (static_cast<unsigned char>(k) % 5)
        {
        case 0:
            doc.add_comment(take());
            break;
        case 1:
            doc.add_blank();
            break;
        case 2:
            doc.add_section(take());
            break;
        case 3: {
            auto key = take();
            doc.add(std::move(key), take());
            break;
        }
        default:
            doc.add_include(take());
            break;
        }
    }
    std::vector<conf_diagnostic> errors2;
    if (auto t = write_config(doc, &errors2))
    {
        auto back = parse_config(*t);
        ARANGOKIT_FUZZ_CHECK(back.ok());
        ARANGOKIT_FUZZ_CHECK(back.doc == doc);
    }
    else
        ARANGOKIT_FUZZ_CHECK(!errors2.empty());

    auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    auto some_env = [](const std::string& n) -> std::optional<std::string> {
        return n.size() % 2 ? std::optional<std::string>(n + "@") : std::nullopt;
    };
    ARANGOKIT_FUZZ_CHECK(substitute_placeholders(escape_placeholders(input), no_env) == input);
    ARANGOKIT_FUZZ_CHECK(substitute_placeholders(escape_placeholders(input), some_env) == input);
    (void)substitute_placeholders(input, some_env, {{"A", "b"}});
}
