"""On PostgreSQL, at the same moment: regulators putting the same word into new groups (one
group gets it, the others are told which group holds it), and two changes of one group (each
a version of its own, none lost)."""
import pytest
from django.db import connection

from audit.actions import Action
from audit.models import AuditEntry
from search.models import SynonymGroup
from search.services import create_synonym_group, update_synonym_group
from tests.concurrency import at_once

from .conftest import make_actor

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL locks"),
]


def test_the_same_word_into_three_new_groups_at_once_goes_into_one():
    keepers = [make_actor("keeper") for _ in range(3)]
    outcomes = at_once([lambda user=user, n=n: create_synonym_group(actor=user, words=f"环评\n环评全称{n}").pk
                     for n, user in enumerate(keepers)])
    assert sorted(kind for kind, _value in outcomes) == ["SynonymWordTaken"] * 2 + ["ok"], outcomes
    assert SynonymGroup.objects.count() == 1
    assert AuditEntry.objects.filter(action=Action.SYNONYM_CREATE).count() == 1


def test_two_changes_of_one_group_at_once_are_two_versions():
    first, second = make_actor("keeper"), make_actor("keeper")
    group = create_synonym_group(actor=first, words="水保\n水土保持")
    outcomes = at_once([
        lambda: update_synonym_group(actor=first, group=group, words="水保\n水土保持\n水土保持方案", note="",
                                     reason="补充方案").pk,
        lambda: update_synonym_group(actor=second, group=group, words="水保\n水土保持", note="简称",
                                     reason="补充说明").pk,
    ])
    assert [kind for kind, _value in outcomes] == ["ok", "ok"], outcomes
    reasons = sorted(v.history_change_reason for v in group.history.filter(history_type="~"))
    assert reasons == ["补充方案", "补充说明"]
    assert AuditEntry.objects.filter(action=Action.SYNONYM_UPDATE).count() == 2
