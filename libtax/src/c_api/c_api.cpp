// The C interface (libtax/c/libtax.h): converts plain structs of fen to the C++ types, calls
// the calculators, and turns every exception into a status and a filled libtax_error.
#define LIBTAX_C_BUILDING 1
#include "libtax/c/libtax.h"

#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>

#include "libtax/libtax.hpp"
#if __has_include("libtax/payroll/withholding_run.hpp")
#include "libtax/payroll/withholding_run.hpp"
#define LIBTAX_C_HAS_PAYROLL 1
#endif
#if __has_include("libtax/regimes/relief.hpp")
#include "libtax/regimes/relief.hpp"
#define LIBTAX_C_HAS_REGIMES 1
#endif

struct libtax_tables {
    std::shared_ptr<const libtax::Tables> tables;
};

namespace {

using namespace libtax;

void copy_text(char* dst, std::size_t size, const std::string& src) {
    if (!dst || size == 0) return;
    const std::size_t n = src.size() < size - 1 ? src.size() : size - 1;
    std::memcpy(dst, src.data(), n);
    dst[n] = '\0';
}

void clear(libtax_error* err) {
    if (err) std::memset(err, 0, sizeof *err);
}

libtax_status fail(libtax_error* err, libtax_status code, const std::string& field, const std::string& value,
                   const std::string& message) {
    if (err) {
        std::memset(err, 0, sizeof *err);
        err->code = code;
        copy_text(err->field, sizeof err->field, field);
        copy_text(err->value, sizeof err->value, value);
        copy_text(err->message, sizeof err->message, message);
    }
    return code;
}

/// Runs `body` with every exception mapped to a status; the most specific class first.
template <class F>
libtax_status guarded(libtax_error* err, F&& body) noexcept {
    try {
        clear(err);
        body();
        return LIBTAX_OK;
    } catch (const RangeError& e) {
        return fail(err, LIBTAX_ERR_RANGE, e.field(), e.value(), e.what());
    } catch (const CoverageError& e) {
        return fail(err, LIBTAX_ERR_COVERAGE, e.field(), e.value(), e.what());
    } catch (const NotAvailableError& e) {
        return fail(err, LIBTAX_ERR_NOT_AVAILABLE, e.field(), e.value(), e.what());
    } catch (const InputError& e) {
        return fail(err, LIBTAX_ERR_INPUT, e.field(), e.value(), e.what());
    } catch (const TableError& e) {
        return fail(err, LIBTAX_ERR_TABLE, e.file() + ":" + std::to_string(e.line()) + ": " + e.key(), "", e.what());
    } catch (const std::bad_alloc&) {
        return fail(err, LIBTAX_ERR_INTERNAL, "", "", "out of memory");
    } catch (const std::exception& e) {
        return fail(err, LIBTAX_ERR_INTERNAL, "", "", e.what());
    } catch (...) {
        return fail(err, LIBTAX_ERR_INTERNAL, "", "", "unknown error");
    }
}

template <class T>
void require_pointer(const T* p, const char* field) {
    if (!p) throw InputError(field, "NULL", "a pointer is required");
}

const TaxYear& year_of(const libtax_tables* t, std::int32_t year) {
    require_pointer(t, "tables");
    require_pointer(t->tables.get(), "tables");
    return t->tables->year(year);
}

/// An amount of fen from the caller, named for the error message when out of range.
Money fen(std::int64_t f, const char* field) {
    if (f > Money::max_fen || f < -Money::max_fen)
        throw RangeError(field, std::to_string(f) + " fen", "beyond the supported range of +/-10^15 yuan");
    return Money::fen(f);
}

ComprehensiveIncome income_of(const libtax_comprehensive_income* in) {
    require_pointer(in, "income");
    ComprehensiveIncome c;
    c.receipts.wages = fen(in->wages, "wages");
    c.receipts.labour = fen(in->labour, "labour");
    c.receipts.author = fen(in->author, "author");
    c.receipts.royalties = fen(in->royalties, "royalties");
    c.social_insurance = fen(in->social_insurance, "social_insurance");
    c.special_additional = fen(in->special_additional, "special_additional");
    c.other_deductions = fen(in->other_deductions, "other_deductions");
    return c;
}

void write_explanation(libtax_text* out, const Explanation& e) {
    if (!out) return;
    const std::string text = e.text();
    out->length = text.size();
    copy_text(out->buffer, out->size, text);
}

template <class S>
void zero(S* out) {
    if (out) std::memset(out, 0, sizeof *out);
}

}  // namespace

extern "C" {

const char* libtax_version(void) { return LIBTAX_VERSION_STRING; }
int libtax_c_api_version(void) { return LIBTAX_C_API_VERSION; }

const char* libtax_status_name(libtax_status status) {
    switch (status) {
        case LIBTAX_OK: return "ok";
        case LIBTAX_ERR_INPUT: return "input";
        case LIBTAX_ERR_RANGE: return "range";
        case LIBTAX_ERR_COVERAGE: return "coverage";
        case LIBTAX_ERR_NOT_AVAILABLE: return "not available";
        case LIBTAX_ERR_TABLE: return "table";
        case LIBTAX_ERR_INTERNAL: return "internal";
    }
    return "unknown";
}

libtax_status libtax_tables_builtin(libtax_tables** out, libtax_error* err) {
    return guarded(err, [&] {
        require_pointer(out, "out");
        *out = nullptr;
        auto h = std::make_unique<libtax_tables>();
        h->tables = Tables::builtin_shared();
        *out = h.release();
    });
}

libtax_status libtax_tables_load(const char* directory, libtax_tables** out, libtax_error* err) {
    return guarded(err, [&] {
        require_pointer(out, "out");
        *out = nullptr;
        require_pointer(directory, "directory");
        auto h = std::make_unique<libtax_tables>();
        h->tables = Tables::load(directory);
        *out = h.release();
    });
}

int libtax_tables_covers(const libtax_tables* tables, std::int32_t year) {
    return tables && tables->tables && tables->tables->covers(year) ? 1 : 0;
}

void libtax_tables_free(libtax_tables* tables) { delete tables; }

libtax_status libtax_annual_tax(const libtax_tables* tables, std::int32_t year, const libtax_comprehensive_income* income,
                                libtax_annual_tax_result* out, libtax_text* explanation, libtax_error* err) {
    zero(out);
    return guarded(err, [&] {
        require_pointer(out, "out");
        const AnnualTaxResult r = annual_tax(year_of(tables, year), income_of(income), explanation != nullptr);
        libtax_annual_tax_result o{};
        o.year = r.year;
        o.bracket = r.bracket;
        o.rate_num = r.rate.num();
        o.rate_den = r.rate.den();
        o.quick_deduction = r.quick_deduction.fen();
        o.basic_deduction = r.basic_deduction.fen();
        o.income_amount = round_half_up(r.income_amount).fen();
        o.taxable_income = round_half_up(r.taxable_income).fen();
        o.tax = r.tax.fen();
        write_explanation(explanation, r.explanation);
        *out = o;
    });
}

libtax_status libtax_bonus_tax(const libtax_tables* tables, std::int32_t year, std::int64_t bonus,
                               libtax_bonus_result* out, libtax_text* explanation, libtax_error* err) {
    zero(out);
    return guarded(err, [&] {
        require_pointer(out, "out");
        const TaxYear& y = year_of(tables, year);
        const BonusTaxResult r = bonus_tax(y, fen(bonus, "bonus"), explanation != nullptr);
        libtax_bonus_result o{};
        o.year = r.year;
        o.bracket = r.bracket;
        o.rate_num = r.rate.num();
        o.rate_den = r.rate.den();
        o.quick_deduction = r.quick_deduction.fen();
        o.tax = r.tax.fen();
        write_explanation(explanation, r.explanation);
        *out = o;
    });
}

libtax_status libtax_compare_bonus(const libtax_tables* tables, std::int32_t year, const libtax_comprehensive_income* income,
                                   std::int64_t bonus, libtax_bonus_comparison* out, libtax_text* explanation,
                                   libtax_error* err) {
    zero(out);
    return guarded(err, [&] {
        require_pointer(out, "out");
        const BonusComparison c = compare_bonus_treatment(year_of(tables, year), income_of(income), fen(bonus, "bonus"), explanation != nullptr);
        libtax_bonus_comparison o{};
        o.separate_total = c.separate_total.fen();
        o.merged_total = c.merged_total.fen();
        o.separate_is_cheaper = c.separate_is_cheaper ? 1 : 0;
        o.saving = c.saving.fen();
        write_explanation(explanation, c.explanation);
        *out = o;
    });
}

libtax_status libtax_business_tax(const libtax_tables* tables, std::int32_t year, std::int64_t taxable_income,
                                  libtax_business_result* out, libtax_text* explanation, libtax_error* err) {
    zero(out);
    return guarded(err, [&] {
        require_pointer(out, "out");
        const BusinessTaxResult r = business_tax(year_of(tables, year), fen(taxable_income, "taxable_income"), explanation != nullptr);
        libtax_business_result o{};
        o.year = r.year;
        o.bracket = r.bracket;
        o.rate_num = r.rate.num();
        o.rate_den = r.rate.den();
        o.quick_deduction = r.quick_deduction.fen();
        o.tax = r.tax.fen();
        write_explanation(explanation, r.explanation);
        *out = o;
    });
}

libtax_status libtax_withhold_month(const libtax_tables* tables, std::int32_t year, const libtax_withholding_cumulative* before,
                                    const libtax_withholding_month* month, libtax_withholding_month_result* out,
                                    libtax_text* explanation, libtax_error* err) {
    zero(out);
    return guarded(err, [&] {
        require_pointer(out, "out");
        require_pointer(before, "before");
        require_pointer(month, "month");
        const TaxYear& y = year_of(tables, year);
#ifdef LIBTAX_C_HAS_PAYROLL
        auto flag = [](std::int32_t v, const char* field) {
            if (v != 0 && v != 1) throw InputError(field, std::to_string(v), "expected 0 or 1");
            return v == 1;
        };
        WithholdingTerms terms;
        terms.first_month = before->first_month;
        terms.first_wages_this_year = flag(before->first_wages_this_year, "first_wages_this_year");
        terms.prior_year_low_income = flag(before->prior_year_low_income, "prior_year_low_income");
        WithholdingState state = start_withholding(y, terms);  // checks the terms against the rules in force
        if (before->year != 0 && before->year != year)
            throw InputError("before.year", std::to_string(before->year), "the cumulative figures belong to another tax year than " + std::to_string(year));
        if (before->year == 0 && before->last_month != 0)
            throw InputError("before.last_month", std::to_string(before->last_month), "a run that has not started (year 0) has no last month");
        if (before->last_month < 0 || before->last_month > 12)
            throw InputError("before.last_month", std::to_string(before->last_month), "a calendar month is 0 (none yet) to 12");
        state.last_month = before->last_month;
        state.bonus_taxed_separately = flag(before->bonus_taxed_separately, "before.bonus_taxed_separately");
        auto cumulative = [](std::int64_t v, const char* field) {
            const Money m = fen(v, field);
            require_non_negative(m, field);
            return m;
        };
        state.gross = cumulative(before->wages, "before.wages");
        state.income = Exact(state.gross);  // wages: the income amount is the gross pay
        state.exempt_income = cumulative(before->exempt_income, "before.exempt_income");
        state.social_insurance = cumulative(before->social_insurance, "before.social_insurance");
        state.special_additional = cumulative(before->special_additional, "before.special_additional");
        state.other_deductions = cumulative(before->other_deductions, "before.other_deductions");
        state.tax_reductions = cumulative(before->tax_reductions, "before.tax_reductions");
        state.withheld = cumulative(before->withheld, "before.withheld");
        state.bonus_withheld = cumulative(before->bonus_withheld, "before.bonus_withheld");

        MonthInput in;
        in.month = month->month;
        in.pay = fen(month->wage, "wage");
        in.exempt_income = fen(month->exempt_income, "exempt_income");
        in.social_insurance = fen(month->social_insurance, "social_insurance");
        in.special_additional = fen(month->special_additional, "special_additional");
        in.other_deductions = fen(month->other_deductions, "other_deductions");
        in.tax_reductions = fen(month->tax_reductions, "tax_reductions");
        in.bonus = fen(month->bonus, "bonus");
        in.bonus_method = flag(month->bonus_merged, "bonus_merged") ? BonusMethod::merged : BonusMethod::separate;

        const MonthResult r = withhold_month(y, state, in, explanation != nullptr);
        libtax_withholding_month_result o{};
        o.month = r.month;
        o.months_at_agent = r.months_at_agent;
        o.bracket = r.bracket;
        o.rate_num = r.rate.num();
        o.rate_den = r.rate.den();
        o.quick_deduction = r.quick_deduction.fen();
        o.cumulative_basic_deduction = r.cumulative_basic_deduction.fen();
        o.cumulative_taxable = round_half_up(r.cumulative_taxable).fen();
        o.cumulative_tax = r.cumulative_tax.fen();
        o.withheld_before = r.withheld_before.fen();
        o.pay_withholding = r.pay_withholding.fen();
        o.bonus_withholding = r.bonus_withholding.fen();
        o.withheld = r.withheld.fen();
        libtax_withholding_cumulative& a = o.after;
        a = *before;
        a.year = year;
        a.last_month = r.state.last_month;
        a.bonus_taxed_separately = r.state.bonus_taxed_separately ? 1 : 0;
        a.wages = r.state.gross.fen();
        a.exempt_income = r.state.exempt_income.fen();
        a.social_insurance = r.state.social_insurance.fen();
        a.special_additional = r.state.special_additional.fen();
        a.other_deductions = r.state.other_deductions.fen();
        a.tax_reductions = r.state.tax_reductions.fen();
        a.withheld = r.state.withheld.fen();
        a.bonus_withheld = r.state.bonus_withheld.fen();
        write_explanation(explanation, r.explanation);
        *out = o;
#else
        (void)y;
        (void)explanation;
        throw NotAvailableError("withholding", "month " + std::to_string(month->month),
                                "this build of libtax has no payroll engine (libtax/payroll/withholding_run.hpp)");
#endif
    });
}

void libtax_talent_case_init(libtax_talent_case* c) {
    if (!c) return;
    std::memset(c, 0, sizeof *c);
    c->resident = 1;  // as TalentCase and every other surface: a resident unless said otherwise
    c->days_in_zone = c->actual_days = c->social_insurance_months = c->contract_years = LIBTAX_UNSET;
    c->zone_wages = c->zone_labour = c->zone_author = c->zone_royalties = c->zone_business_taxable_income = LIBTAX_UNSET;
    c->tax_paid_in_zone = LIBTAX_UNSET;
}

libtax_status libtax_talent_relief(const libtax_tables* tables, const char* regime, std::int32_t year, const libtax_talent_case* person,
                                   libtax_talent_relief_result* out, libtax_text* explanation, libtax_error* err) {
    zero(out);
    return guarded(err, [&] {
        require_pointer(out, "out");
        require_pointer(regime, "regime");
        require_pointer(person, "person");
        const TaxYear& y = year_of(tables, year);
        (void)y;
#ifdef LIBTAX_C_HAS_REGIMES
        const libtax_talent_case& p = *person;
        auto flag = [](std::int32_t v, const char* field) {
            if (v != 0 && v != 1) throw InputError(field, std::to_string(v), "expected 0 or 1");
            return v == 1;
        };
        auto count = [](std::int32_t v) { return v == LIBTAX_UNSET ? std::optional<int>() : std::optional<int>(v); };
        auto part = [](std::int64_t v, const char* field) {
            return v == LIBTAX_UNSET ? std::optional<Money>() : std::optional<Money>(fen(v, field));
        };
        TalentCase c;
        switch (p.identity) {
            case LIBTAX_IDENTITY_FOREIGN: c.identity = Identity::foreign; break;
            case LIBTAX_IDENTITY_HK: c.identity = Identity::hk; break;
            case LIBTAX_IDENTITY_MACAO: c.identity = Identity::macao; break;
            case LIBTAX_IDENTITY_TAIWAN: c.identity = Identity::taiwan; break;
            case LIBTAX_IDENTITY_MAINLAND: c.identity = Identity::mainland; break;
            default: throw InputError("identity", std::to_string(p.identity), "expected a libtax_identity (0-4)");
        }
        c.resident = flag(p.resident, "resident");
        c.talent_recognised = flag(p.talent_recognised, "talent_recognised");
        c.days_in_zone = count(p.days_in_zone);
        c.actual_days = count(p.actual_days);
        c.social_insurance_months = count(p.social_insurance_months);
        c.contract_years = count(p.contract_years);
        c.income.wages = fen(p.wages, "wages");
        c.income.labour = fen(p.labour, "labour");
        c.income.author = fen(p.author, "author");
        c.income.royalties = fen(p.royalties, "royalties");
        c.business_taxable_income = fen(p.business_taxable_income, "business_taxable_income");
        c.social_insurance = fen(p.social_insurance, "social_insurance");
        c.special_additional = fen(p.special_additional, "special_additional");
        c.other_deductions = fen(p.other_deductions, "other_deductions");
        c.talent_subsidy = fen(p.talent_subsidy, "talent_subsidy");
        c.zone_wages = part(p.zone_wages, "zone_wages");
        c.zone_labour = part(p.zone_labour, "zone_labour");
        c.zone_author = part(p.zone_author, "zone_author");
        c.zone_royalties = part(p.zone_royalties, "zone_royalties");
        c.zone_business_taxable_income = part(p.zone_business_taxable_income, "zone_business_taxable_income");
        c.tax_paid_in_zone = part(p.tax_paid_in_zone, "tax_paid_in_zone");
        if (p.fx_rate_num != 0 || p.fx_rate_den != 0) c.fx_rate = Rate::fraction(p.fx_rate_num, p.fx_rate_den, "fx_rate");
        c.mpf_contributions = fen(p.mpf_contributions, "mpf_contributions");
        const void* nul = std::memchr(p.city, '\0', sizeof p.city);
        if (!nul) throw InputError("city", "(not NUL-terminated)", "at most 31 characters");
        c.city = p.city;

        const TalentReliefResult r = talent_relief(tables->tables ? *tables->tables : Tables::builtin(), regime, year, c,
                                                   explanation != nullptr);
        libtax_talent_relief_result o{};
        o.eligible = r.eligible ? 1 : 0;
        o.enacted = r.enacted ? 1 : 0;
        o.in_period = r.in_period ? 1 : 0;
        o.subsidy = r.kind == Mechanism::subsidy ? 1 : 0;
        o.capped = r.capped ? 1 : 0;
        o.unconfirmed = r.unconfirmed ? 1 : 0;
        o.tax = r.tax.fen();
        o.amount = r.amount.fen();
        copy_text(o.code, sizeof o.code, r.code ? r.code : "");
        if (explanation) {
            Explanation e = r.explanation;
            for (const auto& reason : r.reasons) e.note(reason);
            write_explanation(explanation, e);
        }
        *out = o;
#else
        (void)explanation;
        throw NotAvailableError("regime", regime, "this build of libtax has no talent-regime engine (libtax/regimes/)");
#endif
    });
}

}  // extern "C"
