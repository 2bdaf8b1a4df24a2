// The built-in tables are resolved when the library is built (src/tables/table_image.cpp): the
// library reads an image of tables/ instead of parsing YAML. These tests compare that image,
// value by value with sources and file:line, with a fresh YAML load of the tables/ folder of
// the source tree, and check that a damaged image is refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

/// tables/ of the source tree, parsed now, each document named as the build names it.
std::shared_ptr<const Tables> fresh_yaml_tables() {
    namespace fs = std::filesystem;
    const fs::path root = source_path("tables");
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(fs::relative(e.path(), root).generic_string());
    std::sort(files.begin(), files.end());
    std::vector<TableDocument> docs;
    for (const auto& rel : files) docs.push_back({"tables/" + rel, read_file((root / rel).string())});
    return Tables::from_documents(docs);
}

// One line per value: "<where>: <value> | <document> | <doc_id> | <article> | <file>:<line>".
struct Lines {
    std::vector<std::string> out;
    void add(const std::string& where, const std::string& value) { out.push_back(where + ": " + value); }
    void add(const std::string& where, const std::string& value, const LegalSource& s) {
        out.push_back(where + ": " + value + " | " + s.document + " | " + s.doc_id + " | " + s.article + " | " + s.file + ":" + std::to_string(s.line));
    }
};

std::string opt_date(const std::optional<Date>& d) { return d ? iso(*d) : "(open)"; }
std::string period(const std::optional<Period>& p) { return p ? iso(p->from) + ".." + opt_date(p->to) : "(none)"; }

void list_schedule(Lines& l, const std::string& where, const BracketSchedule& s) {
    l.add(where + ".name", s.name(), s.source());
    int i = 0;
    for (const Bracket& b : s.brackets()) {
        const std::string w = where + "[" + std::to_string(i++) + "]";
        l.add(w, b.over.str() + " " + (b.upto ? b.upto->str() : "-") + " " + std::to_string(b.rate.num()) + "/" + std::to_string(b.rate.den()) + " " +
                     b.quick.str() + " line " + std::to_string(b.line));
    }
    std::string kernel;  // rebuilt from the brackets when read back
    for (const KernelBracket& k : s.kernel().brackets())
        kernel += std::to_string(k.upto_fen) + " " + std::to_string(k.rate_num) + "/" + std::to_string(k.rate_den) + " " + std::to_string(k.quick_fen) + ";";
    l.add(where + ".kernel", kernel);
}

void list_provision(Lines& l, const std::string& where, const Provision& p) {
    l.add(where, p.path + " " + period(p.period) + " unconfirmed=" + std::to_string(p.unconfirmed) + " note=" + p.note, p.source);
    for (const auto& [k, v] : p.money) l.add(where + "." + k, v.value.str(), v.source);
    for (const auto& [k, v] : p.rates) l.add(where + "." + k, std::to_string(v.value.num()) + "/" + std::to_string(v.value.den()), v.source);
    for (const auto& [k, v] : p.counts) l.add(where + "." + k, std::to_string(v.value), v.source);
    for (const auto& [k, v] : p.texts) l.add(where + "." + k, v.value, v.source);
    for (const auto& [k, v] : p.dates) l.add(where + "." + k, iso(v.value), v.source);
}

std::vector<std::string> list_values(const Tables& t) {
    Lines l;
    for (int y : t.years()) {
        const TaxYear& ty = t.year(y);
        const std::string w = "year " + std::to_string(y);
        l.add(w + ".file", ty.file);
        for (const auto& [name, s] : ty.schedules) list_schedule(l, w + ".schedule." + name, s);
        for (const auto& [path, p] : ty.provisions) list_provision(l, w + "." + path, p);
        const YearRules& r = ty.rules();
        l.add(w + ".rules.basic", r.basic_annual.value.str() + " " + r.basic_monthly.value.str(), r.basic_annual.source);
        l.add(w + ".rules.shares", std::to_string(r.income.d) + " " + std::to_string(r.income.kl) + " " + std::to_string(r.income.kr) + " " +
                                       std::to_string(r.income.ka), r.income.source);
        l.add(w + ".rules.bonus_window", r.bonus_window ? r.bonus_window->path : "(none)");
        l.add(w + ".rules.withholding", r.withholding_method ? r.withholding_method->path : "(none)");
        const PresenceRules& pr = r.presence;
        l.add(w + ".rules.presence.resident_days", std::to_string(pr.resident_days.value), pr.resident_days.source);
        l.add(w + ".rules.presence.residence", "", pr.residence_source);
        l.add(w + ".rules.presence.ninety_day_max", std::to_string(pr.ninety_day_max.value), pr.ninety_day_max.source);
        l.add(w + ".rules.presence.six_year_rule", pr.six_year_rule->path);
        l.add(w + ".rules.presence.chain_years", std::to_string(pr.chain_years.value), pr.chain_years.source);
        l.add(w + ".rules.presence.max_single_absence", std::to_string(pr.max_single_absence.value), pr.max_single_absence.source);
        l.add(w + ".rules.presence.chain_first_year", std::to_string(pr.chain_first_year.value), pr.chain_first_year.source);
        const AllowanceRules& al = r.allowances;
        l.add(w + ".rules.allowances.exempt_kinds", "", al.exempt_kinds);
        l.add(w + ".rules.allowances.max_home_leave_trips", std::to_string(al.max_home_leave_trips.value), al.max_home_leave_trips.source);
        l.add(w + ".rules.allowances.choice", al.choice ? al.choice->path + " " + period(al.choice->period) : "(none)");
        const SeparateItemRules& sp = r.separate;
        l.add(w + ".rules.separate.severance_exempt_multiple", std::to_string(sp.severance_exempt_multiple.value), sp.severance_exempt_multiple.source);
        l.add(w + ".rules.separate.early_retirement", sp.early_retirement->path);
        l.add(w + ".rules.separate.early_retirement_deduction", sp.early_retirement_deduction.value.str(), sp.early_retirement_deduction.source);
        l.add(w + ".rules.separate.equity_incentives", sp.equity_incentives ? sp.equity_incentives->path + " " + period(sp.equity_incentives->period) : "(none)");
        const ReconciliationRules& rc = r.reconciliation;
        l.add(w + ".rules.reconciliation.exemption", rc.exemption->path + " " + period(rc.exemption->period));
        l.add(w + ".rules.reconciliation.income_max", rc.income_max.value.str(), rc.income_max.source);
        l.add(w + ".rules.reconciliation.payable_max", rc.payable_max.value.str(), rc.payable_max.source);
        l.add(w + ".rules.reconciliation.income_basis", rc.income_test ? rc.income_basis.value : "(none)", rc.income_basis.source);
        const auto money = [&](const std::string& k, const Sourced<Money>& v) { l.add(w + ".rules." + k, v.value.str(), v.source); };
        const auto rate = [&](const std::string& k, const Sourced<Rate>& v) { l.add(w + ".rules." + k, v.value.str(), v.source); };
        const auto count = [&](const std::string& k, const Sourced<std::int64_t>& v) { l.add(w + ".rules." + k, std::to_string(v.value), v.source); };
        const auto path = [&](const std::string& k, const Provision* p) { l.add(w + ".rules." + k, p ? p->path + " " + period(p->period) : "(none)"); };
        const SpecialAdditionalRules& sa = r.special_additional;
        money("sad.children_monthly", sa.children_monthly);
        path("sad.infant_care", sa.infant_care);
        if (sa.infant_care) money("sad.infant_monthly", sa.infant_monthly);
        money("sad.degree_monthly", sa.degree_monthly);
        count("sad.degree_max_months", sa.degree_max_months);
        money("sad.certificate_annual", sa.certificate_annual);
        money("sad.illness_threshold", sa.illness_threshold);
        money("sad.illness_annual_cap", sa.illness_annual_cap);
        money("sad.housing_loan_monthly", sa.housing_loan_monthly);
        count("sad.housing_loan_max_months", sa.housing_loan_max_months);
        for (int i = 0; i < 3; ++i) money("sad.rent_monthly" + std::to_string(i + 1), sa.rent_monthly[i]);
        money("sad.elderly_only_child_monthly", sa.elderly_only_child_monthly);
        money("sad.elderly_shared_cap_monthly", sa.elderly_shared_cap_monthly);
        path("sad.sharing", sa.sharing);
        if (sa.sharing) {
            rate("sad.child_split_share", sa.child_split_share);
            rate("sad.housing_loan_split_share", sa.housing_loan_split_share);
        }
        const OtherDeductionRules& od = r.other_deductions;
        money("other.health_annual_cap", od.health_annual_cap);
        path("other.private_pension", od.private_pension);
        if (od.private_pension) money("other.pension_annual_cap", od.pension_annual_cap);
        path("other.tax_deferred_pension", od.tax_deferred_pension);
        if (od.tax_deferred_pension) {
            rate("other.deferred_wage_share", od.deferred_wage_share);
            money("other.deferred_monthly_cap", od.deferred_monthly_cap);
        }
        const ForeignRules& fr = r.foreign;
        rate("foreign.partial_day_share", fr.partial_day_share);
        l.add(w + ".rules.foreign.working_days", "", fr.working_days_source);
        count("foreign.bonus_divisor", fr.bonus_divisor);
        count("foreign.bonus_times_per_year", fr.bonus_times_per_year);
        path("foreign.tax_credit", fr.tax_credit);
        if (fr.tax_credit) count("foreign.carry_forward_years", fr.carry_forward_years);
        path("donations", r.donations);
        if (r.donations) rate("donation_limit_share", r.donation_limit_share);
        path("foreign.nonresident_equity", fr.nonresident_equity);
        if (fr.nonresident_equity) count("foreign.equity_divisor", fr.equity_divisor);
        path("separate.private_pension_withdrawal", sp.private_pension_withdrawal);
        if (sp.private_pension_withdrawal) rate("separate.private_pension_rate", sp.private_pension_rate);
        path("separate.annuity_payouts", sp.annuity_payouts);
        if (sp.annuity_payouts) count("separate.annuity_quarterly_months", sp.annuity_quarterly_months);
        path("separate.internal_retirement", sp.internal_retirement);
        if (al.choice) l.add(w + ".rules.allowances.covered_kinds", al.covered_kinds.value, al.covered_kinds.source);
        if (r.bonus_window) count("bonus_divisor", r.bonus_divisor);
        path("commission_agents", r.commission_agents);
        if (r.commission_agents) {
            rate("agents_income_share", r.agents_income_share);
            rate("agents_cost_share", r.agents_cost_share);
        }
        path("continuous_labour", r.continuous_labour);
        if (r.continuous_labour) rate("labour_income_share", r.labour_income_share);
        path("first_wages_this_year", r.first_wages_this_year);
        if (r.first_wages_this_year) count("first_wages_from_month", r.first_wages_from_month);
        path("prior_year_low_income", r.prior_year_low_income);
        if (r.prior_year_low_income) {
            money("low_income_up_front", r.low_income_up_front);
            money("low_income_prior_max", r.low_income_prior_max);
        }
        const YearRules::WithholdingMonths& wm = r.withholding_months;
        l.add(w + ".rules.withholding_months", std::to_string(wm.method) + " " + std::to_string(wm.continuous_labour) + " " +
                                                   std::to_string(wm.commission_agents) + " " + std::to_string(wm.first_wages_this_year) + " " +
                                                   std::to_string(wm.prior_year_low_income));
        path("business_halving", r.business_halving);
        if (r.business_halving) {
            money("halving_ceiling", r.halving_ceiling);
            rate("halving_reduction", r.halving_reduction);
        }
        l.add(w + ".comprehensive_annual", ty.comprehensive_annual().name());
        l.add(w + ".nonresident_monthly", ty.nonresident_monthly().name(), ty.nonresident_monthly().source());
    }
    for (const std::string& id : t.regimes()) {
        const Regime& g = t.regime(id);
        std::string places, zones, cities;
        for (const auto& p : g.places) places += p + ",";
        for (const auto& c : g.cities) cities += c + ",";
        for (const auto& [z, c] : g.zones) zones += z + "=" + c + ",";
        for (const auto& x : g.exclusive_with) cities += "!" + x;
        l.add("regime " + id, g.name + " | " + g.file + " | " + std::to_string(g.enacted) + " | " + g.status_note + " | " + places + " | " + zones + " | " + cities);
        int vi = 0;
        for (const RegimeVersion& v : g.versions) {
            const std::string w = "regime " + id + " v" + std::to_string(vi++);
            std::string basis, items;
            for (const auto& b : v.basis) basis += b + ";";
            for (Item i : v.items) items += std::string(item_name(i)) + ",";
            l.add(w, period(v.period) + " " + basis + " " + v.area + " " + mechanism_name(v.mechanism) + " " + v.reaches + " " + formula_name(v.formula) + " " +
                         proration_name(v.comprehensive_proration) + " " + proration_name(v.business_proration) + " " + items + " " +
                         std::to_string(v.unconfirmed) + " " + v.note + " line " + std::to_string(v.line),
                  v.source);
            l.add(w + ".rate", v.rate.value.str(), v.rate.source);
            l.add(w + ".share", v.share.value.str(), v.share.source);
            if (v.cap) l.add(w + ".cap", v.cap->value.str(), v.cap->source);
            const ForeignBurdenRule& f = v.foreign_burden;
            l.add(w + ".foreign_burden", std::to_string(f.one_off_reduction) + std::to_string(f.budget_reduction) + std::to_string(f.unconfirmed) + " " + f.note,
                  f.source);
            int ri = 0;
            for (const EligibilityRule& e : v.eligibility) {
                std::string who, alt;
                for (Identity i : e.identities) who += std::string(identity_name(i)) + ",";
                for (const auto& a : e.alt_industries) alt += a + ",";
                std::ostringstream s;
                s << static_cast<int>(e.kind) << " " << e.unconfirmed << " " << e.note << " " << e.city << " " << period(e.period) << " " << who << " "
                  << e.min_income.str() << " " << e.strict << " " << static_cast<int>(e.measure) << " " << e.or_recognised << " " << e.min_days << " "
                  << e.min_actual_days << " " << alt << " " << e.alt_social_insurance_months << " " << e.alt_contract_years << " " << e.min_months << " "
                  << e.waivable << " " << e.min_years;
                l.add(w + ".rule" + std::to_string(ri++), s.str(), e.source);
            }
        }
    }
    for (int y = 2015; y <= 2030; ++y) {
        try {
            const HongKongYear& h = t.hong_kong(y);
            const std::string w = "hong_kong " + h.label();
            l.add(w, h.file + " " + std::to_string(h.start_year) + " " + std::to_string(h.unconfirmed) + " " + h.note);
            list_schedule(l, w + ".progressive", h.progressive);
            l.add(w + ".standard_rate", h.standard_rate.value.str(), h.standard_rate.source);
            if (h.standard_tier_threshold) l.add(w + ".tier", h.standard_tier_threshold->value.str(), h.standard_tier_threshold->source);
            if (h.standard_rate_upper) l.add(w + ".upper", h.standard_rate_upper->value.str(), h.standard_rate_upper->source);
            l.add(w + ".basic_allowance", h.basic_allowance.value.str(), h.basic_allowance.source);
            l.add(w + ".mpf_cap", h.mpf_cap.value.str(), h.mpf_cap.source);
            l.add(w + ".one_off", h.one_off_reduction_cap.value.str(), h.one_off_reduction_cap.source);
        } catch (const CoverageError&) {
        }
        try {
            const MacaoYear& m = t.macao(y);
            const std::string w = "macao " + std::to_string(m.year);
            l.add(w, m.file + " " + std::to_string(m.unconfirmed) + " " + m.note);
            list_schedule(l, w + ".bands", m.bands);
            l.add(w + ".fixed_deduction", m.fixed_deduction.value.str(), m.fixed_deduction.source);
            l.add(w + ".budget_reduction", m.budget_reduction.value.str(), m.budget_reduction.source);
        } catch (const CoverageError&) {
        }
    }
    for (const auto& [id, d] : t.citations().documents()) {
        std::string arts;
        for (const auto& [en, zh] : d.articles_zh) arts += en + "=" + zh + ";";
        l.add("document " + id, d.id + " | " + d.number_zh + " | " + d.title_zh + " | " + d.number_en + " | " + d.title_en + " | " +
                                    std::to_string(d.cite_by_title) + std::to_string(d.verified) + " | " + arts);
    }
    return l.out;
}

}  // namespace

TEST_CASE("The built-in tables read from the build's image equal tables/ parsed now, value by value", "[tables][image]") {
    const auto fresh = fresh_yaml_tables();
    const Tables& built = Tables::builtin();
    const std::vector<std::string> a = list_values(*fresh), b = list_values(built);
    REQUIRE(a.size() > 1500);  // every year, regime, foreign table and document was listed
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        INFO("value " << i);
        REQUIRE(a[i] == b[i]);
    }
    // Spot checks against the files: an inherited value keeps the file and line it was written on.
    const std::string text = read_file(source_path("tables/cn/2024.yaml"));
    const auto& basic = built.year(2026).rules().basic_annual;
    CHECK(basic.value == Money::yuan(60000));
    CHECK(basic.source.file == "tables/cn/2024.yaml");
    CHECK(basic.source.line == line_of(text, "basic_deduction:") + 2);  // "  annual: 60000"
    CHECK(built.origin() == "built-in");
    // And the whole image (origin aside): what the build wrote is what these tables write now.
    CHECK(detail::write_table_image(built) == detail::write_table_image(*fresh));
    // The documents stay available for what-if copies, and read back to the same tables.
    CHECK(list_values(*Tables::from_documents(built.documents())) == b);
}

TEST_CASE("The built-in tables explain a calculation as tables/ parsed now does", "[tables][image]") {
    const auto fresh = fresh_yaml_tables();
    for (int y = 2019; y <= 2027; ++y) {
        ComprehensiveIncome in;
        in.receipts.wages = Money::yuan(400000);
        in.receipts.labour = Money::yuan(30000);
        in.receipts.author = Money::yuan(10000);
        in.social_insurance = Money::yuan(20000);
        Trace t1, t2;
        const auto r1 = annual_tax(Tables::builtin().year(y), in, &t1);
        const auto r2 = annual_tax(fresh->year(y), in, &t2);
        CHECK(r1.tax == r2.tax);
        CHECK(render_text(t1, Catalogue::builtin("zh")) == render_text(t2, Catalogue::builtin("zh")));
    }
}

TEST_CASE("A damaged table image is refused, never read", "[tables][image]") {
    const std::string image = detail::write_table_image(Tables::builtin());
    const auto read = [](const std::string& bytes) {
        return detail::read_table_image(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    };
    CHECK(list_values(*read(image)) == list_values(Tables::builtin()));
    CHECK_THROWS_AS(read(image.substr(0, image.size() - 1)), TableError);
    CHECK_THROWS_AS(read(image.substr(0, 10)), TableError);
    CHECK_THROWS_AS(read(image + "x"), TableError);
    std::string other = image;
    other[0] = 'X';
    CHECK_THROWS_AS(read(other), TableError);
    other = image;
    other[6] ^= 1;  // the format version
    CHECK_THROWS_AS(read(other), TableError);
}
