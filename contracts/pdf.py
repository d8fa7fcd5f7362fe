"""The signed contract as a PDF: the exact contract text, the signatures, and the platform's seal.

The PDF carries the SHA-256 of the contract text in three places: on every page's footer for a
reader, and in the document information as the keywords `sha256:<hash>` and the custom key
/ContractTextSHA256 for a program (pdf_check reads it back). It is then sealed with the
platform's key (PAdES, pyHanko), so any change to the file afterwards shows (pdf_check).
No timestamp server is asked: the platform has no outside network.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import io
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .signing_key import load_signer

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEAL_FIELD = "PlatformSeal"
HASH_INFO_KEY = "/ContractTextSHA256"
HASH_KEYWORD_PREFIX = "sha256:"


def contract_pdf(*, title: str, text: str, text_hash: str, parties: list[dict], signatures: list[dict],
                 verify_url: str) -> bytes:
    """The contract's PDF, sealed by the platform. `text` is the exact rendered contract text."""
    html = render_to_string("contracts/pdf/contract.html", {
        "title": title,
        "text": text,
        "text_hash": text_hash,
        "parties": parties,
        "signature_rows": signature_rows(parties, signatures),
        # An IP address is kept in the record for regulators; a PDF handed to others shows it only if given.
        "show_ip": any(s.get("ip") for s in signatures),
        "verify_url": verify_url,
    })
    return seal_pdf(render_pdf(html, text_hash=text_hash))


def signature_rows(parties: list[dict], signatures: list[dict]) -> list[dict]:
    """One row per party with its signature (or marked unsigned), then any signature of a side
    not among the parties, so nothing given is left out of the document."""
    rows = []
    seen = set()
    for party in parties:
        side = party["side_label"]
        matching = [s for s in signatures if s["side_label"] == side]
        seen.add(side)
        if not matching:
            rows.append({"side_label": side, "org_name": party["name"], "signed": False})
        rows.extend(_row(s) for s in matching)
    rows.extend(_row(s) for s in signatures if s["side_label"] not in seen)
    return rows


def _row(signature: dict) -> dict:
    return {
        "side_label": signature["side_label"],
        "org_name": signature["org_name"],
        "user_name": signature["user_name"],
        "signed_at": timezone.localtime(signature["signed_at"], SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
        "ip": signature.get("ip") or "",
        "method": str(signature.get("method") or ""),
        "signed": True,
    }


def render_pdf(html: str, *, text_hash: str) -> bytes:
    """WeasyPrint's PDF of `html`, with the text's hash added as a custom document-information key."""
    import pydyf
    from weasyprint import HTML

    def add_hash(document, pdf):
        pdf.info[HASH_INFO_KEY.lstrip("/")] = pydyf.String(text_hash)

    return HTML(string=html).write_pdf(finisher=add_hash)


def seal_pdf(data: bytes, signer=None) -> bytes:
    """`data` sealed with the platform's key (or `signer`) as an incremental update, PAdES."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=_("中介超市平台确认合同各方已在线签署"),
        location=_("中介超市平台"),
    )
    signer = signer or load_signer()
    out = outside_event_loop(signers.sign_pdf, writer, meta, signer=signer)
    return out.getvalue()


def outside_event_loop(function, *args, **kwargs):
    """Call one of pyHanko's synchronous functions, which run their own event loop
    (asyncio.run): directly, or in a worker thread when this thread already runs a loop (an
    ASGI server's, a test driving a browser), where asyncio.run would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()
