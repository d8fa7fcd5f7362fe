"""Background work goes through one task interface: in-process by default, Redis (RQ) in production."""
import logging
import os
import smtplib

import pytest
import redis
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django_tasks import TaskResultStatus
from django_tasks_rq import Job

from core.tasks import enqueue_email


def _test_redis_db():
    """A Redis database of the tests' own (the tests empty it), so they never see (or eat) jobs
    of a running site (databases 0 and 1): one per database engine, as CI runs the PostgreSQL and
    SQLite suites side by side (.ci/run), and one per pytest-xdist worker (gw0, gw1, …) within
    each. PostgreSQL counts up from 2, SQLite down from 15: they meet only past 14 workers."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker.removeprefix("gw") or 0)
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    return 2 + number if on_postgres else 15 - number


TEST_REDIS_URL = f"redis://127.0.0.1:6379/{_test_redis_db()}"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def test_with_the_embedded_backend_an_email_is_sent_at_once(settings):
    settings.TASKS = IMMEDIATE

    result = enqueue_email("报名已受理", "您的报名已受理。", ["agency@example.cn"])

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [m.subject for m in mail.outbox] == ["报名已受理"]
    assert mail.outbox[0].to == ["agency@example.cn"]


class FlakyBackend(BaseEmailBackend):
    """An SMTP server that is down for the next `failures` messages, then delivers (to the
    test outbox, as the locmem backend does)."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return LocmemBackend().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    yield FlakyBackend
    FlakyBackend.failures = 0


def _failures_logged(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "core.tasks"]


def test_a_failed_send_is_logged_and_tried_again(flaky_mail, caplog):
    flaky_mail.failures = 1
    with caplog.at_level(logging.WARNING, logger="core.tasks"):
        enqueue_email("报名已受理", "您的报名已受理。", ["agency@example.cn"])

    assert _failures_logged(caplog) == [
        "e-mail '报名已受理' to agency@example.cn failed on attempt 1 of 3; trying again"
    ]
    assert "SMTPServerDisconnected" in caplog.records[0].exc_text
    assert [(m.subject, m.to) for m in mail.outbox] == [("报名已受理", ["agency@example.cn"])]


def test_a_send_that_keeps_failing_stops_after_the_last_attempt_and_says_so(flaky_mail, caplog):
    flaky_mail.failures = 10
    with caplog.at_level(logging.WARNING, logger="core.tasks"):
        result = enqueue_email("报名已受理", "您的报名已受理。", ["agency@example.cn"])

    assert _failures_logged(caplog) == [
        "e-mail '报名已受理' to agency@example.cn failed on attempt 1 of 3; trying again",
        "e-mail '报名已受理' to agency@example.cn failed on attempt 2 of 3; trying again",
        "e-mail '报名已受理' to agency@example.cn failed on attempt 3 of 3; giving up",
    ]
    assert result.status == TaskResultStatus.FAILED
    assert mail.outbox == []
    assert flaky_mail.failures == 7


@pytest.fixture
def rq_redis(settings):
    """The RQ backend on the local Redis, in a database emptied before and after the test."""
    connection = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379; start redis-server to run this test")
    connection.flushdb()
    settings.TASKS = RQ
    settings.RQ_QUEUES = {"default": {"URL": TEST_REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    yield connection
    connection.flushdb()
    connection.close()


@pytest.mark.redis
def test_with_the_redis_backend_an_email_waits_in_redis_until_a_worker_sends_it(rq_redis):
    import django_rq
    from rq import SimpleWorker

    result = enqueue_email("新的采购公告", "有一项与您的服务事项相关的公告。", ["agency@example.cn"])

    queue = django_rq.get_queue("default", job_class=Job)
    assert queue.job_ids == [result.id]
    result.refresh()
    assert result.status == TaskResultStatus.READY
    assert mail.outbox == []

    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    assert worker.work(burst=True) is True

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert queue.job_ids == []
    assert [m.subject for m in mail.outbox] == ["新的采购公告"]
    assert mail.outbox[0].body == "有一项与您的服务事项相关的公告。"
