"""Walk the chain and report every break: an edited row, a deleted row, a cut-off tail, an
unkeyed entry after keyed ones, a head or anchor that does not carry the key's signature, and
an anchor (published here, or kept outside in a downloaded copy) that the log no longer matches.
"""
import json
from dataclasses import dataclass

from .chain import (
    GENESIS,
    SCHEME_HMAC,
    SCHEME_SHA256,
    SCHEMES,
    anchor_mac,
    current_key,
    digest_of,
    head_mac,
    same,
)
from .models import AuditAnchor, AuditChainHead, AuditEntry

ANCHOR_FIELDS = ("date", "seq", "hash", "created_at", "mac")


@dataclass
class Problem:
    seq: int
    message: str


class AnchorFileError(ValueError):
    pass


def load_anchor_file(path):
    """The anchors of a file downloaded from /audit/anchors.json (or a bare list of them)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as error:
        raise AnchorFileError(f"cannot read {path}: {error}") from error
    anchors = data.get("anchors") if isinstance(data, dict) else data
    if not isinstance(anchors, list):
        raise AnchorFileError(f"{path} holds no list of anchors")
    for number, anchor in enumerate(anchors, 1):
        if not isinstance(anchor, dict) or not all(name in anchor for name in ANCHOR_FIELDS):
            raise AnchorFileError(f"anchor {number} in {path} lacks one of {', '.join(ANCHOR_FIELDS)}")
        if not isinstance(anchor["seq"], int) or isinstance(anchor["seq"], bool) or anchor["seq"] < 0:
            raise AnchorFileError(f"anchor {number} in {path} has no valid seq")
        if not all(isinstance(anchor[name], str) for name in ANCHOR_FIELDS if name != "seq"):
            raise AnchorFileError(f"anchor {number} in {path} has a field that is not text")
    return [{name: anchor[name] for name in ANCHOR_FIELDS} for anchor in anchors]


def verify_chain(batch_size=2000, *, outside_anchors=()):
    """Returns (number of entries, problems). `outside_anchors`: see load_anchor_file."""
    key = current_key()
    problems = []
    anchors = list(AuditAnchor.objects.order_by("date"))
    wanted = {anchor.seq for anchor in anchors} | {anchor["seq"] for anchor in outside_anchors}
    hashes_at = {0: GENESIS}

    expected_prev = GENESIS
    last_seq = 0
    count = 0
    first_keyed = None
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size):
        count += 1
        if entry.prev_hash != expected_prev:
            problems.append(Problem(entry.seq, "previous hash does not match: a row before it was deleted or altered"))
        if entry.scheme not in SCHEMES:
            problems.append(Problem(entry.seq, f"unknown hash scheme {entry.scheme}: the row was edited"))
        elif entry.scheme == SCHEME_SHA256 and first_keyed is not None:
            problems.append(Problem(entry.seq, f"an unkeyed (scheme 1) entry after the keyed entry #{first_keyed}: "
                                               "the chain was rewritten without the key"))
        elif not same(digest_of(entry, key), entry.hash):
            problems.append(Problem(entry.seq, "content does not match its hash: the row was edited"))
        if entry.scheme == SCHEME_HMAC and first_keyed is None:
            first_keyed = entry.seq
        if entry.seq in wanted:
            hashes_at[entry.seq] = entry.hash
        expected_prev = entry.hash
        last_seq = entry.seq

    head = AuditChainHead.objects.filter(id=1).first()
    if head is None:
        if count:
            problems.append(Problem(last_seq, "the chain head is missing"))
    else:
        if head.last_hash != expected_prev or head.last_seq != last_seq:
            problems.append(Problem(last_seq, "the newest entries were removed: the chain head points past the end"))
        if not same(head.mac, head_mac(key, seq=head.last_seq, hash=head.last_hash)):
            problems.append(Problem(head.last_seq, "the chain head's signature does not match: "
                                                   "the head was moved without the key"))

    def check_anchor(label, seq, hash):
        if seq not in hashes_at:
            problems.append(Problem(seq, f"{label} names entry #{seq}, which is gone: the log was cut back"))
        elif hashes_at[seq] != hash:
            problems.append(Problem(seq, f"{label} does not match entry #{seq}: the log was rewritten"))

    by_date = {}
    for anchor in anchors:
        published = anchor.published_fields()
        by_date[published["date"]] = published
        if not same(anchor.mac, anchor_mac(key, **published)):
            problems.append(Problem(anchor.seq, f"the anchor of {published['date']} does not carry the key's "
                                                "signature: it was altered"))
        check_anchor(f"the anchor of {published['date']}", anchor.seq, anchor.hash)

    for outside in outside_anchors:
        date = outside["date"]
        label = f"the outside copy's anchor of {date}"
        fields = {name: outside[name] for name in ("date", "seq", "hash", "created_at")}
        if date not in by_date:
            problems.append(Problem(
                outside["seq"], f"{label} is missing from the database: a published anchor was removed"))
        elif by_date[date] != fields:
            problems.append(Problem(outside["seq"], f"{label} differs from the one in the database: "
                                                    "a published anchor was replaced"))
        if not same(outside["mac"], anchor_mac(key, **fields)):
            problems.append(Problem(outside["seq"], f"{label} does not carry this key's signature: "
                                                    "the copy was altered, or the key changed since"))
        check_anchor(label, outside["seq"], outside["hash"])
    return count, problems
