"""The platform's signing key: a demo CA made once and kept, the signer read from the settings."""
import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from contracts.signing_key import ensure_demo_certificate, load_signer


def _cert(path):
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_the_demo_certificate_is_a_ten_year_seal_issued_by_the_demo_root(tmp_path):
    paths = ensure_demo_certificate(tmp_path)
    leaf, root = _cert(paths.cert), _cert(paths.chain)

    assert leaf.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == "中介超市平台电子签章（演示）"
    assert root.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == "中介超市演示根证书"
    assert leaf.issuer == root.subject
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc >= dt.timedelta(days=3652)
    assert paths.key.stat().st_mode & 0o077 == 0


def test_making_it_again_keeps_the_files_unless_forced(tmp_path):
    first = ensure_demo_certificate(tmp_path)
    kept = first.cert.read_bytes()

    assert ensure_demo_certificate(tmp_path) == first
    assert first.cert.read_bytes() == kept
    ensure_demo_certificate(tmp_path, force=True)
    assert first.cert.read_bytes() != kept


def test_without_a_directory_it_writes_to_the_configured_paths(tmp_path, settings):
    settings.CONTRACT_SIGNING_KEY = str(tmp_path / "k.pem")
    settings.CONTRACT_SIGNING_CERT = str(tmp_path / "c.pem")
    settings.CONTRACT_SIGNING_CHAIN = str(tmp_path / "ca.pem")

    paths = ensure_demo_certificate()

    assert (paths.key, paths.cert, paths.chain) == (tmp_path / "k.pem", tmp_path / "c.pem", tmp_path / "ca.pem")
    assert all(p.is_file() for p in paths)


def test_the_command_prints_the_paths_and_says_it_is_a_demo(tmp_path, capsys):
    call_command("make_signing_certificate", directory=str(tmp_path))
    out = capsys.readouterr().out

    assert str(tmp_path / "platform-signing-key.pem") in out
    assert "DEMO" in out and "CONTRACT_SIGNING_CERT" in out

    call_command("make_signing_certificate", directory=str(tmp_path))
    assert "exist already" in capsys.readouterr().out


def test_the_signer_is_kept_per_process_and_read_again_for_other_files(tmp_path, settings, signing_paths):
    first = load_signer()
    assert load_signer() is first

    other = ensure_demo_certificate(tmp_path)
    settings.CONTRACT_SIGNING_KEY, settings.CONTRACT_SIGNING_CERT = str(other.key), str(other.cert)
    assert load_signer() is not first
    assert load_signer().signing_cert.dump() == _cert(other.cert).public_bytes(serialization.Encoding.DER)


def test_an_encrypted_key_is_read_with_the_passphrase(tmp_path, settings):
    settings.CONTRACT_SIGNING_KEY_PASSPHRASE = "口令 secret"
    paths = ensure_demo_certificate(tmp_path)
    settings.CONTRACT_SIGNING_KEY, settings.CONTRACT_SIGNING_CERT = str(paths.key), str(paths.cert)

    assert b"ENCRYPTED" in paths.key.read_bytes()
    assert load_signer().signing_cert is not None


def test_a_missing_key_says_how_to_make_one(tmp_path, settings):
    settings.CONTRACT_SIGNING_KEY = str(tmp_path / "none.pem")

    with pytest.raises(ImproperlyConfigured, match="make_signing_certificate"):
        load_signer()


def test_relative_paths_are_read_from_the_project_folder(settings):
    from contracts.signing_key import configured_paths

    settings.CONTRACT_SIGNING_KEY = "var/keys/x.pem"
    del settings.CONTRACT_SIGNING_CERT

    paths = configured_paths()

    assert paths.key == settings.BASE_DIR / "var/keys/x.pem"
    assert paths.cert == settings.BASE_DIR / "var/keys/platform-signing-cert.pem"
