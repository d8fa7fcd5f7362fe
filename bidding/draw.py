"""The verifiable draw (可验证随机抽取). No Django here: the same module serves job draws and,
later, random inspections, and anyone can re-run it from the published data.

How it works, as published on the draw page:

1. When a job is published the platform makes a secret seed (32 random bytes, hex) and
   publishes its SHA-256, the *commitment*. Nobody else knows the seed.
2. Each entry (a bid) gets its own random value (16 random bytes, hex) when it is submitted;
   the bidder sees it on the receipt.
3. At the draw the platform reveals the seed. Anyone checks SHA-256(seed) == commitment.
4. The entries' values are sorted as text (the published order) and joined with the seed:
       pool = SHA-256("zjcs-draw-v1|" + seed + "|" + value_1 + "|" + … + "|" + value_n)
   so the pool depends on the seed and on every counted value.
5. Each entry's key is SHA-256(pool + "|" + value); the entries ranked by key ascending give
   the winner (first) and the order of the runners-up.

Before the close the bidders' values are not all known, and nobody but the platform has the
seed, which was fixed (by its published hash) before any bid: so nobody could know the result
in advance, and each bidder can see that its own value was counted.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass

VERSION = "zjcs-draw-v1"


def new_seed() -> str:
    return secrets.token_hex(32)


def new_entry_value() -> str:
    return secrets.token_hex(16)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def commitment(seed: str) -> str:
    """What is published before any bid: the SHA-256 of the seed's hex text."""
    return sha256_hex(seed)


def seed_matches(seed: str, published_commitment: str) -> bool:
    return hmac.compare_digest(commitment(seed), published_commitment.lower())


@dataclass(frozen=True)
class DrawResult:
    pool: str
    ranking: list  # the entries' values, winner first
    keys: dict  # value -> key, so a page can show each entry's key


def published_order(values):
    ordered = sorted(values)
    if len(set(ordered)) != len(ordered):
        raise ValueError("entry values must be distinct")
    return ordered


def pool_digest(seed: str, values) -> str:
    return sha256_hex("|".join([VERSION, seed, *published_order(values)]))


def run(seed: str, values) -> DrawResult:
    """Rank the entries; the same seed and values always give the same result."""
    ordered = published_order(values)
    if not ordered:
        raise ValueError("a draw needs at least one entry")
    pool = pool_digest(seed, ordered)
    keys = {value: sha256_hex(f"{pool}|{value}") for value in ordered}
    ranking = sorted(ordered, key=lambda value: (keys[value], value))
    return DrawResult(pool=pool, ranking=ranking, keys=keys)


def pick(seed: str, values, count: int):
    """The first `count` entries of the ranking: e.g. agencies for a random inspection."""
    return run(seed, values).ranking[:count]
