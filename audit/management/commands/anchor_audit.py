from django.core.management.base import BaseCommand

from audit.services import anchor_publish


class Command(BaseCommand):
    help = ("Publish today's anchor of the audit chain head at /audit/anchors/ (once a day; "
            "running it again the same day changes nothing). Run it daily from cron.")

    def handle(self, *args, **options):
        anchor, created = anchor_publish(actor=None)
        verb = "published" if created else "already published"
        self.stdout.write(self.style.SUCCESS(
            f"anchor of {anchor.date} {verb}: entry #{anchor.seq}, hash {anchor.hash}"
        ))
