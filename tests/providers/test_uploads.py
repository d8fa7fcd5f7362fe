"""Certificate scans: the content decides the type, never the name; size limit; random names."""
import pytest
from django.test import override_settings

from core import uploads

from .helpers import PDF_BYTES, image_bytes, upload


def test_a_text_file_named_pdf_is_refused():
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.inspect(upload("证书.pdf", "这不是 PDF，只是文字。".encode(), "application/pdf"))
    assert str(refused.value) == "文件不是有效的 PDF、JPEG 或 PNG"
    assert refused.value.field == "scan"


def test_pdf_bytes_named_png_are_taken_as_a_pdf():
    # The content decides: the name and the browser's content type are ignored.
    sniffed = uploads.inspect(upload("photo.png", PDF_BYTES, "image/png"))
    assert sniffed.content_type == "application/pdf" and sniffed.extension == ".pdf"


@pytest.mark.parametrize("fmt, content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_real_images_are_accepted_whatever_their_name(fmt, content_type):
    sniffed = uploads.inspect(upload("scan.pdf", image_bytes(fmt)))
    assert sniffed.content_type == content_type


def test_a_truncated_png_is_refused():
    broken = image_bytes("PNG")[:40]
    with pytest.raises(uploads.UploadRefused):
        uploads.inspect(upload("scan.png", broken, "image/png"))


def test_a_pdf_without_its_end_marker_is_refused():
    with pytest.raises(uploads.UploadRefused):
        uploads.inspect(upload("scan.pdf", PDF_BYTES.replace(b"%%EOF", b""), "application/pdf"))


def test_a_script_is_refused_even_with_a_jpeg_name():
    with pytest.raises(uploads.UploadRefused):
        uploads.inspect(upload("scan.jpg", b"<script>alert(1)</script>", "image/jpeg"))


@override_settings(PRIVATE_UPLOAD_MAX_BYTES=10 * 1024 * 1024)
def test_an_oversized_file_is_refused_with_the_limit():
    big = PDF_BYTES[:-7] + b" " * (10 * 1024 * 1024) + b"%%EOF\n"
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.inspect(upload("big.pdf", big, "application/pdf"))
    assert str(refused.value) == "文件超过 10 MB"


def test_an_accepted_file_gets_a_random_name():
    file = upload("../../etc/passwd 证书.pdf", PDF_BYTES, "application/pdf")
    uploads.prepare(file)
    assert file.name.endswith(".pdf") and len(file.name) == 36 and "/" not in file.name
