// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
// One fuzz target source builds two ways:
//  - with ARANGOKIT_FUZZ_LIBFUZZER (clang -fsanitize=fuzzer): the target is LLVMFuzzerTestOneInput and a
//    broken invariant aborts, so libFuzzer records the input;
//  - without it (the normal g++ build): the target registers itself by name and a broken invariant throws
//    fuzz::invariant_violation, so the corpus-replay test (tests/fuzz) can name the input that failed.
#ifndef ARANGOKIT_FUZZ_FUZZ_TARGET_HPP
#define ARANGOKIT_FUZZ_FUZZ_TARGET_HPP

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace arangokit::fuzz {

using target_fn = void (*)(std::string_view input);

struct invariant_violation : std::logic_error
{
    using std::logic_error::logic_error;
};

inline std::map<std::string, target_fn>& registry()
{
    static std::map<std::string, target_fn> r;
    return r;
}

inline bool register_target(const char* name, target_fn fn)
{
    registry()[name] = fn;
    return true;
}

[[noreturn]] inline void fail(const char* what, const char* file, int line)
{
    std::string msg = std::string(file) + ":" + std::to_string(line) + ": invariant broken: " + what;
#ifdef ARANGOKIT_FUZZ_LIBFUZZER
    std::fprintf(stderr, "%s\n", msg.c_str());
    std::abort();
#else
    throw invariant_violation(msg);
#endif
}

} // namespace arangokit::fuzz

#define ARANGOKIT_FUZZ_CHECK(cond) ((cond) ? void(0) : ::arangokit::fuzz::fail(#cond, __FILE__, __LINE__))

#ifdef ARANGOKIT_FUZZ_LIBFUZZER
#define ARANGOKIT_FUZZ_TARGET(name)                                                                          \
    static void arangokit_fuzz_body(std::string_view input);                                                 \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)                        \
    {                                                                                                        \
        arangokit_fuzz_body(std::string_view(reinterpret_cast<const char*>(data), size));                    \
        return 0;                                                                                            \
    }                                                                                                        \
    static void arangokit_fuzz_body(std::string_view input)
#else
#define ARANGOKIT_FUZZ_TARGET(name)                                                                          \
    static void arangokit_fuzz_body_##name(std::string_view input);                                          \
    [[maybe_unused]] static const bool arangokit_fuzz_registered_##name =                                    \
        ::arangokit::fuzz::register_target(#name, &arangokit_fuzz_body_##name);                              \
    static void arangokit_fuzz_body_##name(std::string_view input)
#endif

#endif
