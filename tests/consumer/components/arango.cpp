// The arango component alone: render a tool's options into argv (secrets kept off it) and parse its output.
#include <arangokit/arango.hpp>

#include <algorithm>
#include <iostream>

int main()
{
    arangokit::arangodump_options dump;
    dump.output_directory = "/tmp/component-dump";
    arangokit::tool_context ctx;
    ctx.server.endpoint.push_back("tcp://127.0.0.1:8529");
    ctx.server.password = "s3cret";
    auto rendered = arangokit::render_tool(dump, ctx);
    if (rendered.ec)
        return 2;
    const auto& args = rendered.invocation.cmd.args;
    bool has_dir = std::find(args.begin(), args.end(), "/tmp/component-dump") != args.end();
    bool leaks = std::any_of(args.begin(), args.end(), [](const std::string& a) {
        return a.find("s3cret") != a.npos;
    });
    auto rep = arangokit::parse_arangodump_output(
        "Processed 2 collection(s) from 1 database(s) in 0.1 s total time. "
        "Wrote 1024 byte(s) into datafiles, sent 3 batch(es) in total.\n"
    );
    bool ok = has_dir && !leaks && rep.summary.has_value();
    std::cout << (ok ? "component-ok" : "component-failed") << "\n";
    return ok ? 0 : 3;
}
