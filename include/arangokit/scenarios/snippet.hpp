// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_SCENARIOS_SNIPPET_HPP
#define ARANGOKIT_SCENARIOS_SNIPPET_HPP

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace arangokit {

/// \brief Where a wrapped snippet reports: the control collection and the client's key.
struct snippet_options
{
    std::string collection{}; ///< holds the `stop` document and each client's `done` document
    std::string key{};        ///< the `_key` of this client's `done` document
    bool verbose = false;     ///< the original's `extremeVerbosity`: log every stop check with console.info
};

namespace detail {
/// A JavaScript string literal for any text (JSON strings are valid JS string literals).
inline std::string js_string(std::string_view s)
{
    return boost::json::serialize(boost::json::string(s));
}
} // namespace detail

/// \brief The loop wrapper of the original's `launchSnippetInBG`: runs `snippet` until a `stop` document
/// exists in `collection`, then inserts `{_key: key, done: true, iterations: <checks>}` there.
/// \details The snippet becomes the body of `function testCode() { <snippet> ; return true; }`, called once
/// per iteration; a snippet that returns false ends the loop early. `checkStop(noJitter)` (visible to the
/// snippet) looks for the stop document on every tenth call, or at once when `noJitter` is true, so a
/// snippet can ask for a check itself. An exception is logged with its stack to stderr and rethrown (the
/// shell exits 1, no done document). Names are embedded as JSON string literals, so any collection or key
/// is safe (the original pasted them between quotes).
inline std::string make_loop_script(std::string_view snippet, const snippet_options& o)
{
    std::string cn = detail::js_string(o.collection);
    std::string key = detail::js_string(o.key);
    std::string verbose = o.verbose ? "true" : "false";
    std::string s;
    s += "(function() {\n";
    s += "  let tries = 0;\n";
    s += "  function checkStop(noJitter) {\n";
    s += "    tries += 1;\n";
    s += "    if (" + verbose + ") {\n";
    s += "      console.info(`checking ${tries} ${noJitter} => ${tries % 10 === 0 || noJitter}`);\n";
    s += "    }\n";
    s += "    if (noJitter || tries % 10 === 0) {\n";
    s += "      let ret = db[" + cn + "].exists('stop');\n";
    s += "      if (" + verbose + ") {\n";
    s += "        console.info(`${JSON.stringify(ret)} ret. ${ret !== false}`);\n";
    s += "      }\n";
    s += "      return ret !== false;\n";
    s += "    }\n";
    s += "    return false;\n";
    s += "  }\n";
    s += "  try {\n";
    s += "    while (true) {\n";
    s += "      if (checkStop(false)) {\n";
    s += "        console.info('exiting');\n";
    s += "        break;\n";
    s += "      }\n";
    s += "////////////////////////////////////////////////////////////////////////////////\n";
    s += "      function testCode() {\n";
    s += std::string(snippet) + "\n ;\n";
    s += "        return true;\n";
    s += "      }\n";
    s += "      if (!testCode()) {\n";
    s += "        break;\n";
    s += "      }\n";
    s += "////////////////////////////////////////////////////////////////////////////////\n";
    s += "    }\n";
    s += "  } catch (ex) {\n";
    s += "    console.error(`test has thrown: ${ex}\\n${ex.stack}`);\n";
    s += "    throw ex;\n";
    s += "  }\n";
    s += "  db[" + cn + "].insert({ _key: " + key + ", done: true, iterations: tries });\n";
    s += "})();\n";
    return s;
}

/// \brief The single-run wrapper of the original's `launchSnippetInBG(..., single = true)`: runs `snippet`
/// once (with a no-op `checkStop`), then inserts `{_key: key, done: true, iterations: 1}` into `collection`
/// (plus the original's nested `b` attribute).
inline std::string make_single_run_script(std::string_view snippet, const snippet_options& o)
{
    std::string s;
    s += "(function() {\n";
    s += "  function checkStop(noJitter) {}\n";
    s += "////////////////////////////////////////////////////////////////////////////////\n";
    s += std::string(snippet) + "\n";
    s += "////////////////////////////////////////////////////////////////////////////////\n";
    s += "  db[" + detail::js_string(o.collection) + "].insert({ _key: " + detail::js_string(o.key) +
         ", done: true, iterations: 1, b: [{c: [{d: 'qwerty'}]}] });\n";
    s += "})();\n";
    return s;
}

/// \brief The stress wrapper of the original's `spawnStressArangoshInBG`, on a `file_gate`.
/// \details Defines `volume`, `idx` and `endpoint` for the snippet, removes `ready_file` (arrived at the
/// gate), polls every `poll_seconds` until `go_file` exists, then evaluates `function_source` (a function
/// expression, e.g. `function() { ... }`) and calls it. The original polled while a global file existed
/// and every 0.1 s, and also defined the password as `passvoid`; arangokit does not put secrets into
/// scripts (read them from `require('internal').env` if a test needs them).
inline std::string make_stress_script(
    std::string_view function_source,
    std::size_t index,
    std::size_t volume,
    std::string_view endpoint,
    const std::filesystem::path& ready_file,
    const std::filesystem::path& go_file,
    double poll_seconds = 0.01
)
{
    std::string s;
    s += "const fs = require('fs');\n";
    s += "let volume = " + std::to_string(volume) + ";\n";
    s += "let idx = " + std::to_string(index) + ";\n";
    s += "let endpoint = " + detail::js_string(endpoint) + ";\n";
    s += "fs.remove(" + detail::js_string(ready_file.string()) + ");\n";
    s += "while (!fs.exists(" + detail::js_string(go_file.string()) + ")) {\n";
    s += "  require('internal').sleep(" + std::to_string(poll_seconds) + ");\n";
    s += "}\n";
    s += "let testfunc = " + std::string(function_source) + ";\n";
    s += "testfunc();\n";
    return s;
}

} // namespace arangokit

#endif
