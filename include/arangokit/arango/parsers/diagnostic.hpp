// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARANGO_PARSERS_DIAGNOSTIC_HPP
#define ARANGOKIT_ARANGO_PARSERS_DIAGNOSTIC_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace arangokit {

/// \brief One FATAL, ERROR or WARNING message of a tool run, with every fact the text carries.
/// \details The same type for all seven tools. The prefix fields are as printed (empty or unset where the
/// form has none). A message the tool printed over several physical lines (wrapped, or cut by another
/// worker's stdout line) is joined into one diagnostic; `physical_lines` says how many. The facts below the
/// message are read from the (joined) message text: a field stays empty when the text does not carry it.
struct diagnostic
{
    std::string level{};     ///< `FATAL`, `ERROR` or `WARNING` (`WARN` is normalised)
    std::string log_id{};    ///< `[66c0e]`, without brackets
    std::string topic{};     ///< `{restore}`, without braces
    std::string timestamp{}; ///< as printed
    std::optional<long> pid{};
    std::optional<long> thread{};
    std::string message{}; ///< the message without the prefix; continuation lines joined

    std::optional<int> http_status{};  ///< `HTTP 404`, `HTTP/1.1 404`
    std::optional<long> error_num{};   ///< `ArangoError 1203`, `errorNum 1203`, `"errorNum":1203`
    std::string server_error{};        ///< the server's error text (`errorMessage`)
    std::string collection{};          ///< `collection 'x'`, `Collection 'x' not found`
    std::string shard{};               ///< `shard 's1001'`
    std::string database{};            ///< `database 'd'`, `database: 'd'`
    std::string db_server{};           ///< `DBserver 'PRMR-…'`
    std::optional<int> system_errno{}; ///< `errno 13`, `#111 - Connection refused`
    std::string system_error{};        ///< `Connection refused`, `No such file or directory`
    std::string option{};              ///< the option the message names (`--threads` -> `threads`)
    std::size_t line = 0;              ///< 1-based number of the first physical line in the output
    std::size_t physical_lines = 1;    ///< lines joined into this diagnostic

    bool is_fatal() const noexcept { return level == "FATAL"; }
    bool is_error() const noexcept { return level == "FATAL" || level == "ERROR"; }
    bool is_warning() const noexcept { return level == "WARNING"; }

    /// \brief The server-side facts in one phrase: `HTTP 409, ArangoError 1210 (unique constraint
    /// violated)`; empty when the message carries none of them. Falls back to the known text of the error
    /// number when the message has no server text.
    std::string server_summary() const;
};

/// \brief The text ArangoDB gives a (common) error number: 1203 -> `collection or view not found`;
/// empty for numbers not in the table.
std::string_view arango_error_text(long error_num) noexcept;

/// \brief Reads the facts of `d.message` (HTTP status, error number, server text, collection, shard,
/// database, DB server, errno, system error, option) into `d`, replacing earlier values. Never throws
/// except std::bad_alloc; linear in the message length.
void extract_diagnostic_facts(diagnostic& d);

} // namespace arangokit

#include <arangokit/arango/detail/parse_diagnostic.hpp>

#endif
