// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DETAIL_NAMED_OPTIONS_HPP
#define ARANGOKIT_DETAIL_NAMED_OPTIONS_HPP

// Initiating functions that take an options struct by const& also declare an overload for rvalues whose body
// is a static_assert with this message. g++ 12 miscompiles a temporary with non-trivial members inside a
// co_await full-expression (it is destroyed twice, or copied bitwise and freed wrongly: memory corruption
// that shows up far from the call), and nothing at run time can tell. C++20 has no `= delete("why")`, and a
// plain
// `= delete` would only say "use of deleted function": the static_assert names the fix. It also refuses
// temporaries outside coroutines, where they would be harmless; one rule for every call is easier to keep.

#define ARANGOKIT_NAMED_OPTIONS_MESSAGE                                                                      \
    "arangokit: name the options object first (`auto opts = ...; co_await f(opts);`): g++ 12 miscompiles "   \
    "temporaries in co_await expressions, so initiating functions do not take options temporaries "          \
    "(see docs/design.md, 'g++ 12 and temporaries in co_await expressions')"

#include <type_traits>

namespace arangokit::detail {

// A forwarding reference's deduced type for an rvalue argument (an lvalue deduces T&).
template <class T>
concept rvalue_argument = !std::is_lvalue_reference_v<T>;

// False, but only once T is known: a static_assert on it fires when the overload is used, not when parsed.
template <class... T> inline constexpr bool options_temporary_refused = false;

} // namespace arangokit::detail

#endif
