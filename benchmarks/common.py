"""What the benchmark scripts share: the environment of production settings, a PostgreSQL
database of their own, management commands with their output captured, the machine and the
commit they ran on, and their section of benchmarks/RESULTS.md.

The scripts are run as files (`.venv/bin/python benchmarks/credit.py`): each puts the project
folder on sys.path before importing this module. Django is imported inside the functions that
need it, because the scripts set the environment before Django starts.
"""
import io
import os
import platform
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def log(message):
    print(message, file=sys.stderr, flush=True)


def production_environment(database_url, secret):
    """Production settings on the loopback, sharing nothing with other work on the machine: its
    own database, no mail sent, tasks run at once, an in-process cache. `secret` fills the keys."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secret,
        "AUDIT_HMAC_KEY": secret,
        "IDENTITY_HMAC_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "EMAIL_URL": "dummymail://",
        "TASKS_BACKEND": "immediate",
        "CACHE_URL": "locmemcache://",
        "LOG_LEVEL": "WARNING",
    }


def _on_server(database_url, *statements):
    """Run statements on the server of `database_url`, from its maintenance database `postgres`
    (a database cannot be dropped or created from inside itself)."""
    import psycopg

    maintenance = urlparse(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _name(database_url):
    return urlparse(database_url).path.lstrip("/")


def recreate_database(database_url):
    """The PostgreSQL database at `database_url`, empty: dropped (whoever is connected) and created."""
    name = _name(database_url)
    _on_server(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def drop_database(database_url):
    _on_server(database_url, f'DROP DATABASE IF EXISTS "{_name(database_url)}" WITH (FORCE)')


def call_quietly(command, *arguments, **options):
    """call_command with what it prints to stderr swallowed; what it printed to stdout (into a
    StringIO of its own unless `stdout` is given, which a caller reads even after an error)."""
    from django.core.management import call_command

    out = options.setdefault("stdout", io.StringIO())
    with redirect_stderr(io.StringIO()):
        call_command(command, *arguments, **options)
    return out.getvalue()


def machine():
    """(CPUs and Python, load average now)."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}", load


def postgres_version():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def commit_id():
    """The commit measured, and whether tracked files had changes on top of it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return head + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def replace_section(start, end, section, results=RESULTS):
    """Put `section` (from its `start` marker to its `end` marker) in place of the script's old
    section of RESULTS.md, or at the end when there is none; the other sections stay as they are."""
    text = results.read_text() if results.exists() else "# Benchmark results\n"
    if start in text and end in text:
        text = text[:text.index(start)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    results.write_text(text)
