"""A job's draw checked as anyone can check it: from the public draw page's HTML alone, with
nothing but hashlib (the recipe the page publishes)."""
import hashlib
from html.parser import HTMLParser


class ProofParser(HTMLParser):
    """Collects the data- attributes the draw page publishes: one proof a draw."""

    def __init__(self):
        super().__init__()
        self.proofs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-seed" in attrs:
            self.proofs.append({**attrs, "values": [], "winner_agency": None})
        elif "data-value" in attrs and self.proofs:
            self.proofs[-1]["values"].append(attrs["data-value"])
        elif "data-winner-agency" in attrs and self.proofs:
            self.proofs[-1]["winner_agency"] = attrs["data-winner-agency"]


def proofs_on(html):
    parser = ProofParser()
    parser.feed(html)
    return parser.proofs


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pool_and_ranking(proof):
    """The published recipe: the pool from the version, the seed, the beacon value (version 2)
    and the values in order; the ranking by each value's key, the winner first."""
    values = sorted(proof["values"])
    beacon = [proof["data-beacon"]] if proof["data-version"] == "zjcs-draw-v2" else []
    pool = sha256("|".join([proof["data-version"], proof["data-seed"], *beacon, *values]))
    return pool, sorted(values, key=lambda value: (sha256(pool + "|" + value), value))
