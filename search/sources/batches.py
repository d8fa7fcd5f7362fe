"""Reading a selector's rows a batch at a time, in primary-key order: each batch is one query
(plus the selector's prefetches), whatever the number of rows, and a keyset (pk > the last one
read) rather than an OFFSET, so the last batch of 100,000 agencies costs what the first does."""
from django.utils.translation import gettext as _

BATCH_SIZE = 500


def batches(queryset, refs=None, size=BATCH_SIZE):
    """Lists of the queryset's rows in pk order, at most `size` each; with `refs`, only those."""
    queryset = queryset.order_by("pk")
    if refs is not None:
        wanted = sorted({int(ref) for ref in refs})
        for start in range(0, len(wanted), size):
            rows = list(queryset.filter(pk__in=wanted[start:start + size]))
            if rows:
                yield rows
        return
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        rows = list(page[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1].pk


def money(amount):
    """An amount in yuan as the public pages write it: "80000.00 元"."""
    return _("%(amount)s 元") % {"amount": amount}


def joined(parts, separator=" · "):
    """The non-empty parts of a summary line, in order."""
    return separator.join(str(part) for part in parts if part)
