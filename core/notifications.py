"""Notices to users: a row in each user's in-site inbox, and an e-mail after the commit.

Call `notify` inside the service's transaction: if the change rolls back, the inbox rows go
with it and no e-mail leaves. Titles become one clean line (a title typed with a line break
would otherwise make the mail library refuse the subject); a send that fails is logged and
retried by the task (core/tasks.py), never dropped in silence.
"""
from django.conf import settings
from django.db import transaction

from .models import Notice
from .tasks import clean_subject, enqueue_email


def notify(users, *, title, body="", link="", email=True):
    users = [user for user in dict.fromkeys(users) if user is not None]
    title = clean_subject(title)
    Notice.objects.bulk_create(
        [Notice(user=user, title=title, body=str(body), link=link) for user in users]
    )
    recipients = [user.email for user in users if email and user.email]
    text = f"{body}\n\n{absolute_url(link)}".strip() if link else str(body)
    # One message per person: recipients of a notice must not see each other's addresses.
    # Each is queued on its own, and robustly: the change has committed, so a queue that cannot
    # be reached is logged (by Django) for that one message and neither stops the others nor
    # turns the user's page into an error.
    for to in recipients:
        transaction.on_commit(lambda to=to: enqueue_email(title, text, [to]), robust=True)


def absolute_url(path):
    """A site path as a full link, for e-mails (written outside any request); the site's public
    address is settings.WAGTAILADMIN_BASE_URL, set per deployment."""
    if not path.startswith("/"):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unread_count(user):
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
