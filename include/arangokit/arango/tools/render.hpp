// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_TOOLS_RENDER_HPP
#define ARANGOKIT_ARANGO_TOOLS_RENDER_HPP

#include <arangokit/arango/server_options.hpp>
#include <arangokit/arango/tool_invocation.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace arangokit {

/// \brief Defaults and facts shared by every tool run: the deployment's server defaults, its version and
/// edition, and where private files go. Usually built from an `instance` (`instance::tool_defaults()`).
struct tool_context
{
    server_options server{}; ///< defaults; a tool's own `server` overrides field by field
    log_options log{};
    common_options common{};
    std::filesystem::path bin_dir{};         ///< empty: the runner resolves the bare binary name
    std::optional<arango_version> version{}; ///< empty: no per-version availability checks
    /// The binary whose `--version` gave `version` (set when a `tool_cache` detected it; problems name it).
    std::filesystem::path version_source{};
    arango_edition edition = arango_edition::unknown;
    secret_transport secrets = secret_transport::automatic;
    bool per_run_log = false;              ///< give every run its own `--log.output file://...`
    std::filesystem::path run_dir{};       ///< private .conf, keyfiles and logs; empty: the temp directory
    std::string run_id{};                  ///< unique part of file names; empty: generated per render
    bool allow_unknown_extra_args = false; ///< accept extra_args the option table does not know
    double timeout_factor = 1.0;           ///< scales each run's timeout (instrumented builds, see instance)
};

/// \brief Checks options before spawning: every problem, each naming the tool, the option and the reason.
/// \details Rejected: options the tool does not have (JWT flags outside arangodump/arangorestore/arangosh,
/// unknown `extra_args`), options not available in `ctx.version` (obsolete-but-accepted ones only give a
/// note), Enterprise-only options on a Community build before 3.12.5, enum values outside their set, invalid
/// endpoints, prompts that would hang (`--server.ask-jwt-secret true`, `--server.jwt-token -`), conflicting
/// credentials, and the tool's own FATAL combinations (e.g. arangodump `--all-databases` with a database).
template <tool_options Options>
std::vector<option_problem> validate_tool_options(const Options& opts, const tool_context& ctx = {});

/// \brief Renders options into a `tool_invocation`: argv, environment, private files, secrets to redact.
/// \details Conventions (those of the real tools, docs/tools.md): `--configuration none` unless a file is
/// intended, booleans as `true`/`false`, lists repeated, `--server.password` always present when password
/// authentication is in use (so no tool prompts), arangobackup's operation as the positional word,
/// arangosh script arguments after `--`. Secrets go to a private `.conf` (mode 0600) by default; `@` in
/// secrets is doubled so `@NAME@` substitution cannot alter them. Nothing is written: see
/// `write_private_files`.
/// \returns `errc::invalid_options` with every problem, or the invocation.
template <tool_options Options>
invocation_result render_tool(const Options& opts, const tool_context& ctx = {});

/// \brief Writes an invocation's private files: to anonymous memory files (`memfd_create`) that the tool
/// opens as `/proc/self/fd/N`, so no secret reaches a file system; where the kernel has none, to mode-0600
/// files (`O_EXCL`: never over an existing file). The invocation's arguments and files are rewritten to
/// the memory files' names and the descriptors are added to `cmd.inherit_fds`.
/// \details On failure nothing is left behind, `ec` is set and `message` names the step and the path
/// (never the content).
void write_private_files(tool_invocation& inv, error_code& ec, std::string& message);
void write_private_files(tool_invocation& inv, error_code& ec);

/// Removes an invocation's private files (missing files are ignored).
void remove_private_files(const tool_invocation& inv) noexcept;

/// \brief Writes the private files on construction and removes them on destruction.
class scoped_private_files
{
  public:
    scoped_private_files(tool_invocation& inv, error_code& ec) : inv_(&inv)
    {
        write_private_files(inv, ec);
        if (ec)
            inv_ = nullptr;
    }
    scoped_private_files(const scoped_private_files&) = delete;
    scoped_private_files& operator=(const scoped_private_files&) = delete;
    ~scoped_private_files()
    {
        if (inv_)
            remove_private_files(*inv_);
    }

  private:
    const tool_invocation* inv_;
};

} // namespace arangokit

#include <arangokit/arango/detail/argv_render.hpp>

#endif
