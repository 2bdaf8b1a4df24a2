// Many threads computing against one Tables object give exactly the single-threaded results.
// scripts/sanitize.sh runs these under ThreadSanitizer ("[concurrency]"), so the first test
// also races the lazy initialisation of Tables::builtin().
#include <catch2/catch.hpp>

#include <atomic>
#include <random>
#include <thread>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

struct Figures {
    std::vector<std::string> lines;
    bool operator==(const Figures& o) const { return lines == o.lines; }
};

// A fixed mix of every core calculator over `n` incomes, explained, as text.
Figures compute(const Tables& tables, int n) {
    Figures f;
    std::mt19937_64 rng(12345);
    std::uniform_int_distribution<std::int64_t> fen(0, 300'000'000);
    for (int i = 0; i < n; ++i) {
        const TaxYear& t = tables.year(2019 + i % 9);
        ComprehensiveIncome in;
        in.receipts.wages = Money::fen(fen(rng));
        in.receipts.labour = Money::fen(fen(rng) / 10);
        in.social_insurance = Money::fen(fen(rng) / 20);
        const AnnualTaxResult r = i % 4 == 0 ? explained([&](Trace* tr) { return annual_tax(t, in, tr); }) : annual_tax(t, in);
        std::string line = r.tax.str() + " " + r.taxable_income.str() + " " + r.explanation.text();
        line += " " + business_tax(t, in.receipts.wages).tax.str();
        line += " " + resident_prepayment(t, PaymentKind::author, in.receipts.labour).tax.str();
        try {
            line += " " + bonus_tax(t, in.receipts.labour).tax.str();
        } catch (const NotAvailableError&) {
            line += " n/a";
        }
        try {
            tables.year(2018 + i % 20);
        } catch (const CoverageError& e) {
            line += e.what();
        }
        f.lines.push_back(std::move(line));
    }
    return f;
}

template <class F>
void in_threads(int threads, F body) {
    std::vector<std::thread> pool;
    std::atomic<bool> go{false};
    for (int k = 0; k < threads; ++k)
        pool.emplace_back([&, k] {
            while (!go.load()) std::this_thread::yield();
            body(k);
        });
    go = true;
    for (auto& th : pool) th.join();
}

}  // namespace

TEST_CASE("Threads racing to first use of the built-in tables all get the same tables", "[hardening][concurrency]") {
    std::vector<const Tables*> seen(8, nullptr);
    in_threads(8, [&](int k) { seen[static_cast<std::size_t>(k)] = &Tables::builtin(); });
    for (auto* p : seen) CHECK(p == &Tables::builtin());
}

TEST_CASE("Many threads on one Tables object compute exactly the single-threaded results", "[hardening][concurrency]") {
    const int n = 200;
    const auto loaded = Tables::from_documents(Tables::builtin().documents());
    const Figures expected_builtin = compute(Tables::builtin(), n), expected_loaded = compute(*loaded, n);
    std::vector<Figures> got(8);
    in_threads(8, [&](int k) { got[static_cast<std::size_t>(k)] = compute(k % 2 ? *loaded : Tables::builtin(), n); });
    for (std::size_t k = 0; k < got.size(); ++k) CHECK(got[k] == (k % 2 ? expected_loaded : expected_builtin));
}

TEST_CASE("Loading tables in several threads at once gives equal tables", "[hardening][concurrency]") {
    const auto docs = Tables::builtin().documents();
    std::vector<std::shared_ptr<const Tables>> loaded(4);
    in_threads(4, [&](int k) { loaded[static_cast<std::size_t>(k)] = Tables::from_documents(docs); });
    const Figures expected = compute(*Tables::from_documents(docs), 40);
    for (const auto& t : loaded) CHECK(compute(*t, 40) == expected);
}
