/* The C interface as a conformance surface: reads one call per line on stdin, prints one answer
 * per line on stdout. Amounts are whole fen, flags 0/1, rates num/den (the Python driver,
 * tests/conformance/surfaces.py, converts the cases); a non-resident's months are
 * months=WAGE[:ZONE_WAGE],... in fen; withholding terms take continuous_labour=1 or commissions=1
 * (libtax_withholding_terms.income), whose months give the pay as labour=.
 *
 *   annual_tax YEAR key=value ...                    -> "ok TAX"
 *   talent_relief REGIME YEAR key=value ...          -> "ok AMOUNT ELIGIBLE"
 *   compare REGIME YEAR key=value ...                -> "ok AMOUNT ELIGIBLE TREATMENT TAX_AFTER_RELIEF BEST"
 *                                                       (REGIME's entry of libtax_compare_regimes_ex, every
 *                                                       regime listed; keys also bonus, zone_bonus, place,
 *                                                       projection: libtax_relief_options)
 *   withhold YEAR key=value ... [| key=value ...]...  -> "ok W1 W2 ..." (terms, then one group a month)
 *
 * A key the C structs do not have is answered "unknown KEY": the C interface cannot express that
 * field (the conformance suite lists what each surface cannot express). An error is answered
 * "error STATUS FIELD MESSAGE".
 *
 * The field tables below are the hook where the C interface grows: one line per struct member. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtax/c/libtax.h"

enum type { I32, I64, IDENTITY, TEXT, RATE, MONTHS, KIND };
struct field {
    const char* name;
    size_t offset;
    enum type type;
};

#define F(s, m, t) {#m, offsetof(s, m), t}
static const struct field kIncome[] = {
    F(libtax_comprehensive_income, wages, I64),          F(libtax_comprehensive_income, labour, I64),
    F(libtax_comprehensive_income, author, I64),         F(libtax_comprehensive_income, royalties, I64),
    F(libtax_comprehensive_income, commissions, I64),
    F(libtax_comprehensive_income, social_insurance, I64), F(libtax_comprehensive_income, special_additional, I64),
    F(libtax_comprehensive_income, other_deductions, I64), {NULL, 0, I64}};
static const struct field kTalent[] = {
    F(libtax_talent_case, identity, IDENTITY), F(libtax_talent_case, resident, I32),
    F(libtax_talent_case, talent_recognised, I32), F(libtax_talent_case, days_in_zone, I32),
    F(libtax_talent_case, actual_days, I32), F(libtax_talent_case, social_insurance_months, I32),
    F(libtax_talent_case, contract_years, I32), F(libtax_talent_case, wages, I64),
    F(libtax_talent_case, labour, I64), F(libtax_talent_case, author, I64),
    F(libtax_talent_case, royalties, I64), F(libtax_talent_case, business_taxable_income, I64),
    F(libtax_talent_case, social_insurance, I64), F(libtax_talent_case, special_additional, I64),
    F(libtax_talent_case, other_deductions, I64), F(libtax_talent_case, talent_subsidy, I64),
    F(libtax_talent_case, zone_wages, I64), F(libtax_talent_case, zone_labour, I64),
    F(libtax_talent_case, zone_author, I64), F(libtax_talent_case, zone_royalties, I64),
    F(libtax_talent_case, zone_business_taxable_income, I64), F(libtax_talent_case, tax_paid_in_zone, I64),
    {"fx_rate", offsetof(libtax_talent_case, fx_rate_num), RATE}, F(libtax_talent_case, mpf_contributions, I64),
    F(libtax_talent_case, city, TEXT), F(libtax_talent_case, special_industry, TEXT),
    F(libtax_talent_case, wage_months, I32), F(libtax_talent_case, social_insurance_exempt, I32),
    F(libtax_talent_case, encouraged_industry, I32), F(libtax_talent_case, commissions, I64),
    F(libtax_talent_case, business_tax_paid_in_zone, I64), {"months", offsetof(libtax_talent_case, month_count), MONTHS},
    {NULL, 0, I64}};
static const struct field kOptions[] = {
    F(libtax_relief_options, bonus, I64), F(libtax_relief_options, zone_bonus, I64),
    F(libtax_relief_options, place, TEXT), F(libtax_relief_options, projection, I32), {NULL, 0, I64}};
static const struct field kTerms[] = {
    F(libtax_withholding_terms, first_month, I32), F(libtax_withholding_terms, first_wages_this_year, I32),
    F(libtax_withholding_terms, prior_year_low_income, I32),
    {"continuous_labour", offsetof(libtax_withholding_terms, income), KIND},
    {"commissions", offsetof(libtax_withholding_terms, income), KIND}, {NULL, 0, I64}};
static const struct field kMonth[] = {
    F(libtax_withholding_month, wage, I64),          {"labour", offsetof(libtax_withholding_month, wage), I64},
    F(libtax_withholding_month, exempt_income, I64),
    F(libtax_withholding_month, social_insurance, I64), F(libtax_withholding_month, special_additional, I64),
    F(libtax_withholding_month, other_deductions, I64), F(libtax_withholding_month, tax_reductions, I64),
    F(libtax_withholding_month, bonus, I64),         F(libtax_withholding_month, bonus_merged, I32),
    {NULL, 0, I64}};
#undef F

static const char* kIdentities[] = {"foreign", "hk", "macao", "taiwan", "mainland"};

/* Sets `key=value` in `obj` by `table`; returns 0, or 1 when the key is not in the table. */
static int set(const struct field* table, void* obj, const char* key, const char* value) {
    for (const struct field* f = table; f->name; ++f) {
        if (strcmp(f->name, key) != 0) continue;
        char* at = (char*)obj + f->offset;
        switch (f->type) {
            case I32: *(int32_t*)at = (int32_t)strtol(value, NULL, 10); break;
            case I64: *(int64_t*)at = (int64_t)strtoll(value, NULL, 10); break;
            case IDENTITY:
                for (int i = 0; i < 5; ++i)
                    if (strcmp(value, kIdentities[i]) == 0) *(int32_t*)at = i;
                break;
            case TEXT: snprintf(at, 32, "%s", value); break;
            case KIND: /* continuous_labour=1 / commissions=1: the income the cumulative method applies to */
                if (atoi(value)) *(int32_t*)at = strcmp(key, "continuous_labour") == 0 ? LIBTAX_INCOME_CONTINUOUS_LABOUR
                                                                                     : LIBTAX_INCOME_COMMISSIONS;
                break;
            case MONTHS: { /* month_count, reserved, then the months: WAGE[:ZONE_WAGE],... */
                int32_t* count = (int32_t*)at;
                libtax_wage_month* m = (libtax_wage_month*)(at + offsetof(libtax_talent_case, months) - offsetof(libtax_talent_case, month_count));
                *count = 0;
                for (const char* p = value; *p && *count < 12; ++*count) {
                    char* end;
                    m[*count].wage = (int64_t)strtoll(p, &end, 10);
                    m[*count].zone_wage = *end == ':' ? (int64_t)strtoll(end + 1, &end, 10) : LIBTAX_UNSET;
                    p = *end == ',' ? end + 1 : end;
                }
                break;
            }
            case RATE: {
                int64_t* r = (int64_t*)at;
                r[0] = (int64_t)strtoll(value, NULL, 10);
                const char* slash = strchr(value, '/');
                r[1] = slash ? (int64_t)strtoll(slash + 1, NULL, 10) : 1;
                break;
            }
        }
        return 0;
    }
    return 1;
}

/* Applies the key=value words from `words` until "|" or the end; returns the unknown key or NULL. */
static const char* apply(const struct field* table, void* obj, char** words, int* i, int n) {
    for (; *i < n && strcmp(words[*i], "|") != 0; ++*i) {
        char* eq = strchr(words[*i], '=');
        if (!eq) return words[*i];
        *eq = '\0';
        if (set(table, obj, words[*i], eq + 1)) return words[*i];
    }
    return NULL;
}

static void fail(libtax_status s, const libtax_error* e) { printf("error %s %s %s\n", libtax_status_name(s), e->field, e->message); }

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0); /* one answer a line, as the driver reads them */
    libtax_tables* t = NULL;
    libtax_error err;
    LIBTAX_INIT(err);
    if (libtax_tables_builtin(&t, &err) != LIBTAX_OK) return 1;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        char* words[256];
        int n = 0;
        for (char* w = strtok(line, " \n"); w && n < 256; w = strtok(NULL, " \n")) words[n++] = w;
        if (n < 2) continue;
        const char* unknown = NULL;
        int i;
        if (strcmp(words[0], "annual_tax") == 0) {
            libtax_comprehensive_income in;
            LIBTAX_INIT(in);
            i = 2;
            if ((unknown = apply(kIncome, &in, words, &i, n))) { printf("unknown %s\n", unknown); continue; }
            libtax_annual_tax_result r;
            LIBTAX_INIT(r);
            const libtax_status s = libtax_annual_tax(t, atoi(words[1]), &in, &r, NULL, &err);
            if (s != LIBTAX_OK) fail(s, &err);
            else printf("ok %lld\n", (long long)r.tax);
        } else if (strcmp(words[0], "talent_relief") == 0 && n >= 3) {
            libtax_talent_case c;
            libtax_talent_case_init(&c);
            i = 3;
            if ((unknown = apply(kTalent, &c, words, &i, n))) { printf("unknown %s\n", unknown); continue; }
            libtax_talent_relief_result r;
            LIBTAX_INIT(r);
            const libtax_status s = libtax_talent_relief(t, words[1], atoi(words[2]), &c, &r, NULL, &err);
            if (s != LIBTAX_OK) fail(s, &err);
            else printf("ok %lld %d\n", (long long)r.amount, (int)r.eligible);
        } else if (strcmp(words[0], "compare") == 0 && n >= 3) {
            libtax_talent_case c;
            libtax_talent_case_init(&c);
            libtax_relief_options o;
            libtax_relief_options_init(&o);
            for (i = 3; i < n; ++i) { /* each key to the options or else the case */
                char* eq = strchr(words[i], '=');
                if (!eq) { unknown = words[i]; break; }
                *eq = '\0';
                if (set(kOptions, &o, words[i], eq + 1) && set(kTalent, &c, words[i], eq + 1)) { unknown = words[i]; break; }
            }
            if (unknown) { printf("unknown %s\n", unknown); continue; }
            o.flags = LIBTAX_COMPARE_INCLUDE_INELIGIBLE | LIBTAX_COMPARE_INCLUDE_WHAT_IF;
            static libtax_regime_option options[64];
            for (int k = 0; k < 64; ++k) LIBTAX_INIT(options[k]);
            libtax_regime_comparison sum;
            LIBTAX_INIT(sum);
            const libtax_status s = libtax_compare_regimes_ex(t, atoi(words[2]), &c, &o, options, 64, &sum, NULL, &err);
            if (s != LIBTAX_OK) { fail(s, &err); continue; }
            int found = 0;
            for (uint64_t k = 0; k < sum.count && k < 64; ++k)
                if (strcmp(options[k].result.regime, words[1]) == 0) {
                    printf("ok %lld %d %d %lld %d\n", (long long)options[k].result.amount, (int)options[k].result.eligible,
                           (int)options[k].bonus_treatment, (long long)options[k].tax_after_relief, (int)options[k].best);
                    found = 1;
                }
            if (!found) printf("error input regime %s not listed\n", words[1]);
        } else if (strcmp(words[0], "withhold") == 0) {
            const int year = atoi(words[1]);
            libtax_withholding_terms terms;
            LIBTAX_INIT(terms);
            terms.first_month = 1;
            terms.prior_year_income = LIBTAX_UNSET;
            i = 2;
            if ((unknown = apply(kTerms, &terms, words, &i, n))) { printf("unknown %s\n", unknown); continue; }
            libtax_withholding_cumulative state;
            LIBTAX_INIT(state);
            if (libtax_withholding_start(t, year, &terms, &state, &err) != LIBTAX_OK) { fail(LIBTAX_ERR_INPUT, &err); continue; }
            char out[4096] = "ok";
            int month = terms.first_month, failed = 0;
            while (i < n && !failed) {
                ++i; /* the "|" */
                libtax_withholding_month m;
                LIBTAX_INIT(m);
                m.month = month++;
                if ((unknown = apply(kMonth, &m, words, &i, n))) { printf("unknown %s\n", unknown); failed = 1; break; }
                libtax_withholding_month_result r;
                LIBTAX_INIT(r);
                const libtax_status s = libtax_withhold_month(t, year, &state, &m, &r, NULL, &err);
                if (s != LIBTAX_OK) { fail(s, &err); failed = 1; break; }
                state = r.after;
                snprintf(out + strlen(out), sizeof out - strlen(out), " %lld", (long long)r.withheld);
            }
            if (!failed) printf("%s\n", out);
        } else {
            printf("unknown %s\n", words[0]);
        }
        fflush(stdout);
    }
    libtax_tables_free(t);
    return 0;
}
