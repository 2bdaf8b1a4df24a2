/* The C interface, exercised from C (compiled as C99, not C++): results in fen against the
 * core's worked figures, explanations, and every error path (no crash, the field named). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtax/c/libtax.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                              \
    do {                                                                         \
        ++checks;                                                                \
        if (!(cond)) {                                                           \
            ++failures;                                                          \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

#define CHECK_EQ_I64(a, b)                                                       \
    do {                                                                         \
        long long va_ = (long long)(a), vb_ = (long long)(b);                    \
        ++checks;                                                                \
        if (va_ != vb_) {                                                        \
            ++failures;                                                          \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, va_, vb_); \
        }                                                                        \
    } while (0)

static libtax_comprehensive_income headline(void) {
    /* README headline (core): wages 1,000,000, social insurance 30,000, special additional 24,000. */
    libtax_comprehensive_income in;
    memset(&in, 0, sizeof in);
    in.wages = 100000000;
    in.social_insurance = 3000000;
    in.special_additional = 2400000;
    return in;
}

static void test_versions(void) {
    CHECK(strcmp(libtax_version(), "") != 0);
    CHECK_EQ_I64(libtax_c_api_version(), LIBTAX_C_API_VERSION);
    CHECK(strcmp(libtax_status_name(LIBTAX_ERR_COVERAGE), "coverage") == 0);
}

static void test_annual_tax(const libtax_tables* t) {
    libtax_comprehensive_income in = headline();
    libtax_annual_tax_result r;
    libtax_error err;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(err.code, LIBTAX_OK);
    CHECK_EQ_I64(r.year, 2024);
    /* 1,000,000 - 60,000 - 30,000 - 24,000 = 886,000 in the 35% row (quick 85,920):
     * 886,000 x 35% - 85,920 = 224,180.00 (IIT Law Annex Table 1). */
    CHECK_EQ_I64(r.basic_deduction, 6000000);
    CHECK_EQ_I64(r.taxable_income, 88600000);
    CHECK_EQ_I64(r.bracket, 5);
    CHECK_EQ_I64(r.rate_num, 7);
    CHECK_EQ_I64(r.rate_den, 20);
    CHECK_EQ_I64(r.quick_deduction, 8592000);
    CHECK_EQ_I64(r.tax, 22418000);

    /* Below the basic deduction nothing is taxable. */
    memset(&in, 0, sizeof in);
    in.wages = 6000000;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, NULL, NULL), LIBTAX_OK);
    CHECK_EQ_I64(r.tax, 0);
    CHECK_EQ_I64(r.bracket, -1);

    /* Author's remuneration: 80% x 70% = 56% income amount; 100 yuan -> 56 yuan. */
    memset(&in, 0, sizeof in);
    in.author = 10000;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, NULL, NULL), LIBTAX_OK);
    CHECK_EQ_I64(r.income_amount, 5600);
}

static void test_explanation(const libtax_tables* t) {
    libtax_comprehensive_income in = headline();
    libtax_annual_tax_result r;
    char buffer[8192];
    libtax_text text;
    char tiny[16];
    libtax_text small;

    text.buffer = buffer;
    text.size = sizeof buffer;
    text.length = 0;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &text, NULL), LIBTAX_OK);
    CHECK(text.length > 0 && text.length < sizeof buffer);
    CHECK(strlen(buffer) == text.length);
    CHECK(strstr(buffer, "224180.00") != NULL);
    CHECK(strstr(buffer, "basis:") != NULL);

    /* Truncated to the buffer, NUL-terminated, full length still reported. */
    small.buffer = tiny;
    small.size = sizeof tiny;
    small.length = 0;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &small, NULL), LIBTAX_OK);
    CHECK_EQ_I64(small.length, text.length);
    CHECK_EQ_I64(strlen(tiny), sizeof tiny - 1);
    CHECK(strncmp(tiny, buffer, sizeof tiny - 1) == 0);
}

static void test_bonus_and_business(const libtax_tables* t) {
    libtax_bonus_result b;
    libtax_bonus_comparison c;
    libtax_business_result biz;
    libtax_comprehensive_income in = headline();
    libtax_error err;

    /* 120,000 / 12 = 10,000: the 10% row of the monthly table, quick 210 -> 11,790.00. */
    CHECK_EQ_I64(libtax_bonus_tax(t, 2024, 12000000, &b, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(b.rate_num, 1);
    CHECK_EQ_I64(b.rate_den, 10);
    CHECK_EQ_I64(b.quick_deduction, 21000);
    CHECK_EQ_I64(b.tax, 1179000);

    /* Headline bonus choice: separate 224,180 + 11,790 = 235,970; merged 1,006,000 taxable x 45% - 181,920 = 270,780. */
    CHECK_EQ_I64(libtax_compare_bonus(t, 2024, &in, 12000000, &c, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(c.separate_total, 23597000);
    CHECK_EQ_I64(c.merged_total, 27078000);
    CHECK_EQ_I64(c.separate_is_cheaper, 1);
    CHECK_EQ_I64(c.saving, 27078000 - 23597000);

    /* Business income 100,000: 20% row, quick 10,500 -> 9,500.00 (IIT Law Annex Table 2). */
    CHECK_EQ_I64(libtax_business_tax(t, 2024, 10000000, &biz, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(biz.tax, 950000);
}

static void test_errors(const libtax_tables* t) {
    libtax_comprehensive_income in = headline();
    libtax_annual_tax_result r;
    libtax_error err;
    libtax_tables* loaded = NULL;
    char path[1024];

    /* A negative amount names its field; the result stays zeroed. */
    in.special_additional = -1;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK_EQ_I64(err.code, LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "special_additional") == 0);
    CHECK(strstr(err.message, "special_additional") != NULL);
    CHECK_EQ_I64(r.tax, 0);

    /* Beyond +/-10^15 yuan: a range error naming the field, not a wrapped number. */
    in = headline();
    in.wages = INT64_MAX;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, NULL, &err), LIBTAX_ERR_RANGE);
    CHECK(strcmp(err.field, "wages") == 0);

    /* A year no table covers is a coverage error, never another year's table. */
    in = headline();
    CHECK_EQ_I64(libtax_annual_tax(t, 2018, &in, &r, NULL, &err), LIBTAX_ERR_COVERAGE);
    CHECK(strcmp(err.field, "year") == 0);
    CHECK(strcmp(err.value, "2018") == 0);
    CHECK(libtax_tables_covers(t, 2018) == 0);
    CHECK(libtax_tables_covers(t, 2024) == 1);

    /* NULL pointers are input errors naming the argument. */
    CHECK_EQ_I64(libtax_annual_tax(NULL, 2024, &in, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "tables") == 0);
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, NULL, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "income") == 0);
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, NULL, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "out") == 0);
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, NULL, NULL, NULL), LIBTAX_ERR_INPUT); /* err may be NULL */
    CHECK_EQ_I64(libtax_bonus_tax(t, 2024, -100, NULL, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK_EQ_I64(libtax_business_tax(t, 2024, -1, &(libtax_business_result){0}, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "taxable_income") == 0);

    /* Tables: a missing directory, and a malformed file named by file:line. */
    CHECK_EQ_I64(libtax_tables_load("/nonexistent/libtax-tables", &loaded, &err), LIBTAX_ERR_INPUT);
    CHECK(loaded == NULL);
    CHECK_EQ_I64(libtax_tables_load(NULL, &loaded, &err), LIBTAX_ERR_INPUT);
    snprintf(path, sizeof path, "%s/tests/cpp/embedding/bad_tables", LIBTAX_SOURCE_DIR);
    CHECK_EQ_I64(libtax_tables_load(path, &loaded, &err), LIBTAX_ERR_TABLE);
    CHECK(loaded == NULL);
    CHECK(strstr(err.field, "2024.yaml:") != NULL);
    libtax_tables_free(NULL); /* harmless */
}

static void test_loaded_tables(void) {
    libtax_tables* loaded = NULL;
    libtax_error err;
    libtax_comprehensive_income in = headline();
    libtax_annual_tax_result r;
    char path[1024];
    snprintf(path, sizeof path, "%s/tables", LIBTAX_SOURCE_DIR);
    CHECK_EQ_I64(libtax_tables_load(path, &loaded, &err), LIBTAX_OK);
    if (!loaded) {
        fprintf(stderr, "load failed: %s\n", err.message);
        return;
    }
    CHECK_EQ_I64(libtax_annual_tax(loaded, 2024, &in, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.tax, 22418000);
    libtax_tables_free(loaded);
}

static void test_withholding(const libtax_tables* t) {
    /* Standard-IIT notes E1 [OFFICIAL-EX months 1-3, DERIVED 4-12] (STA interpretation of
     * Ann. 2018 No. 61): wage 30,000 a month, special deductions 4,500, special additional 2,000. */
    static const long long expected[12] = {55500, 62500, 185000, 185000, 185000, 185000,
                                           185000, 225000, 370000, 370000, 370000, 370000};
    libtax_withholding_cumulative state;
    libtax_withholding_month m;
    libtax_withholding_month_result r;
    libtax_error err;
    long long total = 0;
    int month;
    libtax_status st;

    memset(&state, 0, sizeof state);
    state.first_month = 1;
    memset(&m, 0, sizeof m);
    m.wage = 3000000;
    m.social_insurance = 450000;
    m.special_additional = 200000;
#ifdef LIBTAX_TEST_HAS_PAYROLL
    for (month = 1; month <= 12; ++month) {
        m.month = month;
        st = libtax_withhold_month(t, 2019, &state, &m, &r, NULL, &err);
        CHECK_EQ_I64(st, LIBTAX_OK);
        if (st != LIBTAX_OK) {
            fprintf(stderr, "month %d: %s\n", month, err.message);
            return;
        }
        CHECK_EQ_I64(r.withheld, expected[month - 1]);
        total += r.withheld;
        state = r.after; /* what a payroll system stores until next month */
    }
    CHECK_EQ_I64(total, 2748000);
    CHECK_EQ_I64(r.cumulative_tax, 2748000);
    CHECK_EQ_I64(r.cumulative_taxable, 22200000);
    CHECK_EQ_I64(state.withheld, 2748000);
    CHECK_EQ_I64(state.last_month, 12);
    CHECK_EQ_I64(state.year, 2019);

    /* Months go forward: month 12 again is an input error naming the month. */
    CHECK_EQ_I64(libtax_withhold_month(t, 2019, &state, &m, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "month") == 0);
    CHECK_EQ_I64(r.withheld, 0);
    /* Figures of another year are refused. */
    m.month = 1;
    CHECK_EQ_I64(libtax_withhold_month(t, 2020, &state, &m, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "before.year") == 0);
    /* A negative wage names its field. */
    memset(&state, 0, sizeof state);
    state.first_month = 1;
    m.wage = -1;
    CHECK_EQ_I64(libtax_withhold_month(t, 2019, &state, &m, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "wage") == 0);
#else
    (void)expected;
    (void)total;
    month = 1;
    m.month = month;
    st = libtax_withhold_month(t, 2019, &state, &m, &r, NULL, &err);
    CHECK_EQ_I64(st, LIBTAX_ERR_NOT_AVAILABLE); /* this build has no payroll engine: said so, not guessed */
#endif
    CHECK_EQ_I64(libtax_withhold_month(t, 2019, NULL, &m, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "before") == 0);
}

static void test_talent_relief(const libtax_tables* t) {
    libtax_talent_case c;
    libtax_talent_relief_result r;
    libtax_error err;
    char buffer[16384];
    libtax_text text;
    libtax_status st;

    /* Talent-regimes notes E1 [DERIVED, Hainan formula 1 of Qiong Cai Shui [2020] 1019]: wages
     * 1,000,000 all from Hainan, special deductions 30,000, special additional 24,000:
     * tax 224,180.00 - 15% x 886,000 = 91,280.00 exempt. */
    libtax_talent_case_init(&c);
    CHECK_EQ_I64(c.zone_wages, LIBTAX_UNSET);
    c.identity = LIBTAX_IDENTITY_FOREIGN;
    c.resident = 1;
    c.talent_recognised = 1;
    c.days_in_zone = 365;
    c.social_insurance_months = 12;
    c.contract_years = 3;
    c.wages = 100000000;
    c.social_insurance = 3000000;
    c.special_additional = 2400000;
    text.buffer = buffer;
    text.size = sizeof buffer;
    text.length = 0;
    st = libtax_talent_relief(t, "hainan", 2024, &c, &r, &text, &err);
#ifdef LIBTAX_TEST_HAS_REGIMES
    CHECK_EQ_I64(st, LIBTAX_OK);
    if (st != LIBTAX_OK) fprintf(stderr, "hainan: %s\n", err.message);
    CHECK_EQ_I64(r.eligible, 1);
    CHECK_EQ_I64(r.enacted, 1);
    CHECK_EQ_I64(r.subsidy, 0); /* an exemption, claimed at the annual reconciliation */
    CHECK_EQ_I64(r.tax, 22418000);
    CHECK_EQ_I64(r.amount, 9128000);
    CHECK(strcmp(r.code, "ok") == 0);
    CHECK(strstr(buffer, "91280.00") != NULL);

    /* E2 (a): 600,000 of the 1,000,000 from Hainan -> 91,280 x 0.6 = 54,768.00. */
    c.zone_wages = 60000000;
    CHECK_EQ_I64(libtax_talent_relief(t, "hainan", 2024, &c, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.amount, 5476800);
    c.zone_wages = LIBTAX_UNSET;

    /* Not eligible is an answer, not an error: GBA does not cover Mainland identity. */
    c.identity = LIBTAX_IDENTITY_MAINLAND;
    CHECK_EQ_I64(libtax_talent_relief(t, "gba", 2024, &c, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.eligible, 0);
    CHECK_EQ_I64(r.amount, 0);
    CHECK(strncmp(r.code, "identity", 8) == 0);
    c.identity = LIBTAX_IDENTITY_FOREIGN;

    /* The Beijing policy is a what-if model: said so. */
    CHECK_EQ_I64(libtax_talent_relief(t, "beijing-two-zones", 2024, &c, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.enacted, 0);

    /* Errors: an unknown regime, a bad identity, a zone part above the total. */
    CHECK_EQ_I64(libtax_talent_relief(t, "atlantis", 2024, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    c.identity = 9;
    CHECK_EQ_I64(libtax_talent_relief(t, "hainan", 2024, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "identity") == 0);
    c.identity = LIBTAX_IDENTITY_FOREIGN;
    c.zone_wages = 100000001;
    CHECK_EQ_I64(libtax_talent_relief(t, "hainan", 2024, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "zone_wages") == 0);
    CHECK_EQ_I64(r.amount, 0);
#else
    CHECK_EQ_I64(st, LIBTAX_ERR_NOT_AVAILABLE); /* this build has no regime engine: said so */
#endif
    CHECK_EQ_I64(libtax_talent_relief(t, NULL, 2024, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "regime") == 0);
}

int main(void) {
    libtax_tables* t = NULL;
    libtax_error err;
    if (libtax_tables_builtin(&t, &err) != LIBTAX_OK || !t) {
        fprintf(stderr, "built-in tables: %s\n", err.message);
        return 1;
    }
    test_versions();
    test_annual_tax(t);
    test_explanation(t);
    test_bonus_and_business(t);
    test_errors(t);
    test_loaded_tables();
    test_withholding(t);
    test_talent_relief(t);
    libtax_tables_free(t);
    printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
