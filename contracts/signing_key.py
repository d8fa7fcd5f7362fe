"""The platform's signing key and certificate, which seal every signed contract's PDF.

Production configures a key and a certificate issued by a real CA through the settings below;
development and the tests use a demo CA made here (`ensure_demo_certificate`, the command
`make_signing_certificate`). Relative paths are read from the project folder (BASE_DIR).

- CONTRACT_SIGNING_KEY: the PEM private key (default var/keys/platform-signing-key.pem)
- CONTRACT_SIGNING_CERT: the PEM certificate of that key (default var/keys/platform-signing-cert.pem)
- CONTRACT_SIGNING_CHAIN: PEM of the intermediate and root certificates (default
  var/keys/platform-ca-cert.pem); used only when the file exists. Its self-signed certificates are
  the roots a signed PDF must chain to (pdf_check).
- CONTRACT_SIGNING_KEY_PASSPHRASE: the key's passphrase, if it is encrypted (default none)
"""
from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEMO_ROOT_NAME = "中介超市演示根证书"
DEMO_SIGNER_NAME = "中介超市平台电子签章（演示）"
DEMO_VALIDITY = dt.timedelta(days=3653)  # ten years, leap days included

KEY_FILE = "platform-signing-key.pem"
CERT_FILE = "platform-signing-cert.pem"
CHAIN_FILE = "platform-ca-cert.pem"


class SigningPaths(NamedTuple):
    key: Path
    cert: Path
    chain: Path | None  # None when no chain file exists


def _path(name: str, default: str) -> Path:
    path = Path(getattr(settings, name, None) or default)
    return path if path.is_absolute() else Path(settings.BASE_DIR) / path


def _passphrase() -> bytes | None:
    value = getattr(settings, "CONTRACT_SIGNING_KEY_PASSPHRASE", None)
    if not value:
        return None
    return value.encode() if isinstance(value, str) else value


def configured_paths() -> SigningPaths:
    """The configured files; the chain only if its file exists (it is optional)."""
    chain = _path("CONTRACT_SIGNING_CHAIN", f"var/keys/{CHAIN_FILE}")
    return SigningPaths(
        key=_path("CONTRACT_SIGNING_KEY", f"var/keys/{KEY_FILE}"),
        cert=_path("CONTRACT_SIGNING_CERT", f"var/keys/{CERT_FILE}"),
        chain=chain if chain.is_file() else None,
    )


def ensure_demo_certificate(directory: str | Path | None = None, *, force: bool = False) -> SigningPaths:
    """Make a demo root CA and the platform's signing certificate issued by it, unless the key and
    the certificate exist already (idempotent; `force` makes new ones).

    Into `directory` under the standard file names, or, without one, at the configured paths. The
    key is encrypted with CONTRACT_SIGNING_KEY_PASSPHRASE when that is set, so load_signer reads it.
    """
    paths = demo_target_paths(directory)
    if not force and demo_exists(paths):
        return paths if paths.chain.is_file() else paths._replace(chain=None)
    root_pem, key_pem, cert_pem = _demo_material(_passphrase())
    # The certificate last: a run cut short leaves no certificate, so the next run starts over.
    _write(paths.chain, root_pem, 0o644)
    _write(paths.key, key_pem, 0o600)
    _write(paths.cert, cert_pem, 0o644)
    return paths


def demo_target_paths(directory: str | Path | None = None) -> SigningPaths:
    """Where ensure_demo_certificate writes: `directory` with the standard names, else the settings."""
    if directory is None:
        return configured_paths()._replace(chain=_path("CONTRACT_SIGNING_CHAIN", f"var/keys/{CHAIN_FILE}"))
    directory = Path(directory)
    return SigningPaths(directory / KEY_FILE, directory / CERT_FILE, directory / CHAIN_FILE)


def demo_exists(paths: SigningPaths) -> bool:
    """A key and a certificate are there (whatever issued them): nothing to make."""
    return paths.key.is_file() and paths.cert.is_file()


def _write(path: Path, data: bytes, mode: int) -> None:
    # The key is created private from the start, never readable for a moment by others.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, mode)


def _demo_material(passphrase: bytes | None) -> tuple[bytes, bytes, bytes]:
    """(root certificate, signing key, signing certificate) as PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)  # tolerate a little clock skew
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)

    def name(common_name: str) -> x509.Name:
        return x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "中介超市（演示）"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ])

    def usage(*, signing: bool, ca: bool) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=signing, content_commitment=signing, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
            encipher_only=False, decipher_only=False,
        )

    root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
    root = (
        x509.CertificateBuilder()
        .subject_name(name(DEMO_ROOT_NAME)).issuer_name(name(DEMO_ROOT_NAME))
        .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + DEMO_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage(signing=False, ca=True), critical=True)
        .add_extension(root_ski, critical=False)
        .sign(root_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name(DEMO_SIGNER_NAME)).issuer_name(root.subject)
        .public_key(leaf_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + DEMO_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # digitalSignature + nonRepudiation (content_commitment): what a document seal needs.
        .add_extension(usage(signing=True, ca=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    key_pem = leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    pem = serialization.Encoding.PEM
    return root.public_bytes(pem), key_pem, leaf.public_bytes(pem)


def load_signer():
    """The pyHanko signer of the configured key, kept per process (a new file is a new signer)."""
    paths = configured_paths()
    missing = [str(p) for p in (paths.key, paths.cert) if not p.is_file()]
    if missing:
        raise ImproperlyConfigured(
            f"Contract signing key or certificate missing: {', '.join(missing)}. Configure "
            "CONTRACT_SIGNING_KEY/CONTRACT_SIGNING_CERT, or run `manage.py make_signing_certificate` "
            "for a demo certificate."
        )
    return _signer(*_cache_key(paths), passphrase=_passphrase())


def _cache_key(paths: SigningPaths) -> tuple:
    # The modification times are part of the key so a regenerated file is read again.
    return tuple((str(p), p.stat().st_mtime_ns) if p else None for p in paths)


@functools.lru_cache(maxsize=8)
def _signer(key, cert, chain, *, passphrase):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(
        key[0], cert[0], ca_chain_files=(chain[0],) if chain else None, key_passphrase=passphrase,
    )
    if signer is None:  # pyHanko logs the reason and returns None on an unreadable file
        raise ImproperlyConfigured(f"Could not load the contract signing key {key[0]} or certificate {cert[0]}.")
    return signer


def trust_roots_and_intermediates():
    """(roots, other certificates) from the configured chain file, as asn1crypto certificates.

    The chain's self-signed certificates are the roots; when it has none (only intermediates
    given), every certificate in it is taken as a trust anchor. No chain file: no roots.
    """
    from pyhanko.keys import load_certs_from_pemder

    chain = configured_paths().chain
    if chain is None:
        return [], []
    certs = list(load_certs_from_pemder([str(chain)]))
    roots = [c for c in certs if c.self_issued]
    if not roots:
        return certs, []
    return roots, [c for c in certs if not c.self_issued]


def platform_subject():
    """The subject of the configured sealing certificate (asn1crypto Name), or None: a seal is the
    platform's when its certificate is trusted and names the platform (a renewed certificate
    keeps the name, so older PDFs still check)."""
    from pyhanko.keys import load_cert_from_pemder

    cert = configured_paths().cert
    if cert is None or not cert.is_file():
        return None
    return load_cert_from_pemder(str(cert)).subject
