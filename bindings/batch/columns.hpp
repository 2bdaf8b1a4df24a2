// bindings/batch/columns.hpp - input columns of a batch call, read block by block as fen.
//
// A column is absent (zeros), whole yuan in int64, float yuan in float64 (converted exactly as
// the scalar boundary does, fast_float_fen.hpp), or fen already converted from Python objects
// (str, Decimal, ...) by the scalar to_money(). Reading validates: a negative, non-finite or
// out-of-range amount is reported by row and column; nothing is written for a bad call.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "annual_lanes.hpp"  // Lanes
#include "fast_float_fen.hpp"
#include "libtax/core/money.hpp"

namespace libtax::batch {

enum class BadKind { none, negative, not_finite, out_of_range, result_out_of_range };

struct Column {
    enum Kind { zeros, yuan_i64, yuan_f64, fen_i64 } kind = zeros;
    std::string name;
    const std::int64_t* i64 = nullptr;
    const double* f64 = nullptr;
    std::vector<std::int64_t> owned;  // fen converted from Python objects

    /// Fills out[0..n) with rows [begin, begin+n) in fen; returns the first bad row's offset or -1.
    /// `lanes` limits the vector code of the float conversion (use_vector_units: tests, benchmark);
    /// same results. No default, so that no batch function can ignore the setting.
    long read(std::size_t begin, std::size_t n, std::int64_t* out, BadKind& why, Lanes lanes) const {
        switch (kind) {
            case zeros:
                for (std::size_t k = 0; k < n; ++k) out[k] = 0;
                return -1;
            case fen_i64:
                for (std::size_t k = 0; k < n; ++k) out[k] = owned[begin + k];
                return -1;  // validated when converted
            case yuan_i64: {
                const std::int64_t* p = i64 + begin;
                bool bad = false;
                for (std::size_t k = 0; k < n; ++k) {
                    const std::int64_t v = p[k];
                    bad |= (static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(Money::max_fen / 100));
                    out[k] = v * 100;
                }
                if (!bad) return -1;
                for (std::size_t k = 0; k < n; ++k) {
                    const std::int64_t v = p[k];
                    if (v > Money::max_fen / 100 || v < -Money::max_fen / 100) return why = BadKind::out_of_range, static_cast<long>(k);
                    if (v < 0) return why = BadKind::negative, static_cast<long>(k);
                }
                return -1;
            }
            case yuan_f64: {
                const double* p = f64 + begin;
                if (py_boundary::float_block_to_fen(p, n, out, static_cast<int>(lanes))) return -1;
                for (std::size_t k = 0; k < n; ++k) {
                    const auto fen = py_boundary::fast_float_to_fen(p[k]);
                    // beyond 10^15 yuan: refused even where the fen round down to Money's bound,
                    // as the Python layer's check of the column refuses it
                    const bool over = p[k] > static_cast<double>(Money::max_fen / 100);
                    if (!fen || *fen < 0 || over) {
                        why = !std::isfinite(p[k]) ? BadKind::not_finite : !fen || over ? BadKind::out_of_range : BadKind::negative;
                        return static_cast<long>(k);
                    }
                    out[k] = *fen;
                }
                return -1;
            }
        }
        return -1;
    }
};

inline const char* describe(BadKind k) {
    switch (k) {
        case BadKind::negative: return "an amount cannot be negative";
        case BadKind::not_finite: return "not a finite amount";
        case BadKind::out_of_range: return "beyond the supported range of +/-10^15 yuan";
        case BadKind::result_out_of_range: return "the tax is beyond the supported range of +/-10^15 yuan";
        default: return "";
    }
}

}  // namespace libtax::batch
