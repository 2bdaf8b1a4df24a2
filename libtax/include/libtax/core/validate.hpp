// libtax/core/validate.hpp - input checks shared by every calculator.
#pragma once

#include <string>

#include "libtax/core/error.hpp"
#include "libtax/core/money.hpp"

namespace libtax {

namespace detail {
[[noreturn, gnu::cold, gnu::noinline]] inline void refuse_negative(Money m, const char* field) {
    throw InputError(field, m.str(), "must not be negative");
}
}  // namespace detail

/// Throws InputError naming `field` when `m` is negative (the check inline, the refusal cold).
inline void require_non_negative(Money m, const char* field) {
    if (__builtin_expect(m.is_negative(), 0)) detail::refuse_negative(m, field);
}

}  // namespace libtax
