// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// Component header: dumps on disk, archives, checksums, key files, run directories, backup rotation (zlib,
// libarchive, OpenSSL's digests). CMake: arangokit::artifacts.
#ifndef ARANGOKIT_ARTIFACTS_HPP
#define ARANGOKIT_ARTIFACTS_HPP

#include <arangokit/artifacts/archive.hpp>
#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/backup_rotation.hpp>
#include <arangokit/artifacts/checksum.hpp>
#include <arangokit/artifacts/differential_dump.hpp>
#include <arangokit/artifacts/dump_diff.hpp>
#include <arangokit/artifacts/dump_merge.hpp>
#include <arangokit/artifacts/dump_reader.hpp>
#include <arangokit/artifacts/keyfile.hpp>
#include <arangokit/artifacts/manifest.hpp>
#include <arangokit/artifacts/run_directory.hpp>

#endif
