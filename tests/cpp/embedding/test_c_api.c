/* The C interface, exercised from C (compiled as C99, not C++): results in fen against the
 * core's worked figures, explanations, and every error path (no crash, the field named). */
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
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

/* Loads the tables directory `relative` under `base` (the source tree, or the build's long
 * directory); every test that loads a directory goes through here. */
static libtax_status load_tables(const char* base, const char* relative, libtax_tables** out, libtax_error* err) {
    char path[2048];
    int n = snprintf(path, sizeof path, *relative ? "%s/%s" : "%s", base, relative);
    if (n < 0 || (size_t)n >= sizeof path) {
        fprintf(stderr, "load_tables: path too long: %s/%s\n", base, relative);
        exit(1);
    }
    return libtax_tables_load(path, out, err);
}

static libtax_comprehensive_income headline(void) {
    /* README headline (core): wages 1,000,000, social insurance 30,000, special additional 24,000. */
    libtax_comprehensive_income in;
    LIBTAX_INIT(in);
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
    LIBTAX_INIT(r);
    LIBTAX_INIT(err);
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
    LIBTAX_INIT(in);
    in.wages = 6000000;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, NULL, NULL), LIBTAX_OK);
    CHECK_EQ_I64(r.tax, 0);
    CHECK_EQ_I64(r.bracket, -1);

    /* Author's remuneration: 80% x 70% = 56% income amount; 100 yuan -> 56 yuan. */
    LIBTAX_INIT(in);
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

    LIBTAX_INIT(r);
    LIBTAX_INIT(text);
    text.buffer = buffer;
    text.capacity = sizeof buffer;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &text, NULL), LIBTAX_OK);
    CHECK(text.length > 0 && text.length < sizeof buffer);
    CHECK(strlen(buffer) == text.length);
    CHECK(strstr(buffer, "224180.00") != NULL);
    CHECK(strstr(buffer, "basis:") != NULL);

    /* Truncated to the buffer, NUL-terminated, full length still reported. */
    LIBTAX_INIT(small);
    small.buffer = tiny;
    small.capacity = sizeof tiny;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &small, NULL), LIBTAX_OK);
    CHECK_EQ_I64(small.length, text.length);
    CHECK_EQ_I64(strlen(tiny), sizeof tiny - 1);
    CHECK(strncmp(tiny, buffer, sizeof tiny - 1) == 0);
}

/* The explanation in Chinese, in both languages, and a language the library does not have. The
 * headline: 1,000,000 - 60,000 - 30,000 - 24,000 = 886,000 taxable; x 35% - 85,920 = 224,180.00. */
static void test_explanation_language(const libtax_tables* t) {
    libtax_comprehensive_income in = headline();
    libtax_annual_tax_result r;
    libtax_error err;
    char buffer[16384];
    libtax_text text;

    LIBTAX_INIT(r);
    LIBTAX_INIT(text);
    text.buffer = buffer;
    text.capacity = sizeof buffer;
    text.language = "zh";
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &text, NULL), LIBTAX_OK);
    CHECK_EQ_I64(r.tax, 22418000);
    CHECK(strstr(buffer, "应纳税所得额") != NULL);
    CHECK(strstr(buffer, "886000.00") != NULL);
    CHECK(strstr(buffer, "224180.00") != NULL);
    CHECK(strstr(buffer, "依据：《中华人民共和国个人所得税法》") != NULL);
    CHECK(strstr(buffer, "taxable income") == NULL);
    CHECK(strstr(buffer, "basis:") == NULL);

    text.language = "both";
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &text, NULL), LIBTAX_OK);
    {
        const char* zh = strstr(buffer, "应纳税所得额");
        const char* en = strstr(buffer, "taxable income");
        CHECK(zh != NULL && en != NULL && zh < en); /* each line in Chinese, then in English */
    }

    text.language = "";  /* "" and NULL: English, as before the field existed */
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &text, NULL), LIBTAX_OK);
    CHECK(strstr(buffer, "taxable income") != NULL && strstr(buffer, "应纳税所得额") == NULL);

    /* a caller built before the field: its smaller struct is still accepted, in English */
    text.size = (uint32_t)offsetof(libtax_text, language);
    text.language = "zh"; /* beyond the caller's struct: not read */
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &text, NULL), LIBTAX_OK);
    CHECK(strstr(buffer, "taxable income") != NULL);
    text.size = (uint32_t)sizeof text;

    LIBTAX_INIT(err);
    text.language = "fr";
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &text, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "explanation.language") == 0);
    CHECK(strcmp(err.value, "fr") == 0);
    CHECK_EQ_I64(r.tax, 0); /* nothing half-computed */

    /* a composite result: the bonus comparison's parts in Chinese */
    {
        libtax_bonus_comparison c;
        LIBTAX_INIT(c);
        text.language = "zh";
        CHECK_EQ_I64(libtax_compare_bonus(t, 2024, &in, 12000000, &c, &text, NULL), LIBTAX_OK);
        CHECK(strstr(buffer, "全年一次性奖金") != NULL);
        CHECK(strstr(buffer, "并入综合所得") != NULL);
    }
}

/* Error messages in the call's language: the explanation's `language`, else the process language
 * (libtax_set_language). Field and value stay verbatim; the message is the catalogue's Chinese. */
static void test_error_language(const libtax_tables* t) {
    libtax_comprehensive_income in = headline();
    libtax_annual_tax_result r;
    libtax_error err;
    char buffer[4096];
    libtax_text text;
    LIBTAX_INIT(r);
    LIBTAX_INIT(err);
    LIBTAX_INIT(text);
    text.buffer = buffer;
    text.capacity = sizeof buffer;

    CHECK(strcmp(libtax_get_language(), "en") == 0);

    /* a coverage error in Chinese through the explanation's language */
    text.language = "zh";
    CHECK_EQ_I64(libtax_annual_tax(t, 2018, &in, &r, &text, &err), LIBTAX_ERR_COVERAGE);
    CHECK(strcmp(err.field, "year") == 0);
    CHECK(strcmp(err.value, "2018") == 0);
    CHECK(strstr(err.message, "year = 2018") == err.message);
    CHECK(strstr(err.message, "没有税率表涵盖该纳税年度") != NULL);
    CHECK(strstr(err.message, "no tax table") == NULL);

    /* both: the Chinese line, then the English one */
    text.language = "both";
    CHECK_EQ_I64(libtax_annual_tax(t, 2018, &in, &r, &text, &err), LIBTAX_ERR_COVERAGE);
    {
        const char* zh = strstr(err.message, "没有税率表涵盖该纳税年度");
        const char* en = strstr(err.message, "no tax table covers this year");
        CHECK(zh != NULL && en != NULL && zh < en);
    }

    /* an unknown language: the error itself in the process language (English) */
    text.language = "fr";
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &text, &err), LIBTAX_ERR_INPUT);
    CHECK(strstr(err.message, "expected \"zh\"") != NULL);

    /* the process language: calls without an explanation, and explanations without a language */
    CHECK_EQ_I64(libtax_set_language("de", &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "language") == 0);
    CHECK(strcmp(libtax_get_language(), "en") == 0); /* unchanged */
    CHECK_EQ_I64(libtax_set_language("zh", &err), LIBTAX_OK);
    CHECK(strcmp(libtax_get_language(), "zh") == 0);
    CHECK_EQ_I64(libtax_annual_tax(t, 2018, &in, &r, NULL, &err), LIBTAX_ERR_COVERAGE);
    CHECK(strstr(err.message, "没有税率表涵盖该纳税年度") != NULL);

    /* an unknown field: a newer header's larger struct with its extra field set */
    {
        struct { libtax_comprehensive_income in; int64_t newer_field; } grown;
        memset(&grown, 0, sizeof grown);
        grown.in = headline();
        grown.in.size = (uint32_t)sizeof grown;
        grown.newer_field = 1;
        CHECK_EQ_I64(libtax_annual_tax(t, 2024, &grown.in, &r, NULL, &err), LIBTAX_ERR_INPUT);
        CHECK(strcmp(err.field, "income.size") == 0);
        CHECK(strstr(err.message, "不认识的字段") != NULL);
        CHECK(strstr(err.message, "does not know") == NULL);
    }
    /* a negative amount: the common form, 不得为负数 */
    in.special_additional = -1;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "special_additional") == 0);
    CHECK(strstr(err.message, "不得为负数") != NULL);
    in = headline();

    /* the explanation's own language wins over the process language; NULL follows it */
    text.language = "en";
    CHECK_EQ_I64(libtax_annual_tax(t, 2018, &in, &r, &text, &err), LIBTAX_ERR_COVERAGE);
    CHECK(strstr(err.message, "no tax table covers this year") != NULL);
    CHECK(strstr(err.message, "没有") == NULL);
    text.language = NULL;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, &text, &err), LIBTAX_OK);
    CHECK(strstr(buffer, "应纳税所得额") != NULL);

    CHECK_EQ_I64(libtax_set_language(NULL, &err), LIBTAX_OK); /* back to English */
    CHECK(strcmp(libtax_get_language(), "en") == 0);
    CHECK_EQ_I64(libtax_annual_tax(t, 2018, &in, &r, NULL, &err), LIBTAX_ERR_COVERAGE);
    CHECK(strstr(err.message, "no tax table covers this year") != NULL);
}

static void test_bonus_and_business(const libtax_tables* t) {
    libtax_bonus_result b;
    libtax_bonus_comparison c;
    libtax_business_result biz;
    libtax_comprehensive_income in = headline();
    libtax_error err;
    LIBTAX_INIT(b);
    LIBTAX_INIT(c);
    LIBTAX_INIT(biz);
    LIBTAX_INIT(err);

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
    libtax_tables* const sentinel = (libtax_tables*)&loaded;
    libtax_business_result biz;
    LIBTAX_INIT(r);
    LIBTAX_INIT(err);
    LIBTAX_INIT(biz);

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
    CHECK_EQ_I64(libtax_business_tax(t, 2024, -1, &biz, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "taxable_income") == 0);

    /* Struct sizes: a caller that did not set one, or set fields of a newer header, is refused. */
    in.size = 0;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "income.size") == 0);
    in = headline();
    r.size = 8;
    CHECK_EQ_I64(libtax_annual_tax(t, 2024, &in, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "out.size") == 0);
    LIBTAX_INIT(r);
    {
        struct { libtax_comprehensive_income in; int64_t newer_field; } grown;
        memset(&grown, 0, sizeof grown);
        grown.in = headline();
        grown.in.size = (uint32_t)sizeof grown;
        CHECK_EQ_I64(libtax_annual_tax(t, 2024, &grown.in, &r, NULL, &err), LIBTAX_OK); /* zero: fine */
        CHECK_EQ_I64(r.tax, 22418000);
        grown.newer_field = 1;
        CHECK_EQ_I64(libtax_annual_tax(t, 2024, &grown.in, &r, NULL, &err), LIBTAX_ERR_INPUT);
        CHECK(strstr(err.message, "does not know") != NULL);
    }

    /* Tables: a missing directory, and a malformed file named by file:line; a failed load leaves
     * the caller's handle as it was. */
    loaded = sentinel;
    CHECK_EQ_I64(libtax_tables_load("/nonexistent/libtax-tables", &loaded, &err), LIBTAX_ERR_INPUT);
    CHECK(loaded == sentinel);
    CHECK_EQ_I64(libtax_tables_load(NULL, &loaded, &err), LIBTAX_ERR_INPUT);
    CHECK_EQ_I64(load_tables(LIBTAX_SOURCE_DIR, "tests/cpp/embedding/bad_tables", &loaded, &err), LIBTAX_ERR_TABLE);
    CHECK(loaded == sentinel);
    CHECK(strstr(err.field, "/cn/2024.yaml:1: table") != NULL); /* the file's missing key */
    libtax_tables_free(NULL); /* harmless */
}

/* The same malformed table under a directory of more than 200 bytes (CMakeLists.txt: its last
 * name ends in fifteen three-byte characters, 税率表 five times, so the 60 bytes kept would begin
 * inside one): the field keeps the end, "…" then twelve whole characters and
 * "/cn/2024.yaml:1: table" (3 + 36 + 22 = 61 bytes); the message has the whole path. */
static void test_long_table_path(void) {
    static const char tail[] = "/cn/2024.yaml:1: table";
    static const char ellipsis[] = "\xe2\x80\xa6";
    libtax_tables* loaded = NULL;
    libtax_error err;
    size_t n;
    LIBTAX_INIT(err);
    CHECK(strlen(LIBTAX_LONG_TABLES_DIR) > 200);
    CHECK_EQ_I64(load_tables(LIBTAX_LONG_TABLES_DIR, "", &loaded, &err), LIBTAX_ERR_TABLE);
    CHECK(loaded == NULL);
    n = strlen(err.field);
    CHECK_EQ_I64(n, 61);
    CHECK(strncmp(err.field, ellipsis, 3) == 0);
    CHECK(n >= sizeof tail - 1 && strcmp(err.field + n - (sizeof tail - 1), tail) == 0);
    CHECK(strncmp(err.field + 3, "\xe7\xa8\x8e\xe7\x8e\x87\xe8\xa1\xa8", 9) == 0); /* 税率表: whole characters */
    CHECK(strstr(err.message, LIBTAX_LONG_TABLES_DIR) != NULL);
    CHECK(strstr(err.message, tail) != NULL);
    libtax_tables_free(loaded);
}

static void test_loaded_tables(void) {
    libtax_tables* loaded = NULL;
    libtax_error err;
    libtax_comprehensive_income in = headline();
    libtax_annual_tax_result r;
    LIBTAX_INIT(err);
    LIBTAX_INIT(r);
    CHECK_EQ_I64(load_tables(LIBTAX_SOURCE_DIR, "tables", &loaded, &err), LIBTAX_OK);
    if (!loaded) {
        fprintf(stderr, "load failed: %s\n", err.message);
        return;
    }
    CHECK_EQ_I64(libtax_annual_tax(loaded, 2024, &in, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.tax, 22418000);
    libtax_tables_free(loaded);
}

static void start(const libtax_tables* t, int32_t year, int32_t first_month, libtax_withholding_cumulative* state) {
    libtax_withholding_terms terms;
    libtax_error err;
    LIBTAX_INIT(terms);
    LIBTAX_INIT(err);
    LIBTAX_INIT(*state);
    terms.first_month = first_month;
    terms.prior_year_income = LIBTAX_UNSET;
    CHECK_EQ_I64(libtax_withholding_start(t, year, &terms, state, &err), LIBTAX_OK);
}

static void test_withholding(const libtax_tables* t) {
    /* Standard-IIT notes E1 [OFFICIAL-EX months 1-3, DERIVED 4-12] (STA interpretation of
     * Ann. 2018 No. 61): wage 30,000 a month, special deductions 4,500, special additional 2,000. */
    static const long long expected[12] = {55500, 62500, 185000, 185000, 185000, 185000,
                                           185000, 225000, 370000, 370000, 370000, 370000};
    libtax_withholding_cumulative state, batch_before[2];
    libtax_withholding_month m, batch_months[2];
    libtax_withholding_month_result r, batch_out[2];
    libtax_error err;
    long long total = 0;
    int month;
    size_t failed = 0;
    libtax_status st;

    LIBTAX_INIT(err);
    LIBTAX_INIT(r);
    start(t, 2019, 1, &state);
    LIBTAX_INIT(m);
    m.wage = 3000000;
    m.social_insurance = 450000;
    m.special_additional = 200000;
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
    /* A state not started (year 0) with stale cumulative figures is refused, not used: the
     * version-1 interface withheld 3,879,330.00 on a 30,000 wage here. */
    state.year = 0;
    state.last_month = 0;
    m.wage = 3000000;
    CHECK_EQ_I64(libtax_withhold_month(t, 2019, &state, &m, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "before.year") == 0);
    CHECK_EQ_I64(r.withheld, 0);
    state.year = 2019;
    CHECK_EQ_I64(libtax_withhold_month(t, 2019, &state, &m, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "before.last_month") == 0);
    /* A negative wage names its field. */
    start(t, 2019, 1, &state);
    m.wage = -1;
    CHECK_EQ_I64(libtax_withhold_month(t, 2019, &state, &m, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "wage") == 0);
    CHECK_EQ_I64(libtax_withhold_month(t, 2019, NULL, &m, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "before") == 0);

    /* A batch: two employees' January, all or nothing. */
    start(t, 2024, 1, &batch_before[0]);
    start(t, 2024, 1, &batch_before[1]);
    batch_before[1].terms.income = LIBTAX_INCOME_COMMISSIONS;
    LIBTAX_INIT(batch_months[0]);
    LIBTAX_INIT(batch_months[1]);
    batch_months[0].month = batch_months[1].month = 1;
    batch_months[0].wage = 3000000;
    batch_months[0].social_insurance = 450000;
    batch_months[0].special_additional = 200000;
    batch_months[1].wage = 2000000; /* commissions 20,000: x 80% x 75% = 12,000 income amount */
    LIBTAX_INIT(batch_out[0]);
    LIBTAX_INIT(batch_out[1]);
    CHECK_EQ_I64(libtax_withhold_batch(t, 2024, 2, batch_before, batch_months, batch_out, &failed, &err), LIBTAX_OK);
    CHECK_EQ_I64(failed, (size_t)-1);
    CHECK_EQ_I64(batch_out[0].withheld, 55500);
    CHECK_EQ_I64(batch_out[1].cumulative_income, 1200000);
    CHECK_EQ_I64(batch_out[1].withheld, 21000); /* (12,000 - 5,000) x 3% */
    CHECK_EQ_I64(batch_out[1].after.income_num * 1, batch_out[1].after.income_den * 1200000);
    batch_months[1].wage = -5;
    CHECK_EQ_I64(libtax_withhold_batch(t, 2024, 2, batch_before, batch_months, batch_out, &failed, &err), LIBTAX_ERR_INPUT);
    CHECK_EQ_I64(failed, 1);
    CHECK_EQ_I64(batch_out[0].withheld, 0); /* nothing half-done */
}

static void test_talent_relief(const libtax_tables* t) {
    libtax_talent_case c;
    libtax_talent_relief_result r;
    libtax_error err;
    char buffer[16384];
    libtax_text text;
    libtax_status st;
    LIBTAX_INIT(r);
    LIBTAX_INIT(err);

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
    LIBTAX_INIT(text);
    text.buffer = buffer;
    text.capacity = sizeof buffer;
    st = libtax_talent_relief(t, "hainan", 2024, &c, &r, &text, &err);
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
    c.zone_wages = LIBTAX_UNSET;

    /* Every field of the regime input: Hengqin, encouraged industry (Caishui [2022] 19), 2024. */
    libtax_talent_case_init(&c);
    c.identity = LIBTAX_IDENTITY_FOREIGN;
    c.wages = 100000000;
    c.talent_recognised = 1;
    c.encouraged_industry = 1;
    c.social_insurance_months = 6;
    c.contract_years = 1;
    CHECK_EQ_I64(libtax_talent_relief(t, "hengqin", 2024, &c, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.eligible, 1);
    CHECK_EQ_I64(r.amount, 10208000);
    c.encouraged_industry = 0;
    CHECK_EQ_I64(libtax_talent_relief(t, "hengqin", 2024, &c, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.eligible, 0);
    CHECK_EQ_I64(r.amount, 0);
    CHECK_EQ_I64(libtax_talent_relief(t, NULL, 2024, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "regime") == 0);
}

/* C API 3: a non-resident's months, and a caller built against the C API 2 header. */
static void test_talent_case_growth(const libtax_tables* t) {
    libtax_talent_case c;
    libtax_talent_relief_result r;
    libtax_error err;
    unsigned char* old;
    LIBTAX_INIT(r);
    LIBTAX_INIT(err);

    /* tests/cases/regimes.yaml, worked by hand: a foreign non-resident in Hainan, 2021, five months
     * of 20,000 and one of 200,000: tax 80,540.00 against 15% of 270,000, relief 40,040.00; with
     * the large month half from Hainan 18,370.00. */
    libtax_talent_case_init(&c);
    CHECK_EQ_I64(c.months[11].zone_wage, LIBTAX_UNSET);
    c.identity = LIBTAX_IDENTITY_FOREIGN;
    c.resident = 0;
    c.talent_recognised = 1;
    c.social_insurance_exempt = 1;
    c.contract_years = 1;
    c.month_count = 6;
    c.months[0].wage = c.months[1].wage = c.months[2].wage = c.months[3].wage = c.months[4].wage = 2000000;
    c.months[5].wage = 20000000;
    CHECK_EQ_I64(libtax_talent_relief(t, "hainan", 2021, &c, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.tax, 8054000);
    CHECK_EQ_I64(r.amount, 4004000);
    c.months[5].zone_wage = 10000000;
    CHECK_EQ_I64(libtax_talent_relief(t, "hainan", 2021, &c, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.amount, 1837000);
    /* a figure beyond month_count is refused, never ignored; so are 13 months and a bad month */
    c.months[6].wage = 100;
    CHECK_EQ_I64(libtax_talent_relief(t, "hainan", 2021, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "months[7].wage") == 0);
    c.months[6].wage = 0;
    c.month_count = 13;
    CHECK_EQ_I64(libtax_talent_relief(t, "hainan", 2021, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "month_count") == 0);
    c.month_count = 6;
    c.months[5].zone_wage = 20000001;
    CHECK_EQ_I64(libtax_talent_relief(t, "hainan", 2021, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "months[6].zone_wage") == 0);

    /* An older caller: exactly the C API 2 struct (no months), in a buffer of that size only, so
     * nothing beyond it may be read. Hengqin, foreign talent, encouraged industry, 2024: taxable
     * 1,000,000 - 60,000 = 940,000, tax 243,080.00 above 15% x 940,000 = 141,000.00: 102,080.00. */
    libtax_talent_case_init(&c);
    c.identity = LIBTAX_IDENTITY_FOREIGN;
    c.wages = 100000000;
    c.talent_recognised = 1;
    c.encouraged_industry = 1;
    c.social_insurance_exempt = 1;
    c.contract_years = 1;
    CHECK_EQ_I64(libtax_talent_relief(t, "hengqin", 2024, &c, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.amount, 10208000);
    old = (unsigned char*)malloc(LIBTAX_TALENT_CASE_SIZE_V2);
    memcpy(old, &c, LIBTAX_TALENT_CASE_SIZE_V2);
    {
        const uint32_t v2 = LIBTAX_TALENT_CASE_SIZE_V2;
        memcpy(old + offsetof(libtax_talent_case, size), &v2, sizeof v2);
    }
    LIBTAX_INIT(r);
    CHECK_EQ_I64(libtax_talent_relief(t, "hengqin", 2024, (const libtax_talent_case*)old, &r, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(r.amount, 10208000);
    free(old);
    /* a size no header declared is refused, naming it */
    c.size = LIBTAX_TALENT_CASE_SIZE_V2 + 8;
    CHECK_EQ_I64(libtax_talent_relief(t, "hengqin", 2024, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "person.size") == 0);
    c.size = sizeof c;
    /* a newer header's larger struct: zero extra bytes accepted, a set unknown field refused */
    {
        struct {
            libtax_talent_case c;
            int64_t newer_field;
        } grown;
        memset(&grown, 0, sizeof grown);
        grown.c = c;
        grown.c.size = (uint32_t)sizeof grown;
        CHECK_EQ_I64(libtax_talent_relief(t, "hengqin", 2024, &grown.c, &r, NULL, &err), LIBTAX_OK);
        CHECK_EQ_I64(r.amount, 10208000);
        grown.newer_field = 1;
        CHECK_EQ_I64(libtax_talent_relief(t, "hengqin", 2024, &grown.c, &r, NULL, &err), LIBTAX_ERR_INPUT);
        CHECK(strcmp(err.field, "person.size") == 0);
    }
}

/* C API 3: the comparison with a bonus weighed after relief, a place, and the projection. */
static void test_compare_ex(const libtax_tables* t) {
    libtax_talent_case c;
    libtax_relief_options o;
    libtax_regime_option options[16], one;
    libtax_regime_comparison sum;
    libtax_talent_relief_result r;
    libtax_error err;
    char buffer[32768];
    libtax_text text;
    uint64_t i;
    int64_t same_table;
    const libtax_regime_option* h = NULL;
    LIBTAX_INIT(err);
    LIBTAX_INIT(sum);
    for (i = 0; i < 16; ++i) LIBTAX_INIT(options[i]);

    /* tests/cases/choices.yaml's Hainan executive, 2025, bonus 300,000 (worked by hand, as
     * tests/python/test_law_choices.py): before relief separate is cheaper (495,690.00 against
     * 572,100.00), after Hainan's relief merged is (258,313.04 against 270,923.77). */
    libtax_talent_case_init(&c);
    c.identity = LIBTAX_IDENTITY_MAINLAND;
    c.wages = 150000000;
    c.labour = 5000000;
    c.zone_labour = 0;
    c.social_insurance = 4200000;
    c.special_additional = 6000000;
    c.other_deductions = 240000;
    c.days_in_zone = c.actual_days = 200;
    c.talent_recognised = 1;
    libtax_relief_options_init(&o);
    CHECK_EQ_I64(o.zone_bonus, LIBTAX_UNSET);
    o.bonus = 30000000;
    strcpy(o.place, "hainan");
    LIBTAX_INIT(text);
    text.buffer = buffer;
    text.capacity = sizeof buffer;
    CHECK_EQ_I64(libtax_compare_regimes_ex(t, 2025, &c, &o, options, 16, &sum, &text, &err), LIBTAX_OK);
    CHECK(sum.count >= 1 && sum.count <= 16);
    CHECK_EQ_I64(sum.best, 0);
    CHECK_EQ_I64(sum.bonus, 30000000);
    CHECK_EQ_I64(sum.separate_available, 1);
    CHECK_EQ_I64(sum.treatment_without_relief, LIBTAX_BONUS_SEPARATE);
    CHECK_EQ_I64(sum.tax_without_relief, 49569000);
    for (i = 0; i < sum.count && i < 16; ++i)
        if (strcmp(options[i].result.regime, "hainan") == 0) h = &options[i];
    CHECK(h != NULL);
    if (h) {
        CHECK_EQ_I64(h->best, 1);
        CHECK_EQ_I64(h->result.size, sizeof h->result);
        CHECK_EQ_I64(h->bonus_treatment, LIBTAX_BONUS_MERGED);
        CHECK_EQ_I64(h->tax_before_relief, 57210000);
        CHECK_EQ_I64(h->result.amount, 31378696);
        CHECK_EQ_I64(h->tax_after_relief, 25831304);
        CHECK_EQ_I64(h->merged_tax_after_relief, 25831304);
        CHECK_EQ_I64(h->separate_tax_after_relief, 27092377);
        CHECK_EQ_I64(h->bonus_saving, 27092377 - 25831304);
        CHECK_EQ_I64(h->separate_available, 1);
    }
    CHECK(strstr(buffer, "258313.04") != NULL);
    /* the bonus is checked: zone part above the bonus; a non-resident has no bonus choice */
    o.zone_bonus = 30000001;
    CHECK_EQ_I64(libtax_compare_regimes_ex(t, 2025, &c, &o, options, 16, &sum, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "zone_bonus") == 0);
    CHECK_EQ_I64(options[0].result.amount, 0); /* nothing half-done */
    o.zone_bonus = LIBTAX_UNSET;
    strcpy(o.place, "atlantis");
    CHECK_EQ_I64(libtax_compare_regimes_ex(t, 2025, &c, &o, options, 16, &sum, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "place") == 0);
    o.place[0] = '\0';
    options[0].size = 12345; /* never a struct size: refused before any element past the first is touched */
    CHECK_EQ_I64(libtax_compare_regimes_ex(t, 2025, &c, &o, options, 16, &sum, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "options[0].size") == 0);
    LIBTAX_INIT(options[0]);
    o.flags = 64;
    CHECK_EQ_I64(libtax_compare_regimes_ex(t, 2025, &c, &o, options, 16, &sum, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "options.flags") == 0);

    /* Projection: 2027 has no Hong Kong table; the latest (2026/27) carried forward gives the
     * 2026 figure, flagged (tests/python/test_law_projection.py). */
    libtax_talent_case_init(&c);
    c.identity = LIBTAX_IDENTITY_HK;
    c.wages = 100000000;
    c.fx_rate_num = 108;
    c.fx_rate_den = 100;
    c.talent_recognised = 1;
    c.days_in_zone = 250;
    LIBTAX_INIT(r);
    CHECK_EQ_I64(libtax_talent_relief(t, "qianhai", 2026, &c, &r, NULL, &err), LIBTAX_OK);
    same_table = r.amount;
    CHECK(same_table > 0);
    LIBTAX_INIT(one);
    CHECK_EQ_I64(libtax_talent_relief_ex(t, "qianhai", 2027, &c, NULL, &one, NULL, &err), LIBTAX_ERR_COVERAGE);
    CHECK(strcmp(err.field, "hong_kong_year_of_assessment") == 0);
    libtax_relief_options_init(&o);
    o.projection = 1;
    CHECK_EQ_I64(libtax_talent_relief_ex(t, "qianhai", 2027, &c, &o, &one, &text, &err), LIBTAX_OK);
    CHECK_EQ_I64(one.projected, 1);
    CHECK_EQ_I64(one.result.amount, same_table);
    CHECK_EQ_I64(one.tax_after_relief, one.tax_before_relief - same_table);
    CHECK(strstr(buffer, "PROJECTION, not law") != NULL);
    text.language = "zh";
    CHECK_EQ_I64(libtax_talent_relief_ex(t, "qianhai", 2027, &c, &o, &one, &text, &err), LIBTAX_OK);
    CHECK(strstr(buffer, "\xe6\x8e\xa8\xe7\xae\x97") != NULL); /* 推算 */
    text.language = NULL;
    CHECK_EQ_I64(libtax_talent_relief_ex(t, "qianhai", 2026, &c, &o, &one, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(one.projected, 0);
    CHECK_EQ_I64(libtax_compare_regimes_ex(t, 2027, &c, &o, options, 16, &sum, NULL, &err), LIBTAX_OK);
    h = NULL;
    for (i = 0; i < sum.count && i < 16; ++i)
        if (strcmp(options[i].result.regime, "qianhai") == 0) h = &options[i];
    CHECK(h != NULL && h->projected == 1 && h->result.computed == 1 && h->result.amount == same_table);
    /* one regime: the comparison's options are refused, naming them; projection only for burden regimes */
    o.bonus = 100;
    CHECK_EQ_I64(libtax_talent_relief_ex(t, "qianhai", 2027, &c, &o, &one, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "options.bonus") == 0);
    o.bonus = 0;
    CHECK_EQ_I64(libtax_talent_relief_ex(t, "hainan", 2027, &c, &o, &one, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "options.projection") == 0);
    o.size = 4;
    CHECK_EQ_I64(libtax_talent_relief_ex(t, "qianhai", 2027, &c, &o, &one, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "options.size") == 0);
}

static void test_more(const libtax_tables* t) {
    libtax_error err;
    libtax_prepayment_result p;
    libtax_reconciliation_input ri;
    libtax_reconciliation_result rr;
    libtax_talent_case c;
    libtax_talent_relief_result options[32];
    libtax_stay stays[2];
    libtax_nonresident_wages w;
    libtax_nonresident_result nr;
    size_t count = 0, i;
    int32_t best = -2, days = 0;
    LIBTAX_INIT(err);
    LIBTAX_INIT(p);
    LIBTAX_INIT(rr);
    LIBTAX_INIT(nr);

    /* Prepayment on a labour payment of 30,000: 80% = 24,000 x 30% - 2,000 = 5,200.00. */
    CHECK_EQ_I64(libtax_resident_prepayment(t, 2024, LIBTAX_PAYMENT_LABOUR, 3000000, &p, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(p.tax, 520000);
    CHECK_EQ_I64(libtax_resident_prepayment(t, 2024, 7, 3000000, &p, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "kind") == 0);

    /* Reconciliation: the headline income, 200,000 prepaid -> 24,180.00 payable. */
    LIBTAX_INIT(ri);
    ri.income = headline();
    ri.prepaid = 20000000;
    CHECK_EQ_I64(libtax_reconcile(t, 2024, &ri, &rr, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(rr.tax, 22418000);
    CHECK_EQ_I64(rr.balance, 2418000);
    CHECK_EQ_I64(rr.must_file, 1);
    ri.income.size = 0;
    CHECK_EQ_I64(libtax_reconcile(t, 2024, &ri, &rr, NULL, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "input.income.size") == 0);

    /* Regimes compared: Hong Kong resident in Shenzhen (as the Python contract test). */
    libtax_talent_case_init(&c);
    c.identity = LIBTAX_IDENTITY_HK;
    c.wages = 100000000;
    c.talent_recognised = 1;
    strcpy(c.city, "shenzhen");
    c.days_in_zone = 250;
    c.fx_rate_num = 1;
    c.fx_rate_den = 1;
    for (i = 0; i < 32; ++i) LIBTAX_INIT(options[i]);
    CHECK_EQ_I64(libtax_compare_regimes(t, 2024, &c, 0, options, 32, &count, &best, &err), LIBTAX_OK);
    CHECK(count > 1 && count <= 32);
    CHECK_EQ_I64(best, 0);
    CHECK_EQ_I64(options[0].amount, 11352000);
    CHECK(strcmp(options[0].regime, "qianhai") == 0 || strcmp(options[0].regime, "hetao") == 0);
    for (i = 1; i < count && i < 32; ++i) CHECK(options[i].amount <= options[i - 1].amount);
    CHECK_EQ_I64(libtax_compare_regimes(t, 2024, &c, 0, options, 1, &count, &best, &err), LIBTAX_OK);
    CHECK(count > 1); /* the full count, so the caller can retry with more room */

    /* Residence days: a day counts only when in China all 24 hours (MOF/STA 2019 No. 34). */
    LIBTAX_INIT(stays[0]);
    LIBTAX_INIT(stays[1]);
    stays[0].arrival = 20240301;
    stays[0].departure = 20240305; /* 2, 3, 4 March */
    stays[1].arrival = 20240401;
    stays[1].departure = 20240403; /* 2 April */
    CHECK_EQ_I64(libtax_residence_days(t, 2024, stays, 2, &days, &err), LIBTAX_OK);
    CHECK_EQ_I64(days, 4);
    stays[1].departure = 20240231;
    CHECK_EQ_I64(libtax_residence_days(t, 2024, stays, 2, &days, &err), LIBTAX_ERR_INPUT);
    CHECK(strcmp(err.field, "stays[1].departure") == 0);

    /* Non-resident wages all worked in China: (30,000 - 5,000) x 20% - 1,410 = 3,590.00. */
    LIBTAX_INIT(w);
    w.residence_days = 60;
    w.calendar_days = 30;
    w.china_halfdays = 60;
    w.wage_total = 3000000;
    w.wage_domestic = 3000000;
    CHECK_EQ_I64(libtax_nonresident_wage_tax(t, 2024, &w, &nr, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(nr.tax, 359000);
    /* Labour 10,000 to a non-resident: 8,000 x 10% - 210 = 590.00. */
    CHECK_EQ_I64(libtax_nonresident_payment_tax(t, 2024, LIBTAX_PAYMENT_LABOUR, 1000000, &nr, NULL, &err), LIBTAX_OK);
    CHECK_EQ_I64(nr.tax, 59000);
    CHECK_EQ_I64(libtax_nonresident_bonus_tax(t, 2024, 1200000, 0, &nr, NULL, &err), LIBTAX_OK);
    CHECK(nr.tax > 0);
}

static void test_utf8_cut(const libtax_tables* t) {
    /* An error value longer than the struct's 64 bytes is cut between UTF-8 characters. */
    libtax_error err;
    libtax_talent_relief_result r;
    libtax_talent_case c;
    char regime[200];
    size_t n;
    LIBTAX_INIT(err);
    LIBTAX_INIT(r);
    libtax_talent_case_init(&c);
    strcpy(regime, "x");
    for (n = 0; n < 40; ++n) strcat(regime, "\xe6\xa8\xaa"); /* 横 */
    CHECK_EQ_I64(libtax_talent_relief(t, regime, 2024, &c, &r, NULL, &err), LIBTAX_ERR_INPUT);
    n = strlen(err.value);
    CHECK(n > 0 && n < sizeof err.value);
    CHECK(err.value[0] == 0x27 && (n - 2) % 3 == 0); /* quote, x, then whole three-byte characters only */
}

int main(void) {
    libtax_tables* t = NULL;
    libtax_error err;
    LIBTAX_INIT(err);
    if (libtax_tables_builtin(&t, &err) != LIBTAX_OK || !t) {
        fprintf(stderr, "built-in tables: %s\n", err.message);
        return 1;
    }
    test_versions();
    test_annual_tax(t);
    test_explanation(t);
    test_explanation_language(t);
    test_error_language(t);
    test_bonus_and_business(t);
    test_errors(t);
    test_long_table_path();
    test_loaded_tables();
    test_withholding(t);
    test_talent_relief(t);
    test_talent_case_growth(t);
    test_compare_ex(t);
    test_more(t);
    test_utf8_cut(t);
    libtax_tables_free(t);
    printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
