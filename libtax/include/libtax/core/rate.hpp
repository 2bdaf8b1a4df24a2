// libtax/core/rate.hpp - an exact non-negative ratio: a tax rate, a share, a proportion.
//
// Rates come from table text ("0.03", "0.8") or from two counts (12.5 days of 31) and are kept
// as a reduced fraction num/den. Nothing here is binary floating point.
#pragma once

#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>

#include "libtax/core/error.hpp"

namespace libtax {

class Rate {
public:
    constexpr Rate() noexcept = default;
    /// num/den, reduced; den must be positive and num non-negative.
    static Rate fraction(std::int64_t num, std::int64_t den, std::string_view field = "rate") {
        if (den <= 0 || num < 0)
            throw InputError(std::string(field), std::to_string(num) + "/" + std::to_string(den),
                             "a rate needs a non-negative numerator and a positive denominator");
        const std::int64_t g = std::gcd(num, den);
        return Rate(num / (g ? g : 1), den / (g ? g : 1));
    }
    /// Parses a plain decimal ("0.03", "1", "0.125"); throws InputError naming `field`.
    static Rate parse(std::string_view text, std::string_view field = "rate");

    constexpr std::int64_t num() const noexcept { return num_; }
    constexpr std::int64_t den() const noexcept { return den_; }
    constexpr bool is_zero() const noexcept { return num_ == 0; }

    /// Exact decimal text when the denominator divides a power of ten ("0.03"), else "n/d".
    std::string str() const;
    /// Percent text, e.g. "3%", "12.5%", or "n/d" when not a finite decimal.
    std::string percent() const;

    friend bool operator==(Rate a, Rate b) noexcept { return a.num_ == b.num_ && a.den_ == b.den_; }
    friend bool operator!=(Rate a, Rate b) noexcept { return !(a == b); }
    friend bool operator<(Rate a, Rate b) noexcept {
        return static_cast<__int128>(a.num_) * b.den_ < static_cast<__int128>(b.num_) * a.den_;
    }
    friend bool operator>(Rate a, Rate b) noexcept { return b < a; }
    friend bool operator<=(Rate a, Rate b) noexcept { return !(b < a); }
    friend bool operator>=(Rate a, Rate b) noexcept { return !(a < b); }

private:
    constexpr Rate(std::int64_t n, std::int64_t d) noexcept : num_(n), den_(d) {}
    std::int64_t num_ = 0;
    std::int64_t den_ = 1;
};

}  // namespace libtax

#include "libtax/core/decimal_text.hpp"  // inline definitions of parse() and str()
