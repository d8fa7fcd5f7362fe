#!/usr/bin/env python
"""Build providers/data/regions.csv, the shipped table of current administrative divisions.

Source: python-stdnum's `stdnum/cn/loc.dat` (GB/T 2260 codes, kept from the Chinese Wikipedia
lists of division codes). Each code line carries one or more names, each with an optional
validity marker: `[-2010]崇文区` (abolished in 2010), `[1997-]通州区` (created in 1997),
`[1997-2010]万盛区,[2011-]綦江区` (renamed). Only names whose marker has no end year are current.

Levels come from the code: `XX0000` province, `XXYY00` prefecture, anything else county.
Placeholders are not divisions and are dropped: the prefecture-level "市辖区"/"县" rows of the
municipalities (北京/天津/上海/重庆), "省直辖县级行政单位" (e.g. 河南 济源, 湖北 仙桃, 海南 …)
and the county-level "市辖区" rows under every city. Province-direct rows that became
prefectures but were never closed in the source (429001 随州市) are dropped as well. A county whose prefecture is such a
placeholder (or missing) hangs directly under its province, so every county has a parent.

Usage: python scripts/build_regions.py [path/to/loc.dat] [path/to/regions.csv]
"""
import csv
import re
import sys
from pathlib import Path

import stdnum

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path(stdnum.__file__).parent / "cn" / "loc.dat"
DEFAULT_TARGET = ROOT / "providers" / "data" / "regions.csv"

PROVINCE, PREFECTURE, COUNTY = 1, 2, 3
PLACEHOLDERS = {"市辖区", "县", "市", "省直辖县级行政单位", "自治区直辖县级行政单位"}
_ENTRY = re.compile(r"^(?:\[(?P<start>\d*)-(?P<end>\d*)\])?(?P<name>.+)$")
_LINE = re.compile(r'^(?P<indent>\s*)(?P<code>\d+)\s+(?:province|county)="(?P<names>[^"]*)"')


def current_name(names):
    """The name in force today, or None when every name has an end year (abolished)."""
    current = None
    for part in names.split(","):
        match = _ENTRY.match(part.strip())
        if match and not match.group("end"):
            current = match.group("name").strip()
    return current


def read_codes(source):
    """{6-digit code: current name} for every division still in force."""
    codes, province = {}, None
    for line in source.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        if not match.group("indent"):
            province = match.group("code")  # a 2-digit province header; its own row is XX0000
            continue
        name = current_name(match.group("names"))
        if name:
            codes[province + match.group("code")] = name
    return codes


def level_of(code):
    if code.endswith("0000"):
        return PROVINCE
    if code.endswith("00"):
        return PREFECTURE
    return COUNTY


def drop_stale_direct_counties(real):
    """The source still lists a few province-direct county-level cities (XX90YY) that later
    became prefectures, e.g. 429001 随州市 (a prefecture, 421300, since 2000). A province-direct
    row named like a current prefecture of the same province is that stale duplicate."""
    prefectures = {(code[:2], name) for code, name in real.items() if level_of(code) == PREFECTURE}
    stale = [code for code, name in real.items()
             if code[2:4] == "90" and level_of(code) == COUNTY and (code[:2], name) in prefectures]
    for code in stale:
        print(f"dropped stale duplicate {code} {real.pop(code)}", file=sys.stderr)


def build_rows(codes):
    real = {code: name for code, name in codes.items() if name not in PLACEHOLDERS}
    drop_stale_direct_counties(real)
    rows = []
    for code in sorted(real):
        level = level_of(code)
        province_code = code[:2] + "0000"
        if level == PROVINCE:
            parent = ""
        elif level == PREFECTURE:
            parent = province_code
        else:
            prefecture = code[:4] + "00"
            parent = prefecture if prefecture in real else province_code
        if parent and parent not in real:
            raise SystemExit(f"{code} {real[code]}: parent {parent} is not a current division")
        rows.append({"code": code, "name": real[code], "level": level, "parent_code": parent})
    by_code = {row["code"]: row for row in rows}
    for row in rows:
        chain, cursor = [], row
        while cursor:
            chain.append(cursor["name"])
            cursor = by_code.get(cursor["parent_code"])
        row["full_name"] = "".join(reversed(chain))
    return rows


def main(argv):
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    target = Path(argv[2]) if len(argv) > 2 else DEFAULT_TARGET
    rows = build_rows(read_codes(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["code", "name", "level", "parent_code", "full_name"])
        writer.writeheader()
        writer.writerows(rows)
    counts = {level: sum(1 for row in rows if row["level"] == level) for level in (1, 2, 3)}
    print(f"{target}: {len(rows)} divisions "
          f"({counts[1]} provincial, {counts[2]} prefectural, {counts[3]} county-level) "
          f"from {source} (python-stdnum {stdnum.__version__})")


if __name__ == "__main__":
    main(sys.argv)
