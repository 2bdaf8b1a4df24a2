/** @file
 * libtax/c/libtax.h - the C interface of libtax, for payroll systems in other languages
 * (Java via JNA/Panama, C# via P/Invoke, Go via cgo, ...).
 *
 * Stable, plain C: every amount is an int64_t number of fen (1 yuan = 100 fen); structs hold
 * only integers and fixed-size char arrays; no C++ exception ever crosses this boundary. Every
 * function returns a libtax_status (LIBTAX_OK = 0) and, when `err` is not NULL, fills it with
 * the failing field, the value and a readable message ("wages = -1.00: must not be negative").
 * On failure the result struct is left zeroed: never a half-computed result.
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

/** Version of this C interface; bumped only when a struct or signature changes incompatibly. */
#define LIBTAX_C_API_VERSION 1

/** What went wrong. Values are stable and never reused. */
typedef enum libtax_status {
    LIBTAX_OK = 0,
    LIBTAX_ERR_INPUT = 1,         /**< bad input: err->field names it (a NULL pointer included) */
    LIBTAX_ERR_RANGE = 2,         /**< an amount beyond the supported range (+/-10^15 yuan) */
    LIBTAX_ERR_COVERAGE = 3,      /**< a tax year or date no loaded table covers */
    LIBTAX_ERR_NOT_AVAILABLE = 4, /**< a legal option that does not exist then (e.g. bonus outside its window) */
    LIBTAX_ERR_TABLE = 5,         /**< a malformed table file: err->field is "file:line: key" */
    LIBTAX_ERR_INTERNAL = 99      /**< anything else (out of memory, ...): err->message says what */
} libtax_status;

/** Filled on failure when passed; zeroed (code LIBTAX_OK, empty strings) on success. */
typedef struct libtax_error {
    int32_t code;        /**< a libtax_status */
    char field[64];      /**< the input field or table key at fault ("wages", "year"), NUL-terminated */
    char value[64];      /**< the offending value as text, NUL-terminated (may be truncated) */
    char message[512];   /**< the full message, NUL-terminated (may be truncated) */
} libtax_error;

/** An immutable set of yearly tables. Opaque. */
typedef struct libtax_tables libtax_tables;

/** Optional explanation output: pass NULL to skip (batch runs pay nothing). When given, the
 *  readable steps of the calculation (with their legal sources) are written to `buffer`,
 *  NUL-terminated and truncated to `size`; `length` receives the full length without the NUL. */
typedef struct libtax_text {
    char* buffer;
    size_t size;
    size_t length;
} libtax_text;

/** The version of libtax itself, e.g. "0.1.0" (static storage). */
LIBTAX_C_API const char* libtax_version(void);
/** LIBTAX_C_API_VERSION of the library actually linked. */
LIBTAX_C_API int libtax_c_api_version(void);
/** A short name of a status ("input", "coverage", ...) (static storage). */
LIBTAX_C_API const char* libtax_status_name(libtax_status status);

/* ---- tables -------------------------------------------------------------------------------- */

/** The tables built into the library (tables/cn/2019-2027). */
LIBTAX_C_API libtax_status libtax_tables_builtin(libtax_tables** out, libtax_error* err);
/** Loads a directory laid out like the repository's tables/ (what-if tables). A bad file is
 *  LIBTAX_ERR_TABLE naming file:line and key. */
LIBTAX_C_API libtax_status libtax_tables_load(const char* directory, libtax_tables** out, libtax_error* err);
/** 1 when the tables cover `year`, else 0. */
LIBTAX_C_API int libtax_tables_covers(const libtax_tables* tables, int32_t year);
/** Releases a handle (NULL is fine). */
LIBTAX_C_API void libtax_tables_free(libtax_tables* tables);

/* ---- annual tax on comprehensive income (resident) ----------------------------------------- */

/** A resident's comprehensive income and deductions for one tax year, in fen. */
typedef struct libtax_comprehensive_income {
    int64_t wages;               /**< wages and salaries (工资薪金), the whole year */
    int64_t labour;              /**< labour remuneration (劳务报酬), gross */
    int64_t author;              /**< author's remuneration (稿酬), gross */
    int64_t royalties;           /**< royalties (特许权使用费), gross */
    int64_t social_insurance;    /**< special deductions: employee social insurance and housing fund */
    int64_t special_additional;  /**< special additional deductions, total for the year */
    int64_t other_deductions;    /**< other deductions set by law */
} libtax_comprehensive_income;

typedef struct libtax_annual_tax_result {
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
    int64_t separate_total;      /**< tax on other income + bonus taxed separately, fen */
    int64_t merged_total;        /**< tax with the bonus merged into wages, fen */
    int32_t separate_is_cheaper; /**< 1 or 0 (ties favour merging) */
    int64_t saving;              /**< what the cheaper choice saves, fen */
} libtax_bonus_comparison;

LIBTAX_C_API libtax_status libtax_compare_bonus(const libtax_tables* tables, int32_t year,
                                                const libtax_comprehensive_income* income, int64_t bonus,
                                                libtax_bonus_comparison* out, libtax_text* explanation,
                                                libtax_error* err);

/* ---- business income ----------------------------------------------------------------------- */

typedef struct libtax_business_result {
    int32_t year;
    int32_t bracket;
    int64_t rate_num, rate_den;
    int64_t quick_deduction;    /**< fen */
    int64_t tax;                /**< fen */
} libtax_business_result;

LIBTAX_C_API libtax_status libtax_business_tax(const libtax_tables* tables, int32_t year,
                                               int64_t taxable_income, libtax_business_result* out,
                                               libtax_text* explanation, libtax_error* err);

/* ---- one month of cumulative withholding on wages (STA Announcement 2018 No. 61) ------------ */

/** What a payroll system stores per employee and agent between months: the terms of the run and
 *  the cumulative figures after the last month withheld. Zero it (with `year` 0) before the first
 *  month, set the terms, and pass back the `after` of each month's result for the next month. */
typedef struct libtax_withholding_cumulative {
    int32_t year;                   /**< tax year of the run; 0 before the first month */
    int32_t first_month;            /**< calendar month (1-12) employment at this agent began */
    int32_t first_wages_this_year;  /**< 1: no wages earlier this year (STA 2020 No. 13), else 0 */
    int32_t prior_year_low_income;  /**< 1: prior-year low earner at this agent (STA 2020 No. 19), else 0 */
    int32_t last_month;             /**< last calendar month withheld; 0 before the first */
    int32_t bonus_taxed_separately; /**< 1 once an annual bonus was taxed separately this year */
    int64_t wages;                  /**< cumulative wages (with a merged bonus), fen */
    int64_t exempt_income;          /**< cumulative tax-exempt income, fen */
    int64_t social_insurance;       /**< cumulative special deductions, fen */
    int64_t special_additional;     /**< cumulative special additional deductions, fen */
    int64_t other_deductions;       /**< cumulative other deductions, fen */
    int64_t tax_reductions;         /**< cumulative tax reductions, fen */
    int64_t withheld;               /**< withheld so far by the cumulative method, fen */
    int64_t bonus_withheld;         /**< withheld on a separately taxed annual bonus, fen */
} libtax_withholding_cumulative;

/** One month's pay and claims at the agent, fen. */
typedef struct libtax_withholding_month {
    int32_t month;                  /**< calendar month 1-12, after the last one withheld */
    int32_t bonus_merged;           /**< 1: an annual bonus paid this month is merged into wages; 0: taxed separately */
    int64_t wage;                   /**< the month's wages without an annual bonus */
    int64_t exempt_income;          /**< the tax-exempt part of `wage` */
    int64_t social_insurance;
    int64_t special_additional;
    int64_t other_deductions;
    int64_t tax_reductions;
    int64_t bonus;                  /**< annual one-time bonus paid this month (0: none) */
} libtax_withholding_month;

typedef struct libtax_withholding_month_result {
    int32_t month;
    int32_t months_at_agent;            /**< months counted for the basic deduction */
    int32_t bracket;                    /**< row of the annual schedule; -1 nothing taxable */
    int32_t reserved;
    int64_t rate_num, rate_den;
    int64_t quick_deduction;
    int64_t cumulative_basic_deduction;
    int64_t cumulative_taxable;         /**< for display: half-up of the exact figure */
    int64_t cumulative_tax;
    int64_t withheld_before;            /**< actually withheld in the earlier months */
    int64_t pay_withholding;            /**< cumulative-method withholding this month (never negative) */
    int64_t bonus_withholding;          /**< separate tax on a bonus paid this month */
    int64_t withheld;                   /**< total withheld this month */
    libtax_withholding_cumulative after;/**< store this; pass it as `before` next month */
} libtax_withholding_month_result;

/** Withholds one month of wages by the cumulative method. `before` holds the terms and the
 *  cumulative figures after the last month (all zero but the terms for the first month).
 *  LIBTAX_ERR_NOT_AVAILABLE when this build has no payroll engine or a rule is not in force. */
LIBTAX_C_API libtax_status libtax_withhold_month(const libtax_tables* tables, int32_t year,
                                                 const libtax_withholding_cumulative* before,
                                                 const libtax_withholding_month* month,
                                                 libtax_withholding_month_result* out, libtax_text* explanation,
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

/** A zone amount or a count not given: all of the income is from the zone / the figure is unknown. */
#define LIBTAX_UNSET (-1)

/** One taxpayer-year as the regimes see it. Amounts in fen. Initialise with
 *  libtax_talent_case_init() (which sets every optional field to LIBTAX_UNSET), then fill. */
typedef struct libtax_talent_case {
    int32_t identity;                /**< a libtax_identity */
    int32_t resident;                /**< 1: resident of the Mainland for the year (183-day rule) */
    int32_t talent_recognised;       /**< 1: recognised by the zone's talent rules */
    int32_t days_in_zone;            /**< days counted by the zone's rules, or LIBTAX_UNSET */
    int32_t actual_days;             /**< days actually present, or LIBTAX_UNSET (= days_in_zone) */
    int32_t social_insurance_months; /**< months of social insurance paid in the zone, or LIBTAX_UNSET */
    int32_t contract_years;          /**< labour contract term with a zone unit, or LIBTAX_UNSET */
    int32_t reserved;
    int64_t wages, labour, author, royalties;   /**< gross receipts of the year, whole of China */
    int64_t business_taxable_income;
    int64_t social_insurance, special_additional, other_deductions;
    int64_t talent_subsidy;          /**< talent-programme subsidy received in the year */
    int64_t zone_wages, zone_labour, zone_author, zone_royalties, zone_business_taxable_income; /**< or LIBTAX_UNSET: all */
    int64_t tax_paid_in_zone;        /**< comprehensive-income tax actually paid in the zone, or LIBTAX_UNSET */
    int64_t fx_rate_num, fx_rate_den;/**< HKD or MOP per CNY as an exact fraction (e.g. 109/100); 0/0: none */
    int64_t mpf_contributions;       /**< Hong Kong MPF mandatory contributions, HKD fen */
    char city[32];                   /**< city rules ("guangzhou", "shenzhen") or "" */
} libtax_talent_case;

typedef struct libtax_talent_relief_result {
    int32_t eligible;       /**< 1 when in period and every rule passed */
    int32_t enacted;        /**< 0: a what-if model of an announced policy, not law */
    int32_t in_period;      /**< a version of the regime covers the year */
    int32_t subsidy;        /**< 1: a subsidy paid later; 0: an exemption claimed at reconciliation */
    int32_t capped;
    int32_t unconfirmed;    /**< an UNCONFIRMED reading of the rules was used */
    int64_t tax;            /**< IIT on the items the regime covers, fen */
    int64_t amount;         /**< the relief, fen; 0 when not eligible */
    char code[64];          /**< "ok", "period.outside", or the first failed rule's code */
} libtax_talent_relief_result;

/** Sets every optional field of `c` to LIBTAX_UNSET and the rest to zero. */
LIBTAX_C_API void libtax_talent_case_init(libtax_talent_case* c);

/** The relief of `regime` ("gba", "hainan", "qianhai", "hengqin-macao", ...) for one
 *  taxpayer-year. Not eligible is not an error (eligible 0, code says why; the explanation gives
 *  every rule's reason). LIBTAX_ERR_INPUT for an unknown regime or a missing input such as the
 *  fx rate; LIBTAX_ERR_NOT_AVAILABLE when this build has no regime engine. */
LIBTAX_C_API libtax_status libtax_talent_relief(const libtax_tables* tables, const char* regime, int32_t year,
                                                const libtax_talent_case* person,
                                                libtax_talent_relief_result* out, libtax_text* explanation,
                                                libtax_error* err);

#ifdef __cplusplus
}
#endif

#endif /* LIBTAX_C_LIBTAX_H */
