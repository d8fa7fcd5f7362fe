"""Background work goes through django-tasks (the backport of Django's task framework).

By default tasks run in-process (ImmediateBackend, no server needed); with TASKS_BACKEND=rq
they are queued in Redis and run by `manage.py rqworker --job-class django_tasks_rq.Job`.
"""
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, None, recipients, fail_silently=False)


def enqueue_email(subject, body, recipients):
    """Queue an e-mail; call it from transaction.on_commit so a rolled-back change sends nothing."""
    return send_email.enqueue(str(subject), str(body), list(recipients))
