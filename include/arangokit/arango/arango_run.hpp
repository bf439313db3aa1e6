// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_ARANGO_RUN_HPP
#define ARANGOKIT_ARANGO_ARANGO_RUN_HPP

#include <arangokit/arango/detail/tool_run.hpp>
#include <arangokit/arango/exit_codes.hpp>
#include <arangokit/arango/instance.hpp>
#include <arangokit/arango/parsers/arangobackup.hpp>
#include <arangokit/arango/parsers/arangobench.hpp>
#include <arangokit/arango/parsers/arangodump.hpp>
#include <arangokit/arango/parsers/arangoexport.hpp>
#include <arangokit/arango/parsers/arangoimport.hpp>
#include <arangokit/arango/parsers/arangorestore.hpp>
#include <arangokit/arango/parsers/arangosh.hpp>
#include <arangokit/arango/tool_invocation.hpp>
#include <arangokit/arango/tool_report.hpp>
#include <arangokit/arango/tools/arangobackup.hpp>
#include <arangokit/arango/tools/arangobench.hpp>
#include <arangokit/arango/tools/arangodump.hpp>
#include <arangokit/arango/tools/arangoexport.hpp>
#include <arangokit/arango/tools/arangoimport.hpp>
#include <arangokit/arango/tools/arangorestore.hpp>
#include <arangokit/arango/tools/arangosh.hpp>
#include <arangokit/arango/tools/render.hpp>
#include <arangokit/error.hpp>
#include <arangokit/process/command.hpp>
#include <arangokit/process/tool_runner.hpp>
#include <arangokit/tool_result.hpp>

#include <arangokit/detail/named_options.hpp>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace arangokit {

/// \brief One typed run of an ArangoDB tool, rendered and not yet started, for a spawner that is not
/// `arango_tools` itself: a `client_group` (`group.spawn(tools.make_run(opts))`) spawns it as a member and
/// keeps its typed report (`tool_report<Options>`, the same one `arango_tools::async_run` gives).
/// \details The options are rendered at construction (validated, argv or a private `.conf`); nothing is
/// written or spawned until the spawner calls `prepare`. The spawner's protocol (the `typed_run` concept of
/// `concurrency/typed_run.hpp`, which this layer does not include): `prepare(runner)` writes the private
/// files and installs the parser and the progress events on the command, `take_command()` hands the command
/// over, `finish(ec, result)` removes the private files and returns the error and the assessed report (a run
/// that exits 0 but whose output reports a failure ends with errc::tool_reported_failure), `failure_reason`
/// says why in one line. Invalid options make `prepare` fail with errc::invalid_options; `finish` then
/// reports every problem, as `async_run` does.
///
/// \par Options are named objects
/// The constructors take the options by reference and refuse a temporary at compile time, as
/// `arango_tools::async_run` does (see docs/design.md, "g++ 12 and temporaries in co_await expressions").
///
/// \par Object lifetimes
/// The options are copied into the rendering at construction: they may go away afterwards. Destroying a
/// prepared run removes its private files.
template <class Options> class arango_run
{
  public:
    using options_type = Options;
    using report_type = tool_report<Options>;

    /// Renders `opts` against the defaults every run shares (`tool_context`, e.g.
    /// `instance::tool_defaults()`); `progress` is called (on the runner's executor) for every progress line.
    arango_run(const Options& opts, const tool_context& ctx, detail::tool_progress_handler progress = {})
        : inv_(render_tool(opts, ctx)), progress_(std::move(progress))
    {
    }
    /// Renders `opts` against an instance's defaults (`inst.tool_defaults()`).
    arango_run(const Options& opts, const instance& inst) : arango_run(opts, inst.tool_defaults()) {}

    /// \cond internal
    // Options temporaries are refused (detail/named_options.hpp says why).
    template <detail::rvalue_argument O, class... Rest>
    requires std::is_same_v<std::remove_cvref_t<O>, Options> arango_run(O&&, Rest&&...)
    {
        static_assert(detail::options_temporary_refused<O>, ARANGOKIT_NAMED_OPTIONS_MESSAGE);
    }
    /// \endcond

    /// What rendering gave: the problems of invalid options, or the invocation (argv, private files).
    const invocation_result& rendered() const noexcept { return inv_; }

    /// \brief Writes the private files and installs the parser as the command's line handler.
    /// \details errc::invalid_options for options that did not render, or the error of writing a private
    /// file: then nothing may be spawned, and `finish` gives the not-started result naming every problem.
    error_code prepare(tool_runner& runner)
    {
        st_ = std::make_shared<detail::tool_run_state<Options>>();
        st_->ex = runner.get_executor();
        error_code ec = detail::prepare_tool_run<Options>(runner, inv_, st_, progress_);
        if (ec)
        {
            st_->prepare_ec = ec;
            st_->not_started = detail::not_started_result<Options>(inv_);
            if (!st_->prepare_error.empty())
                st_->not_started.error_message = st_->prepare_error;
        }
        return ec;
    }

    /// The command to spawn (after a successful `prepare`; once).
    command take_command() { return st_ ? std::move(st_->invocation.cmd) : command{}; }

    /// \brief The end of the run: removes the private files, parses and assesses.
    /// \details `result` is the process result (a not-started one if nothing was spawned: then, if `prepare`
    /// failed, it is replaced by the result naming the problems). It gets the tool's log file and the tool's
    /// name as its label if it had none. The returned error is `ec`, or the verdict's when `ec` is empty and
    /// the output reports a failure.
    std::pair<error_code, report_type> finish(error_code ec, tool_result& result)
    {
        if (!st_)
            st_ = std::make_shared<detail::tool_run_state<Options>>();
        if (st_->prepare_ec)
            result = st_->not_started;
        if (result.label.empty())
            result.label = std::string(tool_traits<Options>::binary);
        auto out = st_->finish(ec, result);
        result.tool_log_file = out.second.result.tool_log_file;
        st_.reset();
        return out;
    }

    /// Why a failed run failed, in one line (the verdict); empty for a run that is ok.
    std::string failure_reason(const report_type& rep) const
    {
        return rep.ok() ? std::string() : rep.outcome.reason;
    }

  private:
    invocation_result inv_;
    detail::tool_progress_handler progress_;
    std::shared_ptr<detail::tool_run_state<Options>> st_;
};

} // namespace arangokit

#endif
