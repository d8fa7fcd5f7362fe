from django.core.management.base import BaseCommand

from contracts.signing_key import demo_exists, demo_target_paths, ensure_demo_certificate


class Command(BaseCommand):
    help = (
        "Make a DEMO signing key and certificate (and a demo root CA) for sealing contract PDFs, at the "
        "configured paths, unless a key and certificate are there already (idempotent). Production "
        "configures a CA-issued certificate instead (CONTRACT_SIGNING_KEY, CONTRACT_SIGNING_CERT, "
        "CONTRACT_SIGNING_CHAIN, CONTRACT_SIGNING_KEY_PASSPHRASE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="write the files here instead of the configured paths")
        parser.add_argument("--force", action="store_true", help="replace existing files with new demo ones")

    def handle(self, *args, directory=None, force=False, **options):
        existed = demo_exists(demo_target_paths(directory)) and not force
        paths = ensure_demo_certificate(directory, force=force)
        self.stdout.write(f"key:   {paths.key}")
        self.stdout.write(f"cert:  {paths.cert}")
        self.stdout.write(f"chain: {paths.chain or '(none)'}")
        if existed:
            self.stdout.write("A signing key and certificate exist already: kept as they are (--force replaces them).")
            return
        self.stdout.write(self.style.WARNING(
            "Made a DEMO certificate, issued by a demo root CA (中介超市演示根证书) that nobody outside this "
            "platform trusts. In production set CONTRACT_SIGNING_KEY, CONTRACT_SIGNING_CERT and "
            "CONTRACT_SIGNING_CHAIN (and CONTRACT_SIGNING_KEY_PASSPHRASE if the key is encrypted) to a "
            "certificate issued by a real CA."
        ))
