package libtax;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

import java.util.Arrays;
import java.util.List;

/** The C interface (libtax/c/libtax.h, library libtax_c) as JNA sees it: one Structure per C
 *  struct, fields in the header's order, every amount a long of fen. Used by {@link Tax}; not
 *  meant to be called directly. */
public final class Native {
    private Native() {}

    /** Every C struct begins with its size; JNA computes it from the fields declared here. */
    public abstract static class Sized extends Structure {
        public int size;

        protected Sized() {}
        protected Sized(Pointer p) { super(p); }

        protected void stampSize() {
            size = size();
        }
    }

    @Structure.FieldOrder({"size", "code", "field", "value", "message"})
    public static final class Error extends Sized {
        public int code;
        public byte[] field = new byte[64];
        public byte[] value = new byte[64];
        public byte[] message = new byte[512];
        public Error() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "buffer", "capacity", "length", "language"})
    public static final class Text extends Sized {
        public Pointer buffer;
        public long capacity;
        public long length;
        public String language;  // "zh", "en", "both"; null: "en"
        public Text() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "wages", "labour", "author", "royalties", "commissions", "social_insurance",
                           "special_additional", "other_deductions"})
    public static class ComprehensiveIncome extends Sized {
        public long wages, labour, author, royalties, commissions, social_insurance, special_additional, other_deductions;
        public ComprehensiveIncome() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "year", "bracket", "rate_num", "rate_den", "quick_deduction", "basic_deduction",
                           "income_amount", "taxable_income", "tax"})
    public static final class AnnualTaxResult extends Sized {
        public int year, bracket;
        public long rate_num, rate_den, quick_deduction, basic_deduction, income_amount, taxable_income, tax;
        public AnnualTaxResult() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "year", "kind", "reserved", "payment", "expense", "taxable", "rate_num", "rate_den",
                           "quick_deduction", "tax"})
    public static final class PrepaymentResult extends Sized {
        public int year, kind, reserved;
        public long payment, expense, taxable, rate_num, rate_den, quick_deduction, tax;
        public PrepaymentResult() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "first_month", "income", "first_wages_this_year", "prior_year_low_income", "prior_year_income"})
    public static class WithholdingTerms extends Sized {
        public int first_month, income, first_wages_this_year, prior_year_low_income;
        public long prior_year_income = -1;
        public WithholdingTerms() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "year", "terms", "last_month", "bonus_taxed_separately", "income_num", "income_den", "gross",
                           "exempt_income", "social_insurance", "special_additional", "other_deductions", "tax_reductions",
                           "withheld", "bonus_withheld", "bonus_separate"})
    public static class WithholdingCumulative extends Sized {
        public int year;
        public WithholdingTerms terms = new WithholdingTerms();
        public int last_month, bonus_taxed_separately;
        public long income_num, income_den, gross, exempt_income, social_insurance, special_additional, other_deductions,
                tax_reductions, withheld, bonus_withheld, bonus_separate;
        public WithholdingCumulative() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "month", "bonus_merged", "wage", "exempt_income", "social_insurance", "special_additional",
                           "other_deductions", "tax_reductions", "bonus"})
    public static final class WithholdingMonth extends Sized {
        public int month, bonus_merged;
        public long wage, exempt_income, social_insurance, special_additional, other_deductions, tax_reductions, bonus;
        public WithholdingMonth() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "month", "months_at_agent", "bracket", "rate_num", "rate_den", "quick_deduction",
                           "cumulative_basic_deduction", "cumulative_income", "cumulative_taxable", "cumulative_tax",
                           "withheld_before", "pay_withholding", "excess_withheld", "bonus_withholding", "withheld", "after"})
    public static final class WithholdingMonthResult extends Sized {
        public int month, months_at_agent, bracket;
        public long rate_num, rate_den, quick_deduction, cumulative_basic_deduction, cumulative_income, cumulative_taxable,
                cumulative_tax, withheld_before, pay_withholding, excess_withheld, bonus_withholding, withheld;
        public WithholdingCumulative after = new WithholdingCumulative();
        public WithholdingMonthResult() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "identity", "resident", "wage_months", "talent_recognised", "days_in_zone", "actual_days",
                           "social_insurance_months", "social_insurance_exempt", "contract_years", "encouraged_industry",
                           "wages", "labour", "author", "royalties", "commissions", "business_taxable_income",
                           "social_insurance", "special_additional", "other_deductions", "talent_subsidy", "zone_wages",
                           "zone_labour", "zone_author", "zone_royalties", "zone_business_taxable_income", "tax_paid_in_zone",
                           "business_tax_paid_in_zone", "fx_rate_num", "fx_rate_den", "mpf_contributions",
                           "special_industry", "city", "month_count", "reserved", "months"})
    public static final class TalentCase extends Sized {
        public int identity, resident, wage_months, talent_recognised, days_in_zone, actual_days, social_insurance_months,
                social_insurance_exempt, contract_years, encouraged_industry;
        public long wages, labour, author, royalties, commissions, business_taxable_income, social_insurance,
                special_additional, other_deductions, talent_subsidy, zone_wages, zone_labour, zone_author, zone_royalties,
                zone_business_taxable_income, tax_paid_in_zone, business_tax_paid_in_zone, fx_rate_num, fx_rate_den,
                mpf_contributions;
        public byte[] special_industry = new byte[32];
        public byte[] city = new byte[32];
        public int month_count, reserved;
        public WageMonth[] months = new WageMonth[12];
        public TalentCase() {
            for (int i = 0; i < months.length; ++i) months[i] = new WageMonth();
            stampSize();
        }
    }

    /** One month of a non-resident's China-sourced wages (an element of TalentCase.months, no size). */
    @Structure.FieldOrder({"wage", "zone_wage"})
    public static final class WageMonth extends Structure {
        public long wage;
        public long zone_wage = -1;  // LIBTAX_UNSET: all from the zone
    }

    @Structure.FieldOrder({"size", "flags", "projection", "reserved", "bonus", "zone_bonus", "place"})
    public static final class ReliefOptions extends Sized {
        public int flags, projection, reserved;
        public long bonus;
        public long zone_bonus = -1;  // LIBTAX_UNSET: all of the bonus from the zone
        public byte[] place = new byte[32];
        public ReliefOptions() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "bonus_treatment", "best", "projected", "separate_available", "separate_computed",
                           "merged_computed", "tax_before_relief", "tax_after_relief", "bonus_saving", "separate_relief",
                           "separate_tax_after_relief", "merged_relief", "merged_tax_after_relief", "excludes", "result"})
    public static final class RegimeOption extends Sized {
        public int bonus_treatment, best, projected, separate_available, separate_computed, merged_computed;
        public long tax_before_relief, tax_after_relief, bonus_saving, separate_relief, separate_tax_after_relief, merged_relief,
                merged_tax_after_relief;
        public byte[] excludes = new byte[128];
        public TalentReliefResult result = new TalentReliefResult();
        public RegimeOption() { stampSize(); }
        public RegimeOption(Pointer p) { super(p); read(); }
    }

    @Structure.FieldOrder({"size", "best", "separate_available", "treatment_without_relief", "bonus", "tax_without_relief", "count"})
    public static final class RegimeComparison extends Sized {
        public int best, separate_available, treatment_without_relief;
        public long bonus, tax_without_relief, count;
        public RegimeComparison() { stampSize(); }
    }

    @Structure.FieldOrder({"size", "eligible", "enacted", "in_period", "subsidy", "capped", "unconfirmed", "computed", "tax",
                           "amount", "code", "regime"})
    public static final class TalentReliefResult extends Sized {
        public int eligible, enacted, in_period, subsidy, capped, unconfirmed, computed;
        public long tax, amount;
        public byte[] code = new byte[64];
        public byte[] regime = new byte[64];
        public TalentReliefResult() { stampSize(); }
    }

    /** The functions of libtax_c used by the typed API. */
    public interface C extends Library {
        int libtax_c_api_version();
        int libtax_set_language(String language, Error err);
        String libtax_get_language();
        int libtax_tables_builtin(PointerByReference out, Error err);
        int libtax_tables_load(String directory, PointerByReference out, Error err);
        void libtax_tables_free(Pointer tables);
        int libtax_annual_tax(Pointer tables, int year, ComprehensiveIncome in, AnnualTaxResult out, Text explanation, Error err);
        int libtax_resident_prepayment(Pointer tables, int year, int kind, long amount, PrepaymentResult out, Text explanation, Error err);
        int libtax_withholding_start(Pointer tables, int year, WithholdingTerms terms, WithholdingCumulative out, Error err);
        int libtax_withhold_month(Pointer tables, int year, WithholdingCumulative before, WithholdingMonth month,
                                  WithholdingMonthResult out, Text explanation, Error err);
        void libtax_talent_case_init(TalentCase c);
        int libtax_talent_relief(Pointer tables, String regime, int year, TalentCase person, TalentReliefResult out,
                                 Text explanation, Error err);
        void libtax_relief_options_init(ReliefOptions options);
        int libtax_talent_relief_ex(Pointer tables, String regime, int year, TalentCase person, ReliefOptions options,
                                    RegimeOption out, Text explanation, Error err);
        int libtax_compare_regimes_ex(Pointer tables, int year, TalentCase person, ReliefOptions options, RegimeOption out,
                                      long capacity, RegimeComparison summary, Text explanation, Error err);
    }

    static final List<String> NAMES = Arrays.asList("ok", "input", "range", "coverage", "not available", "table");
}
