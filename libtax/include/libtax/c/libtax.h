/** @file
 * libtax/c/libtax.h - the C interface of libtax, for payroll systems in other languages
 * (Java via JNA/Panama, C# via P/Invoke, Go via cgo, ...).
 *
 * Stable, plain C: every amount is an int64_t number of fen (1 yuan = 100 fen); structs hold
 * only integers and fixed-size char arrays; no C++ exception ever crosses this boundary. Every
 * function returns a libtax_status (LIBTAX_OK = 0) and, when `err` is not NULL, fills it with
 * the failing field, the value and a readable message ("wages = -1.00: must not be negative"),
 * written in the call's language (see libtax_set_language).
 * On failure the result struct is left zeroed: never a half-computed result.
 *
 * Every struct begins with `uint32_t size`, which the caller sets to sizeof the struct as its
 * header declares it (LIBTAX_INIT does that and zeroes the rest). The library refuses a size
 * smaller than its own (LIBTAX_ERR_INPUT, field "<struct>.size") and, for inputs, a larger one
 * whose extra bytes are not zero (fields of a newer header it does not know; the error names
 * "<struct>.size": an unknown field is never ignored silently). An input struct that grew
 * (libtax_talent_case, libtax_text) also accepts each size an older header declared: the fields
 * that older header did not have take their defaults (e.g. no `months`), and nothing beyond the
 * caller's `size` is read. Structs thus grow at the end without breaking callers built against an
 * older header.
 *
 * Thread safety: a libtax_tables handle is immutable once created; any number of threads may
 * compute against one handle at the same time. Each call uses only its own arguments, so
 * different threads must pass different result and error structs. Creating and freeing
 * handles is thread-safe too; freeing a handle while another thread still uses it is not.
 *
 * Library: link libtax_c (CMake: libtax::libtax_c), a shared library exporting only the
 * libtax_* symbols below.
 */
#ifndef LIBTAX_C_LIBTAX_H
#define LIBTAX_C_LIBTAX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(_WIN32)
#  if defined(LIBTAX_C_BUILDING)
#    define LIBTAX_C_API __declspec(dllexport)
#  else
#    define LIBTAX_C_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define LIBTAX_C_API __attribute__((visibility("default")))
#else
#  define LIBTAX_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Version of this C interface; bumped when functions are added or a struct or signature
 *  changes (3: libtax_talent_case's `months`, libtax_talent_relief_ex, libtax_compare_regimes_ex).
 *  It is also the shared library's SONAME version (libtax_c.so.3). */
#define LIBTAX_C_API_VERSION 3

/** Zeroes a struct and sets its `size`: `libtax_annual_tax_result r; LIBTAX_INIT(r);` */
#define LIBTAX_INIT(s) (memset(&(s), 0, sizeof(s)), (s).size = (uint32_t)sizeof(s))

/** A count, day number or zone amount not given (the C++ std::nullopt). */
#define LIBTAX_UNSET (-1)

/** What went wrong. Values are stable and never reused. */
typedef enum libtax_status {
    LIBTAX_OK = 0,
    LIBTAX_ERR_INPUT = 1,         /**< bad input: err->field names it (a NULL pointer and a wrong struct size included) */
    LIBTAX_ERR_RANGE = 2,         /**< an amount beyond the supported range (+/-10^15 yuan) */
    LIBTAX_ERR_COVERAGE = 3,      /**< a tax year or date no loaded table covers */
    LIBTAX_ERR_NOT_AVAILABLE = 4, /**< a legal option that does not exist then (e.g. bonus outside its window) */
    LIBTAX_ERR_TABLE = 5,         /**< a malformed table file: err->field is "file:line: key" (its end, after "…", when longer; the full path is in err->message) */
    LIBTAX_ERR_INTERNAL = 99      /**< anything else (out of memory, ...): err->message says what */
} libtax_status;

/** Filled on failure when passed (with its size set); zeroed but for `size` on success. The
 *  texts are UTF-8, NUL-terminated, and cut only between characters when too long. */
typedef struct libtax_error {
    uint32_t size;
    int32_t code;        /**< a libtax_status */
    char field[64];      /**< the input field or table key at fault ("wages", "year"); a table error's "file:line: key" too long for it keeps its end: "…cn/2024.yaml:3: key" */
    char value[64];      /**< the offending value as text (may be cut) */
    char message[512];   /**< the full message (may be cut) */
} libtax_error;

/** An immutable set of yearly tables. Opaque. */
typedef struct libtax_tables libtax_tables;

/** Optional explanation output: pass NULL to skip (batch runs pay nothing). When given, the
 *  readable steps of the calculation (with their legal sources) are written to `buffer`,
 *  NUL-terminated and cut (between UTF-8 characters) to `capacity`; `length` receives the full
 *  length without the NUL, so a caller can retry with a larger buffer.
 *
 *  `language` chooses the language of the explanation: "zh" (Chinese: the statute's terms and
 *  Chinese document numbers, e.g. 《中华人民共和国个人所得税法》第六条, 财税〔2019〕31号), "en"
 *  (English) or "both" (each line in Chinese, then in English); NULL or "" is the process language
 *  (libtax_set_language; English unless set), and so is a struct whose `size` predates the field
 *  (it is still accepted). Another value is LIBTAX_ERR_INPUT naming "explanation.language". The
 *  call's error message (libtax_error.message) is written in the same language. */
typedef struct libtax_text {
    uint32_t size;
    char* buffer;
    size_t capacity;
    size_t length;
    const char* language;  /**< "zh", "en", "both"; NULL: the process language (libtax_set_language) */
} libtax_text;

/** The version of libtax itself, e.g. "0.1.0" (static storage). */
LIBTAX_C_API const char* libtax_version(void);
/** LIBTAX_C_API_VERSION of the library actually linked. */
LIBTAX_C_API int libtax_c_api_version(void);
/** A short name of a status ("input", "coverage", ...) (static storage). */
LIBTAX_C_API const char* libtax_status_name(libtax_status status);

/** The process-wide language of error messages and explanations: "zh" (Chinese), "en" (English,
 *  the default) or "both" (the Chinese line, then the English one); NULL or "" is "en". Another
 *  value is LIBTAX_ERR_INPUT naming "language" (the setting is then unchanged). It applies to
 *  every call's libtax_error.message, except that a call given a libtax_text with its own
 *  `language` writes its message in that language; and to every explanation whose `language` is
 *  NULL or "". libtax_error.field and .value are never translated (they name the input and its
 *  value verbatim); a message the catalogue has no template for keeps its English problem inside
 *  the Chinese frame ("year = 2018：..."). Thread-safe; meant to be set once at start-up. */
LIBTAX_C_API libtax_status libtax_set_language(const char* language, libtax_error* err);
/** The process-wide language set by libtax_set_language: "zh", "en" or "both" (static storage). */
LIBTAX_C_API const char* libtax_get_language(void);

/* ---- tables -------------------------------------------------------------------------------- */

/** The tables built into the library (tables/cn/2019-2027 and the regimes). `*out` is written
 *  only on success: a failure leaves the caller's handle as it was. */
LIBTAX_C_API libtax_status libtax_tables_builtin(libtax_tables** out, libtax_error* err);
/** Loads a directory laid out like the repository's tables/ (what-if tables). A bad file is
 *  LIBTAX_ERR_TABLE naming file:line and key; `*out` is written only on success. */
LIBTAX_C_API libtax_status libtax_tables_load(const char* directory, libtax_tables** out, libtax_error* err);
/** 1 when the tables cover `year`, else 0. */
LIBTAX_C_API int libtax_tables_covers(const libtax_tables* tables, int32_t year);
/** Releases a handle (NULL is fine). */
LIBTAX_C_API void libtax_tables_free(libtax_tables* tables);

/* ---- annual tax on comprehensive income (resident) ----------------------------------------- */

/** A resident's comprehensive income and deductions for one tax year, in fen
 *  (C++ ComprehensiveIncome with its ComprehensiveReceipts). */
typedef struct libtax_comprehensive_income {
    uint32_t size;
    int64_t wages;               /**< wages and salaries (工资薪金), the whole year */
    int64_t labour;              /**< labour remuneration (劳务报酬), gross */
    int64_t author;              /**< author's remuneration (稿酬), gross */
    int64_t royalties;           /**< royalties (特许权使用费), gross */
    int64_t commissions;         /**< insurance agents' / securities brokers' commissions (佣金), gross */
    int64_t social_insurance;    /**< special deductions: employee social insurance and housing fund */
    int64_t special_additional;  /**< special additional deductions, total for the year */
    int64_t other_deductions;    /**< other deductions set by law */
} libtax_comprehensive_income;

typedef struct libtax_annual_tax_result {
    uint32_t size;
    int32_t year;
    int32_t bracket;            /**< 0-based row of the annual schedule; -1 when nothing is taxable */
    int64_t rate_num;           /**< the bracket's rate as an exact fraction rate_num / rate_den */
    int64_t rate_den;
    int64_t quick_deduction;    /**< fen */
    int64_t basic_deduction;    /**< fen */
    int64_t income_amount;      /**< fen, for display: half-up of the exact amount (80%/56% shares can leave a fraction of a fen) */
    int64_t taxable_income;     /**< fen, for display: half-up of the exact amount the tax is computed on */
    int64_t tax;                /**< fen: the tax, computed exactly and rounded half-up once */
} libtax_annual_tax_result;

LIBTAX_C_API libtax_status libtax_annual_tax(const libtax_tables* tables, int32_t year,
                                             const libtax_comprehensive_income* income,
                                             libtax_annual_tax_result* out, libtax_text* explanation,
                                             libtax_error* err);

/* ---- annual one-time bonus ----------------------------------------------------------------- */

typedef struct libtax_bonus_result {
    uint32_t size;
    int32_t year;
    int32_t bracket;            /**< row of the monthly-converted schedule */
    int64_t rate_num, rate_den;
    int64_t quick_deduction;    /**< fen */
    int64_t tax;                /**< fen */
} libtax_bonus_result;

/** The bonus taxed separately (paid on 31 December of `year`); LIBTAX_ERR_NOT_AVAILABLE outside
 *  the legal window. */
LIBTAX_C_API libtax_status libtax_bonus_tax(const libtax_tables* tables, int32_t year, int64_t bonus,
                                            libtax_bonus_result* out, libtax_text* explanation,
                                            libtax_error* err);

typedef struct libtax_bonus_comparison {
    uint32_t size;
    int32_t separate_is_cheaper; /**< 1 or 0 (ties favour merging) */
    int64_t separate_total;      /**< tax on other income + bonus taxed separately, fen */
    int64_t merged_total;        /**< tax with the bonus merged into wages, fen */
    int64_t saving;              /**< what the cheaper choice saves, fen */
} libtax_bonus_comparison;

LIBTAX_C_API libtax_status libtax_compare_bonus(const libtax_tables* tables, int32_t year,
                                                const libtax_comprehensive_income* income, int64_t bonus,
                                                libtax_bonus_comparison* out, libtax_text* explanation,
                                                libtax_error* err);

/* ---- prepayment on a single payment (resident) --------------------------------------------- */

typedef enum libtax_payment_kind {
    LIBTAX_PAYMENT_LABOUR = 0,     /**< labour remuneration (劳务报酬) */
    LIBTAX_PAYMENT_AUTHOR = 1,     /**< author's remuneration (稿酬) */
    LIBTAX_PAYMENT_ROYALTIES = 2   /**< royalties (特许权使用费) */
} libtax_payment_kind;

typedef struct libtax_prepayment_result {
    uint32_t size;
    int32_t year;
    int32_t kind;               /**< a libtax_payment_kind */
    int32_t reserved;
    int64_t payment;            /**< fen */
    int64_t expense;            /**< the expense deducted (800 or 20%), fen */
    int64_t taxable;            /**< for display: half-up of the exact prepayment taxable amount */
    int64_t rate_num, rate_den;
    int64_t quick_deduction;
    int64_t tax;                /**< the prepayment withheld, fen */
} libtax_prepayment_result;

/** The prepayment an agent withholds on one payment to a resident (STA Ann. 2018 No. 61 art. 8). */
LIBTAX_C_API libtax_status libtax_resident_prepayment(const libtax_tables* tables, int32_t year, int32_t kind,
                                                      int64_t amount, libtax_prepayment_result* out,
                                                      libtax_text* explanation, libtax_error* err);

/* ---- business income ----------------------------------------------------------------------- */

typedef struct libtax_business_result {
    uint32_t size;
    int32_t year;
    int32_t bracket;
    int64_t rate_num, rate_den;
    int64_t quick_deduction;    /**< fen */
    int64_t tax;                /**< fen */
} libtax_business_result;

LIBTAX_C_API libtax_status libtax_business_tax(const libtax_tables* tables, int32_t year,
                                               int64_t taxable_income, libtax_business_result* out,
                                               libtax_text* explanation, libtax_error* err);

/* ---- cumulative withholding (STA Announcement 2018 No. 61 art. 6) --------------------------- */

/** What the cumulative method is applied to. */
typedef enum libtax_income_kind {
    LIBTAX_INCOME_WAGES = 0,              /**< wages and salaries */
    LIBTAX_INCOME_CONTINUOUS_LABOUR = 1,  /**< interns' continuous labour remuneration (STA 2020 No. 13) */
    LIBTAX_INCOME_COMMISSIONS = 2         /**< insurance agents' / securities brokers' commissions (Caishui [2018] 164) */
} libtax_income_kind;

/** The terms of one employee's run at one agent for the year (C++ WithholdingTerms). */
typedef struct libtax_withholding_terms {
    uint32_t size;
    int32_t first_month;            /**< calendar month (1-12) employment at this agent began */
    int32_t income;                 /**< a libtax_income_kind */
    int32_t first_wages_this_year;  /**< 1: no wages earlier this year (STA 2020 No. 13), else 0 */
    int32_t prior_year_low_income;  /**< 1: prior-year low earner at this agent (STA 2020 No. 19), else 0 */
    int64_t prior_year_income;      /**< fen, checked against the low-earner limit; LIBTAX_UNSET: not given */
} libtax_withholding_terms;

/** What a payroll system stores per employee and agent between months: the terms and the
 *  cumulative figures after the last month withheld (C++ WithholdingState). Create it with
 *  libtax_withholding_start(); pass the `after` of each month's result back next month. The
 *  library checks a state before using it: figures of a run not started, of another year,
 *  negative, or contradicting each other are LIBTAX_ERR_INPUT naming the field. */
typedef struct libtax_withholding_cumulative {
    uint32_t size;
    int32_t year;                   /**< tax year of the run */
    libtax_withholding_terms terms;
    int32_t last_month;             /**< last calendar month withheld; 0 before the first */
    int32_t bonus_taxed_separately; /**< 1 once an annual bonus was taxed separately this year */
    int64_t income_num, income_den; /**< cumulative income amount in fen, exact: income_num / income_den */
    int64_t gross;                  /**< cumulative gross pay (wages incl. a merged bonus, or labour / commissions), fen */
    int64_t exempt_income;          /**< cumulative tax-exempt income, fen */
    int64_t social_insurance;       /**< cumulative special deductions, fen */
    int64_t special_additional;     /**< cumulative special additional deductions, fen */
    int64_t other_deductions;       /**< cumulative other deductions, fen */
    int64_t tax_reductions;         /**< cumulative tax reductions, fen */
    int64_t withheld;               /**< withheld so far by the cumulative method, fen */
    int64_t bonus_withheld;         /**< withheld on a separately taxed annual bonus, fen */
    int64_t bonus_separate;         /**< the annual bonus taxed separately, fen */
} libtax_withholding_cumulative;

/** One month's pay and claims at the agent, fen (C++ MonthInput). */
typedef struct libtax_withholding_month {
    uint32_t size;
    int32_t month;                  /**< calendar month 1-12, after the last one withheld */
    int32_t bonus_merged;           /**< 1: an annual bonus paid this month is merged into wages; 0: taxed separately */
    int64_t wage;                   /**< the month's wages (or gross labour remuneration / commissions) without an annual bonus */
    int64_t exempt_income;          /**< the tax-exempt part of `wage` */
    int64_t social_insurance;
    int64_t special_additional;
    int64_t other_deductions;
    int64_t tax_reductions;
    int64_t bonus;                  /**< annual one-time bonus paid this month (0: none) */
} libtax_withholding_month;

typedef struct libtax_withholding_month_result {
    uint32_t size;
    int32_t month;
    int32_t months_at_agent;            /**< months counted for the basic deduction */
    int32_t bracket;                    /**< row of the annual schedule; -1 nothing taxable */
    int64_t rate_num, rate_den;
    int64_t quick_deduction;
    int64_t cumulative_basic_deduction;
    int64_t cumulative_income;          /**< for display: half-up of the exact cumulative income amount */
    int64_t cumulative_taxable;         /**< for display: half-up of the exact figure */
    int64_t cumulative_tax;
    int64_t withheld_before;            /**< actually withheld in the earlier months */
    int64_t pay_withholding;            /**< cumulative-method withholding this month (never negative) */
    int64_t excess_withheld;            /**< withheld so far beyond the cumulative tax due (not refunded by the agent) */
    int64_t bonus_withholding;          /**< separate tax on a bonus paid this month */
    int64_t withheld;                   /**< total withheld this month */
    libtax_withholding_cumulative after;/**< store this; pass it as `before` next month */
} libtax_withholding_month_result;

/** Starts a run for `year`: checks the terms against the rules in force and writes the state
 *  before the first month to `out`. */
LIBTAX_C_API libtax_status libtax_withholding_start(const libtax_tables* tables, int32_t year,
                                                    const libtax_withholding_terms* terms,
                                                    libtax_withholding_cumulative* out, libtax_error* err);

/** Withholds one month by the cumulative method given the state after the earlier months.
 *  LIBTAX_ERR_NOT_AVAILABLE when a rule is not in force. */
LIBTAX_C_API libtax_status libtax_withhold_month(const libtax_tables* tables, int32_t year,
                                                 const libtax_withholding_cumulative* before,
                                                 const libtax_withholding_month* month,
                                                 libtax_withholding_month_result* out, libtax_text* explanation,
                                                 libtax_error* err);

/** A batch: `count` employees, each one month (before[i], months[i] -> out[i]). All or nothing:
 *  on the first failure every out[i] is zeroed, `*failed` (when not NULL) is its index and err
 *  describes it; on success `*failed` is (size_t)-1. */
LIBTAX_C_API libtax_status libtax_withhold_batch(const libtax_tables* tables, int32_t year, size_t count,
                                                 const libtax_withholding_cumulative* before,
                                                 const libtax_withholding_month* months,
                                                 libtax_withholding_month_result* out, size_t* failed,
                                                 libtax_error* err);

/* ---- annual reconciliation (汇算清缴) ------------------------------------------------------- */

/** The year's figures for the reconciliation (C++ ReconciliationInput). */
typedef struct libtax_reconciliation_input {
    uint32_t size;
    int32_t agent_failed_to_withhold;  /**< 1: an agent did not withhold as required (no exemption) */
    libtax_comprehensive_income income;/**< all payers' receipts and all deductions (set its size too) */
    int64_t prepaid;                   /**< all tax withheld or prepaid, including on the bonus, fen */
    int64_t bonus;                     /**< annual one-time bonus of the year (not in income.wages), fen */
    int64_t tax_reductions;            /**< tax reductions for the year, fen */
} libtax_reconciliation_input;

typedef enum libtax_bonus_treatment {
    LIBTAX_BONUS_NONE = 0, LIBTAX_BONUS_SEPARATE = 1, LIBTAX_BONUS_MERGED = 2
} libtax_bonus_treatment;

typedef struct libtax_reconciliation_result {
    uint32_t size;
    int32_t year;
    int32_t bonus_treatment;        /**< a libtax_bonus_treatment: the cheaper one */
    int32_t must_file;              /**< tax is payable and no exemption applies */
    int32_t exempt_from_paying;     /**< payable, but an exemption lets the taxpayer skip it */
    int32_t refund_due;             /**< prepaid more than the tax */
    int64_t comprehensive_tax;      /**< tax on comprehensive income (the bonus inside when merged) */
    int64_t bonus_tax;              /**< separate bonus tax (0 unless separate) */
    int64_t tax_before_reductions;
    int64_t tax;                    /**< after reductions, never negative */
    int64_t prepaid;
    int64_t balance;                /**< tax - prepaid: positive payable, negative refund */
    int64_t income_for_exemption;   /**< the income the 120,000 test compares */
} libtax_reconciliation_result;

LIBTAX_C_API libtax_status libtax_reconcile(const libtax_tables* tables, int32_t year,
                                            const libtax_reconciliation_input* input,
                                            libtax_reconciliation_result* out, libtax_text* explanation,
                                            libtax_error* err);

/* ---- talent-regime relief ------------------------------------------------------------------ */

/** Who the taxpayer is, for the regimes' identity rules. */
typedef enum libtax_identity {
    LIBTAX_IDENTITY_FOREIGN = 0,
    LIBTAX_IDENTITY_HK = 1,
    LIBTAX_IDENTITY_MACAO = 2,
    LIBTAX_IDENTITY_TAIWAN = 3,
    LIBTAX_IDENTITY_MAINLAND = 4
} libtax_identity;

/** One month of a non-resident's China-sourced wages (C++ WageMonth), fen: an element of
 *  libtax_talent_case.months, versioned with that struct (no size of its own). */
typedef struct libtax_wage_month {
    int64_t wage;        /**< the month's China-sourced wages */
    int64_t zone_wage;   /**< its part from the zone; LIBTAX_UNSET: all of it */
} libtax_wage_month;

/** One taxpayer-year as the regimes see it (every field of C++ TalentCase). Amounts in fen.
 *  Initialise with libtax_talent_case_init() (size set, every optional field LIBTAX_UNSET,
 *  resident 1), then fill. */
typedef struct libtax_talent_case {
    uint32_t size;
    int32_t identity;                /**< a libtax_identity */
    int32_t resident;                /**< 1: resident of the Mainland for the year (183-day rule) */
    int32_t wage_months;             /**< non-residents: months of China-sourced wages (1-12), or LIBTAX_UNSET */
    int32_t talent_recognised;       /**< 1: recognised by the zone's talent rules */
    int32_t days_in_zone;            /**< days counted by the zone's rules, or LIBTAX_UNSET */
    int32_t actual_days;             /**< days actually present, or LIBTAX_UNSET (= days_in_zone) */
    int32_t social_insurance_months; /**< months of social insurance paid in the zone, or LIBTAX_UNSET */
    int32_t social_insurance_exempt; /**< 1: overseas talent who cannot join Mainland social insurance */
    int32_t contract_years;          /**< labour contract term with a zone unit, or LIBTAX_UNSET */
    int32_t encouraged_industry;     /**< 1 / 0: in the zone's encouraged-industry catalogue (Hengqin), or LIBTAX_UNSET */
    int64_t wages, labour, author, royalties, commissions;  /**< gross receipts of the year, whole of China */
    int64_t business_taxable_income;
    int64_t social_insurance, special_additional, other_deductions;
    int64_t talent_subsidy;          /**< talent-programme subsidy received in the year */
    int64_t zone_wages, zone_labour, zone_author, zone_royalties, zone_business_taxable_income; /**< or LIBTAX_UNSET: all */
    int64_t tax_paid_in_zone;        /**< comprehensive-income tax actually paid in the zone, or LIBTAX_UNSET */
    int64_t business_tax_paid_in_zone; /**< business-income tax actually paid in the zone, or LIBTAX_UNSET */
    int64_t fx_rate_num, fx_rate_den;/**< HKD or MOP per CNY as an exact fraction (e.g. 109/100); 0/0: none */
    int64_t mpf_contributions;       /**< Hong Kong MPF mandatory contributions, HKD fen */
    char special_industry[32];       /**< e.g. "shipping" (Hainan special-industry route) or "" */
    char city[32];                   /**< city rules ("guangzhou", "shenzhen") or "" */
    /* C API 3: appended. A caller's struct of the C API 2 size (LIBTAX_TALENT_CASE_SIZE_V2) is
     * still accepted, without months. */
    int32_t month_count;             /**< non-residents: entries of `months` given (0-12); 0: none */
    int32_t reserved;                /**< 0 */
    libtax_wage_month months[12];    /**< non-residents: each month's China-sourced wages, in order */
} libtax_talent_case;

/** sizeof(libtax_talent_case) of the C API 2 header (before `months`): still accepted. */
#define LIBTAX_TALENT_CASE_SIZE_V2 ((uint32_t)offsetof(libtax_talent_case, month_count))

typedef struct libtax_talent_relief_result {
    uint32_t size;
    int32_t eligible;       /**< 1 when in period and every rule passed */
    int32_t enacted;        /**< 0: a what-if model of an announced policy, not law */
    int32_t in_period;      /**< a version of the regime covers the year */
    int32_t subsidy;        /**< 1: a subsidy paid later; 0: an exemption claimed at reconciliation */
    int32_t capped;
    int32_t unconfirmed;    /**< an UNCONFIRMED reading of the rules was used */
    int32_t computed;       /**< comparison only: 0 when eligible but an input (e.g. fx_rate) is missing */
    int64_t tax;            /**< IIT on the items the regime covers, fen */
    int64_t amount;         /**< the relief, fen; 0 when not eligible */
    char code[64];          /**< "ok", "period.outside", or the first failed rule's code */
    char regime[64];        /**< the regime id */
} libtax_talent_relief_result;

/** Sets `size`, every optional field of `c` to LIBTAX_UNSET (each month's zone_wage included),
 *  `resident` to 1 and the rest to zero. */
LIBTAX_C_API void libtax_talent_case_init(libtax_talent_case* c);

/** The relief of `regime` ("gba", "hainan", "qianhai", "hengqin-macao", ...) for one
 *  taxpayer-year. Not eligible is not an error (eligible 0, code says why; the explanation gives
 *  every rule's reason). LIBTAX_ERR_INPUT for an unknown regime or a missing input such as the
 *  fx rate. */
LIBTAX_C_API libtax_status libtax_talent_relief(const libtax_tables* tables, const char* regime, int32_t year,
                                                const libtax_talent_case* person,
                                                libtax_talent_relief_result* out, libtax_text* explanation,
                                                libtax_error* err);

/** Flags of libtax_compare_regimes. */
#define LIBTAX_COMPARE_INCLUDE_INELIGIBLE 1  /**< also list regimes the person does not qualify for */
#define LIBTAX_COMPARE_INCLUDE_WHAT_IF 2     /**< also list what-if regimes (not enacted) */

/** Every regime of the tables for one taxpayer-year, ranked (computed eligible by amount, then
 *  the rest), into `options[0..capacity)`; `*count` receives how many there are (retry with a
 *  larger array when it exceeds `capacity`), `*best` the index of the best legal choice or -1. */
LIBTAX_C_API libtax_status libtax_compare_regimes(const libtax_tables* tables, int32_t year,
                                                  const libtax_talent_case* person, int32_t flags,
                                                  libtax_talent_relief_result* options, size_t capacity,
                                                  size_t* count, int32_t* best, libtax_error* err);

/* ---- talent relief and comparison with options (C API 3) -------------------------------------- */

/** Options of libtax_talent_relief_ex and libtax_compare_regimes_ex. Initialise with
 *  libtax_relief_options_init() (size set, zone_bonus LIBTAX_UNSET, the rest zero). */
typedef struct libtax_relief_options {
    uint32_t size;
    int32_t flags;       /**< comparison: LIBTAX_COMPARE_* bits; must be 0 for a single regime */
    int32_t projection;  /**< 1: a year with no published Hong Kong / Macao table carries the latest
                              one forward (a projection, not law, labelled in the explanation and
                              `projected`); 0: such a regime is LIBTAX_ERR_COVERAGE (single) or not computed (comparison) */
    int32_t reserved;    /**< 0 */
    int64_t bonus;       /**< comparison: an annual one-time bonus of the year (residents; not in wages),
                              fen, weighed taxed separately against merged after each regime's relief; 0: none */
    int64_t zone_bonus;  /**< comparison: its part from the zone, fen; LIBTAX_UNSET: all of it */
    char place[32];      /**< comparison: place of work, a city or zone id ("shenzhen", "qianhai"); "": not checked */
} libtax_relief_options;

/** One regime under the bonus treatment chosen after its relief (C++ RegimeOption). Amounts in
 *  fen; a tax that cannot be computed (an input such as the fx rate missing) is LIBTAX_UNSET. */
typedef struct libtax_regime_option {
    uint32_t size;
    int32_t bonus_treatment;           /**< LIBTAX_BONUS_SEPARATE or LIBTAX_BONUS_MERGED: the cheaper after relief (ties: merged) */
    int32_t best;                      /**< 1: the best legal choice of the comparison */
    int32_t projected;                 /**< 1: a Hong Kong / Macao table was carried forward (projection, not law) */
    int32_t separate_available;        /**< 1: separate taxation of the bonus was weighed (a bonus, inside its window) */
    int32_t separate_computed;         /**< the separate alternative's relief was computed */
    int32_t merged_computed;           /**< the merged alternative's relief was computed */
    int64_t tax_before_relief;         /**< the person's whole tax of the year under the chosen treatment */
    int64_t tax_after_relief;          /**< ... less this regime's relief */
    int64_t bonus_saving;              /**< what the chosen treatment saves against the other (0 without a choice) */
    int64_t separate_relief;           /**< bonus taxed separately: the relief (0 when not available) */
    int64_t separate_tax_after_relief; /**< ... and the whole tax after it (LIBTAX_UNSET when not available) */
    int64_t merged_relief;             /**< bonus merged into wages: the relief */
    int64_t merged_tax_after_relief;   /**< ... and the whole tax after it */
    char excludes[128];                /**< regimes that cannot be claimed the same year, comma-separated */
    libtax_talent_relief_result result;/**< the relief under the chosen treatment (its own size set) */
} libtax_regime_option;

/** The comparison as a whole (C++ RegimeComparison). */
typedef struct libtax_regime_comparison {
    uint32_t size;
    int32_t best;                      /**< index of the best legal choice in the options, or -1 */
    int32_t separate_available;        /**< separate taxation of the bonus is open that year (and a bonus given) */
    int32_t treatment_without_relief;  /**< LIBTAX_BONUS_SEPARATE or _MERGED: the cheaper without any regime */
    int64_t bonus;                     /**< the bonus weighed, fen */
    int64_t tax_without_relief;        /**< the whole tax of the year without any regime; LIBTAX_UNSET: not computable */
    uint64_t count;                    /**< options in all (more than `capacity`: retry with a larger array) */
} libtax_regime_comparison;

/** Sets `size`, zone_bonus to LIBTAX_UNSET and the rest to zero. */
LIBTAX_C_API void libtax_relief_options_init(libtax_relief_options* options);

/** libtax_talent_relief with options (NULL: the defaults): `projection` only (flags, bonus,
 *  zone_bonus and place are the comparison's: non-zero is LIBTAX_ERR_INPUT naming the field).
 *  `out` also gets the whole tax before and after the relief and `projected`. */
LIBTAX_C_API libtax_status libtax_talent_relief_ex(const libtax_tables* tables, const char* regime, int32_t year,
                                                   const libtax_talent_case* person, const libtax_relief_options* options,
                                                   libtax_regime_option* out, libtax_text* explanation, libtax_error* err);

/** libtax_compare_regimes with options (NULL: the defaults): the bonus weighed separate against
 *  merged on the tax after each regime's relief (MOF/STA Announcement 2023 No. 30 art. 1), the
 *  place of work, the projection. Ranked into `out[0..capacity)` (each element's size set,
 *  LIBTAX_INIT; the array's stride is out[0].size, so a newer header's larger element works);
 *  `summary` (required) gets the count, the best index and the tax without relief;
 *  `explanation` the comparison's steps. On failure every element and the summary are zeroed. */
LIBTAX_C_API libtax_status libtax_compare_regimes_ex(const libtax_tables* tables, int32_t year,
                                                     const libtax_talent_case* person, const libtax_relief_options* options,
                                                     libtax_regime_option* out, size_t capacity,
                                                     libtax_regime_comparison* summary, libtax_text* explanation,
                                                     libtax_error* err);

/* ---- individuals without domicile ----------------------------------------------------------- */

/** One stay in China; dates as YYYYMMDD (20240301). */
typedef struct libtax_stay {
    uint32_t size;
    int32_t arrival;
    int32_t departure;
} libtax_stay;

/** Residence days in `year` (a day counts only when in China all 24 hours; MOF/STA 2019 No. 34). */
LIBTAX_C_API libtax_status libtax_residence_days(const libtax_tables* tables, int32_t year, const libtax_stay* stays,
                                                 size_t count, int32_t* days, libtax_error* err);

/** One month's wages of a non-resident (C++ MonthlyWages, plus the residence days). */
typedef struct libtax_nonresident_wages {
    uint32_t size;
    int32_t residence_days;     /**< in the tax year (below the resident threshold) */
    int32_t senior_manager;     /**< 1: a senior manager of a domestic employer */
    int32_t calendar_days;      /**< days of the wage period */
    int64_t china_halfdays;     /**< China working days x 2 (half days allowed: 14.5 days = 29) */
    int64_t wage_total;         /**< wages paid in and outside China, fen */
    int64_t wage_domestic;      /**< paid or borne by a domestic employer, fen */
} libtax_nonresident_wages;

typedef struct libtax_nonresident_result {
    uint32_t size;
    int32_t bracket;            /**< row of the monthly schedule; -1 nothing taxable */
    int64_t income;             /**< for display: half-up of the exact income amount */
    int64_t deduction;          /**< 5,000 for wages; 0 otherwise */
    int64_t taxable;            /**< for display: half-up of the exact taxable amount */
    int64_t rate_num, rate_den;
    int64_t quick_deduction;
    int64_t tax;                /**< fen */
} libtax_nonresident_result;

LIBTAX_C_API libtax_status libtax_nonresident_wage_tax(const libtax_tables* tables, int32_t year,
                                                       const libtax_nonresident_wages* wages,
                                                       libtax_nonresident_result* out, libtax_text* explanation,
                                                       libtax_error* err);
/** A non-resident's tax on one payment; `kind` a libtax_payment_kind. */
LIBTAX_C_API libtax_status libtax_nonresident_payment_tax(const libtax_tables* tables, int32_t year, int32_t kind,
                                                          int64_t amount, libtax_nonresident_result* out,
                                                          libtax_text* explanation, libtax_error* err);
/** A non-resident's annual bonus (its China-sourced part), `earlier_this_year` bonuses taxed before. */
LIBTAX_C_API libtax_status libtax_nonresident_bonus_tax(const libtax_tables* tables, int32_t year, int64_t bonus,
                                                        int32_t earlier_this_year, libtax_nonresident_result* out,
                                                        libtax_text* explanation, libtax_error* err);

#ifdef __cplusplus
}
#endif

#endif /* LIBTAX_C_LIBTAX_H */
