"""Loading the shipped table of administrative divisions (regions.csv) into Region.

Used by the data migration (with the historical model) and by `manage.py load_regions`.
The CSV is built by scripts/build_regions.py from python-stdnum's GB/T 2260 data.
"""
import csv
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "regions.csv"
FIELDS = ("name", "level", "parent_id", "full_name")


def read_rows(path=CSV_PATH):
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {
                "code": row["code"],
                "name": row["name"],
                "level": int(row["level"]),
                "parent_id": row["parent_code"] or None,
                "full_name": row["full_name"],
            }


def load_regions(region_model, path=CSV_PATH):
    """Insert new divisions and update changed ones; returns (created, updated).

    Divisions that left the table are kept: organisations and departments may still point at
    them (the foreign keys protect them), and their codes stay meaningful in old records.
    """
    rows = sorted(read_rows(path), key=lambda row: (row["level"], row["code"]))
    existing = {region.code: region for region in region_model.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        region = existing.get(row["code"])
        if region is None:
            to_create.append(region_model(**row))
        elif any(getattr(region, field) != row[field] for field in FIELDS):
            for field in FIELDS:
                setattr(region, field, row[field])
            to_update.append(region)
    # Parents are inserted before the children that point at them: level by level.
    for level in (1, 2, 3):
        region_model.objects.bulk_create([r for r in to_create if r.level == level], batch_size=500)
    region_model.objects.bulk_update(to_update, FIELDS, batch_size=500)
    return len(to_create), len(to_update)
