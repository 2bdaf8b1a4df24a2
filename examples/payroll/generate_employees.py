#!/usr/bin/env python3
"""Writes a synthetic payroll CSV for payroll_csv: N employees x 12 months of one tax year,
month by month (all employees' January, then February, ...), as a payroll system would send it.

    generate_employees.py N OUTPUT.csv [YEAR]

Deterministic (seeded) wages between 3,000 and 150,000 a month, social insurance ~10.5%, some
special additional deductions, some mid-year joiners, December bonuses (separate or merged).
"""
import random
import sys


def main():
    n = int(sys.argv[1])
    path = sys.argv[2]
    year = int(sys.argv[3]) if len(sys.argv) > 3 else 2024
    rnd = random.Random(20240101)
    staff = []
    for i in range(n):
        wage = rnd.randrange(300000, 15000000) / 100  # yuan with fen
        first = 1 if rnd.random() < 0.9 else rnd.randrange(2, 13)
        sad = rnd.choice([0, 0, 1000, 2000, 3000, 4500])
        bonus = rnd.choice([0, 0, 0, round(wage * 2, 2), round(wage * 4, 2)])
        staff.append((f"E{i:07d}", wage, first, sad, bonus, rnd.choice(["separate", "merged"])))
    with open(path, "w") as f:
        f.write("employee,year,month,wage,social_insurance,special_additional,bonus,bonus_method\n")
        for m in range(1, 13):
            for emp, wage, first, sad, bonus, method in staff:
                if m < first:
                    continue
                si = round(min(wage, 36000) * 0.105, 2)
                b = f"{bonus:.2f},{method}" if m == 12 and bonus else ","
                f.write(f"{emp},{year},{m},{wage:.2f},{si:.2f},{sad},{b}\n")


if __name__ == "__main__":
    main()
