"""check_pdf: a changed file is not intact, a foreign seal is not trusted, and no input, however
broken, raises."""
import io
import os

import pytest
from django.test import override_settings
from pyhanko.pdf_utils.generic import NameObject, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from contracts.pdf import render_pdf, seal_pdf
from contracts.pdf_check import check_pdf
from contracts.signing_key import ensure_demo_certificate

from .conftest import TEXT_HASH, make_pdf, signing_settings

TAMPERED = "签章后文件被修改，或签章已损坏：该文件不是平台出具的原件。"


def _appended_update(data: bytes, **info: str) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    info_dict = writer.trailer["/Info"].get_object()
    for key, value in info.items():
        info_dict[NameObject(f"/{key}")] = pdf_string(value)
    writer.update_container(info_dict)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_byte_changed_in_the_signed_range_breaks_the_seal(sealed_pdf):
    at = sealed_pdf.index(b"/ContractTextSHA256 (") + len(b"/ContractTextSHA256 (")
    changed = bytearray(sealed_pdf)
    changed[at] = ord("0") if changed[at] != ord("0") else ord("1")

    check = check_pdf(bytes(changed))

    assert check.signed and not check.intact
    assert check.problem == TAMPERED


def test_a_byte_flipped_inside_a_page_breaks_the_seal(sealed_pdf):
    at = sealed_pdf.index(b"stream\n") + len(b"stream\n") + 10
    changed = bytearray(sealed_pdf)
    changed[at] ^= 0x01

    check = check_pdf(bytes(changed))

    assert not check.intact
    assert check.problem


def test_an_update_appended_after_the_seal_is_a_modification(sealed_pdf):
    check = check_pdf(_appended_update(sealed_pdf, Title="另一份合同"))

    assert check.signed and not check.intact
    assert check.problem == TAMPERED


def test_an_appended_update_cannot_change_the_hash_reported(sealed_pdf):
    forged = "0" * 64

    check = check_pdf(_appended_update(sealed_pdf, ContractTextSHA256=forged, Keywords=f"sha256:{forged}"))

    assert check.text_hash == TEXT_HASH
    assert not check.intact


def test_bytes_appended_after_the_seal_are_a_modification(sealed_pdf):
    check = check_pdf(sealed_pdf + b"\n%garbage\n")

    assert not check.intact and check.problem == TAMPERED


@pytest.mark.parametrize("data", [
    b"",
    b"not a pdf at all",
    os.urandom(4096),
    b"%PDF-1.7\n" + os.urandom(4096),
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R /Size 3 >>\n%%EOF\n",
], ids=["empty", "text", "random", "random-with-header", "broken-structure"])
def test_garbage_gives_a_problem_never_an_exception(data):
    check = check_pdf(data)

    assert not check.signed and not check.intact and not check.trusted
    assert check.problem


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9, 0.999])
def test_a_truncated_pdf_gives_a_problem(sealed_pdf, keep):
    check = check_pdf(sealed_pdf[: int(len(sealed_pdf) * keep)])

    assert not check.intact
    assert check.problem


def test_an_unsigned_pdf_is_not_signed_but_its_hash_is_read():
    unsigned = render_pdf("<title>合同</title><p>合同正文</p>", text_hash=TEXT_HASH)

    check = check_pdf(unsigned)

    assert check.text_hash == TEXT_HASH
    assert not check.signed and not check.intact and not check.trusted
    assert check.problem == "该文件没有平台电子签章。"


def test_a_pdf_sealed_by_another_ca_is_intact_but_not_trusted(tmp_path, signing_paths):
    other = ensure_demo_certificate(tmp_path)
    with override_settings(**signing_settings(other)):
        foreign = make_pdf()

    check = check_pdf(foreign)

    assert check.signed and check.intact
    assert not check.trusted
    assert check.problem == "签章证书不是平台信任的证书。"


def test_a_pdf_sealed_by_a_self_signed_key_is_not_trusted(tmp_path):
    from pyhanko.sign import signers

    key, cert = _self_signed(tmp_path)
    foreign = seal_pdf(render_pdf("<p>合同正文</p>", text_hash=TEXT_HASH),
                       signer=signers.SimpleSigner.load(str(key), str(cert)))

    check = check_pdf(foreign)

    assert check.signed and check.intact and not check.trusted
    assert check.signer == "中介超市平台电子签章（演示）"  # a look-alike name earns no trust
    assert check.problem == "签章证书不是平台信任的证书。"


def _self_signed(directory):
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "中介超市平台电子签章（演示）")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / "self-key.pem", directory / "self-cert.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path
