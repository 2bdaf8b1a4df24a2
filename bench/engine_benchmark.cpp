// bench/engine_benchmark.cpp - the engine's hot paths, measured (Google Benchmark; not a test).
//
//   build/bench/engine_benchmark                       (built when libbenchmark-dev is found)
//   build/bench/engine_benchmark --benchmark_filter=Annual
//
// Targets of the engine (per call, one core): annual_tax without a trace <= 25 ns,
// talent_relief GBA Shenzhen <= 150 ns, withhold_month <= 40 ns, tables ready (the built-in
// tables read from the image the build resolved them into) <= 5 ms. The README records what was measured.
#include <benchmark/benchmark.h>

#include "libtax/libtax.hpp"

using namespace libtax;

namespace {

const TaxYear& year2024() { return Tables::builtin().year(2024); }

ComprehensiveIncome salaried() {
    ComprehensiveIncome in;
    in.receipts.wages = Money::yuan(300000);
    in.social_insurance = Money::yuan(30000);
    in.special_additional = Money::yuan(24000);
    return in;
}

void AnnualTax(benchmark::State& state) {
    const TaxYear& y = year2024();
    ComprehensiveIncome in = salaried();
    std::int64_t fen = in.receipts.wages.fen();
    for (auto _ : state) {
        in.receipts.wages = Money::fen(fen);
        benchmark::DoNotOptimize(annual_tax(y, in));
        fen = fen == 30'000'000 ? 30'000'001 : 30'000'000;  // defeat hoisting, same bracket
    }
}
BENCHMARK(AnnualTax);

void AnnualTaxWithLabour(benchmark::State& state) {  // income amounts in fractions of a fen
    const TaxYear& y = year2024();
    ComprehensiveIncome in = salaried();
    in.receipts.labour = Money::yuan(50000);
    in.receipts.author = Money::yuan(20000);
    for (auto _ : state) benchmark::DoNotOptimize(annual_tax(y, in));
}
BENCHMARK(AnnualTaxWithLabour);

void AnnualTaxTraced(benchmark::State& state) {  // for comparison: recording the steps
    const TaxYear& y = year2024();
    const ComprehensiveIncome in = salaried();
    for (auto _ : state) {
        Trace trace;
        benchmark::DoNotOptimize(annual_tax(y, in, &trace));
    }
}
BENCHMARK(AnnualTaxTraced);

/// The talent-relief benchmarks' person: a Hong Kong talent working 250 days in Shenzhen (GBA).
TalentCase gba_shenzhen_case() {
    TalentCase c;
    c.identity = Identity::hk;
    c.talent_recognised = true;
    c.city = "shenzhen";
    c.days_in_zone = 250;
    c.income.wages = Money::yuan(1000000);
    c.social_insurance = Money::yuan(30000);
    return c;
}

void TalentReliefGbaShenzhen(benchmark::State& state) {
    const Tables& tables = Tables::builtin();
    const TalentCase c = gba_shenzhen_case();
    for (auto _ : state) benchmark::DoNotOptimize(talent_relief(tables, "gba", 2024, c));
}
BENCHMARK(TalentReliefGbaShenzhen);

void TalentReliefRowsGbaShenzhen(benchmark::State& state) {  // the batch's per-row relief (regime resolved once)
    const TalentCase c = gba_shenzhen_case();
    const ReliefRows rows(Tables::builtin(), "gba", 2024, c.city);  // as the batch: its one city resolved once
    for (auto _ : state) benchmark::DoNotOptimize(rows.amount(c));
}
BENCHMARK(TalentReliefRowsGbaShenzhen);

void WithholdMonth(benchmark::State& state) {
    const TaxYear& y = year2024();
    WithholdingState s = start_withholding(y, WithholdingTerms{});
    MonthInput m;
    m.pay = Money::yuan(30000);
    m.social_insurance = Money::yuan(4500);
    m.special_additional = Money::yuan(2000);
    for (int month = 1; month <= 5; ++month) {
        m.month = month;
        s = withhold_month(y, s, m).state;
    }
    m.month = 6;
    for (auto _ : state) benchmark::DoNotOptimize(withhold_month(y, s, m));
}
BENCHMARK(WithholdMonth);

void TablesReady(benchmark::State& state) {  // what the first use of Tables::builtin() does
    for (auto _ : state) benchmark::DoNotOptimize(detail::builtin_tables_from_image());
}
BENCHMARK(TablesReady)->Unit(benchmark::kMillisecond);

void TablesParsedFromYaml(benchmark::State& state) {  // for comparison: the same documents parsed and checked
    const std::vector<TableDocument> docs = Tables::builtin().documents();
    for (auto _ : state) benchmark::DoNotOptimize(Tables::from_documents(docs));
}
BENCHMARK(TablesParsedFromYaml)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
