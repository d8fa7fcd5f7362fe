"""Checks a contract PDF someone hands back: is it the platform's sealed file, unchanged?

Offline by design: the trust roots are the configured chain file's (signing_key), nothing is
fetched and revocation is not checked (soft-fail with no revocation data). Any input, however
broken, gives a PdfCheck with a problem, never an exception: the verify page shows it as is.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .pdf import HASH_INFO_KEY, HASH_KEYWORD_PREFIX, SEAL_FIELD, outside_event_loop
from .signing_key import platform_subject, trust_roots_and_intermediates

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfCheck:
    text_hash: str | None = None
    signed: bool = False
    intact: bool = False  # the seal is valid and covers the whole file, nothing added after it
    trusted: bool = False  # the sealing certificate chains to the configured root
    signer: str = ""  # the sealing certificate's subject common name
    problem: str = ""  # what is wrong, in the user's language; '' when nothing is
    platform: bool = False  # the seal's trusted certificate names the platform (signing_key.platform_subject)

    @property
    def original(self) -> bool:
        """The platform's own sealed file, unchanged: only then does its hash speak for it."""
        return self.signed and self.intact and self.trusted and self.platform


def check_pdf(data: bytes) -> PdfCheck:
    try:
        return _check(data)
    except Exception:  # a broken file can fail anywhere in the PDF parser
        logger.info("Unreadable contract PDF", exc_info=True)
        return PdfCheck(problem=_("无法读取该文件：它不是有效的 PDF，或已损坏。"))


def _check(data: bytes) -> PdfCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not data or b"%PDF-" not in bytes(data[:1024]):
        return PdfCheck(problem=_("该文件不是 PDF 文件。"))
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    seal = _seal(reader)
    if seal is None:
        text_hash = _text_hash(reader)
        return PdfCheck(text_hash=text_hash, problem=_join(_("该文件没有平台电子签章。"), _no_hash(text_hash)))
    text_hash = _text_hash(_signed_revision(reader, seal))
    intact, trusted, signer, platform = _validate(seal)
    # A changed file is not the platform's original, whoever sealed it: the trust question is
    # worth a message only for an intact one.
    if not intact:
        problem = _("签章后文件被修改，或签章已损坏：该文件不是平台出具的原件。")
    elif trusted and not platform:
        problem = _("签章证书可信，但不是本平台的电子签章：该文件不是平台出具的原件。")
    else:
        problem = _join("" if trusted else _("签章证书不是平台信任的证书。"), _no_hash(text_hash))
    return PdfCheck(text_hash=text_hash, signed=True, intact=intact, trusted=trusted, signer=signer,
                    problem=problem, platform=platform)


def _seal(reader):
    """The platform's seal, else the file's last signature (whose certificate then decides trust), else None."""
    signatures = reader.embedded_signatures
    for sig in signatures:
        if sig.field_name == SEAL_FIELD:
            return sig
    return signatures[-1] if signatures else None


def _signed_revision(reader, seal):
    # The hash as it was when sealed: a later update could point the trailer at another one.
    try:
        return reader.get_historical_resolver(seal.signed_revision)
    except Exception:
        return reader


def _text_hash(resolver) -> str | None:
    """The hash in the document information of `resolver`'s revision (a reader or a historical
    resolver); every reference is followed in that revision, not the latest one."""
    info = _resolve(resolver, resolver.trailer_view.raw_get("/Info") if "/Info" in resolver.trailer_view else None)
    if info is None:
        return None
    value = _resolve(resolver, info.raw_get(HASH_INFO_KEY) if HASH_INFO_KEY in info else None)
    if value is not None:
        return _hash_or_none(str(value))
    keywords = _resolve(resolver, info.raw_get("/Keywords") if "/Keywords" in info else None)
    for keyword in str(keywords or "").replace(",", " ").split():
        if keyword.startswith(HASH_KEYWORD_PREFIX):
            return _hash_or_none(keyword[len(HASH_KEYWORD_PREFIX):])
    return None


def _resolve(resolver, value):
    from pyhanko.pdf_utils.generic import IndirectObject

    if isinstance(value, IndirectObject):
        return resolver.get_object(value.reference)
    return value


def _hash_or_none(value: str) -> str | None:
    value = value.strip().lower()
    return value if len(value) == 64 and all(c in "0123456789abcdef" for c in value) else None


def _validate(seal) -> tuple[bool, bool, str, bool]:
    """(intact, trusted, signer common name, sealed by the platform) of the seal."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots, others = trust_roots_and_intermediates()
    context = ValidationContext(trust_roots=roots, other_certs=others, allow_fetching=False,
                                revocation_mode="soft-fail")
    status = outside_event_loop(validate_pdf_signature, seal, signer_validation_context=context)
    intact = bool(
        status.intact and status.valid
        and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        and status.modification_level == ModificationLevel.NONE
    )
    trusted = bool(status.trusted and roots)
    subject = platform_subject()
    platform = trusted and subject is not None and status.signing_cert is not None \
        and status.signing_cert.subject == subject
    return intact, trusted, _common_name(status.signing_cert), platform


def _common_name(cert) -> str:
    if cert is None:
        return ""
    return str(cert.subject.native.get("common_name", ""))


def _no_hash(text_hash: str | None) -> str:
    return "" if text_hash else _("文件中没有合同文本的 SHA-256。")


def _join(*problems: str) -> str:
    return "".join(p for p in problems if p)
