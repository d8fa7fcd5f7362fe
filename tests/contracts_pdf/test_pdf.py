"""The sealed contract PDF: the exact text in a Chinese font, the signatures in Shanghai time, the
text's hash on every page and in the metadata, and the platform's valid seal."""
import io

from pyhanko.pdf_utils.reader import PdfFileReader

from contracts.pdf import SEAL_FIELD, signature_rows
from contracts.pdf_check import check_pdf

from .conftest import PARTIES, SIGNATURES, TEXT, TEXT_HASH, VERIFY_URL, make_pdf
from .pdftext import font_names, page_texts, squeeze


def test_the_pdf_holds_the_contract_text_in_a_chinese_font(sealed_pdf):
    text = "".join(page_texts(sealed_pdf))

    assert squeeze(TEXT) in text
    assert "甲方：青山县自然资源局" in text and "乙方：绿水环境科技有限公司" in text
    assert any("WenQuanYi" in name for name in font_names(sealed_pdf))


def test_the_signatures_are_listed_in_shanghai_time(sealed_pdf):
    text = "".join(page_texts(sealed_pdf))

    assert "甲方青山县自然资源局张三2025-03-0410:05:06203.0.113.7短信验证码" in text
    assert "乙方绿水环境科技有限公司李四2025-03-0411:05:06198.51.100.9短信验证码" in text


def test_every_page_shows_the_hash_the_verify_address_and_its_number():
    long_text = "\n".join(f"第{n}条 双方应当遵守本合同的约定，诚实守信地履行各自的义务。" for n in range(1, 120))

    texts = page_texts(make_pdf(text=long_text))

    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert f"合同文本SHA-256：{TEXT_HASH}" in text
        assert f"核验：{VERIFY_URL}" in text
        assert text.endswith(f"{number}/{len(texts)}")


def test_the_hash_is_in_the_metadata_for_programs(sealed_pdf):
    info = PdfFileReader(io.BytesIO(sealed_pdf)).trailer_view["/Info"].get_object()

    assert str(info["/ContractTextSHA256"]) == TEXT_HASH
    assert str(info["/Keywords"]) == f"sha256:{TEXT_HASH}"
    assert str(info["/Title"]) == "技术服务合同"
    assert check_pdf(sealed_pdf).text_hash == TEXT_HASH


def test_the_platform_seal_validates(sealed_pdf):
    check = check_pdf(sealed_pdf)

    assert check.signed and check.intact and check.trusted
    assert check.signer == "中介超市平台电子签章（演示）"
    assert check.problem == ""


def test_the_seal_is_pades_in_the_platform_field(sealed_pdf):
    (seal,) = PdfFileReader(io.BytesIO(sealed_pdf)).embedded_signatures

    assert seal.field_name == SEAL_FIELD
    assert seal.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert seal.md_algorithm == "sha256"


def test_a_party_that_has_not_signed_is_shown_unsigned():
    rows = signature_rows(PARTIES, SIGNATURES[:1])

    assert [(r["side_label"], r["signed"]) for r in rows] == [("甲方", True), ("乙方", False)]
    assert rows[0]["signed_at"] == "2025-03-04 10:05:06"


def test_the_text_is_data_not_markup():
    text = "第一条 <b>不是标签</b> & {{ 不是变量 }}\n第二条 结束"

    assert squeeze(text) in "".join(page_texts(make_pdf(text=text)))
