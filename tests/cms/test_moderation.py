"""Editors' pages go through review: an editor (Wagtail's Editors group) drafts a change to a
policy page and submits it; the public keeps reading the published version until a moderator
(Moderators group) approves, which publishes it. An editor cannot publish alone."""
import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from cms.models import StandardPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def member_of(group):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def policies(home):
    return StandardPage.objects.get(slug="policies", locale=Locale.get_default())


def test_an_editor_may_edit_but_not_publish_and_a_moderator_may_publish(policies):
    editor, moderator = member_of("Editors"), member_of("Moderators")
    assert policies.permissions_for_user(editor).can_edit()
    assert not policies.permissions_for_user(editor).can_publish()
    assert policies.permissions_for_user(moderator).can_publish()


def test_a_change_is_public_only_once_a_moderator_approves_it(client, policies):
    editor, moderator = member_of("Editors"), member_of("Moderators")
    workflow = policies.get_workflow()
    assert workflow is not None and workflow.active   # "Moderators approval", on every page

    policies.summary = "修订后的摘要：新增收费监管条款。"
    policies.save_revision(user=editor)
    state = workflow.start(policies, editor)
    assert "修订后的摘要" not in client.get("/policies/").content.decode()   # still the published one

    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    policies.refresh_from_db()
    assert policies.live and policies.summary.startswith("修订后的摘要")
    assert "修订后的摘要" in client.get("/policies/").content.decode()
