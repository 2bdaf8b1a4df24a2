/* Embedding libtax from C (what a Java, C# or Go payroll system binds to): the same tax. */
#include <stdio.h>

#include <libtax/c/libtax.h>

int main(void) {
    libtax_tables* tables = NULL;
    libtax_error err;
    libtax_comprehensive_income in;
    libtax_annual_tax_result r;

    LIBTAX_INIT(err); /* every struct carries its size, so the interface can grow */
    LIBTAX_INIT(in);
    LIBTAX_INIT(r);

    if (libtax_tables_builtin(&tables, &err) != LIBTAX_OK) {
        fprintf(stderr, "error: %s\n", err.message);
        return 1;
    }
    in.wages = 100000000;             /* 1,000,000.00 yuan in fen */
    in.social_insurance = 3000000;
    in.special_additional = 2400000;
    if (libtax_annual_tax(tables, 2024, &in, &r, NULL, &err) != LIBTAX_OK) {
        fprintf(stderr, "error: %s\n", err.message);
        libtax_tables_free(tables);
        return 1;
    }
    printf("c tax fen %lld\n", (long long)r.tax);
    libtax_tables_free(tables);
    return 0;
}
