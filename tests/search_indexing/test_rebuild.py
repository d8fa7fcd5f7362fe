"""manage.py search_rebuild: from nothing it builds the index the changes built one by one, it
records itself in the audit log, and running it again changes nothing."""
import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from audit.actions import Action
from audit.models import AuditEntry
from bidding.models import Job
from core.demo.site import ensure_page_tree
from marketplace.services.catalogue import item_withdraw
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    JobFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)
from tests.factories.blacklist import approved

pytestmark = pytest.mark.django_db


def scene():
    ensure_page_tree()
    category = ServiceCategoryFactory(code="env", name="生态环境")
    regulator = RegulatorFactory()
    regulator.categories.add(category)
    kept = ServiceItemFactory(category=category, name="环境影响评价报告表编制")
    gone = ServiceItemFactory(category=category, name="已取消的事项")
    AgencyServiceFactory(agency=AgencyFactory(name="德阳环评咨询有限公司"), item=kept)
    approved(AgencyFactory(name="失信测试咨询有限公司"))
    JobFactory(item=kept, title="某道路工程环评")
    JobFactory(item=kept, status=Job.Status.DRAFT, published_at=None, title="草稿项目")
    item_withdraw(actor=regulator.user, item=gone, effective_from=datetime.date(2025, 7, 1), reason="取消")


def test_a_rebuild_from_nothing_equals_the_incremental_index(memory):
    scene()
    incremental = dict(memory.documents)
    assert {kind for kind, _ref in incremental} == {"agency", "job", "item", "notice", "policy"}
    assert "草稿项目" not in memory.text() and "已取消的事项" not in memory.text()
    memory.clear()
    out = StringIO()
    call_command("search_rebuild", stdout=out, stderr=StringIO())
    assert memory.documents == incremental
    assert "共 %d 条" % len(incremental) in out.getvalue()
    entry = AuditEntry.objects.filter(action=Action.SEARCH_REBUILD).get()
    assert entry.after["backend"] == "memory"
    assert sum(entry.after["counts"].values()) == len(incremental)

    call_command("search_rebuild", stdout=StringIO(), stderr=StringIO())
    assert memory.documents == incremental
    assert AuditEntry.objects.filter(action=Action.SEARCH_REBUILD).count() == 2


def test_a_rebuild_of_one_kind_leaves_the_others(memory):
    scene()
    before = dict(memory.documents)
    memory.rebuilt.clear()
    call_command("search_rebuild", "--kind", "item", stdout=StringIO(), stderr=StringIO())
    assert memory.rebuilt == ["item"]
    assert memory.documents == before
