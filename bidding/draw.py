"""The verifiable draw (可验证随机抽取). No Django here: the same module serves job draws and the
random inspections of agencies, and anyone can re-run it from the published data.

How it works (version 2, the current one), as published on the draw page:

1. When a job is published the platform makes a secret seed (32 random bytes, hex) and
   publishes its SHA-256, the *commitment*. Nobody else knows the seed, and it cannot change.
2. Each agency gets one random value (16 random bytes, hex) for the job at its first
   submission; it keeps that value through changes, withdrawal and resubmission, so bidding
   again never buys another chance. The value is printed on the receipt.
3. After the close a *public beacon value* is fixed that nobody could know at the close: the
   first round of a public randomness beacon (drand) after the close, or a public number drawn
   after the close (e.g. that evening's official lottery numbers) that one regulator enters
   and a second one confirms. It is published on the draw page with its source.
4. At the draw the platform reveals the seed. Anyone checks SHA-256(seed) == commitment.
5. The entries' values are sorted as text (the published order) and joined with the version,
   the seed and the beacon value by "|", and hashed (UTF-8, SHA-256, lowercase hex):
       pool = SHA-256("zjcs-draw-v2|" + seed + "|" + beacon + "|" + value_1 + "|" + … + "|" + value_n)
6. Each entry's key is SHA-256(pool + "|" + value); the entries ranked by key ascending (then
   by value) give the winner (first) and the order of the runners-up.

Neither side alone can steer the result: the operators know the seed but not the beacon value
before the close, and nobody knows the seed before the draw; each value is fixed once per
agency. Each bidder can see that its own value was counted.

Version 1 (draws made before version 2) is the same without the beacon:
       pool = SHA-256("zjcs-draw-v1|" + seed + "|" + value_1 + "|" + … + "|" + value_n)
Each stored draw records its version, and is recomputed with that version's recipe.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass

VERSION = 2  # the version new draws use
PREFIXES = {1: "zjcs-draw-v1", 2: "zjcs-draw-v2"}


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
    return hmac.compare_digest(commitment(seed), (published_commitment or "").lower())


@dataclass(frozen=True)
class DrawResult:
    pool: str
    ranking: list  # the entries' values, winner first
    keys: dict  # value -> key, so a page can show each entry's key
    version: int = VERSION
    beacon: str = ""


def published_order(values):
    ordered = sorted(values)
    if len(set(ordered)) != len(ordered):
        raise ValueError("entry values must be distinct")
    return ordered


def prefix(version: int) -> str:
    try:
        return PREFIXES[version]
    except KeyError:
        raise ValueError(f"unknown draw version {version!r}") from None


def pool_digest(seed: str, values, *, beacon: str | None = None, version: int = VERSION) -> str:
    """The pool: version 2 takes the beacon value, version 1 has none."""
    parts = [prefix(version), seed]
    if version >= 2:
        if not beacon:
            raise ValueError("a version 2 draw needs the public beacon value")
        if "|" in beacon:
            raise ValueError("the beacon value must not contain '|'")
        parts.append(beacon)
    elif beacon:
        raise ValueError("a version 1 draw takes no beacon value")
    return sha256_hex("|".join([*parts, *published_order(values)]))


def run(seed: str, values, *, beacon: str | None = None, version: int = VERSION) -> DrawResult:
    """Rank the entries; the same seed, beacon and values always give the same result."""
    ordered = published_order(values)
    if not ordered:
        raise ValueError("a draw needs at least one entry")
    pool = pool_digest(seed, ordered, beacon=beacon, version=version)
    keys = {value: sha256_hex(f"{pool}|{value}") for value in ordered}
    ranking = sorted(ordered, key=lambda value: (keys[value], value))
    return DrawResult(pool=pool, ranking=ranking, keys=keys, version=version, beacon=beacon or "")


def pick(seed: str, beacon: str, values, count: int, *, version: int = VERSION):
    """The first `count` entries of the ranking: e.g. agencies for a random inspection, where
    the values are the candidates' identifiers and the beacon is fixed after the list is."""
    if count < 0:
        raise ValueError("count must not be negative")
    return run(seed, values, beacon=beacon, version=version).ranking[:count]
