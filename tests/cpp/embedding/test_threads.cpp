// Thread safety: a Tables object is immutable once loaded and may be shared between threads
// without locking. Many threads compute at once against one Tables object (the built-in one, a
// loaded one, and one C handle) and every result must equal the single-threaded one, to the fen
// and word for word in the explanation. Run it under ThreadSanitizer as well
// (-DCMAKE_CXX_FLAGS=-fsanitize=thread) to catch races the equality check cannot see.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "libtax/libtax.hpp"
#include "libtax/payroll/withholding_run.hpp"
#include "libtax/regimes/relief.hpp"
#include "test_support.hpp"
#ifdef LIBTAX_TEST_C_API
#include "libtax/c/libtax.h"
#endif

using namespace libtax;

namespace {

constexpr int kThreads = 8;

struct Case {
    int year;
    ComprehensiveIncome income;
    Money bonus;
    Money business;
    Money labour_payment;
};

std::vector<Case> cases() {
    std::vector<Case> out;
    for (int year = 2019; year <= 2027; ++year)
        for (int k = 0; k < 40; ++k) {
            Case c;
            c.year = year;
            c.income.receipts.wages = Money::fen(1'234'567LL * k * k + 99 * k);
            c.income.receipts.labour = Money::fen(770'001LL * (k % 7));
            c.income.receipts.author = Money::fen(123'457LL * (k % 3));
            c.income.receipts.royalties = Money::fen(50'003LL * (k % 5));
            c.income.social_insurance = Money::fen(31'000LL * k);
            c.income.special_additional = Money::fen(200'000LL * (k % 4));
            c.bonus = Money::fen(1'000'000LL * k + 1);
            c.business = Money::fen(2'345'678LL * k);
            c.labour_payment = Money::fen(39'999LL * k + 1);
            out.push_back(c);
        }
    return out;
}

/// `compute` with a trace rendered into the result's explanation when `explain`, else without one.
template <class Compute>
auto traced(bool explain, Compute&& compute) {
    return explain ? explained(compute) : compute(static_cast<Trace*>(nullptr));
}

/// Everything one case computes, as text: figures and explanations.
std::string compute(const Tables& tables, const Case& c, bool explain) {
    const TaxYear& y = tables.year(c.year);
    std::string s;
    const AnnualTaxResult a = traced(explain, [&](Trace* tr) { return annual_tax(y, c.income, tr); });
    s += a.tax.str() + "|" + a.taxable_income.str(4) + "|" + a.explanation.text();
    const BonusComparison b = traced(explain, [&](Trace* tr) { return compare_bonus_treatment(y, c.income, c.bonus, tr); });
    s += b.separate_total.str() + "|" + b.merged_total.str() + "|" + b.explanation.text();
    const BusinessTaxResult biz = traced(explain, [&](Trace* tr) { return business_tax(y, c.business, tr); });
    s += biz.tax.str() + "|" + biz.explanation.text();
    const PrepaymentResult p = traced(explain, [&](Trace* tr) { return resident_prepayment(y, PaymentKind::labour, c.labour_payment, tr); });
    s += p.tax.str() + "|" + p.explanation.text();
    // A year of cumulative withholding (payroll) and two talent regimes: the regime tables and
    // the Hong Kong / Macao benchmarks live in the same shared Tables object.
    std::vector<MonthInput> months(12);
    for (int m = 0; m < 12; ++m) {
        months[m].month = m + 1;
        months[m].pay = Money::fen(c.income.receipts.wages.fen() / 12);
        months[m].social_insurance = Money::fen(c.income.social_insurance.fen() / 12);
    }
    std::vector<Trace> traces;
    WithholdingRun run = withhold_year(y, WithholdingTerms{}, months, explain ? &traces : nullptr);
    if (explain)
        for (std::size_t i = 0; i < run.months.size(); ++i) run.months[i].explanation = english_explanation(traces[i]);
    s += run.total.str() + "|";
    for (const auto& m : run.months) s += m.withheld.str() + "," + m.explanation.text();
    TalentCase tc;
    tc.identity = Identity::foreign;
    tc.income = c.income.receipts;
    tc.social_insurance = c.income.social_insurance;
    tc.special_additional = c.income.special_additional;
    tc.days_in_zone = 300;
    tc.talent_recognised = true;
    tc.social_insurance_months = 12;
    for (const char* regime : {"gba", "hainan"}) {
        const TalentReliefResult r = traced(explain, [&](Trace* tr) { return talent_relief(tables, regime, c.year, tc, tr); });
        s += std::string(regime) + ":" + r.code + ":" + r.amount.str() + "|" + r.explanation.text();
    }
    try {
        tables.year(c.year - 10);
    } catch (const CoverageError& e) {
        s += e.what();
    }
    return s;
}

/// Runs `work(thread, index)` for every index on every thread at once; returns the mismatches.
template <class Work>
int hammer(std::size_t n, Work work) {
    std::atomic<int> mismatches{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            while (!go.load()) std::this_thread::yield();
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t k = (i + static_cast<std::size_t>(t) * 37) % n;  // threads start at different cases
                if (!work(k)) ++mismatches;
            }
        });
    go = true;
    for (auto& th : threads) th.join();
    return mismatches.load();
}

}  // namespace

TEST_CASE("threads: first use of the built-in tables from many threads at once", "[embedding][threads]") {
    // Each Catch2 test runs in its own process under ctest, so this really is the first use.
    std::vector<const Tables*> seen(kThreads, nullptr);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back([&, t] { seen[t] = &Tables::builtin(); });
    for (auto& th : threads) th.join();
    for (int t = 1; t < kThreads; ++t) CHECK(seen[t] == seen[0]);
    CHECK(seen[0]->covers(2024));
}

TEST_CASE("threads: many threads against one built-in Tables equal the single-threaded results", "[embedding][threads]") {
    const Tables& tables = Tables::builtin();
    const std::vector<Case> cs = cases();
    std::vector<std::string> expected, expected_plain;
    for (const auto& c : cs) {
        expected.push_back(compute(tables, c, true));
        expected_plain.push_back(compute(tables, c, false));
    }
    // The reference itself must be meaningful: some tax, some explanations.
    REQUIRE(expected[cs.size() - 1].find("basis:") != std::string::npos);
    int relieved = 0;  // some cases must get a regime relief, or the regime part proves nothing
    for (const auto& e : expected) relieved += e.find("gba:ok:") != std::string::npos ? 1 : 0;
    REQUIRE(relieved > 0);
    const int bad = hammer(cs.size(), [&](std::size_t k) {
        return compute(tables, cs[k], true) == expected[k] && compute(tables, cs[k], false) == expected_plain[k];
    });
    CHECK(bad == 0);
}

TEST_CASE("threads: many threads against one loaded Tables, while others load their own", "[embedding][threads]") {
    const auto shared = Tables::load(test::source_path("tables"));
    const std::vector<Case> cs = cases();
    std::vector<std::string> expected;
    for (const auto& c : cs) expected.push_back(compute(*shared, c, true));
    const int bad = hammer(cs.size(), [&](std::size_t k) {
        if (k % 97 == 0) {
            // Loading is independent per call: a fresh load gives the same results.
            const auto own = Tables::load(test::source_path("tables"));
            if (compute(*own, cs[k], true) != expected[k]) return false;
        }
        return compute(*shared, cs[k], true) == expected[k];
    });
    CHECK(bad == 0);
}

#ifdef LIBTAX_TEST_C_API
TEST_CASE("threads: many threads against one C tables handle", "[embedding][threads][c]") {
    libtax_tables* handle = nullptr;
    libtax_error err;
    LIBTAX_INIT(err);
    REQUIRE(libtax_tables_builtin(&handle, &err) == LIBTAX_OK);
    const std::vector<Case> cs = cases();
    auto c_income = [](const Case& c) {
        libtax_comprehensive_income in{};
        in.size = sizeof in;
        in.commissions = c.income.receipts.commissions.fen();
        in.wages = c.income.receipts.wages.fen();
        in.labour = c.income.receipts.labour.fen();
        in.author = c.income.receipts.author.fen();
        in.royalties = c.income.receipts.royalties.fen();
        in.social_insurance = c.income.social_insurance.fen();
        in.special_additional = c.income.special_additional.fen();
        in.other_deductions = c.income.other_deductions.fen();
        return in;
    };
    std::vector<std::int64_t> expected;
    for (const auto& c : cs) expected.push_back(annual_tax(Tables::builtin().year(c.year), c.income).tax.fen());
    const int bad = hammer(cs.size(), [&](std::size_t k) {
        const libtax_comprehensive_income in = c_income(cs[k]);
        libtax_annual_tax_result r;
        libtax_error e;
        LIBTAX_INIT(r);
        LIBTAX_INIT(e);
        char buf[4096];
        libtax_text text{sizeof(libtax_text), buf, sizeof buf, 0};
        if (libtax_annual_tax(handle, cs[k].year, &in, &r, &text, &e) != LIBTAX_OK || r.tax != expected[k]) return false;
        // An error on one thread is that thread's own: the field it reports is its own.
        libtax_comprehensive_income neg = in;
        neg.royalties = -1;
        return libtax_annual_tax(handle, cs[k].year, &neg, &r, nullptr, &e) == LIBTAX_ERR_INPUT &&
               std::string(e.field) == "royalties";
    });
    CHECK(bad == 0);
    libtax_tables_free(handle);
}
#endif
