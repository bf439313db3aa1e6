// Test helper: a loopback TCP port that nothing listens on.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>

namespace arangokit::test {

/// A port on 127.0.0.1 bound and released again: connections to it are refused until someone binds it.
inline std::uint16_t free_port()
{
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(
        io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)
    );
    return a.local_endpoint().port();
}

} // namespace arangokit::test
