"""Bad input on the complaint pages is answered with a clear message next to what is wrong,
the input kept, and nothing written: no complaint, no file, no audit entry, no notice."""
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import EmailValidator
from django.test import Client
from django.urls import reverse

from bidding.models import Job
from oversight.models import Complaint, ComplaintFile
from oversight.services.complaints import complaint_file, complaint_take
from tests.factories import JobFactory
from tests.writes import nothing_written

from .scene import DETAILS, PHONE, SUMMARY, file_complaint, form_data, pdf

pytestmark = pytest.mark.django_db


def _django_message(message):
    """A message of Django's own in the site's language (the tests run in zh-hans)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return str(message).split("%")[0].strip("。. ")


REQUIRED = _django_message(forms.Field.default_error_messages["required"])
EMAIL_INVALID = _django_message(EmailValidator.message)
CHOICE_INVALID = _django_message(forms.ChoiceField.default_error_messages["invalid_choice"])


def refused(client, scene, message, **changes):
    with nothing_written(Complaint, ComplaintFile):
        response = file_complaint(client, form_data(scene, **changes))
    text = response.content.decode()
    assert response.status_code == 400, text[:500]
    assert message in text, text
    assert "投诉尚未提交" in text
    return text


@pytest.mark.parametrize(("changes", "message"), [
    ({"summary": ""}, REQUIRED),
    ({"summary": "  "}, REQUIRED),
    ({"details": ""}, REQUIRED),
    ({"about": ""}, REQUIRED),
    ({"about": "everyone"}, CHOICE_INVALID),
    ({"summary": "超" * 101}, "100"),
    ({"contact_phone": "", "contact_email": ""}, "请至少留下一种联系方式"),
    ({"identity": "anonymous", "contact_phone": "", "contact_email": ""}, "匿名投诉也须留下联系方式"),
    ({"complainant_name": ""}, "实名投诉请填写投诉人姓名"),
    ({"contact_email": "not-an-address"}, EMAIL_INVALID),
    ({"contact_phone": "call me<script>"}, "联系电话格式不正确"),
    ({"agency": ""}, "请填写被投诉的中介机构名称或统一社会信用代码"),
    ({"agency": "91510600MA62J6QX1M"}, "没有统一社会信用代码为 91510600MA62J6QX1M 的中介机构"),
    ({"agency": "不存在的机构名称"}, "没有找到名称含“不存在的机构名称”的中介机构"),
    ({"agency": "德"}, "名称请至少填写 2 个字"),
    ({"about": "owner", "owner": "", "agency": ""}, "请填写被投诉的项目业主名称或统一社会信用代码"),
    ({"about": "job", "job": ""}, "请填写被投诉项目的编号"),
    ({"about": "job", "job": "999999"}, "没有编号为 999999 的已发布项目"),
    ({"about": "job", "job": "99999999999999999999999"}, "项目编号是采购公告网址末尾的数字"),
    ({"about": "job", "job": "第三个项目"}, "项目编号是采购公告网址末尾的数字"),
    ({"item": "NO-SUCH-ITEM"}, CHOICE_INVALID),
])
def test_a_refused_complaint_says_why_and_writes_nothing(client, scene, changes, message):
    refused(client, scene, message, **changes)


def test_a_draft_job_is_as_unknown_as_a_missing_one(client, scene):
    draft = JobFactory(item=scene.item, owner=scene.owner, status=Job.Status.DRAFT)
    refused(client, scene, f"没有编号为 {draft.pk} 的已发布项目", about="job", job=str(draft.pk))


def test_files_that_are_not_what_they_say_are_refused(client, scene):
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 this is a program, not a PDF", content_type="application/pdf")
    text = refused(client, scene, "文件不是有效的 PDF、JPEG 或 PNG", files=[pdf(), fake])
    assert "如上传了文件，请重新选择" in text


def test_too_many_files_are_refused(client, scene):
    refused(client, scene, "最多上传 5 个文件", files=[pdf(f"{n}.pdf") for n in range(6)])


def test_the_input_is_kept_after_a_refusal(client, scene):
    text = refused(client, scene, "请至少留下一种联系方式", contact_phone="", contact_email="")
    assert SUMMARY in text and DETAILS in text


def test_the_follow_box_answers_a_malformed_or_unknown_number(client, scene):
    malformed = client.get(reverse("oversight:complaint_follow"), {"number": "<script>alert(1)</script>"})
    assert malformed.status_code == 400
    assert "受理编号的格式为" in malformed.content.decode()
    assert "<script>alert(1)</script>" not in malformed.content.decode()
    unknown = client.get(reverse("oversight:complaint_follow"), {"number": "TS20260101-AAAAAA"})
    assert unknown.status_code == 404 and "没有受理编号为 TS20260101-AAAAAA 的投诉" in unknown.content.decode()
    empty = client.get(reverse("oversight:complaint_follow"))
    assert empty.status_code == 400


@pytest.mark.parametrize("number", ["TS20260101-AAAAAA", "nothing", "x" * 300, "%00", "1"])
def test_an_unknown_follow_page_is_not_found(client, scene, number):
    assert client.get(f"/complaints/{number}/").status_code == 404


def _filed(scene):
    return complaint_file(actor=None, about=Complaint.About.AGENCY, agency=scene.agency, item=scene.item,
                          summary=SUMMARY, details=DETAILS, anonymous=True, contact_phone=PHONE)


@pytest.mark.parametrize(("data", "message"), [
    ({"status": "upheld", "outcome": "查实。", "responsible": ""}, "投诉成立时请选择责任主体"),
    ({"status": "upheld", "outcome": "", "responsible": "{agency}"}, REQUIRED),
    ({"status": "closed", "outcome": "查实。"}, CHOICE_INVALID),
    ({"status": "upheld", "outcome": "查实。", "responsible": "99999999999999999999999"}, CHOICE_INVALID),
])
def test_a_refused_decision_says_why_and_writes_nothing(scene, regulator_client, data, message):
    complaint = _filed(scene)
    complaint_take(actor=scene.regulator.user, complaint=complaint)
    data = {key: value.format(agency=scene.agency.pk) for key, value in data.items()}
    with nothing_written(Complaint):
        response = regulator_client.post(reverse("oversight_regulator:complaint_decide", args=[complaint.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.HANDLING and complaint.outcome == ""


def test_upheld_needs_the_case_taken_first(scene, regulator_client):
    complaint = _filed(scene)
    page = regulator_client.get(reverse("oversight_regulator:complaint", args=[complaint.pk])).content.decode()
    assert 'value="upheld"' not in page and 'value="dismissed"' in page  # only dismissal before taking
    with nothing_written(Complaint):
        response = regulator_client.post(reverse("oversight_regulator:complaint_decide", args=[complaint.pk]), {
            "status": "upheld", "outcome": "查实。", "responsible": scene.agency.pk})
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED


@pytest.mark.parametrize(("data", "message"), [
    ({"department": "", "reason": "不属本部门监管。"}, REQUIRED),
    ({"department": "{other}", "reason": "  "}, REQUIRED),
    ({"department": "{own}", "reason": "不属本部门监管。"}, CHOICE_INVALID),
    ({"department": "abc", "reason": "不属本部门监管。"}, CHOICE_INVALID),
])
def test_a_refused_transfer_says_why_and_writes_nothing(scene, regulator_client, data, message):
    complaint = _filed(scene)
    ids = {"other": scene.other_regulator.department_id, "own": scene.department.pk}
    data = {key: value.format(**ids) for key, value in data.items()}
    with nothing_written(Complaint):
        response = regulator_client.post(reverse("oversight_regulator:complaint_transfer", args=[complaint.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.department == scene.department


def test_taking_a_case_twice_is_answered_not_an_error(scene, regulator_client):
    complaint = _filed(scene)
    url = reverse("oversight_regulator:complaint_take", args=[complaint.pk])
    assert regulator_client.post(url).status_code == 302
    with nothing_written():
        again = regulator_client.post(url, follow=True)
    assert again.status_code == 200
    assert "该投诉当前状态下不能执行此操作" in again.content.decode()


def test_odd_queue_filters_are_shown_and_ignored(scene, regulator_client):
    _filed(scene)
    response = regulator_client.get(reverse("oversight_regulator:complaints"),
                                    {"status": "<b>", "due": "yesterday", "item": "x" * 500, "region": "99"})
    assert response.status_code == 400
    assert SUMMARY in response.content.decode()  # the open ones, as without filters


def test_the_public_form_needs_no_login_and_answers_get_and_post_only(scene):
    visitor = Client()
    assert visitor.get(reverse("oversight:complaints")).status_code == 200
    assert visitor.put(reverse("oversight:complaints")).status_code == 405
