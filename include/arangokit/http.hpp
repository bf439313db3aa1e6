// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Component header: the HTTP control plane to a server (Beast, TLS through OpenSSL, JWT). CMake:
// arangokit::http.
#ifndef ARANGOKIT_HTTP_HPP
#define ARANGOKIT_HTTP_HPP

#include <arangokit/arango/auth.hpp>
#include <arangokit/arango/http/arango_client.hpp>
#include <arangokit/arango/http/arango_error.hpp>
#include <arangokit/arango/http/backup_info.hpp>
#include <arangokit/arango/http/client_config.hpp>
#include <arangokit/arango/http/collection_properties.hpp>
#include <arangokit/arango/http/http_request.hpp>
#include <arangokit/arango/http/http_response.hpp>
#include <arangokit/arango/http/indexes.hpp>
#include <arangokit/arango/http/instance_client.hpp>
#include <arangokit/arango/http/query_cursor.hpp>
#include <arangokit/arango/http/users.hpp>
#include <arangokit/arango/http/version_info.hpp>

#endif
