"""Refresh the administrative divisions from the shipped table (providers/data/regions.csv)."""
from django.core.management.base import BaseCommand
from django.db import transaction

from core import changes
from providers.data.regions import CSV_PATH, load_regions
from providers.models import Region


class Command(BaseCommand):
    help = "Load or refresh administrative divisions from providers/data/regions.csv."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(CSV_PATH), help="CSV file (code,name,level,parent_code,full_name)")

    def handle(self, *args, path, **options):
        with transaction.atomic():
            created, updated = load_regions(Region, path)
            # Written in bulk, which no save signal hears: region names show on public pages and
            # in the filter forms (core.changes).
            changes.announce(topics=["agencies", "catalogue"])
        self.stdout.write(self.style.SUCCESS(
            f"Regions: {created} created, {updated} updated, {Region.objects.count()} in total."
        ))
