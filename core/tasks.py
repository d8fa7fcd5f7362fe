"""Background work goes through django-tasks (the backport of Django's task framework).

By default tasks run in-process (ImmediateBackend, no server needed); with TASKS_BACKEND=rq
they are queued in Redis and run by `manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job`.

E-mail is never dropped in silence. Subjects are cleaned to one line before anything is sent
(Django refuses a header with a line break). A failed send is logged and the task queued
again, up to EMAIL_SEND_ATTEMPTS attempts in all: django-tasks 0.12 has no retries of its own,
so the attempt number travels as an argument. Where the backend can defer a task (RQ, whose
worker then needs --with-scheduler), the n-th retry waits EMAIL_RETRY_DELAY_SECONDS × 2^(n-1);
the in-process backend retries at once. Each failed attempt also ends as a FAILED task result,
so the error reaches the task backend's log and the result too.
"""
import datetime
import logging
import re

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 200
EMAIL_SEND_ATTEMPTS = 3
EMAIL_RETRY_DELAY_SECONDS = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


def clean_subject(subject):
    """One line of text: line breaks and other control characters become spaces, runs of
    spaces one space, and a subject longer than SUBJECT_MAX_LENGTH is cut with an ellipsis."""
    text = _SPACES.sub(" ", _CONTROL.sub(" ", str(subject))).strip()
    if len(text) > SUBJECT_MAX_LENGTH:
        text = text[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return text


@task()
def send_email(subject: str, body: str, recipients: list[str], attempt: int = 1) -> int:
    try:
        return send_mail(clean_subject(subject), body, None, recipients, fail_silently=False)
    except Exception:
        to = ", ".join(recipients)
        if attempt >= EMAIL_SEND_ATTEMPTS:
            logger.error("e-mail %r to %s failed on attempt %d of %d; giving up",
                         subject, to, attempt, EMAIL_SEND_ATTEMPTS, exc_info=True)
        else:
            logger.warning("e-mail %r to %s failed on attempt %d of %d; trying again",
                           subject, to, attempt, EMAIL_SEND_ATTEMPTS, exc_info=True)
            _enqueue(subject, body, recipients, attempt=attempt + 1)
        raise


def _enqueue(subject, body, recipients, *, attempt=1):
    task_ = send_email
    if attempt > 1 and send_email.get_backend().supports_defer:
        delay = EMAIL_RETRY_DELAY_SECONDS * 2 ** (attempt - 2)
        task_ = send_email.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    return task_.enqueue(clean_subject(subject), str(body), list(recipients), attempt)


def enqueue_email(subject, body, recipients):
    """Queue an e-mail; call it from transaction.on_commit so a rolled-back change sends nothing."""
    return _enqueue(subject, body, recipients)
