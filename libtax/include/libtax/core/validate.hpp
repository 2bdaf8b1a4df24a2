// libtax/core/validate.hpp - input checks shared by every calculator.
#pragma once

#include <string>

#include "libtax/core/error.hpp"
#include "libtax/core/money.hpp"

namespace libtax {

/// Throws InputError naming `field` when `m` is negative.
inline void require_non_negative(Money m, const char* field) {
    if (m.is_negative()) throw InputError(field, m.str(), "must not be negative");
}

}  // namespace libtax
