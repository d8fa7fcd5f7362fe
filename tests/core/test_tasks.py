"""Background work goes through one task interface: in-process by default, Redis (RQ) in production."""
import pytest
import redis
from django.core import mail
from django_tasks import TaskResultStatus
from django_tasks_rq import Job

from core.tasks import enqueue_email

# A Redis database of its own, so the tests never see (or eat) jobs of a running site.
TEST_REDIS_URL = "redis://127.0.0.1:6379/13"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def test_with_the_embedded_backend_an_email_is_sent_at_once(settings):
    settings.TASKS = IMMEDIATE

    result = enqueue_email("报名已受理", "您的报名已受理。", ["agency@example.cn"])

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [m.subject for m in mail.outbox] == ["报名已受理"]
    assert mail.outbox[0].to == ["agency@example.cn"]


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
