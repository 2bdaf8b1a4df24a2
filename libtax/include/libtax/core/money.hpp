// libtax/core/money.hpp - an amount of Chinese yuan held as a whole number of fen.
//
// Money never holds a fraction of a fen and never wraps around: every operation is checked
// against the supported range (|amount| <= 10^15 yuan) and throws RangeError beyond it.
// There is no conversion from binary floating point here; bindings convert at their boundary.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "libtax/core/error.hpp"

namespace libtax {

class Money {
public:
    /// The largest magnitude libtax computes with: 10^15 yuan = 10^17 fen.
    static constexpr std::int64_t max_fen = 100'000'000'000'000'000LL;

    constexpr Money() noexcept = default;

    /// An amount of fen; throws RangeError beyond max_fen.
    static constexpr Money fen(std::int64_t f) { return Money(checked(f)); }
    /// A whole number of yuan.
    static constexpr Money yuan(std::int64_t y) {
        if (y > max_fen / 100 || y < -max_fen / 100) throw_range(std::to_string(y) + " yuan");
        return Money(y * 100);
    }
    /// Parses a decimal yuan text such as "1234.5", "-0.01" or "60000". More than two
    /// decimals are rounded half away from zero to the fen (see core/rounding.hpp).
    /// Throws InputError naming `field` for anything that is not a plain decimal number.
    static Money parse(std::string_view text, std::string_view field = "amount");

    constexpr std::int64_t fen() const noexcept { return fen_; }
    constexpr bool is_zero() const noexcept { return fen_ == 0; }
    constexpr bool is_negative() const noexcept { return fen_ < 0; }

    /// "1234.56", "-0.50": yuan with exactly two decimals, no grouping.
    std::string str() const;

    friend constexpr Money operator+(Money a, Money b) { return Money(checked(a.fen_ + b.fen_)); }
    friend constexpr Money operator-(Money a, Money b) { return Money(checked(a.fen_ - b.fen_)); }
    friend constexpr Money operator-(Money a) { return Money(-a.fen_); }
    friend constexpr Money operator*(Money a, std::int64_t k) {
        std::int64_t r = 0;
        if (__builtin_expect(__builtin_mul_overflow(a.fen_, k, &r), 0)) throw_product(a.fen_, k);
        return Money(checked(r));
    }
    friend constexpr Money operator*(std::int64_t k, Money a) { return a * k; }
    Money& operator+=(Money b) { return *this = *this + b; }
    Money& operator-=(Money b) { return *this = *this - b; }

    friend constexpr bool operator==(Money a, Money b) noexcept { return a.fen_ == b.fen_; }
    friend constexpr bool operator!=(Money a, Money b) noexcept { return a.fen_ != b.fen_; }
    friend constexpr bool operator<(Money a, Money b) noexcept { return a.fen_ < b.fen_; }
    friend constexpr bool operator<=(Money a, Money b) noexcept { return a.fen_ <= b.fen_; }
    friend constexpr bool operator>(Money a, Money b) noexcept { return a.fen_ > b.fen_; }
    friend constexpr bool operator>=(Money a, Money b) noexcept { return a.fen_ >= b.fen_; }

private:
    constexpr explicit Money(std::int64_t f) noexcept : fen_(f) {}
    // The range check stays inline (a compare and a branch); the refusal, which builds strings,
    // is out of line and cold, so the checked sums of a calculation compile to a few instructions.
    static constexpr std::int64_t checked(std::int64_t f) {
        if (__builtin_expect(f > max_fen || f < -max_fen, 0)) throw_fen(f);
        return f;
    }
    [[noreturn]] static void throw_range(const std::string& what) {
        throw RangeError("amount", what, "beyond the supported range of +/-10^15 yuan");
    }
    [[noreturn, gnu::cold, gnu::noinline]] static void throw_fen(std::int64_t f) { throw_range(std::to_string(f) + " fen"); }
    [[noreturn, gnu::cold, gnu::noinline]] static void throw_product(std::int64_t f, std::int64_t k) {
        throw_range(Money(f).str() + " * " + std::to_string(k));
    }
    std::int64_t fen_ = 0;
};

constexpr Money max(Money a, Money b) noexcept { return a < b ? b : a; }
constexpr Money min(Money a, Money b) noexcept { return a < b ? a : b; }

}  // namespace libtax

#include "libtax/core/decimal_text.hpp"  // inline definitions of parse() and str()
