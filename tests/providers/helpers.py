"""Small builders shared by the providers tests: real file bytes and a regulator who may work."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import RegulatorFactory

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def image_bytes(fmt="PNG", size=(20, 10)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name="证书.pdf"):
    return upload(name, PDF_BYTES, "application/pdf")


def regulator_user(**kwargs):
    """An active regulator who has set up TOTP, so the MFA gate lets them through."""
    return RegulatorFactory(**kwargs).user


# Two resident identity numbers with valid check characters (accounts.identity.with_check_character).
REPRESENTATIVE_ID = "510603198001010015"
OWN_ID = "510603198512310028"


def agency_data(region, **overrides):
    """A registration's data: the legal representative's identity number, and the registering
    user's own (used only when they have not declared it)."""
    data = {
        "uscc": "91510600MA62J6QX1M",
        "name": "德阳市清源环境咨询有限公司",
        "legal_representative": "王五",
        "legal_representative_id_number": REPRESENTATIVE_ID,
        "id_number": OWN_ID,
        "region": region,
        "address": "德阳市旌阳区泰山北路二段8号",
        "contact_name": "赵六",
        "contact_phone": "0838-2201234",
        "contact_email": "office@qingyuan.example.cn",
        "website": "",
        "introduction": "环境影响评价、水土保持方案编制。",
    }
    data.update(overrides)
    return data
