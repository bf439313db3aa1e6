// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_TOOL_ERROR_HPP
#define ARANGOKIT_TOOL_ERROR_HPP

#include <arangokit/tool_result.hpp>

#include <exception>
#include <string>
#include <string_view>

namespace arangokit {

/// \brief Thrown by the default completion token when a run fails; carries the whole result.
/// \details `what()` holds the command line, the outcome (exit code or signal, deadline...) and the last
/// stderr lines, so an uncaught error in a test log is enough to diagnose the failure.
class tool_error : public boost::system::system_error
{
  public:
    tool_error(error_code ec, tool_result r) : system_error(ec, make_what(ec, r, {})), result_(std::move(r))
    {
    }
    /// With a verdict (what the tool's output says went wrong) as the first line of `what()`.
    tool_error(error_code ec, tool_result r, std::string_view verdict)
        : system_error(ec, make_what(ec, r, verdict)), result_(std::move(r))
    {
    }
    const tool_result& result() const noexcept { return result_; }

  private:
    static std::string make_what(error_code ec, const tool_result& r, std::string_view verdict)
    {
        std::string s = r.describe();
        if (!verdict.empty())
            s = std::string(verdict) + "\n  run: " + s;
        if (!r.argv.empty())
            s += "\n  command: " + r.command_line();
        auto add_tail = [&](const char* name, const stream_stats& st) {
            if (st.tail.empty())
                return;
            s += std::string("\n  last ") + name + " lines:";
            std::size_t from = st.tail.size() > 10 ? st.tail.size() - 10 : 0;
            for (std::size_t i = from; i < st.tail.size(); ++i)
                s += "\n    " + st.tail[i];
        };
        add_tail("stderr", r.err);
        if (r.err.tail.empty())
            add_tail("stdout", r.out);
        if (!r.tool_log_file.empty())
            s += "\n  tool log: " + r.tool_log_file.string();
        if (!r.err.log_file.empty())
            s += "\n  log: " + r.err.log_file.string();
        else if (!r.out.log_file.empty())
            s += "\n  log: " + r.out.log_file.string();
        (void)ec;
        return s;
    }
    tool_result result_;
};

/// The exception the default token throws for a failed `(error_code, tool_result)` completion.
inline std::exception_ptr make_diagnostic_exception(const error_code& ec, const tool_result& r)
{
    return std::make_exception_ptr(tool_error(ec, r));
}

} // namespace arangokit

#endif
