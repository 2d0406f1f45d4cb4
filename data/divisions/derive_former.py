#!/usr/bin/env python3
"""Derives former_names.tsv: the names counties and prefectures had before a rename or a merger
(九江县 → 柴桑区, 襄樊市 → 襄阳市, 中甸县 → 香格里拉市), each with the divisions of divisions.tsv
that hold its area now.

Source: github.com/yescallop/areacodes (CC0 1.0), result.csv — every county-level and higher code
since 1980 with its name, its years in use and the codes its area went to (民政部's published
codes and change records).

Usage: python3 derive_former.py result.csv divisions.tsv > former_names.tsv
Not used by the build or the tests; kept so the embedded file can be re-derived.

A former name is left out when a division has that name now (a current name is never shadowed),
when its area cannot be followed to divisions of divisions.tsv, or when it is the name the area
still has. The build adds the names its own rules make (会理县 for 会理市) before these, and a
name the rules make is not taken from here.
"""
import csv
import re
import sys

result, divisions_tsv = sys.argv[1], sys.argv[2]

current_names = set()
known_codes = set()
with open(divisions_tsv, encoding="utf-8") as f:
    for line in f:
        if line.startswith("#"):
            continue
        code, name = line.rstrip("\n").split("\t")
        current_names.add(name)
        known_codes.add(code)


def ours(code):
    """areacodes' six digits as divisions.tsv writes the code: 2, 4 or 6 digits."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


records = {}
with open(result, encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        end = int(r["变更/弃用时间"]) if r["变更/弃用时间"] else 9999
        records.setdefault(r["代码"], []).append(
            (int(r["启用时间"]), end, r["状态"], r["名称"], r["级别"], r["新代码"])
        )


def active(code, year):
    for rec in records.get(code, []):
        if rec[0] <= year < rec[1]:
            return rec
    return None


def successors(rec, code, depth):
    """The codes in use now that hold the area of record `rec` (of `code`) after it ended."""
    start, end, status, name, level, new = rec
    if status == "变更":
        return resolve(code, end, depth + 1)
    out = set()
    for part in filter(None, new.split(";")):
        m = re.fullmatch(r"(\d{6})(?:\[(\d{4})\])?", part)
        if m:
            out |= resolve(m.group(1), int(m.group(2) or end), depth + 1)
    return out


def resolve(code, year, depth=0):
    """The codes in use now that hold the area `code` had in `year`."""
    rec = active(code, year)
    if rec is None or depth > 20:
        return set()
    if rec[2] == "在用":
        return {code}
    return successors(rec, code, depth)


formers = {}
for code, recs in records.items():
    for rec in recs:
        start, end, status, name, level, new = rec
        if status == "在用" or level == "省级" or name in current_names or len(name) < 2:
            continue
        targets = {ours(t) for t in successors(rec, code, 0)}
        if not targets or not targets <= known_codes:
            continue
        formers.setdefault(name, set()).update(targets)

print("# former name\tcodes now (;) — derived from github.com/yescallop/areacodes result.csv (CC0 1.0)")
for name in sorted(formers):
    print(f"{name}\t{';'.join(sorted(formers[name]))}")
