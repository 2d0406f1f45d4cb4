#!/usr/bin/env python3
"""Derives universities.tsv from the Ministry of Education's 全国高等学校名单 (截至2024年6月20日).

Usage: python3 derive.py 普通高校.csv 成人高校.csv ../divisions/divisions.tsv > universities.tsv
The CSVs are the ministry's two Excel files saved as CSV (a province heading row such as
"北京市（92所）" before each province's rows). Each institution's 所在地 (a city) is resolved to its
division code inside the heading's province (else in the whole country); the adult list has no
所在地, so those stay at their province. Not used by the build or the tests.
"""
import csv
import re
import sys

ordinary, adult, table = sys.argv[1:4]
names = {}
with open(table, encoding="utf-8") as f:
    for line in f:
        if line.startswith("#"):
            continue
        code, name = line.rstrip("\n").split("\t")
        if len(code) <= 6:
            names.setdefault(name, []).append(code)


def province_of(heading):
    name = re.sub(r"（.*", "", heading).strip()
    return next(c for c in names.get(name, []) if len(c) == 2)


def resolve(place, province):
    place = place.replace("\n", "").strip()
    full = {"临夏州": "临夏回族自治州"}.get(place, place)
    codes = [c for c in names.get(full, []) if len(c) > 2]
    inside = [c for c in codes if c.startswith(province)]
    for pick in (inside, codes):
        # A prefecture before a county of the same name (吉林市 the city, not a county).
        pick = sorted(pick, key=len)
        if pick:
            return pick[0]
    if full in names and any(len(c) == 2 for c in names[full]):
        return next(c for c in names[full] if len(c) == 2)
    raise SystemExit(f"所在地 not found: {place!r} ({province})")


rows = []
for path, located in ((ordinary, True), (adult, False)):
    province = None
    with open(path, encoding="utf-8") as f:
        for r in csv.reader(f):
            if not r or r[0] == "序号":
                continue
            if not r[1].strip():
                province = province_of(r[0])
                continue
            name = r[1].strip()
            code = r[2].strip()
            place = resolve(r[4], province) if located else province
            rows.append((code, name, place))
rows.sort()
print("# 学校标识码\t学校名称\t所在地 — 教育部《全国高等学校名单》（截至2024年6月20日）, 普通高校 and 成人高校")
for code, name, place in rows:
    print(f"{code}\t{name}\t{place}")
