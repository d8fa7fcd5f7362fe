"""Notices to users: a row in each user's in-site inbox, and an e-mail after the commit.

Call `notify` inside the service's transaction: if the change rolls back, the inbox rows go
with it and no e-mail leaves.
"""
from django.db import transaction

from .models import Notice
from .tasks import enqueue_email


def notify(users, *, title, body="", link="", email=True):
    users = [user for user in dict.fromkeys(users) if user is not None]
    Notice.objects.bulk_create(
        [Notice(user=user, title=str(title)[:200], body=str(body), link=link) for user in users]
    )
    recipients = [user.email for user in users if email and user.email]
    if recipients:
        text = f"{body}\n\n{link}".strip() if link else str(body)
        # One message per person: recipients of a notice must not see each other's addresses.
        transaction.on_commit(lambda: [enqueue_email(str(title), text, [to]) for to in recipients])


def unread_count(user):
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
