// Runs conformance cases through the Java binding and prints "id<TAB>figures" per case; the
// cases (one per line, flattened from tests/cases/*.yaml by tests/python/test_bindings.py):
//   annual   ID YEAR wages=FEN;labour=FEN;...          -> tax
//   prepay   ID YEAR kind=labour|author|royalties;amount=FEN -> tax
//   withhold ID YEAR first_month=M;kind=K;first_wages=0|1;low=0|1  MONTH;MONTH;...
//            (a MONTH is wage,exempt,social,special,other,reductions,bonus,merged) -> withheld,withheld,...
//   talent   ID YEAR regime=R;FIELD=VALUE;...            -> eligible:amount
//            (months=WAGE[:ZONE_WAGE],... a non-resident's months; an unknown FIELD is refused)
//   choice   ID YEAR bonus=FEN;place=P;FIELD=VALUE;...    -> the comparison's best:
//            regime:treatment(1 separate, 2 merged):relief:tax_after_relief:bonus_saving:explained
//            (explained 1: the Chinese explanation shows the tax after relief)
//   language ID YEAR lang=L;wages=FEN                   -> the process language after
//            Libtax.setLanguage(L), then the refused annual tax's message (wages negative)
//            in that language: "L|message"; the language is set back to en afterwards
// An error prints "id<TAB>error:<status>:<field>".
import libtax.LibTaxException;
import libtax.Libtax;
import libtax.Native;
import libtax.Tax;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

public final class Conformance {
    static Map<String, String> pairs(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!s.isEmpty())
            for (String kv : s.split(";")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        return m;
    }

    static void set(Object o, String name, String value) throws Exception {
        Field f = o.getClass().getField(name);
        if (f.getType() == int.class) f.setInt(o, Integer.parseInt(value));
        else if (f.getType() == long.class) f.setLong(o, Long.parseLong(value));
        else Tax.setText((byte[]) f.get(o), value);
    }

    static String run(Tax tax, String[] c) throws Exception {
        final int year = Integer.parseInt(c[2]);
        final Map<String, String> a = pairs(c[3]);
        switch (c[0]) {
            case "annual": {
                Native.ComprehensiveIncome in = new Native.ComprehensiveIncome();
                for (Map.Entry<String, String> kv : a.entrySet()) set(in, kv.getKey(), kv.getValue());
                return Long.toString(tax.annualTax(year, in).tax);
            }
            case "prepay":
                return Long.toString(tax.residentPrepayment(year, Tax.Payment.valueOf(a.get("kind").toUpperCase()),
                                                            Long.parseLong(a.get("amount"))).tax);
            case "withhold": {
                Native.WithholdingCumulative s = tax.startWithholding(year, Integer.parseInt(a.get("first_month")),
                        Tax.IncomeKind.values()[Integer.parseInt(a.get("kind"))], a.get("first_wages").equals("1"), a.get("low").equals("1"));
                StringBuilder out = new StringBuilder();
                int month = Integer.parseInt(a.get("first_month"));
                for (String m : c[4].split(";")) {
                    String[] v = m.split(",");
                    Native.WithholdingMonth in = new Native.WithholdingMonth();
                    in.month = month++;
                    in.wage = Long.parseLong(v[0]);
                    in.exempt_income = Long.parseLong(v[1]);
                    in.social_insurance = Long.parseLong(v[2]);
                    in.special_additional = Long.parseLong(v[3]);
                    in.other_deductions = Long.parseLong(v[4]);
                    in.tax_reductions = Long.parseLong(v[5]);
                    in.bonus = Long.parseLong(v[6]);
                    in.bonus_merged = Integer.parseInt(v[7]);
                    Native.WithholdingMonthResult r = tax.withholdMonth(year, s, in);
                    out.append(out.length() == 0 ? "" : ",").append(r.withheld);
                    s = r.after;
                }
                return out.toString();
            }
            case "talent": {
                Map<String, String> fields = new LinkedHashMap<>(a);
                fields.remove("regime");
                Native.TalentCase p = Tax.talentCase(fields);
                Native.TalentReliefResult r = tax.talentRelief(a.get("regime"), year, p);
                return r.eligible + ":" + r.amount;
            }
            case "choice": {
                Map<String, String> fields = new LinkedHashMap<>(a);
                Native.ReliefOptions o = Tax.reliefOptions();
                String bonus = fields.remove("bonus"), zone = fields.remove("zone_bonus"), place = fields.remove("place");
                String projection = fields.remove("projection");
                if (bonus != null) o.bonus = Long.parseLong(bonus);
                if (zone != null) o.zone_bonus = Long.parseLong(zone);
                if (place != null) Tax.setText(o.place, place);
                if (projection != null) o.projection = Integer.parseInt(projection);
                Tax.Comparison cmp = tax.compareRegimes(year, Tax.talentCase(fields), o, "zh");
                Native.RegimeOption b = cmp.best();
                if (b == null) return "none";
                String after = String.format("%d.%02d", b.tax_after_relief / 100, b.tax_after_relief % 100);
                return Tax.text(b.result.regime) + ":" + b.bonus_treatment + ":" + b.result.amount + ":" + b.tax_after_relief + ":"
                        + b.bonus_saving + ":" + (cmp.explanation.contains(after) ? 1 : 0);
            }
            case "language": {
                Libtax.setLanguage(a.get("lang"));
                try {
                    Native.ComprehensiveIncome in = new Native.ComprehensiveIncome();
                    in.wages = Long.parseLong(a.get("wages"));
                    tax.annualTax(year, in);
                    return Libtax.getLanguage() + "|accepted";
                } catch (LibTaxException e) {
                    return Libtax.getLanguage() + "|" + e.getMessage();
                } finally {
                    Libtax.setLanguage("en");
                }
            }
            default:
                throw new IllegalArgumentException("unknown case kind " + c[0]);
        }
    }

    public static void main(String[] args) throws Exception {
        try (Tax tax = Tax.builtin()) {
            for (String line : Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8)) {
                if (line.isEmpty()) continue;
                String[] c = line.split("\t", -1);
                String result;
                try {
                    result = run(tax, c);
                } catch (LibTaxException e) {
                    result = "error:" + e.status + ":" + e.field;
                }
                System.out.println(c[1] + "\t" + result);
            }
        }
    }
}
