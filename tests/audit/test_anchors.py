"""Daily anchors of the audit chain head, published at /audit/anchors/ and as a file to keep:
`verify_audit` finds a log that was cut back or rewritten after an anchor was published, even
by someone holding the key, in the database's anchors or in a copy kept outside."""
import datetime
import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditAnchor, AuditEntry
from audit.services import anchor_publish
from audit.verify import verify_chain

from .tampering import STOLEN_KEY, cut_back, record, resign_anchors, rewrite

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)


def _download(client, path):
    response = client.get(reverse("audit:anchors_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="audit-anchors.json"'
    path.write_bytes(response.content)
    return path


def _verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except CommandError as error:
        return False, err.getvalue() + str(error)
    return True, out.getvalue()


# --- publishing --------------------------------------------------------------------------------

def test_the_command_publishes_the_head_once_a_day_and_records_it_in_the_log(user):
    for n in range(3):
        record(user, n)
    head = AuditEntry.objects.order_by("seq").last()
    with time_machine.travel(MONDAY, tick=False):
        call_command("anchor_audit", stdout=io.StringIO())
        call_command("anchor_audit", stdout=io.StringIO())  # again the same day: nothing new
    [anchor] = AuditAnchor.objects.all()
    assert (anchor.date, anchor.seq, anchor.hash) == (datetime.date(2026, 3, 2), head.seq, head.hash)
    entry = AuditEntry.objects.get(action="audit.anchor_publish")
    assert entry.after == {"date": "2026-03-02", "seq": head.seq, "hash": head.hash}
    assert entry.seq == head.seq + 1

    with time_machine.travel(MONDAY + datetime.timedelta(days=1), tick=False):
        call_command("anchor_audit", stdout=io.StringIO())
    assert [a.seq for a in AuditAnchor.objects.all()] == [entry.seq, head.seq]  # newest first
    assert verify_chain() == (5, [])


def test_the_day_is_the_beijing_day(user):
    late_sunday_utc = datetime.datetime(2026, 3, 1, 17, 0, tzinfo=datetime.timezone.utc)  # Monday 01:00
    anchor, created = anchor_publish(now=late_sunday_utc)
    assert created and anchor.date == datetime.date(2026, 3, 2)
    assert (anchor.seq, anchor.hash) == (0, "0" * 64)  # an empty log anchors the genesis


def test_anchors_cannot_be_saved_again_or_deleted(user):
    anchor, _ = anchor_publish()
    with pytest.raises(RuntimeError):
        anchor.save()
    with pytest.raises(RuntimeError):
        anchor.delete()


# --- what the anchors catch --------------------------------------------------------------------

def test_a_clean_chain_with_anchors_passes_also_against_the_downloaded_copy(client, user, tmp_path):
    for day in range(3):
        record(user, day)
        anchor_publish(now=MONDAY + datetime.timedelta(days=day))
    record(user, 99)
    copy = _download(client, tmp_path / "anchors.json")

    assert _verify() == (True, "audit log intact: 7 entries\n")
    assert _verify("--anchors", str(copy)) == (True, "audit log intact: 7 entries, 3 outside anchor(s) match\n")


def test_the_log_cut_back_and_its_head_moved_back_with_the_key_is_found_by_the_anchor(user):
    for n in range(5):
        record(user, n)
    anchor, _ = anchor_publish(now=MONDAY)
    cut_back(anchor.seq - 2, key=STOLEN_KEY)  # head signature valid: only the anchor knows

    _count, problems = verify_chain()
    assert [(p.seq, p.message) for p in problems] == [
        (anchor.seq, f"the anchor of 2026-03-02 names entry #{anchor.seq}, which is gone: the log was cut back"),
    ]
    ok, output = _verify()
    assert not ok and "cut back" in output


def test_a_rewrite_with_the_key_is_found_by_the_anchor_in_the_database(user):
    for n in range(5):
        record(user, n)
    anchor, _ = anchor_publish(now=MONDAY)
    rewrite(AuditEntry.objects.order_by("seq")[1].seq, edit={"after": {"n": 99}}, key=STOLEN_KEY)

    _count, problems = verify_chain()
    assert [p.message for p in problems] == [
        f"the anchor of 2026-03-02 does not match entry #{anchor.seq}: the log was rewritten"
    ]


def test_an_anchor_edited_in_the_database_without_the_key_is_found(user):
    record(user, 1)
    anchor, _ = anchor_publish(now=MONDAY)
    AuditAnchor.objects.filter(pk=anchor.pk).update(hash="f" * 64)
    _count, problems = verify_chain()
    assert [p.message for p in problems] == [
        "the anchor of 2026-03-02 does not carry the key's signature: it was altered",
        f"the anchor of 2026-03-02 does not match entry #{anchor.seq}: the log was rewritten",
    ]


def test_a_rewrite_with_the_key_and_the_anchors_resigned_is_found_against_the_outside_copy(client, user, tmp_path):
    for day in range(3):
        record(user, day)
        anchor_publish(now=MONDAY + datetime.timedelta(days=day))
    copy = _download(client, tmp_path / "anchors.json")  # a third party keeps this

    rewrite(AuditEntry.objects.order_by("seq")[1].seq, edit={"after": {"n": 99}}, key=STOLEN_KEY)
    resign_anchors(key=STOLEN_KEY)
    assert verify_chain() == (6, [])  # the database alone now agrees with itself

    ok, output = _verify("--anchors", str(copy))
    assert not ok
    assert "the outside copy's anchor of 2026-03-03 differs from the one in the database" in output
    assert "the outside copy's anchor of 2026-03-03 does not match entry" in output
    assert "the log was rewritten" in output
    assert "2026-03-02" not in output  # the first anchor precedes the rewritten row


def test_the_log_cut_back_and_its_anchors_deleted_is_found_against_the_outside_copy(client, user, tmp_path):
    for n in range(4):
        record(user, n)
    anchor, _ = anchor_publish(now=MONDAY)
    copy = _download(client, tmp_path / "anchors.json")
    AuditAnchor.objects.all().delete()
    cut_back(anchor.seq - 1, key=STOLEN_KEY)
    assert verify_chain()[1] == []

    ok, output = _verify("--anchors", str(copy))
    assert not ok
    assert "is missing from the database: a published anchor was removed" in output
    assert f"names entry #{anchor.seq}, which is gone: the log was cut back" in output


def test_an_unreadable_anchor_file_is_refused(tmp_path):
    bad = tmp_path / "anchors.json"
    bad.write_text(json.dumps({"anchors": [{"date": "2026-03-02", "seq": "7"}]}), encoding="utf-8")
    with pytest.raises(CommandError, match="lacks one of"):
        call_command("verify_audit", "--anchors", str(bad))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("verify_audit", "--anchors", str(tmp_path / "missing.json"))


# --- the public page ---------------------------------------------------------------------------

def test_anyone_sees_the_anchors_newest_first_and_can_download_them(client, user):
    for day in range(3):
        record(user, day)
        anchor_publish(now=MONDAY + datetime.timedelta(days=day))

    response = client.get(reverse("audit:anchors"))
    assert response.status_code == 200
    page = response.content.decode()
    newest, oldest = AuditAnchor.objects.order_by("-date")[0], AuditAnchor.objects.order_by("date")[0]
    assert page.index("2026-03-04") < page.index("2026-03-02")
    assert newest.hash in page and oldest.hash in page
    assert reverse("audit:anchors_json") in page

    data = json.loads(client.get(reverse("audit:anchors_json")).content)
    assert [a["date"] for a in data["anchors"]] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert data["anchors"][0] == {**oldest.published_fields(), "mac": oldest.mac}


def test_the_footer_links_to_the_anchors(client):
    response = client.get(reverse("audit:anchors"))
    assert f'href="{reverse("audit:anchors")}"' in response.content.decode()


def test_the_page_is_paginated_and_its_queries_do_not_grow_with_the_anchors(client, django_assert_num_queries):
    anchor_publish(now=MONDAY)
    client.get(reverse("audit:anchors"))  # the site's caches (Wagtail site, settings) warm up
    with CaptureQueriesContext(connection) as one_anchor:
        client.get(reverse("audit:anchors"))
    for day in range(1, 45):
        anchor_publish(now=MONDAY + datetime.timedelta(days=day))

    with django_assert_num_queries(len(one_anchor)):
        response = client.get(reverse("audit:anchors"))
    assert len(response.context["page"].object_list) == 30
    second = client.get(reverse("audit:anchors"), {"page": 2})
    assert len(second.context["page"].object_list) == 15
    assert "2026-03-02" in second.content.decode()
