"""Private uploads (certificate scans, job, bid and objection attachments): accepted by what the
bytes are, never by the file name; stored privately; removed again when the change that stored
them fails; served to those allowed as downloads, never shown inline.

Only PDF, JPEG and PNG are taken. The type is sniffed from the content with puremagic; an
image must also open and verify with Pillow, a PDF must start with its header and carry its
end-of-file marker. Accepted files get a random name, so nothing a user typed reaches the disk.
"""
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image

from core.errors import DomainError

ALLOWED = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
SNIFF_BYTES = 8192


class UploadRefused(DomainError):
    default_message = _("文件不是有效的 PDF、JPEG 或 PNG")


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def max_bytes():
    return getattr(settings, "PRIVATE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def _read_head_and_tail(file, size=SNIFF_BYTES):
    file.seek(0)
    head = file.read(size)
    file.seek(0, 2)
    end = file.tell()
    file.seek(max(0, end - size))
    tail = file.read(size)
    file.seek(0)
    return head, tail


def sniff_type(head):
    """The allowed MIME type the content starts like, or None."""
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None
    for match in matches:
        if match.mime_type in ALLOWED:
            return match.mime_type
    return None


def _is_complete_pdf(head, tail):
    return head.startswith(b"%PDF-") and b"%%EOF" in tail


def _is_sound_image(file, content_type):
    try:
        with Image.open(file) as image:
            if image.format != PILLOW_FORMATS[content_type]:
                return False
            image.verify()
        return True
    except Exception:  # Pillow raises many kinds of errors on broken or hostile images
        return False
    finally:
        file.seek(0)


def inspect(file, *, field="scan"):
    """What the uploaded file really is, or UploadRefused with the message to show."""
    limit = max_bytes()
    if file.size > limit:
        raise UploadRefused(
            _("文件超过 %(mb)s MB") % {"mb": f"{limit / (1024 * 1024):g}"}, field=field
        )
    head, tail = _read_head_and_tail(file)
    content_type = sniff_type(head)
    if content_type == "application/pdf" and not _is_complete_pdf(head, tail):
        content_type = None
    if content_type in PILLOW_FORMATS and not _is_sound_image(file, content_type):
        content_type = None
    if content_type is None:
        raise UploadRefused(field=field)
    return Sniffed(content_type=content_type, extension=ALLOWED[content_type])


def prepare(file, *, field="scan"):
    """Inspect the file and give it a random name with the extension its content deserves."""
    sniffed = inspect(file, field=field)
    file.name = uuid.uuid4().hex + sniffed.extension
    return sniffed


def stored_type(field_file):
    """The content type of a stored private file, sniffed again when it is served."""
    with field_file.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    return sniff_type(head) or "application/octet-stream"


def private_file_response(field_file, name_stem):
    """Serve a private upload to someone the caller has already authorised, as a download
    (Content-Disposition: attachment — a PDF carrying script never opens in the site's origin):
    typed by its content (never by its name), not cached, not sniffed; 404 if it is gone."""
    from django.http import FileResponse, Http404

    try:
        content_type = stored_type(field_file)
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, as_attachment=True,
                            filename=f"{name_stem}{ALLOWED.get(content_type, '')}")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@contextmanager
def removed_on_failure():
    """Store files inside the block with `keep(field_file)`; if the block raises (the service
    refuses, its transaction rolls back) the files stored so far are deleted, so a refused
    upload never leaves a file on disk.

        with uploads.removed_on_failure() as keep:
            for upload in files:
                keep(JobAttachment.objects.create(job=job, file=upload).file)
            check_the_rest()  # raising here removes the files too
    """
    stored = []
    try:
        yield lambda field_file: stored.append((field_file.storage, field_file.name)) or field_file
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise


def attach(keep, model, files, *, field, **fields):
    """Store `files` as new rows of `model` (a `core.models.Attachment`), each with `fields`
    (e.g. job=job, uploaded_by=actor), inside a `removed_on_failure()` block whose `keep` is
    passed in. Every file is inspected before any is stored, so one refused file stores none of
    them; each row keeps the name the user gave (for display), the file a random one. Returns
    the rows.

        with uploads.removed_on_failure() as keep:
            uploads.attach(keep, BidAttachment, files, field="attachments", bid=bid, uploaded_by=actor)
            audit_record(...)  # raising here removes the files too
    """
    rows = store(keep, model, files, field=field, **fields)
    for row in rows:
        row.save()
    return rows


def store(keep, model, files, *, field, **fields):
    """`attach` without saving the rows: every file inspected, then each stored (and kept with
    `keep`), and the unsaved rows returned. For a service that stores files before it takes a
    lock and saves the rows under it (the bid services: the job's lock is held only for the
    final check and insert); the caller sets what the rows belong to and saves them inside the
    same `removed_on_failure()` block, so a refusal under the lock removes the files."""
    files = [file for file in files if file]
    named = []
    for file in files:
        given = (file.name or "")[:200]
        prepare(file, field=field)
        named.append((given or file.name, file))
    rows = []
    for name, file in named:
        row = model(name=name, **fields)
        row.file.save(file.name, file, save=False)
        keep(row.file)
        rows.append(row)
    return rows
