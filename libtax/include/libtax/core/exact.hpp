// libtax/core/exact.hpp - an exact intermediate amount: a fraction of a fen.
//
// Income amounts (80% of a labour payment), pro-rated wages (days of a month) and
// tax-before-rounding are not whole fen. They are kept as an exact fraction of fen with
// 128-bit numerator and denominator, every operation overflow-checked (RangeError), and
// turned into Money only by round_half_up() in core/rounding.hpp.
#pragma once

#include <cstdint>
#include <string>

#include "libtax/core/money.hpp"
#include "libtax/core/rate.hpp"

namespace libtax {

class Exact {
public:
    using int128 = __int128;

    constexpr Exact() noexcept = default;
    Exact(Money m) noexcept : num_(m.fen()), den_(1) {}  // NOLINT: implicit on purpose
    static Exact fen_fraction(int128 num, int128 den);

    int128 num() const noexcept { return num_; }
    int128 den() const noexcept { return den_; }
    bool is_negative() const noexcept { return num_ < 0; }
    bool is_zero() const noexcept { return num_ == 0; }
    bool is_whole_fen() const noexcept { return den_ == 1; }

    friend Exact operator+(const Exact& a, const Exact& b);
    friend Exact operator-(const Exact& a, const Exact& b);
    friend Exact operator-(const Exact& a) { return Exact(-a.num_, a.den_); }
    friend Exact operator*(const Exact& a, Rate r);
    friend Exact operator*(Rate r, const Exact& a) { return a * r; }
    friend Exact operator*(const Exact& a, std::int64_t k);
    /// a * (num/den), the pro-ration of an amount by a ratio of two amounts or counts.
    Exact scaled(int128 num, int128 den) const;
    Exact& operator+=(const Exact& b) { return *this = *this + b; }
    Exact& operator-=(const Exact& b) { return *this = *this - b; }

    friend bool operator==(const Exact& a, const Exact& b) noexcept {
        return a.num_ == b.num_ && a.den_ == b.den_;
    }
    friend bool operator!=(const Exact& a, const Exact& b) noexcept { return !(a == b); }
    friend bool operator<(const Exact& a, const Exact& b);
    friend bool operator>(const Exact& a, const Exact& b) { return b < a; }
    friend bool operator<=(const Exact& a, const Exact& b) { return !(b < a); }
    friend bool operator>=(const Exact& a, const Exact& b) { return !(a < b); }

    /// Yuan text to `places` decimals, exact digits truncated with "..." when not finite
    /// within them (for explanations only; money results go through round_half_up).
    std::string str(int places = 2) const;

private:
    Exact(int128 n, int128 d) noexcept : num_(n), den_(d) {}
    static Exact reduced(int128 num, int128 den);  ///< fen_fraction for den != 1 (gcd)
    int128 num_ = 0;
    int128 den_ = 1;
};

Exact max(const Exact& a, const Exact& b);
Exact min(const Exact& a, const Exact& b);

}  // namespace libtax

// ---- inline definitions ----------------------------------------------------------------
#include "libtax/core/checked_int128.hpp"

namespace libtax {

inline Exact Exact::fen_fraction(int128 num, int128 den) {
    // whole fen: already reduced. Kept small so that it inlines: a call returning the 32-byte
    // value through memory costs more than the arithmetic around it (store-forwarding stalls).
    if (den == 1) return Exact(num, 1);
    return reduced(num, den);
}

[[gnu::noinline]] inline Exact Exact::reduced(int128 num, int128 den) {
    if (den == 0) throw InputError("denominator", "0", "division by zero");
    if (den < 0) {
        num = -num;
        den = -den;
    }
    const int128 g = detail::gcd128(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    return Exact(num, den);
}

inline Exact operator+(const Exact& a, const Exact& b) {
    if (a.den_ == b.den_) return Exact::fen_fraction(detail::add(a.num_, b.num_), a.den_);
    return Exact::fen_fraction(detail::add(detail::mul(a.num_, b.den_), detail::mul(b.num_, a.den_)),
                               detail::mul(a.den_, b.den_));
}
inline Exact operator-(const Exact& a, const Exact& b) { return a + (-b); }
inline Exact operator*(const Exact& a, Rate r) {
    return Exact::fen_fraction(detail::mul(a.num_, r.num()), detail::mul(a.den_, r.den()));
}
inline Exact operator*(const Exact& a, std::int64_t k) {
    return Exact::fen_fraction(detail::mul(a.num_, k), a.den_);
}
inline Exact Exact::scaled(int128 num, int128 den) const {
    if (den == 0) throw InputError("pro-ration denominator", "0", "division by zero");
    return Exact::fen_fraction(detail::mul(num_, num), detail::mul(den_, den));
}
inline bool operator<(const Exact& a, const Exact& b) {
    if (a.den_ == b.den_) return a.num_ < b.num_;
    return detail::mul(a.num_, b.den_) < detail::mul(b.num_, a.den_);
}
inline Exact max(const Exact& a, const Exact& b) { return a < b ? b : a; }
inline Exact min(const Exact& a, const Exact& b) { return a < b ? a : b; }

inline std::string Exact::str(int places) const {
    // yuan = num / (den * 100)
    const int128 den = detail::mul(den_, 100);
    const bool neg = num_ < 0;
    const int128 n = detail::abs128(num_);
    int128 whole = n / den;
    int128 rem = n % den;
    std::string s = detail::to_string128(whole);
    if (places > 0) {
        s += '.';
        for (int i = 0; i < places; ++i) {
            rem *= 10;
            s += static_cast<char>('0' + static_cast<int>(rem / den));
            rem %= den;
        }
        if (rem != 0) s += "...";
    }
    return neg && (whole != 0 || s.find_first_of("123456789") != std::string::npos) ? "-" + s : s;
}

}  // namespace libtax
