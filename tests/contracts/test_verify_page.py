"""The public check of a signed contract: the platform's unchanged original says which contract
it is; a file that merely carries a genuine hash does not."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.pdf import render_pdf

from .helpers import signed

pytestmark = pytest.mark.django_db


def post_file(client, data):
    return client.post(reverse("contracts_public:verify"),
                       {"file": SimpleUploadedFile("合同.pdf", data, content_type="application/pdf")})


def test_the_original_is_recognised(scene, client):
    contract = signed(scene)
    contract.refresh_from_db()
    with contract.pdf.open("rb") as handle:
        page = post_file(client, handle.read()).content.decode()
    assert "该文件是平台出具的原件" in page and contract.number in page
    assert scene.agency_user.email not in page and scene.agency_user.full_name not in page  # nobody's name


def test_a_forged_file_with_a_genuine_hash_is_not(scene, client):
    contract = signed(scene)
    forged = render_pdf("<p>合同价款：人民币 1 元</p>", text_hash=contract.text_hash)
    page = post_file(client, forged).content.decode()
    assert "不是平台出具的、未经改动的原件" in page
    assert contract.number not in page


def test_a_pasted_hash_finds_the_contract(scene, client):
    contract = signed(scene)
    page = client.post(reverse("contracts_public:verify"), {"text_hash": contract.text_hash}).content.decode()
    assert contract.number in page
    missing = client.post(reverse("contracts_public:verify"), {"text_hash": "a" * 64}).content.decode()
    assert "平台上没有以该文本签订的合同" in missing
