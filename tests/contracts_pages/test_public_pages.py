"""The public check of a signed contract, without login (the published model contracts are a
Wagtail page: tests/cms/test_contract_templates_page.py). Nothing private shows (no person, no
IP), and the check writes nothing."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.models import WebhookEvent

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"contracts_public:{name}", args=args)


def test_the_verify_page_renders_for_anyone(client):
    assert client.get(_url("verify")).status_code == 200


def test_a_hash_that_is_not_one_is_a_form_error(client):
    response = client.post(_url("verify"), {"text_hash": "not-a-hash"})
    assert response.status_code == 400
    assert "64 位十六进制" in response.content.decode()


def test_a_signed_contracts_hash_is_found_without_private_data(scene, client):
    response = client.post(_url("verify"), {"text_hash": scene.signed.text_hash.upper()})
    text = response.content.decode()
    assert response.status_code == 200
    assert scene.signed.number in text and scene.signed.owner.name in text and scene.signed.agency.name in text
    assert "203.0.113.7" not in text and scene.owner_user.full_name not in text


def test_an_unknown_hash_is_not_found(client):
    text = client.post(_url("verify"), {"text_hash": "0" * 64}).content.decode()
    assert "平台上没有以该文本签订的合同" in text


def test_a_file_that_is_not_a_pdf_is_told_so(client):
    upload = SimpleUploadedFile("contract.pdf", b"hello", content_type="application/pdf")
    text = client.post(_url("verify"), {"file": upload}).content.decode()
    assert "不是 PDF" in text


def test_an_upload_over_the_limit_is_refused(client, settings):
    settings.PRIVATE_UPLOAD_MAX_BYTES = 10
    upload = SimpleUploadedFile("contract.pdf", b"%PDF-1.4 " + b"x" * 20, content_type="application/pdf")
    assert client.post(_url("verify"), {"file": upload}).status_code == 400


def test_a_webhook_with_a_bad_signature_is_refused_and_writes_nothing(client):
    response = client.post(reverse("payments:stripe_webhook"), data=b'{"id": "evt_1", "type": "x"}',
                           content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1,v1=bad")
    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0


def test_the_webhook_takes_only_posts(client):
    assert client.get(reverse("payments:stripe_webhook")).status_code == 405
