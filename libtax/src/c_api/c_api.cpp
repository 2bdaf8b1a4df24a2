// The C interface (libtax/c/libtax.h): checks each struct's size, converts plain structs of fen
// to the C++ types, calls the calculators, and turns every exception into a status and a filled
// libtax_error. Each C struct mirrors one C++ input; c_mirrors.hpp checks at compile time that
// the C++ input still has the number of fields mirrored here, and the embedding test checks the
// mirrored names against the declared contracts (libtax/contract/).
#define LIBTAX_C_BUILDING 1
#include "libtax/c/libtax.h"

#include <atomic>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "libtax/libtax.hpp"
#include "libtax/core/error_text.hpp"
#include "libtax/foreign/nonresident_tax.hpp"
#include "libtax/foreign/presence.hpp"
#include "libtax/payroll/reconciliation.hpp"
#include "libtax/payroll/withholding_run.hpp"
#include "libtax/regimes/comparison.hpp"
#include "libtax/regimes/relief.hpp"
#include "c_mirrors.hpp"

static_assert(LIBTAX_C_API_VERSION == LIBTAX_C_SOVERSION, "the SONAME version (libtax/src/c_api/CMakeLists.txt) is the C API version");

struct libtax_tables {
    std::shared_ptr<const libtax::Tables> tables;
};

namespace {

using namespace libtax;

/// Copies `src` NUL-terminated into dst[size], cut at a UTF-8 character boundary.
void copy_text(char* dst, std::size_t size, const std::string& src) {
    if (!dst || size == 0) return;
    std::size_t n = src.size() < size - 1 ? src.size() : size - 1;
    if (n < src.size())
        while (n > 0 && (static_cast<unsigned char>(src[n]) & 0xC0) == 0x80) --n;  // src[n] continues a character
    std::memcpy(dst, src.data(), n);
    dst[n] = '\0';
}

/// Copies the end of `src` NUL-terminated into dst[size]: `src` itself when it fits, else "…"
/// (U+2026) and as many of its last bytes as fit, cut at a UTF-8 character boundary. For texts
/// whose end names the place (a table error's "file:line: key": the file's name and the line
/// survive a long directory).
void copy_tail(char* dst, std::size_t size, const std::string& src) {
    static constexpr char ellipsis[] = "\xE2\x80\xA6";
    constexpr std::size_t ellipsis_bytes = sizeof ellipsis - 1;
    if (!dst || size == 0) return;
    if (src.size() < size || size <= ellipsis_bytes + 1) return copy_text(dst, size, src);
    std::size_t from = src.size() - (size - 1 - ellipsis_bytes);
    while (from < src.size() && (static_cast<unsigned char>(src[from]) & 0xC0) == 0x80) ++from;  // not inside a character
    std::memcpy(dst, ellipsis, ellipsis_bytes);
    std::memcpy(dst + ellipsis_bytes, src.data() + from, src.size() - from);
    dst[ellipsis_bytes + src.size() - from] = '\0';
}

/// The caller's error struct, when it is usable (its size covers ours).
libtax_error* usable(libtax_error* err) { return err && err->size >= sizeof(libtax_error) ? err : nullptr; }

/// How a field too long for libtax_error.field is cut: its start kept (an input's name), or
/// its end (a table error's "file:line: key").
enum class Keep { start, end };

libtax_status fail(libtax_error* err, libtax_status code, const std::string& field, const std::string& value, const std::string& message,
                   Keep keep = Keep::start) {
    if (libtax_error* e = usable(err)) {
        const std::uint32_t size = e->size;
        std::memset(e, 0, sizeof *e);
        e->size = size;
        e->code = code;
        if (keep == Keep::end) copy_tail(e->field, sizeof e->field, field);
        else copy_text(e->field, sizeof e->field, field);
        copy_text(e->value, sizeof e->value, value);
        copy_text(e->message, sizeof e->message, message);
    }
    return code;
}

/// The process-wide language (libtax_set_language): 0 English, 1 Chinese, 2 both.
std::atomic<int> g_language{0};

const char* process_language() {
    switch (g_language.load(std::memory_order_relaxed)) {
        case 1: return "zh";
        case 2: return "both";
    }
    return "en";
}

bool known_language(const std::string& lang) { return lang == "en" || lang == "zh" || lang == "both"; }

/// The size of libtax_text before `language` was added: still accepted (English).
constexpr std::size_t kTextSizeWithoutLanguage = offsetof(libtax_text, language);

/// The language of an explanation: libtax_text.language; the process language
/// (libtax_set_language, English unless set) when NULL or empty or when the caller's struct
/// predates the field.
std::string text_language(const libtax_text* t) {
    if (t->size < sizeof(libtax_text) || !t->language || !*t->language) return process_language();
    return t->language;
}

/// The language of a call's error message: its explanation's, when that is one the library has;
/// otherwise the process language.
std::string error_language(const libtax_text* explanation) {
    if (explanation && explanation->size >= kTextSizeWithoutLanguage) {
        std::string lang = text_language(explanation);
        if (known_language(lang)) return lang;
    }
    return process_language();
}

/// The error's message in `lang` (core/error_text.hpp); its English what() if rendering fails.
std::string message_in(const Error& e, const std::string& lang) {
    try {
        return error_text(e, lang);
    } catch (...) {
        return e.what();
    }
}

/// A message of the C interface's own (c_api.* in the catalogues: out of memory, an internal
/// fault) in `lang`; `english` when the catalogue cannot render it (memory may be short).
std::string own_message(const char* id, const std::string& lang, const char* english, const std::string& text = {}) noexcept {
    try {
        if (lang == "en") return english;
        const std::string zh = Catalogue::builtin("zh").format(id, {{"text", text}});
        return lang == "both" ? zh + "\n" + english : zh;
    } catch (...) {
        return english;
    }
}

/// Runs `body` with every exception mapped to a status; the most specific class first. The
/// message is written in the call's language (error_language).
template <class F>
libtax_status guarded(libtax_error* err, F&& body, const libtax_text* explanation = nullptr) noexcept {
    try {
        if (err && err->size < sizeof(libtax_error))
            throw InputError("err.size", std::to_string(err->size), "set it to sizeof(libtax_error) (LIBTAX_INIT)");
        fail(err, LIBTAX_OK, "", "", "");
        body();
        return LIBTAX_OK;
    } catch (const RangeError& e) {
        return fail(err, LIBTAX_ERR_RANGE, e.field(), e.value(), message_in(e, error_language(explanation)));
    } catch (const CoverageError& e) {
        return fail(err, LIBTAX_ERR_COVERAGE, e.field(), e.value(), message_in(e, error_language(explanation)));
    } catch (const NotAvailableError& e) {
        return fail(err, LIBTAX_ERR_NOT_AVAILABLE, e.field(), e.value(), message_in(e, error_language(explanation)));
    } catch (const InputError& e) {
        return fail(err, LIBTAX_ERR_INPUT, e.field(), e.value(), message_in(e, error_language(explanation)));
    } catch (const TableError& e) {
        return fail(err, LIBTAX_ERR_TABLE, e.file() + ":" + std::to_string(e.line()) + ": " + e.key(), "",
                    message_in(e, error_language(explanation)), Keep::end);
    } catch (const std::bad_alloc&) {
        return fail(err, LIBTAX_ERR_INTERNAL, "", "", own_message("c_api.out_of_memory", error_language(explanation), "out of memory"));
    } catch (const Error& e) {  // another libtax error (a message catalogue's, ...): its message in the call's language
        return fail(err, LIBTAX_ERR_INTERNAL, "", "", message_in(e, error_language(explanation)));
    } catch (const std::exception& e) {
        return fail(err, LIBTAX_ERR_INTERNAL, "", "", own_message("c_api.internal", error_language(explanation), e.what(), e.what()));
    } catch (...) {
        return fail(err, LIBTAX_ERR_INTERNAL, "", "", own_message("c_api.unknown", error_language(explanation), "unknown error"));
    }
}

template <class T>
void require_pointer(const T* p, const char* field) {
    if (!p) throw InputError(field, "NULL", "a pointer is required");
}

/// An input struct: present, its size at least ours, and any bytes beyond ours (fields of a
/// newer header) zero, since this library would ignore them.
template <class S>
const S& input(const S* p, const char* name) {
    require_pointer(p, name);
    if (p->size < sizeof(S))
        throw InputError(std::string(name) + ".size", std::to_string(p->size),
                         "smaller than this library's struct (" + std::to_string(sizeof(S)) + "): set it to sizeof (LIBTAX_INIT)");
    const auto* bytes = reinterpret_cast<const unsigned char*>(p);
    for (std::size_t i = sizeof(S); i < p->size; ++i)
        if (bytes[i] != 0)
            throw InputError(std::string(name) + ".size", std::to_string(p->size),
                             "sets fields this library (C API " + std::to_string(LIBTAX_C_API_VERSION) + ") does not know");
    return *p;
}

/// An input struct that grew: its current size and up (bytes beyond ours zero, as `input`), or
/// exactly the size an older header declared (`older`), whose missing fields keep the values
/// `defaults` gives them. Only the caller's `size` bytes are read.
template <class S>
S grown_input(const S* p, const char* name, std::size_t older, S defaults) {
    require_pointer(p, name);
    if (p->size >= sizeof(S)) {
        std::memcpy(&defaults, &input(p, name), sizeof(S));
    } else if (p->size == older) {
        std::memcpy(&defaults, p, older);
    } else {
        throw InputError(std::string(name) + ".size", std::to_string(p->size),
                         "neither this library's struct (" + std::to_string(sizeof(S)) + ") nor an older header's (" + std::to_string(older) +
                             "): set it to sizeof (LIBTAX_INIT)");
    }
    defaults.size = sizeof(S);
    return defaults;
}

/// An output struct: present and large enough; zeroed but for its size.
template <class S>
void check_output(S* p, const char* name) {
    require_pointer(p, name);
    if (p->size < sizeof(S))
        throw InputError(std::string(name) + ".size", std::to_string(p->size),
                         "smaller than this library's struct (" + std::to_string(sizeof(S)) + "): set it to sizeof (LIBTAX_INIT)");
}

template <class S>
void clear_output(S* p) {
    if (p && p->size >= sizeof(S)) {
        std::memset(p, 0, sizeof(S));
        p->size = sizeof(S);
    }
}

/// Writes a finished result: the library's fields, its size stamped.
template <class S>
void publish(S* out, S value) {
    value.size = sizeof(S);
    std::memcpy(out, &value, sizeof(S));
}

const Tables& tables_of(const libtax_tables* t) {
    require_pointer(t, "tables");
    require_pointer(t->tables.get(), "tables");
    return *t->tables;
}

const TaxYear& year_of(const libtax_tables* t, std::int32_t year) { return tables_of(t).year(year); }

/// An amount of fen from the caller, named for the error message when out of range.
Money fen(std::int64_t f, const char* field) {
    if (f > Money::max_fen || f < -Money::max_fen)
        throw RangeError(field, std::to_string(f) + " fen", "beyond the supported range of +/-10^15 yuan");
    return Money::fen(f);
}

Money non_negative(std::int64_t f, const char* field) {
    const Money m = fen(f, field);
    require_non_negative(m, field);
    return m;
}

bool flag(std::int32_t v, const char* field) {
    if (v != 0 && v != 1) throw InputError(field, std::to_string(v), "expected 0 or 1");
    return v == 1;
}

std::optional<int> count(std::int32_t v, const char* field) {
    if (v == LIBTAX_UNSET) return std::nullopt;
    if (v < 0) throw InputError(field, std::to_string(v), "must not be negative (LIBTAX_UNSET = -1: not given)");
    return v;
}

std::optional<Money> part(std::int64_t v, const char* field) {
    if (v == LIBTAX_UNSET) return std::nullopt;
    return fen(v, field);
}

std::string c_text(const char* s, std::size_t size, const char* field) {
    const void* nul = std::memchr(s, '\0', size);
    if (!nul) throw InputError(field, "(not NUL-terminated)", "at most " + std::to_string(size - 1) + " bytes");
    return std::string(s);
}

std::int64_t display(const Exact& x) { return round_half_up(x).fen(); }

/// The rate as an exact fraction and the quick deduction of a result's bracket.
template <class O, class R>
void copy_rate(O& o, const R& r) {
    o.rate_num = r.rate.num();
    o.rate_den = r.rate.den();
    o.quick_deduction = r.quick_deduction.fen();
}

/// The bracket's row, rate and quick deduction.
template <class O, class R>
void copy_bracket(O& o, const R& r) {
    o.bracket = r.bracket;
    copy_rate(o, r);
}

ComprehensiveIncome income_of(const libtax_comprehensive_income* p, const char* name = "income") {
    const libtax_comprehensive_income& in = input(p, name);
    ComprehensiveIncome c;
    c.receipts.wages = fen(in.wages, "wages");
    c.receipts.labour = fen(in.labour, "labour");
    c.receipts.author = fen(in.author, "author");
    c.receipts.royalties = fen(in.royalties, "royalties");
    c.receipts.commissions = fen(in.commissions, "commissions");
    c.social_insurance = fen(in.social_insurance, "social_insurance");
    c.special_additional = fen(in.special_additional, "special_additional");
    c.other_deductions = fen(in.other_deductions, "other_deductions");
    return c;
}

/// The explanation into the caller's buffer (checked before anything is computed).
void check_text(libtax_text* t) {
    if (!t) return;
    if (t->size < kTextSizeWithoutLanguage)
        throw InputError("explanation.size", std::to_string(t->size), "set it to sizeof(libtax_text) (LIBTAX_INIT)");
    if (!t->buffer && t->capacity != 0) throw InputError("explanation.buffer", "NULL", "a buffer is required when capacity is not 0");
    const std::string lang = text_language(t);
    if (!known_language(lang))
        throw InputError("explanation.language", bounded_text(lang), "expected \"zh\", \"en\" or \"both\" (NULL: \"en\")");
}

void write_text(libtax_text* out, const std::string& text) {
    out->length = text.size();
    copy_text(out->buffer, out->capacity, text);
}

/// A calculation's trace when an explanation is asked for, written in the explanation's language.
class Explaining {
public:
    explicit Explaining(libtax_text* out) : out_(out), trace_(out ? std::make_unique<Trace>() : nullptr) {}
    /// What the calculator records into (null: no explanation asked for).
    Trace* trace() { return trace_.get(); }
    /// Writes the explanation: English as `explained` (core/render.hpp) gives it (with
    /// `english_notes` added), Chinese or both from the message catalogues.
    void write(const std::vector<std::string>& english_notes = {}) {
        if (!out_) return;
        const std::string lang = text_language(out_);
        if (lang != "en") return write_text(out_, explanation_text(*trace_, lang));
        Explanation e = english_explanation(*trace_);
        for (const auto& n : english_notes) e.note(n);
        write_text(out_, e.text());
    }

private:
    libtax_text* out_;
    std::unique_ptr<Trace> trace_;
};

// ---- withholding: C state <-> C++ state -------------------------------------------------------

CumulativeIncome income_kind(std::int32_t k) {
    switch (k) {
        case LIBTAX_INCOME_WAGES: return CumulativeIncome::wages;
        case LIBTAX_INCOME_CONTINUOUS_LABOUR: return CumulativeIncome::continuous_labour;
        case LIBTAX_INCOME_COMMISSIONS: return CumulativeIncome::commissions;
    }
    throw InputError("terms.income", std::to_string(k), "expected a libtax_income_kind (0 wages, 1 continuous labour, 2 commissions)");
}

WithholdingTerms terms_of(const libtax_withholding_terms& t) {
    WithholdingTerms w;
    w.first_month = t.first_month;
    w.income = income_kind(t.income);
    w.first_wages_this_year = flag(t.first_wages_this_year, "terms.first_wages_this_year");
    w.prior_year_low_income = flag(t.prior_year_low_income, "terms.prior_year_low_income");
    w.prior_year_income = part(t.prior_year_income, "terms.prior_year_income");
    return w;
}

libtax_withholding_terms terms_to_c(const WithholdingTerms& w) {
    libtax_withholding_terms t{};
    t.size = sizeof t;
    t.first_month = w.first_month;
    t.income = static_cast<std::int32_t>(w.income);
    t.first_wages_this_year = w.first_wages_this_year;
    t.prior_year_low_income = w.prior_year_low_income;
    t.prior_year_income = w.prior_year_income ? w.prior_year_income->fen() : LIBTAX_UNSET;
    return t;
}

libtax_withholding_cumulative state_to_c(const WithholdingState& s) {
    libtax_withholding_cumulative c{};
    c.size = sizeof c;
    c.year = s.year;
    c.terms = terms_to_c(s.terms);
    c.last_month = s.last_month;
    c.bonus_taxed_separately = s.bonus_taxed_separately;
    if (s.income.num() > INT64_MAX || s.income.den() > INT64_MAX)
        throw RangeError("income", s.income.str(), "the cumulative income amount does not fit the C struct");
    c.income_num = static_cast<std::int64_t>(s.income.num());
    c.income_den = static_cast<std::int64_t>(s.income.den());
    c.gross = s.gross.fen();
    c.exempt_income = s.exempt_income.fen();
    c.social_insurance = s.social_insurance.fen();
    c.special_additional = s.special_additional.fen();
    c.other_deductions = s.other_deductions.fen();
    c.tax_reductions = s.tax_reductions.fen();
    c.withheld = s.withheld.fen();
    c.bonus_withheld = s.bonus_withheld.fen();
    c.bonus_separate = s.bonus_separate.fen();
    return c;
}

/// The caller's stored state, checked: a run that was started (for this year), figures in range
/// and consistent with each other and with the terms, so stale or hand-made figures are refused.
WithholdingState state_of(const TaxYear& y, const libtax_withholding_cumulative* p) {
    const libtax_withholding_cumulative& c = input(p, "before");
    if (c.year == 0)
        throw InputError("before.year", "0", "the run was not started: create the state with libtax_withholding_start");
    if (c.year != y.year)
        throw InputError("before.year", std::to_string(c.year), "the state belongs to another tax year than " + std::to_string(y.year));
    WithholdingState s = start_withholding(y, terms_of(input(&c.terms, "before.terms")));
    if (c.last_month < 0 || c.last_month > 12 || (c.last_month != 0 && c.last_month < s.terms.first_month))
        throw InputError("before.last_month", std::to_string(c.last_month), "0 (none yet) or a month from first_month to 12");
    s.last_month = c.last_month;
    s.bonus_taxed_separately = flag(c.bonus_taxed_separately, "before.bonus_taxed_separately");
    s.gross = non_negative(c.gross, "before.gross");
    if (c.income_den <= 0) throw InputError("before.income_den", std::to_string(c.income_den), "must be positive");
    s.income = Exact::fen_fraction(c.income_num, c.income_den);
    s.exempt_income = non_negative(c.exempt_income, "before.exempt_income");
    s.social_insurance = non_negative(c.social_insurance, "before.social_insurance");
    s.special_additional = non_negative(c.special_additional, "before.special_additional");
    s.other_deductions = non_negative(c.other_deductions, "before.other_deductions");
    s.tax_reductions = non_negative(c.tax_reductions, "before.tax_reductions");
    s.withheld = non_negative(c.withheld, "before.withheld");
    s.bonus_withheld = non_negative(c.bonus_withheld, "before.bonus_withheld");
    s.bonus_separate = non_negative(c.bonus_separate, "before.bonus_separate");
    if (s.last_month == 0 && !(s.gross.is_zero() && s.income.is_zero() && s.exempt_income.is_zero() && s.social_insurance.is_zero() &&
                               s.special_additional.is_zero() && s.other_deductions.is_zero() && s.tax_reductions.is_zero() &&
                               s.withheld.is_zero() && s.bonus_withheld.is_zero() && s.bonus_separate.is_zero()))
        throw InputError("before.last_month", "0", "no month withheld yet, but the cumulative figures are not zero (a stale state?)");
    if (s.income.is_negative() || (s.terms.income == CumulativeIncome::wages && !(s.income == Exact(s.gross))))
        throw InputError("before.income_num", s.income.str(), "the cumulative income amount contradicts the gross pay " + s.gross.str());
    if (s.exempt_income > s.gross) throw InputError("before.exempt_income", s.exempt_income.str(), "more than the cumulative gross pay " + s.gross.str());
    if (s.bonus_taxed_separately == s.bonus_separate.is_zero())
        throw InputError("before.bonus_taxed_separately", std::to_string(c.bonus_taxed_separately), "contradicts bonus_separate " + s.bonus_separate.str());
    return s;
}

MonthInput month_of(const libtax_withholding_month* p) {
    const libtax_withholding_month& m = input(p, "month");
    MonthInput in;
    in.month = m.month;
    in.pay = fen(m.wage, "wage");
    in.exempt_income = fen(m.exempt_income, "exempt_income");
    in.social_insurance = fen(m.social_insurance, "social_insurance");
    in.special_additional = fen(m.special_additional, "special_additional");
    in.other_deductions = fen(m.other_deductions, "other_deductions");
    in.tax_reductions = fen(m.tax_reductions, "tax_reductions");
    in.bonus = fen(m.bonus, "bonus");
    in.bonus_method = flag(m.bonus_merged, "bonus_merged") ? BonusMethod::merged : BonusMethod::separate;
    return in;
}

libtax_withholding_month_result month_to_c(const MonthResult& r) {
    libtax_withholding_month_result o{};
    o.month = r.month;
    o.months_at_agent = r.months_at_agent;
    copy_bracket(o, r);
    o.cumulative_basic_deduction = r.cumulative_basic_deduction.fen();
    o.cumulative_income = display(r.cumulative_income);
    o.cumulative_taxable = display(r.cumulative_taxable);
    o.cumulative_tax = r.cumulative_tax.fen();
    o.withheld_before = r.withheld_before.fen();
    o.pay_withholding = r.pay_withholding.fen();
    o.excess_withheld = r.excess_withheld.fen();
    o.bonus_withholding = r.bonus_withholding.fen();
    o.withheld = r.withheld.fen();
    o.after = state_to_c(r.state);
    return o;
}

// ---- talent case ------------------------------------------------------------------------------

static_assert(LIBTAX_TALENT_CASE_SIZE_V2 == 272, "libtax_talent_case's C API 2 part must keep its layout");

/// libtax_talent_case_init's values: what a field beyond an older caller's struct takes.
libtax_talent_case talent_case_defaults() {
    libtax_talent_case d;
    libtax_talent_case_init(&d);
    return d;
}

TalentCase talent_case_of(const libtax_talent_case* person) {
    const libtax_talent_case p = grown_input(person, "person", LIBTAX_TALENT_CASE_SIZE_V2, talent_case_defaults());
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
    c.wage_months = count(p.wage_months, "wage_months");
    c.income.wages = fen(p.wages, "wages");
    c.income.labour = fen(p.labour, "labour");
    c.income.author = fen(p.author, "author");
    c.income.royalties = fen(p.royalties, "royalties");
    c.income.commissions = fen(p.commissions, "commissions");
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
    c.business_tax_paid_in_zone = part(p.business_tax_paid_in_zone, "business_tax_paid_in_zone");
    c.days_in_zone = count(p.days_in_zone, "days_in_zone");
    c.actual_days = count(p.actual_days, "actual_days");
    c.talent_recognised = flag(p.talent_recognised, "talent_recognised");
    c.social_insurance_months = count(p.social_insurance_months, "social_insurance_months");
    c.social_insurance_exempt = flag(p.social_insurance_exempt, "social_insurance_exempt");
    c.contract_years = count(p.contract_years, "contract_years");
    c.special_industry = c_text(p.special_industry, sizeof p.special_industry, "special_industry");
    if (p.encouraged_industry != LIBTAX_UNSET) c.encouraged_industry = flag(p.encouraged_industry, "encouraged_industry");
    c.city = c_text(p.city, sizeof p.city, "city");
    if (p.fx_rate_num != 0 || p.fx_rate_den != 0) c.fx_rate = Rate::fraction(p.fx_rate_num, p.fx_rate_den, "fx_rate");
    c.mpf_contributions = fen(p.mpf_contributions, "mpf_contributions");
    if (p.reserved != 0) throw InputError("person.reserved", std::to_string(p.reserved), "must be 0");
    constexpr int kMonths = sizeof p.months / sizeof *p.months;
    if (p.month_count < 0 || p.month_count > kMonths)
        throw InputError("month_count", std::to_string(p.month_count), "a tax year has 0 to 12 months of wages");
    for (int i = 0; i < kMonths; ++i) {  // 1-based names, as TalentCase::validate gives them
        const std::string at = "months[" + std::to_string(i + 1) + "]";
        const libtax_wage_month& m = p.months[i];
        if (i >= p.month_count) {  // beyond the count: never a figure that would be ignored
            if (m.wage != 0 || (m.zone_wage != 0 && m.zone_wage != LIBTAX_UNSET))
                throw InputError(at + (m.wage != 0 ? ".wage" : ".zone_wage"), std::to_string(m.wage != 0 ? m.wage : m.zone_wage) + " fen",
                                 "beyond month_count (" + std::to_string(p.month_count) + "): raise month_count or clear the month");
            continue;
        }
        WageMonth w;
        w.wage = fen(m.wage, (at + ".wage").c_str());
        w.zone_wage = part(m.zone_wage, (at + ".zone_wage").c_str());
        c.months.push_back(w);
    }
    return c;
}

libtax_talent_relief_result relief_to_c(const TalentReliefResult& r, bool computed) {
    libtax_talent_relief_result o{};
    o.eligible = r.eligible;
    o.enacted = r.enacted;
    o.in_period = r.in_period;
    o.subsidy = r.kind == Mechanism::subsidy;
    o.capped = r.capped;
    o.unconfirmed = r.unconfirmed;
    o.computed = computed;
    o.tax = r.tax.fen();
    o.amount = r.amount.fen();
    copy_text(o.code, sizeof o.code, r.code ? r.code : "");
    copy_text(o.regime, sizeof o.regime, r.regime);
    return o;
}

/// The caller's options (NULL: the defaults of libtax_relief_options_init).
libtax_relief_options relief_options_of(const libtax_relief_options* p) {
    libtax_relief_options o;
    libtax_relief_options_init(&o);
    if (!p) return o;
    o = input(p, "options");
    if (o.reserved != 0) throw InputError("options.reserved", std::to_string(o.reserved), "must be 0");
    if (o.projection != 0 && o.projection != 1) throw InputError("options.projection", std::to_string(o.projection), "expected 0 or 1");
    (void)c_text(o.place, sizeof o.place, "options.place");
    return o;
}

std::int64_t fen_or_unset(const std::optional<Money>& m) { return m ? m->fen() : LIBTAX_UNSET; }

/// The regimes that cannot be claimed with this one, comma-separated.
std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
}

libtax_regime_option option_to_c(const RegimeOption& o, bool separate_available) {
    libtax_regime_option c{};
    c.result = relief_to_c(o.result, o.computed);
    c.result.size = sizeof c.result;
    c.bonus_treatment = o.bonus_treatment == BonusTreatment::separate ? LIBTAX_BONUS_SEPARATE : LIBTAX_BONUS_MERGED;
    c.best = o.best;
    c.projected = o.result.projected;
    c.separate_available = separate_available && o.separate.available;
    c.separate_computed = c.separate_available && o.separate.computed;
    c.merged_computed = o.merged.computed;
    c.tax_before_relief = o.computed ? fen_or_unset(o.tax_before_relief) : LIBTAX_UNSET;
    c.tax_after_relief = fen_or_unset(o.tax_after_relief);
    c.bonus_saving = o.bonus_saving.fen();
    c.separate_relief = c.separate_available ? o.separate.result.amount.fen() : 0;
    c.separate_tax_after_relief = c.separate_available ? fen_or_unset(o.separate.tax_after_relief) : LIBTAX_UNSET;
    c.merged_relief = o.merged.result.amount.fen();
    c.merged_tax_after_relief = fen_or_unset(o.merged.tax_after_relief);
    copy_text(c.excludes, sizeof c.excludes, joined(o.excludes));
    return c;
}

// ---- non-residents ----------------------------------------------------------------------------

Date date_of(std::int32_t yyyymmdd, const std::string& field) {
    try {
        if (yyyymmdd < 19000101 || yyyymmdd > 99991231) throw std::out_of_range("");
        return Date(static_cast<unsigned short>(yyyymmdd / 10000), static_cast<unsigned short>(yyyymmdd / 100 % 100),
                    static_cast<unsigned short>(yyyymmdd % 100));
    } catch (const std::exception&) {
        throw InputError(field, std::to_string(yyyymmdd), "not a calendar date written YYYYMMDD");
    }
}

libtax_nonresident_result nonresident_to_c(const NonresidentTax& r) {
    libtax_nonresident_result o{};
    o.bracket = r.bracket;
    o.income = display(r.income);
    o.deduction = r.deduction.fen();
    o.taxable = display(r.taxable);
    copy_rate(o, r);
    o.tax = r.tax.fen();
    return o;
}

/// The common frame of a calculation returning one struct: output checked and cleared first,
/// then `body` computes and publishes.
template <class S, class F>
libtax_status compute(S* out, libtax_text* explanation, libtax_error* err, F&& body) noexcept {
    clear_output(out);
    return guarded(
        err,
        [&] {
            check_output(out, "out");
            check_text(explanation);
            publish(out, body());
        },
        explanation);
}

}  // namespace

extern "C" {

const char* libtax_version(void) { return LIBTAX_VERSION_STRING; }
int libtax_c_api_version(void) { return LIBTAX_C_API_VERSION; }

libtax_status libtax_set_language(const char* language, libtax_error* err) {
    return guarded(err, [&] {
        const std::string lang = language && *language ? language : "en";
        if (!known_language(lang)) throw InputError("language", bounded_text(lang), "expected \"zh\", \"en\" or \"both\" (NULL: \"en\")");
        g_language.store(lang == "zh" ? 1 : lang == "both" ? 2 : 0, std::memory_order_relaxed);
    });
}

const char* libtax_get_language(void) { return process_language(); }

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
        auto h = std::make_unique<libtax_tables>();
        h->tables = Tables::builtin_shared();
        *out = h.release();  // only now: a failure leaves the caller's handle untouched
    });
}

libtax_status libtax_tables_load(const char* directory, libtax_tables** out, libtax_error* err) {
    return guarded(err, [&] {
        require_pointer(out, "out");
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
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        const AnnualTaxResult r = annual_tax(year_of(tables, year), income_of(income), ex.trace());
        libtax_annual_tax_result o{};
        o.year = r.year;
        copy_bracket(o, r);
        o.basic_deduction = r.basic_deduction.fen();
        o.income_amount = display(r.income_amount);
        o.taxable_income = display(r.taxable_income);
        o.tax = r.tax.fen();
        ex.write();
        return o;
    });
}

libtax_status libtax_bonus_tax(const libtax_tables* tables, std::int32_t year, std::int64_t bonus, libtax_bonus_result* out,
                               libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        const BonusTaxResult r = bonus_tax(year_of(tables, year), fen(bonus, "bonus"), ex.trace());
        libtax_bonus_result o{};
        o.year = r.year;
        copy_bracket(o, r);
        o.tax = r.tax.fen();
        ex.write();
        return o;
    });
}

libtax_status libtax_compare_bonus(const libtax_tables* tables, std::int32_t year, const libtax_comprehensive_income* income,
                                   std::int64_t bonus, libtax_bonus_comparison* out, libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        const BonusComparison c =
            compare_bonus_treatment(year_of(tables, year), income_of(income), fen(bonus, "bonus"), ex.trace());
        libtax_bonus_comparison o{};
        o.separate_total = c.separate_total.fen();
        o.merged_total = c.merged_total.fen();
        o.separate_is_cheaper = c.separate_is_cheaper;
        o.saving = c.saving.fen();
        ex.write();
        return o;
    });
}

libtax_status libtax_resident_prepayment(const libtax_tables* tables, std::int32_t year, std::int32_t kind, std::int64_t amount,
                                         libtax_prepayment_result* out, libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        PaymentKind k;
        switch (kind) {
            case LIBTAX_PAYMENT_LABOUR: k = PaymentKind::labour; break;
            case LIBTAX_PAYMENT_AUTHOR: k = PaymentKind::author; break;
            case LIBTAX_PAYMENT_ROYALTIES: k = PaymentKind::royalties; break;
            default: throw InputError("kind", std::to_string(kind), "expected a libtax_payment_kind (0 labour, 1 author, 2 royalties)");
        }
        const PrepaymentResult r = resident_prepayment(year_of(tables, year), k, fen(amount, field_name(k)), ex.trace());
        libtax_prepayment_result o{};
        o.year = r.year;
        o.kind = kind;
        o.payment = r.payment.fen();
        o.expense = r.expense.fen();
        o.taxable = display(r.taxable);
        copy_rate(o, r);
        o.tax = r.tax.fen();
        ex.write();
        return o;
    });
}

libtax_status libtax_business_tax(const libtax_tables* tables, std::int32_t year, std::int64_t taxable_income,
                                  libtax_business_result* out, libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        const BusinessTaxResult r = business_tax(year_of(tables, year), fen(taxable_income, "taxable_income"), ex.trace());
        libtax_business_result o{};
        o.year = r.year;
        copy_bracket(o, r);
        o.tax = r.tax.fen();
        ex.write();
        return o;
    });
}

libtax_status libtax_withholding_start(const libtax_tables* tables, std::int32_t year, const libtax_withholding_terms* terms,
                                       libtax_withholding_cumulative* out, libtax_error* err) {
    return compute(out, nullptr, err, [&] { return state_to_c(start_withholding(year_of(tables, year), terms_of(input(terms, "terms")))); });
}

libtax_status libtax_withhold_month(const libtax_tables* tables, std::int32_t year, const libtax_withholding_cumulative* before,
                                    const libtax_withholding_month* month, libtax_withholding_month_result* out,
                                    libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        const TaxYear& y = year_of(tables, year);
        const MonthResult r = withhold_month(y, state_of(y, before), month_of(month), ex.trace());
        ex.write();
        return month_to_c(r);
    });
}

libtax_status libtax_withhold_batch(const libtax_tables* tables, std::int32_t year, std::size_t n,
                                    const libtax_withholding_cumulative* before, const libtax_withholding_month* months,
                                    libtax_withholding_month_result* out, std::size_t* failed, libtax_error* err) {
    std::size_t at = 0;
    if (failed) *failed = static_cast<std::size_t>(-1);
    auto clear_all = [&] {
        if (out)
            for (std::size_t i = 0; i < n; ++i) clear_output(&out[i]);
    };
    clear_all();
    const libtax_status st = guarded(err, [&] {
        if (n == 0) return;
        require_pointer(before, "before");
        require_pointer(months, "months");
        require_pointer(out, "out");
        const TaxYear& y = year_of(tables, year);
        for (at = 0; at < n; ++at) {
            check_output(&out[at], "out");
            publish(&out[at], month_to_c(withhold_month(y, state_of(y, &before[at]), month_of(&months[at]))));
        }
    });
    if (st != LIBTAX_OK) {
        clear_all();
        if (failed) *failed = at;
    }
    return st;
}

libtax_status libtax_reconcile(const libtax_tables* tables, std::int32_t year, const libtax_reconciliation_input* input_,
                               libtax_reconciliation_result* out, libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        const libtax_reconciliation_input& p = input(input_, "input");
        ReconciliationInput in;
        in.income = income_of(&p.income, "input.income");
        in.prepaid = fen(p.prepaid, "prepaid");
        in.annual_bonus = fen(p.bonus, "bonus");
        in.tax_reductions = fen(p.tax_reductions, "tax_reductions");
        in.agent_failed_to_withhold = flag(p.agent_failed_to_withhold, "agent_failed_to_withhold");
        const ReconciliationResult r = reconcile(year_of(tables, year), in, ex.trace());
        libtax_reconciliation_result o{};
        o.year = r.year;
        o.bonus_treatment = static_cast<std::int32_t>(r.bonus_treatment);
        o.must_file = r.must_file;
        o.exempt_from_paying = r.exempt_from_paying;
        o.refund_due = r.refund_due;
        o.comprehensive_tax = r.comprehensive.tax.fen();
        o.bonus_tax = r.bonus_tax.fen();
        o.tax_before_reductions = r.tax_before_reductions.fen();
        o.tax = r.tax.fen();
        o.prepaid = r.prepaid.fen();
        o.balance = r.balance.fen();
        o.income_for_exemption = r.income_for_exemption.fen();
        ex.write();
        return o;
    });
}

void libtax_talent_case_init(libtax_talent_case* c) {
    if (!c) return;
    std::memset(c, 0, sizeof *c);
    c->size = sizeof *c;
    c->resident = 1;
    c->wage_months = c->days_in_zone = c->actual_days = c->social_insurance_months = c->contract_years = LIBTAX_UNSET;
    c->encouraged_industry = LIBTAX_UNSET;
    c->zone_wages = c->zone_labour = c->zone_author = c->zone_royalties = c->zone_business_taxable_income = LIBTAX_UNSET;
    c->tax_paid_in_zone = c->business_tax_paid_in_zone = LIBTAX_UNSET;
    for (auto& m : c->months) m.zone_wage = LIBTAX_UNSET;
}

libtax_status libtax_talent_relief(const libtax_tables* tables, const char* regime, std::int32_t year, const libtax_talent_case* person,
                                   libtax_talent_relief_result* out, libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        require_pointer(regime, "regime");
        const TalentCase c = talent_case_of(person);
        const TalentReliefResult r = talent_relief(tables_of(tables), regime, year, c, ex.trace());
        ex.write(r.reasons);  // English adds the reasons as notes; other languages have them as the rule steps
        return relief_to_c(r, true);
    });
}

libtax_status libtax_compare_regimes(const libtax_tables* tables, std::int32_t year, const libtax_talent_case* person, std::int32_t flags,
                                     libtax_talent_relief_result* options, std::size_t capacity, std::size_t* count_out,
                                     std::int32_t* best, libtax_error* err) {
    for (std::size_t i = 0; options && i < capacity; ++i) clear_output(&options[i]);
    return guarded(err, [&] {
        require_pointer(count_out, "count");
        require_pointer(best, "best");
        if (capacity > 0) require_pointer(options, "options");
        if (flags & ~(LIBTAX_COMPARE_INCLUDE_INELIGIBLE | LIBTAX_COMPARE_INCLUDE_WHAT_IF))
            throw InputError("flags", std::to_string(flags), "unknown flag bits");
        for (std::size_t i = 0; i < capacity; ++i) check_output(&options[i], "options");
        CompareOptions opt;
        opt.include_ineligible = flags & LIBTAX_COMPARE_INCLUDE_INELIGIBLE;
        opt.include_what_if = flags & LIBTAX_COMPARE_INCLUDE_WHAT_IF;
        const RegimeComparison cmp = compare_regimes(tables_of(tables), year, talent_case_of(person), opt);
        for (std::size_t i = 0; i < cmp.options.size() && i < capacity; ++i)
            publish(&options[i], relief_to_c(cmp.options[i].result, cmp.options[i].computed));
        *count_out = cmp.options.size();
        *best = cmp.best;
    });
}

void libtax_relief_options_init(libtax_relief_options* o) {
    if (!o) return;
    std::memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->zone_bonus = LIBTAX_UNSET;
}

libtax_status libtax_talent_relief_ex(const libtax_tables* tables, const char* regime, std::int32_t year, const libtax_talent_case* person,
                                      const libtax_relief_options* options, libtax_regime_option* out, libtax_text* explanation,
                                      libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        require_pointer(regime, "regime");
        const libtax_relief_options o = relief_options_of(options);
        // the comparison's options have no meaning for one regime: refused, never ignored
        if (o.flags != 0) throw InputError("options.flags", std::to_string(o.flags), "the comparison's flags (libtax_compare_regimes_ex)");
        if (o.bonus != 0) throw InputError("options.bonus", std::to_string(o.bonus) + " fen", "weighed by libtax_compare_regimes_ex, not for one regime");
        if (o.zone_bonus != LIBTAX_UNSET)
            throw InputError("options.zone_bonus", std::to_string(o.zone_bonus) + " fen", "weighed by libtax_compare_regimes_ex, not for one regime");
        if (o.place[0] != '\0') throw InputError("options.place", o.place, "checked by libtax_compare_regimes_ex, not for one regime");
        const Tables& t = tables_of(tables);
        const TalentCase c = talent_case_of(person);
        ReliefOptions ro;
        if (o.projection) {  // as the Python talent_relief: only the burden regimes compare with a Hong Kong / Macao table
            bool burden = false;
            for (const auto& v : t.regime(regime).versions)
                burden = burden || v.formula == Formula::above_hong_kong || v.formula == Formula::above_macao;
            if (!burden)
                throw InputError("options.projection", "1",
                                 std::string("regime ") + regime + " compares with no Hong Kong or Macao table (projection is for the burden regimes)");
            ro.projection = true;
        }
        RegimeOption opt;
        opt.result = talent_relief(t, regime, year, c, ro, ex.trace());
        opt.excludes = t.regime(regime).exclusive_with;
        try {  // the whole tax of the year, before and after this relief (as the Python talent_relief)
            opt.tax_before_relief = year_tax(t.year(year), c);
            opt.tax_after_relief = *opt.tax_before_relief - opt.result.amount;
        } catch (const InputError&) {
        }
        opt.merged.result = opt.result;
        opt.merged.tax_after_relief = opt.tax_after_relief;
        ex.write(opt.result.reasons);
        return option_to_c(opt, false);
    });
}

libtax_status libtax_compare_regimes_ex(const libtax_tables* tables, std::int32_t year, const libtax_talent_case* person,
                                        const libtax_relief_options* options, libtax_regime_option* out, std::size_t capacity,
                                        libtax_regime_comparison* summary, libtax_text* explanation, libtax_error* err) {
    // the array's stride is the caller's element size (options[0].size, at least ours): a newer
    // header's larger element is walked correctly; each element is checked before anything is
    // written, and keeps its size
    // (a size that is not a plausible struct size, e.g. never set, is refused before any element
    // past the first is touched)
    constexpr std::size_t ours = sizeof(libtax_regime_option), most = 16 * sizeof(libtax_regime_option);
    const bool plausible = out && capacity > 0 && out->size >= ours && out->size <= most && out->size % alignof(libtax_regime_option) == 0;
    const std::size_t step = plausible ? out->size : ours;
    auto at = [&](std::size_t i) { return reinterpret_cast<libtax_regime_option*>(reinterpret_cast<unsigned char*>(out) + i * step); };
    auto clear = [&](std::size_t i) {
        std::memset(at(i), 0, step);
        at(i)->size = static_cast<std::uint32_t>(step);
    };
    for (std::size_t i = 0; plausible && i < capacity; ++i)
        if (at(i)->size == step) clear(i);
    return compute(summary, explanation, err, [&] {
        Explaining ex(explanation);
        if (capacity > 0) require_pointer(out, "options");
        if (capacity > 0 && !plausible && out->size > ours)
            throw InputError("options[0].size", std::to_string(out->size),
                             "not a struct size (at most " + std::to_string(most) + ", a multiple of " +
                                 std::to_string(alignof(libtax_regime_option)) + "): set it to sizeof (LIBTAX_INIT)");
        for (std::size_t i = 0; i < capacity; ++i) {
            check_output(at(i), "options");
            if (at(i)->size != step)
                throw InputError("options[" + std::to_string(i) + "].size", std::to_string(at(i)->size),
                                 "differs from options[0].size (" + std::to_string(step) + "): set every element's size (LIBTAX_INIT)");
        }
        const libtax_relief_options o = relief_options_of(options);
        if (o.flags & ~(LIBTAX_COMPARE_INCLUDE_INELIGIBLE | LIBTAX_COMPARE_INCLUDE_WHAT_IF))
            throw InputError("options.flags", std::to_string(o.flags), "unknown flag bits");
        CompareOptions opt;
        opt.include_ineligible = o.flags & LIBTAX_COMPARE_INCLUDE_INELIGIBLE;
        opt.include_what_if = o.flags & LIBTAX_COMPARE_INCLUDE_WHAT_IF;
        opt.place = o.place;
        opt.bonus = fen(o.bonus, "bonus");
        opt.zone_bonus = part(o.zone_bonus, "zone_bonus");
        opt.projection = o.projection;
        const RegimeComparison cmp = compare_regimes(tables_of(tables), year, talent_case_of(person), opt, ex.trace());
        for (std::size_t i = 0; i < cmp.options.size() && i < capacity; ++i) {
            libtax_regime_option c = option_to_c(cmp.options[i], cmp.separate_available);
            c.size = static_cast<std::uint32_t>(step);
            std::memcpy(at(i), &c, sizeof c);
        }
        libtax_regime_comparison s{};
        s.best = cmp.best;
        s.separate_available = cmp.separate_available;
        s.treatment_without_relief = cmp.treatment_without_relief == BonusTreatment::separate ? LIBTAX_BONUS_SEPARATE : LIBTAX_BONUS_MERGED;
        s.bonus = cmp.bonus.fen();
        s.tax_without_relief = fen_or_unset(cmp.tax_without_relief);
        s.count = cmp.options.size();
        ex.write();
        return s;
    });
}

libtax_status libtax_residence_days(const libtax_tables* tables, std::int32_t year, const libtax_stay* stays, std::size_t n,
                                    std::int32_t* days, libtax_error* err) {
    return guarded(err, [&] {
        require_pointer(days, "days");
        year_of(tables, year);  // CoverageError for a year no table covers
        if (n > 0) require_pointer(stays, "stays");
        std::vector<Stay> v;
        for (std::size_t i = 0; i < n; ++i) {
            const std::string name = "stays[" + std::to_string(i) + "]";
            const libtax_stay& s = input(&stays[i], name.c_str());
            v.push_back(Stay{date_of(s.arrival, name + ".arrival"), date_of(s.departure, name + ".departure")});
        }
        *days = residence_days(v, year);
    });
}

libtax_status libtax_nonresident_wage_tax(const libtax_tables* tables, std::int32_t year, const libtax_nonresident_wages* wages,
                                          libtax_nonresident_result* out, libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        const libtax_nonresident_wages& p = input(wages, "wages");
        if (p.china_halfdays < 0) throw InputError("china_halfdays", std::to_string(p.china_halfdays), "must not be negative");
        MonthlyWages w;
        w.total = fen(p.wage_total, "wage_total");
        w.domestic = fen(p.wage_domestic, "wage_domestic");
        w.china_days = WorkingDays::halves(p.china_halfdays);
        w.calendar_days = p.calendar_days;
        const NonresidentTax r = nonresident_wage_tax(year_of(tables, year), w, p.residence_days, flag(p.senior_manager, "senior_manager"),
                                                      ex.trace());
        ex.write();
        return nonresident_to_c(r);
    });
}

libtax_status libtax_nonresident_payment_tax(const libtax_tables* tables, std::int32_t year, std::int32_t kind, std::int64_t amount,
                                             libtax_nonresident_result* out, libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        NonresidentPayment k;
        switch (kind) {
            case LIBTAX_PAYMENT_LABOUR: k = NonresidentPayment::labour; break;
            case LIBTAX_PAYMENT_AUTHOR: k = NonresidentPayment::author; break;
            case LIBTAX_PAYMENT_ROYALTIES: k = NonresidentPayment::royalty; break;
            default: throw InputError("kind", std::to_string(kind), "expected a libtax_payment_kind (0 labour, 1 author, 2 royalties)");
        }
        const NonresidentTax r = nonresident_payment_tax(year_of(tables, year), k, fen(amount, "amount"), ex.trace());
        ex.write();
        return nonresident_to_c(r);
    });
}

libtax_status libtax_nonresident_bonus_tax(const libtax_tables* tables, std::int32_t year, std::int64_t bonus, std::int32_t earlier,
                                           libtax_nonresident_result* out, libtax_text* explanation, libtax_error* err) {
    return compute(out, explanation, err, [&] {
        Explaining ex(explanation);
        if (earlier < 0) throw InputError("earlier_this_year", std::to_string(earlier), "must not be negative");
        const NonresidentTax r =
            nonresident_bonus_tax(year_of(tables, year), Exact(non_negative(bonus, "bonus")), earlier, ex.trace());
        ex.write();
        return nonresident_to_c(r);
    });
}

}  // extern "C"
