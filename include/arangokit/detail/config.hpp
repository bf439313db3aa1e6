// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DETAIL_CONFIG_HPP
#define ARANGOKIT_DETAIL_CONFIG_HPP

#include <boost/asio/version.hpp>
#include <boost/version.hpp>

// Seam for a future compiled mode (as Boost.MySQL does): everything non-template is ARANGOKIT_DECL.
#ifndef ARANGOKIT_DECL
#define ARANGOKIT_DECL inline
#endif

#if BOOST_VERSION < 108100
#error "arangokit needs Boost 1.81 or newer"
#endif

// Boost >= 1.86 has asio::cancel_after; we never depend on it, but users may wrap our calls with it.
#define ARANGOKIT_HAS_CANCEL_AFTER (BOOST_VERSION >= 108600)

#ifndef __linux__
#error "arangokit's process core is Linux-only (pidfd, close_range, PR_SET_PDEATHSIG)"
#endif

#endif
