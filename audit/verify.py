"""Walk the chain and report every break: an edited row, a deleted row, a cut-off tail."""
from dataclasses import dataclass

from .chain import GENESIS, digest_of
from .models import AuditChainHead, AuditEntry


@dataclass
class Problem:
    seq: int
    message: str


def verify_chain(batch_size=2000):
    problems = []
    expected_prev = GENESIS
    last_seq = 0
    count = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size):
        count += 1
        if entry.prev_hash != expected_prev:
            problems.append(Problem(entry.seq, "previous hash does not match: a row before it was deleted or altered"))
        if digest_of(entry) != entry.hash:
            problems.append(Problem(entry.seq, "content does not match its hash: the row was edited"))
        expected_prev = entry.hash
        last_seq = entry.seq
    head = AuditChainHead.objects.filter(id=1).first()
    if head and (head.last_hash != expected_prev or head.last_seq != last_seq):
        problems.append(Problem(last_seq, "the newest entries were removed: the chain head points past the end"))
    return count, problems
