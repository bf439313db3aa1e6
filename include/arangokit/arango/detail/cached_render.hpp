// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_DETAIL_CACHED_RENDER_HPP
#define ARANGOKIT_ARANGO_DETAIL_CACHED_RENDER_HPP

// Rendering through a tool_cache: resolve the program once, detect the binary's version once, render the
// options against that version (so an option the binary lacks is refused before anything of the run is
// spawned), and reuse the config file of a secret-free run.

#include <arangokit/arango/tool_cache.hpp>
#include <arangokit/arango/tool_invocation.hpp>
#include <arangokit/arango/tools/render.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/tool_runner.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>

#include <memory>
#include <string>
#include <vector>

namespace arangokit::detail {

// Moves the invocation's private files to the cache's shared memory files when the run carries no secret;
// the run holds them (`keep`) until it ends. A run with any secret keeps its own files, which are removed
// when it ends, exactly as without a cache.
inline void
use_shared_config_files(tool_cache& cache, tool_invocation& inv, std::vector<std::shared_ptr<void>>& keep)
{
    if (!inv.cmd.secrets.empty())
        return;
    for (auto it = inv.files.begin(); it != inv.files.end();)
    {
        auto f = cache.shared_config(it->content);
        if (!f)
        {
            ++it;
            continue;
        }
        std::string old_path = it->path.string();
        for (auto& a : inv.cmd.args)
            replace_all(a, old_path, f->path);
        if (inv.config_file == it->path)
            inv.config_file = f->path;
        inv.cmd.inherit_fds.push_back(f->fd);
        keep.push_back(f);
        it = inv.files.erase(it);
    }
}

// Fills `out` as render_tool would, against the detected version. Returns operation_aborted when the
// version probe was cancelled (nothing else is an error here: a probe that fails leaves a note, and the
// options are checked against `base.version` as without a cache).
template <class Options>
boost::asio::awaitable<error_code> async_render_cached(
    tool_cache& cache,
    tool_runner& runner,
    const Options& opts,
    const tool_context& base,
    invocation_result& out,
    std::vector<std::shared_ptr<void>>& keep
)
{
    tool_context ctx = base;
    std::string tool(tool_traits<Options>::binary);
    std::string program = ctx.bin_dir.empty() ? tool : (ctx.bin_dir / tool).string();
    std::vector<std::string> notes;
    error_code rec;
    std::string rmsg;
    // A program that cannot be found is rendered as without a cache: the runner then reports it, with
    // every place searched, as it always does.
    std::filesystem::path path = cache.resolve(runner, program, rec, rmsg);
    if (!rec && cache.options().detect_version)
    {
        auto probe = co_await cache.detect(runner, path);
        if (probe.ec == boost::asio::error::operation_aborted)
            co_return probe.ec;
        if (probe.ec)
            notes.push_back(
                tool + ": version not detected (" + probe.message + "); options checked against " +
                (ctx.version ? ctx.version->to_string() : std::string("no version"))
            );
        else
        {
            if (ctx.version && *ctx.version != probe.info->version)
                notes.push_back(
                    tool + ": tool_context::version is " + ctx.version->to_string() + " but '" +
                    path.string() + "' reports " + probe.info->text + "; options checked against " +
                    probe.info->text
                );
            ctx.version = probe.info->version;
            if (probe.info->edition != arango_edition::unknown)
                ctx.edition = probe.info->edition;
            ctx.version_source = path;
        }
    }
    out = render_tool(opts, ctx);
    if (out.ec)
        co_return error_code{};
    if (!rec)
        out.invocation.cmd.program = path.string(); // absolute: the spawn searches nothing
    out.invocation.notes.insert(out.invocation.notes.begin(), notes.begin(), notes.end());
    use_shared_config_files(cache, out.invocation, keep);
    co_return error_code{};
}

} // namespace arangokit::detail

#endif
