// libtax/core/decimal_text.hpp - strict parsing of plain decimal text ("-1234.5678").
//
// Accepted: optional sign, digits, optional '.' and digits (at least one digit in all), at most
// 30 significant digits and at most 30 decimals. Rejected: exponents, "nan", "inf", spaces, grouping commas, empty text.
#pragma once

#include <string>
#include <string_view>

#include "libtax/core/checked_int128.hpp"
#include "libtax/core/error.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rate.hpp"

namespace libtax::detail {

struct DecimalText {
    int128 digits = 0;  ///< the number without its point, sign included
    int scale = 0;      ///< digits after the point
};

inline DecimalText parse_decimal(std::string_view text, std::string_view field) {
    auto fail = [&](const char* why) -> DecimalText {
        throw InputError(std::string(field), "'" + std::string(text) + "'", why);
    };
    DecimalText out;
    std::size_t i = 0;
    bool neg = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) neg = text[i++] == '-';
    int ndigits = 0;
    bool point = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.' && !point) {
            point = true;
            continue;
        }
        if (c < '0' || c > '9') return fail("not a plain decimal number (digits, one optional point)");
        if (out.digits != 0 || c != '0') ++ndigits;
        if (ndigits > 30) return fail("too many digits");
        out.digits = out.digits * 10 + (c - '0');
        if (point && ++out.scale > 30) return fail("too many decimals");  // keeps 10^scale within 128 bits
    }
    const bool has_digit = text.find_first_of("0123456789") != std::string_view::npos;
    if (!has_digit) return fail("not a number");
    if (neg) out.digits = -out.digits;
    return out;
}

}  // namespace libtax::detail

namespace libtax {

inline Money Money::parse(std::string_view text, std::string_view field) {
    auto d = detail::parse_decimal(text, field);
    // to fen: shift by (2 - scale), rounding half away from zero when scale > 2
    detail::int128 v = d.digits;
    if (d.scale <= 2) {
        for (int k = d.scale; k < 2; ++k) v *= 10;
    } else {
        detail::int128 div = 1;
        for (int k = 2; k < d.scale; ++k) div *= 10;
        const bool neg = v < 0;
        detail::int128 a = neg ? -v : v;
        detail::int128 q = a / div, r = a % div;
        if (r * 2 >= div) ++q;
        v = neg ? -q : q;
    }
    if (v > max_fen || v < -max_fen)
        throw RangeError(std::string(field), std::string(text), "beyond the supported range of +/-10^15 yuan");
    return Money::fen(static_cast<std::int64_t>(v));
}

inline std::string Money::str() const {
    const bool neg = fen_ < 0;
    const std::int64_t a = neg ? -fen_ : fen_;
    std::string cents = std::to_string(a % 100);
    if (cents.size() < 2) cents.insert(cents.begin(), '0');
    return (neg ? "-" : "") + std::to_string(a / 100) + "." + cents;
}

inline Rate Rate::parse(std::string_view text, std::string_view field) {
    auto d = detail::parse_decimal(text, field);
    if (d.digits < 0) throw InputError(std::string(field), std::string(text), "a rate cannot be negative");
    if (d.scale > 12) throw InputError(std::string(field), std::string(text), "more than 12 decimals");
    std::int64_t den = 1;
    for (int k = 0; k < d.scale; ++k) den *= 10;
    if (d.digits > static_cast<detail::int128>(1'000'000'000'000'000'000LL))
        throw InputError(std::string(field), std::string(text), "too large for a rate");
    return Rate::fraction(static_cast<std::int64_t>(d.digits), den, field);
}

inline std::string Rate::str() const {
    // finite decimal iff den has only factors 2 and 5
    std::int64_t d = den_;
    int twos = 0, fives = 0;
    while (d % 2 == 0) d /= 2, ++twos;
    while (d % 5 == 0) d /= 5, ++fives;
    if (d != 1) return std::to_string(num_) + "/" + std::to_string(den_);
    const int places = twos > fives ? twos : fives;
    if (places > 30) return std::to_string(num_) + "/" + std::to_string(den_);  // 10^places beyond 128 bits
    detail::int128 scaled = num_;
    detail::int128 p10 = 1;
    for (int k = 0; k < places; ++k) p10 *= 10;
    scaled = scaled * (p10 / den_);
    std::string digits = detail::to_string128(scaled);
    if (places == 0) return digits;
    while (static_cast<int>(digits.size()) <= places) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - places, '.');
    return digits;
}

inline std::string Rate::percent() const {
    std::int64_t hundred = 0;
    if (__builtin_mul_overflow(num_, std::int64_t{100}, &hundred)) return str();
    Rate hundredfold = Rate::fraction(hundred, den_);
    std::string s = hundredfold.str();
    return s.find('/') == std::string::npos ? s + "%" : str();
}

}  // namespace libtax
