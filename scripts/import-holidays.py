#!/usr/bin/env python3
"""Regenerate rules/calendar/cn/<year>.yaml from holiday-cn JSON files.

holiday-cn (https://github.com/NateScarlet/holiday-cn, MIT License, Copyright (c) 2019 NateScarlet)
publishes one JSON file per year built from the State Council holiday notices. This script turns
those files into our own calendar YAML; the rule engine reads the YAML at run time, so adding a
year needs no rebuild.

Usage:
    scripts/import-holidays.py SOURCE_DIR [--out rules/calendar/cn] [--years 2007-2026]

A year whose JSON lists no notice and no day (holiday-cn publishes an empty file before the
notice exists) is skipped with a message: writing it would claim "no holidays" instead of
"not yet known". Existing files for other years are left alone.
"""

import argparse
import json
import pathlib
import sys

HEADER = (
    "# yaml-language-server: $schema=../../schema/calendar.schema.json\n"
    "# Official holiday arrangement for {year} (State Council notice listed under `notices`).\n"
    "# Data from holiday-cn (https://github.com/NateScarlet/holiday-cn), MIT License,\n"
    "# Copyright (c) 2019 NateScarlet. Regenerate with scripts/import-holidays.py or edit by hand.\n"
    "# off: true = day off (放假); off: false = make-up working day (调休上班).\n"
)


def quote(text):
    """Double-quoted YAML scalar (names and URLs are plain text; escape the two specials)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(data):
    year = int(data["year"])
    lines = [HEADER.format(year=year), f"year: {year}", "notices:"]
    for url in data["papers"]:
        lines.append(f"  - {quote(url)}")
    lines.append("days:")
    for day in sorted(data["days"], key=lambda d: d["date"]):
        off = "true" if day["isOffDay"] else "false"
        lines.append(f"  - {{ date: {day['date']}, name: {quote(day['name'])}, off: {off} }}")
    return "\n".join(lines) + "\n"


def parse_years(text):
    if "-" in text:
        first, last = text.split("-", 1)
        return range(int(first), int(last) + 1)
    return [int(text)]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=pathlib.Path, help="folder with holiday-cn {year}.json files")
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("rules/calendar/cn"))
    parser.add_argument("--years", help="year or range, e.g. 2026 or 2007-2026 (default: every file found)")
    args = parser.parse_args(argv)

    if args.years:
        years = list(parse_years(args.years))
    else:
        years = sorted(int(p.stem) for p in args.source.glob("[0-9][0-9][0-9][0-9].json"))

    args.out.mkdir(parents=True, exist_ok=True)
    status = 0
    for year in years:
        path = args.source / f"{year}.json"
        if not path.exists():
            print(f"{year}: {path} not found, skipped", file=sys.stderr)
            status = 1
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if int(data.get("year", -1)) != year:
            print(f"{year}: file says year {data.get('year')}, skipped", file=sys.stderr)
            status = 1
            continue
        if not data.get("days") and not data.get("papers"):
            print(f"{year}: no notice published yet, no file written", file=sys.stderr)
            continue
        target = args.out / f"{year}.yaml"
        target.write_text(render(data), encoding="utf-8")
        print(f"{year}: {len(data['days'])} days -> {target}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
