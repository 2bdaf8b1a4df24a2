// libtax/core/checked_int128.hpp - overflow-checked 128-bit helpers used by Exact.
#pragma once

#include <string>

#include "libtax/core/error.hpp"

namespace libtax::detail {

using int128 = __int128;

[[noreturn, gnu::cold, gnu::noinline]] inline void overflow(const char* op) {
    throw RangeError("intermediate amount", op, "exceeds the exact 128-bit range");
}
inline int128 add(int128 a, int128 b) {
    int128 r;
    if (__builtin_add_overflow(a, b, &r)) overflow("addition");
    return r;
}
inline int128 sub(int128 a, int128 b) {
    int128 r;
    if (__builtin_sub_overflow(a, b, &r)) overflow("subtraction");
    return r;
}
inline int128 mul(int128 a, int128 b) {
    int128 r;
    if (__builtin_mul_overflow(a, b, &r)) overflow("multiplication");
    return r;
}
inline int128 abs128(int128 a) { return a < 0 ? -a : a; }
inline int128 gcd128(int128 a, int128 b) {
    a = abs128(a);
    b = abs128(b);
    while (b != 0) {
        int128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}
inline std::string to_string128(int128 v) {
    if (v == 0) return "0";
    bool neg = v < 0;
    // careful with the most negative value: work on negative numbers
    std::string s;
    while (v != 0) {
        int d = static_cast<int>(v % 10);
        s.insert(s.begin(), static_cast<char>('0' + (d < 0 ? -d : d)));
        v /= 10;
    }
    if (neg) s.insert(s.begin(), '-');
    return s;
}

}  // namespace libtax::detail
