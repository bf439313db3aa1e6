// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_RUN_DIRECTORY_HPP
#define ARANGOKIT_ARTIFACTS_RUN_DIRECTORY_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/detail/posix_file.hpp>
#include <arangokit/error.hpp>

#include <arangokit/detail/random.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <utility>
#include <vector>

namespace arangokit {

/// \brief What happens to a run directory when it is finished.
enum class cleanup_policy
{
    remove_on_success, ///< removed when the run succeeded, kept when it failed or its outcome is unknown
    keep_always,       ///< always kept (and listed in the report)
    remove_always,     ///< always removed, even after a failure (scratch space)
};

/// The enumerator's name (`"remove_on_success"`, ...); `"?"` for a value outside the enumeration.
inline const char* to_string(cleanup_policy v) noexcept
{
    switch (v)
    {
    case cleanup_policy::remove_on_success:
        return "remove_on_success";
    case cleanup_policy::keep_always:
        return "keep_always";
    case cleanup_policy::remove_always:
        return "remove_always";
    }
    return "?";
}

/// \brief A run directory that was kept, and why.
struct kept_directory
{
    std::filesystem::path path{};
    std::string label{}; ///< the label given at creation (e.g. "arangodump"), may be empty
    std::string
        reason; ///< "failed: ...", "keep_always", "outcome unknown", "contains kept run directories", ...
};

/// \brief The final report of a tree of run directories: what was kept and what was removed.
/// \details Shared by a scenario's run directory and all the per-tool children made from it, so the
/// scenario's report lists every kept directory of the whole tree, children first.
/// \par Thread safety
/// Finishing directories of one tree from several threads is safe; reading the report while others still
/// finish is not.
class run_report
{
  public:
    /// Directories left on disk, in the order they were finished.
    const std::vector<kept_directory>& kept() const noexcept { return kept_; }
    /// Directories removed.
    const std::vector<std::filesystem::path>& removed() const noexcept { return removed_; }
    /// Cleanup problems (a removal that failed is also listed in `kept()`).
    const std::vector<std::string>& problems() const noexcept { return problems_; }

    /// One line per kept directory: `kept <path> (<label>): <reason>`.
    std::string describe() const
    {
        std::string s;
        for (const auto& k : kept_)
        {
            s += "kept " + k.path.string();
            if (!k.label.empty())
                s += " (" + k.label + ")";
            s += ": " + k.reason + "\n";
        }
        for (const auto& p : problems_)
            s += "problem: " + p + "\n";
        return s;
    }

  private:
    friend class run_directory;
    std::vector<kept_directory> kept_;
    std::vector<std::filesystem::path> removed_;
    std::vector<std::string> problems_;
};

/// \brief Options for `run_directory::create`.
struct run_directory_options
{
    std::filesystem::path parent{};    ///< where to create it; empty: the system temp dir
    std::string prefix = "arangokit-"; ///< name prefix
    std::string label{};               ///< goes into the name (sanitised) and the report
    cleanup_policy policy = cleanup_policy::remove_on_success;
};

namespace detail {
struct run_tree_state
{
    std::mutex mutex{};
    run_report report{};
};
} // namespace detail

/// \brief A private, uniquely named directory for one scenario or one tool run, with a cleanup policy.
/// \details The name is `<prefix><label>-<16 hex digits>`; the digits come from OpenSSL's `RAND_bytes`, so
/// names are not predictable. The directory is created with `mkdir(2)`, which fails if the name exists
/// (O_EXCL semantics: no check-then-create race, and an attacker's pre-created directory or symlink is
/// never adopted); on `EEXIST` a new name is drawn, up to 16 times. The mode is 0700 regardless of umask.
///
/// A scenario makes its directory with `create`, and one child per tool run with `make_child`; all share one
/// `run_report`. Call `mark_succeeded()` or `mark_failed()`, then `finish()` (the destructor finishes too):
/// the policy decides whether the directory is removed. A directory whose outcome was never marked counts as
/// failed (kept under `remove_on_success`). A parent that would be removed is kept anyway when a child inside
/// it was kept, so failure evidence is never deleted by the scenario's success. Finish children before their
/// parent: removing the parent removes whatever is still inside it.
///
/// \par Blocking
/// Creation and removal are synchronous filesystem calls; removal of a huge tree can take a while.
/// \par Thread safety
/// One object must not be used concurrently; different directories of one tree may be finished on
/// different threads.
class run_directory
{
  public:
    /// An empty handle (no directory).
    run_directory() = default;
    run_directory(run_directory&& o) noexcept { *this = std::move(o); }
    run_directory& operator=(run_directory&& o) noexcept
    {
        if (this != &o)
        {
            finish();
            path_ = std::move(o.path_);
            id_ = std::move(o.id_);
            label_ = std::move(o.label_);
            policy_ = o.policy_;
            outcome_ = o.outcome_;
            failure_reason_ = std::move(o.failure_reason_);
            finished_ = std::exchange(o.finished_, true);
            state_ = std::move(o.state_);
        }
        return *this;
    }
    run_directory(const run_directory&) = delete;
    run_directory& operator=(const run_directory&) = delete;
    /// Finishes the directory (applies the policy) if `finish()` was not called.
    ~run_directory() { finish(); }

    /// \brief Creates a new run directory (the root of a report tree).
    /// \details Errors: a system error from `mkdir` (e.g. the parent does not exist), or
    /// `errc::invalid_options` when the RNG fails or 16 names in a row were taken.
    static run_directory create(const run_directory_options& opts, error_code& ec, artifact_diagnostics& diag)
    {
        return create_in(opts, std::make_shared<detail::run_tree_state>(), ec, diag);
    }
    /// \copydoc create \details Throws `artifact_error`.
    static run_directory create(const run_directory_options& opts)
    {
        error_code ec;
        artifact_diagnostics diag;
        auto d = create(opts, ec, diag);
        detail::throw_if_artifact_error(ec, diag);
        return d;
    }

    /// \brief Creates a child run directory inside this one (one per tool run), sharing this one's report.
    /// \details The child's policy is this one's unless `policy` is given.
    run_directory make_child(
        const std::string& label,
        error_code& ec,
        artifact_diagnostics& diag,
        std::optional<cleanup_policy> policy = std::nullopt
    )
    {
        if (!state_)
        {
            detail::set_artifact_error(
                ec, diag, errc::invalid_options, "make_child on an empty run_directory"
            );
            return {};
        }
        run_directory_options o{
            .parent = path_, .prefix = "", .label = label, .policy = policy.value_or(policy_)};
        return create_in(o, state_, ec, diag);
    }
    /// \copydoc make_child \details Throws `artifact_error`.
    run_directory make_child(const std::string& label, std::optional<cleanup_policy> policy = std::nullopt)
    {
        error_code ec;
        artifact_diagnostics diag;
        auto d = make_child(label, ec, diag, policy);
        detail::throw_if_artifact_error(ec, diag);
        return d;
    }

    const std::filesystem::path& path() const noexcept { return path_; }
    /// The random part of the name (16 lowercase hex digits).
    const std::string& id() const noexcept { return id_; }
    const std::string& label() const noexcept { return label_; }
    cleanup_policy policy() const noexcept { return policy_; }
    bool empty() const noexcept { return state_ == nullptr; }
    bool finished() const noexcept { return finished_; }

    void mark_succeeded() noexcept { outcome_ = outcome::succeeded; }
    /// Marks the run failed; `reason` is shown in the report.
    void mark_failed(std::string reason = {})
    {
        outcome_ = outcome::failed;
        failure_reason_ = std::move(reason);
    }

    /// \brief Applies the policy once (later calls do nothing) and returns the tree's shared report.
    /// \details Call it on the scenario's root directory last; its report then lists every kept directory.
    const run_report& finish()
    {
        static const run_report empty_report;
        if (!state_)
            return empty_report;
        if (finished_)
            return state_->report;
        finished_ = true;

        std::lock_guard lock(state_->mutex);
        auto& rep = state_->report;
        std::string keep_reason;
        switch (policy_)
        {
        case cleanup_policy::keep_always:
            keep_reason = "keep_always";
            break;
        case cleanup_policy::remove_always:
            break;
        case cleanup_policy::remove_on_success:
            if (outcome_ == outcome::failed)
                keep_reason = failure_reason_.empty() ? "failed" : "failed: " + failure_reason_;
            else if (outcome_ == outcome::unknown)
                keep_reason = "outcome unknown";
            break;
        }
        if (keep_reason.empty() && policy_ != cleanup_policy::remove_always)
        {
            // Evidence kept by a child must survive its parent's success.
            for (const auto& k : rep.kept_)
                if (is_inside(k.path, path_))
                {
                    keep_reason = "contains kept run directories";
                    break;
                }
        }
        if (!keep_reason.empty())
        {
            rep.kept_.push_back({path_, label_, std::move(keep_reason)});
            return rep;
        }
        std::error_code sec;
        std::filesystem::remove_all(path_, sec);
        if (sec)
        {
            rep.problems_.push_back("cannot remove " + path_.string() + ": " + sec.message());
            rep.kept_.push_back({path_, label_, "removal failed: " + sec.message()});
        }
        else
        {
            std::erase_if(rep.kept_, [&](const kept_directory& k) { return is_inside(k.path, path_); });
            rep.removed_.push_back(path_);
        }
        return rep;
    }

    /// The shared report of this directory's tree (complete once the root is finished).
    const run_report& report() const noexcept
    {
        static const run_report empty_report;
        return state_ ? state_->report : empty_report;
    }

  private:
    enum class outcome
    {
        unknown,
        succeeded,
        failed,
    };

    static bool is_inside(const std::filesystem::path& p, const std::filesystem::path& dir)
    {
        auto rel = p.lexically_relative(dir);
        return !rel.empty() && *rel.begin() != "..";
    }

    static std::string sanitize(const std::string& s)
    {
        std::string out;
        for (char c : s)
        {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
            out += ok ? c : '_';
        }
        if (out.size() > 64)
            out.resize(64);
        if (out == "." || out == "..")
            out = "_";
        return out;
    }

    static run_directory create_in(
        const run_directory_options& opts,
        std::shared_ptr<detail::run_tree_state> state,
        error_code& ec,
        artifact_diagnostics& diag
    )
    {
        ec.clear();
        diag.clear();
        std::filesystem::path parent = opts.parent;
        if (parent.empty())
        {
            std::error_code sec;
            parent = std::filesystem::temp_directory_path(sec);
            if (sec)
            {
                detail::set_artifact_error(ec, diag, sec, "no temporary directory: " + sec.message());
                return {};
            }
        }
        std::string stem = sanitize(opts.prefix) + (opts.label.empty() ? "" : sanitize(opts.label) + "-");
        for (int attempt = 0; attempt < 16; ++attempt)
        {
            std::string id = detail::random_hex_id(8);
            if (id.empty())
            {
                detail::set_artifact_error(
                    ec, diag, errc::invalid_options, "RAND_bytes failed: no random run id"
                );
                return {};
            }
            auto p = parent / (stem + id);
            if (::mkdir(p.c_str(), 0700) != 0)
            {
                if (errno == EEXIST)
                    continue;
                auto e = detail::last_system_error();
                detail::set_artifact_error(
                    ec, diag, e, "cannot create run directory " + p.string() + ": " + e.message()
                );
                return {};
            }
            // mkdir's mode is filtered by the umask; a run directory is private whatever the umask says.
            if (::chmod(p.c_str(), 0700) != 0)
            {
                auto e = detail::last_system_error();
                ::rmdir(p.c_str());
                detail::set_artifact_error(
                    ec, diag, e, "cannot chmod run directory " + p.string() + ": " + e.message()
                );
                return {};
            }
            run_directory d;
            d.path_ = std::move(p);
            d.id_ = std::move(id);
            d.label_ = opts.label;
            d.policy_ = opts.policy;
            d.finished_ = false;
            d.state_ = std::move(state);
            return d;
        }
        detail::set_artifact_error(
            ec, diag, errc::invalid_options,
            "cannot create a run directory in " + parent.string() +
                ": 16 random names in a row already existed"
        );
        return {};
    }

    std::filesystem::path path_;
    std::string id_;
    std::string label_;
    cleanup_policy policy_ = cleanup_policy::remove_on_success;
    outcome outcome_ = outcome::unknown;
    std::string failure_reason_;
    bool finished_ = true;
    std::shared_ptr<detail::run_tree_state> state_;
};

} // namespace arangokit

#endif
