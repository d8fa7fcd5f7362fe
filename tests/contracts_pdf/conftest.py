"""A demo signing certificate made once per session in a temporary folder, and the settings
pointed at it for every test here; one sealed contract PDF shared by the tests that only read it."""
import datetime as dt
import hashlib

import pytest
from django.test import override_settings

from contracts.signing_key import ensure_demo_certificate

TEXT = (
    "技术服务合同\n"
    "第一条 服务范围\n"
    "乙方为甲方提供环境影响评价服务，成果为环境影响报告书。\n"
    "\n"
    "第二条 合同价款\n"
    "    合同价款为人民币 120,000.00 元（大写：壹拾贰万元整）。\n"
    "第三条 争议解决\n"
    "双方协商不成的，向甲方所在地人民法院起诉。\n"
)
TEXT_HASH = hashlib.sha256(TEXT.encode()).hexdigest()
PARTIES = [
    {"side_label": "甲方", "name": "青山县自然资源局"},
    {"side_label": "乙方", "name": "绿水环境科技有限公司"},
]
SIGNED_AT = dt.datetime(2025, 3, 4, 2, 5, 6, tzinfo=dt.UTC)  # 10:05:06 in Shanghai
SIGNATURES = [
    {"side_label": "甲方", "org_name": "青山县自然资源局", "user_name": "张三", "signed_at": SIGNED_AT,
     "ip": "203.0.113.7", "method": "短信验证码"},
    {"side_label": "乙方", "org_name": "绿水环境科技有限公司", "user_name": "李四",
     "signed_at": SIGNED_AT + dt.timedelta(hours=1), "ip": "198.51.100.9", "method": "短信验证码"},
]
VERIFY_URL = "http://testserver/contracts/verify/7/"


def signing_settings(paths):
    return {
        "CONTRACT_SIGNING_KEY": str(paths.key),
        "CONTRACT_SIGNING_CERT": str(paths.cert),
        "CONTRACT_SIGNING_CHAIN": str(paths.chain),
        "CONTRACT_SIGNING_KEY_PASSPHRASE": None,
    }


def make_pdf(**overrides):
    from contracts.pdf import contract_pdf

    kwargs = {"title": "技术服务合同", "text": TEXT, "text_hash": TEXT_HASH, "parties": PARTIES,
              "signatures": SIGNATURES, "verify_url": VERIFY_URL}
    return contract_pdf(**{**kwargs, **overrides})


@pytest.fixture(scope="session")
def signing_paths(tmp_path_factory):
    return ensure_demo_certificate(tmp_path_factory.mktemp("keys"))


@pytest.fixture(autouse=True)
def _signing_settings(settings, signing_paths):
    for name, value in signing_settings(signing_paths).items():
        setattr(settings, name, value)


@pytest.fixture(scope="session")
def sealed_pdf(signing_paths):
    with override_settings(**signing_settings(signing_paths)):
        return make_pdf()
