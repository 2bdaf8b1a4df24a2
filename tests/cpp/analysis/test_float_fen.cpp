// The batch conversion of floats to fen equals the shared boundary (float_boundary.hpp) on every
// kind of double: random bit patterns, amounts near half a fen, subnormals, negatives, the range
// limits. A disagreement would make batch and scalar results differ by a fen.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#if defined(LIBTAX_BATCH_HWY)
#include <hwy/targets.h>
#endif

#include "float_boundary.hpp"
#include "batch/fast_float_fen.hpp"

using namespace libtax::py_boundary;

namespace {

std::vector<double> samples() {
    std::mt19937_64 g(20240101);
    std::vector<double> xs = {0.0, -0.0, 0.005, 0.015, 0.004999999999999999, 60000.125, 60001.005, 96000.01, 5e-324,
                              -0.004, -0.005, -0.01, 1099511627775.99, 1099511627776.0, 1e15, 1e15 + 0.125, -1e15,
                              std::nan(""), INFINITY, -INFINITY, 0.1 + 0.2, 1e-7, 4503599627370496.0};
    for (int i = 0; i < 400000; ++i) {
        double x = 0;
        switch (i % 6) {
            case 0: {
                const std::uint64_t b = g();
                std::memcpy(&x, &b, sizeof x);
                break;
            }
            case 1: x = std::ldexp(static_cast<double>(g() >> 11), -static_cast<int>(g() % 90)); break;
            case 2: x = static_cast<double>(g() % 100000000000ULL) / 100.0 + (static_cast<int>(g() % 3) - 1) * 0.005; break;
            case 3: x = static_cast<double>(g() % 10000000ULL) / 1000.0; break;
            case 4: x = std::nextafter(static_cast<double>(g() % 100000000ULL) / 200.0, (g() & 1) ? 1e300 : -1e300); break;
            default: x = -static_cast<double>(g() % 1000) / 100000.0; break;
        }
        xs.push_back(x);
    }
    return xs;
}

/// Blocks of `step` amounts; with `accepted_only` only amounts a block may accept ([0, 2^40)
/// yuan), so that long blocks are accepted and checked too.
template <class Block>
void check_block(Block block, std::size_t step = 7, bool accepted_only = false) {
    auto xs = samples();
    if (accepted_only) {
        std::vector<double> kept;
        for (double x : xs)
            if (x >= 0 && x < 1099511627776.0) kept.push_back(x);
        xs = kept;
    }
    std::vector<std::int64_t> out(xs.size());
    long wrong = 0, accepted = 0;
    for (std::size_t i = 0; i < xs.size(); i += step) {  // odd block lengths: the tails run too
        const std::size_t len = std::min<std::size_t>(step, xs.size() - i);
        const bool ok = block(xs.data() + i, len, out.data() + i);
        if (!ok) continue;  // the caller redoes the block one by one
        ++accepted;
        for (std::size_t k = 0; k < len; ++k) {
            const auto ref = float_to_fen(xs[i + k]);
            if (!ref || *ref < 0 || *ref != out[i + k]) ++wrong;
        }
    }
    CHECK(wrong == 0);
    if (accepted_only) CHECK(accepted == static_cast<long>((xs.size() + step - 1) / step));
}

}  // namespace

TEST_CASE("fast_float_to_fen equals float_to_fen on every kind of double") {
    long wrong = 0;
    for (double x : samples())
        if (fast_float_to_fen(x) != float_to_fen(x)) ++wrong;
    CHECK(wrong == 0);
    CHECK(*fast_float_to_fen(60001.005) == 6000100);  // 1.005 is 1.00499999... in binary
    CHECK(*fast_float_to_fen(60000.125) == 6000013);  // an exact half: away from zero
    CHECK(*fast_float_to_fen(-0.004) == 0);
    CHECK(!fast_float_to_fen(std::nan("")));
    CHECK(!fast_float_to_fen(1e15 + 0.125));
}

TEST_CASE("the vectorised block conversion equals float_to_fen whenever it accepts a block") {
    check_block(float_block_to_fen_sse2);
    check_block(float_block_to_fen_sse2, 37, true);
    // the SIMD lanes (Highway) on every target this CPU runs, forced in turn
    const auto lanes = [](const double* x, std::size_t n, std::int64_t* out) { return float_block_to_fen(x, n, out); };
#if defined(LIBTAX_BATCH_HWY)
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
        hwy::SetSupportedTargetsForTest(target);
        INFO("Highway target " << hwy::TargetName(target));
        check_block(lanes, 37, true);  // full groups and a padded tail
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)  // (-O0 there: the widest case only)
        check_block(lanes);
        check_block(lanes, 1, true);
#endif
    }
    hwy::SetSupportedTargetsForTest(0);
#endif
    check_block(lanes);
    check_block([](const double* x, std::size_t n, std::int64_t* out) { return float_block_to_fen(x, n, out, 0); }, 37, true);
    std::int64_t out[4];
    const double bad[4] = {1.0, -1.0, 2.0, 3.0};
    CHECK_FALSE(float_block_to_fen(bad, 4, out));  // a negative amount: the block is redone one by one
    const double nan_block[2] = {1.0, std::nan("")};
    CHECK_FALSE(float_block_to_fen(nan_block, 2, out));
    const double late_bad[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -0.5};  // in a masked tail
    std::int64_t out12[12];
    CHECK_FALSE(float_block_to_fen(late_bad, 12, out12));
    CHECK_FALSE(float_block_to_fen(late_bad, 12, out12, 0));
    CHECK(float_block_to_fen(late_bad, 11, out12));
}
