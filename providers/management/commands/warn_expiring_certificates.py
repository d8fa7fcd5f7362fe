"""E-mail each agency's admins about certificates entering the expiry-warning period.

Idempotent: a certificate is warned about once (Certificate.expiry_warned_at); changing its
validity clears the mark, so a renewed certificate is warned about again before its new end.
Run it daily (cron or the task scheduler).
"""
from django.core.management.base import BaseCommand

from providers.selectors import certificates_due_for_warning, expiry_warning_days
from providers.services.profile import certificates_warn_expiry


class Command(BaseCommand):
    help = "E-mail agency admins about certificates expiring within CERTIFICATE_EXPIRY_WARNING_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Warning period in days (default: the setting).")

    def handle(self, *args, days, **options):
        days = days if days is not None else expiry_warning_days()
        by_agency = {}
        for certificate in certificates_due_for_warning(days=days):
            by_agency.setdefault(certificate.agency, []).append(certificate)
        sent = 0
        for agency, certificates in by_agency.items():
            sent += certificates_warn_expiry(agency=agency, certificates=certificates, days=days)
        self.stdout.write(self.style.SUCCESS(
            f"Expiry warnings: {sent} certificate(s) of {len(by_agency)} agenc(ies), period {days} days."
        ))
