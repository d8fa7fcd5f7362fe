"""Public beacon values for the draw (公共随机数): a value fixed only after a job's close, that
nobody — the platform's operators included — could know at the close. No Django here.

Two sources (the setting DRAW_BEACON chooses; bidding/services/beacon.py applies it):

- "drand": a public randomness beacon read over HTTP, drand's public API being the model.
  `GET {url}/info` gives the chain's `genesis_time` (Unix seconds) and `period` (seconds);
  round r is produced at genesis_time + (r − 1) × period. The round a job uses is the first
  round whose time is strictly after the close (`round_after`), and `GET {url}/public/{round}`
  gives {"round", "randomness", "signature", …}. drand's randomness is the SHA-256 of the
  round's signature, which `fetch_round` checks; anyone can fetch the same round and compare.
- "regulators": where the platform has no outside network, a public number drawn after the
  close (e.g. that evening's official lottery numbers), typed by one regulator and confirmed
  by a second one. `normalise_value` gives the exact text the draw then uses.
"""
import datetime
import hashlib
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

DRAND = "drand"
REGULATORS = "regulators"
SOURCES = (DRAND, REGULATORS)
TIMEOUT_SECONDS = 10
MAX_VALUE_LENGTH = 200


class BeaconError(Exception):
    """The beacon could not be read, or answered something that is not a valid round."""


class RoundNotYet(BeaconError):
    """The round that follows the close has not been produced yet."""

    def __init__(self, number, at):
        self.number, self.at = number, at
        super().__init__(f"round {number} is produced at {at.isoformat()}")


@dataclass(frozen=True)
class ChainInfo:
    genesis_time: int
    period: int
    chain_hash: str = ""


@dataclass(frozen=True)
class Round:
    number: int
    randomness: str
    signature: str
    at: datetime.datetime  # when the round was produced


def round_time(info: ChainInfo, number: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(info.genesis_time + (number - 1) * info.period, tz=datetime.UTC)


def round_after(info: ChainInfo, moment: datetime.datetime) -> int:
    """The first round whose time is strictly after `moment`: a round produced at or before the
    close is never used."""
    elapsed = moment.timestamp() - info.genesis_time
    if elapsed < 0:
        return 1
    return int(elapsed // info.period) + 2


def _get_json(url, timeout):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (a configured https/http URL)
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise BeaconError(f"{url}: HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise BeaconError(f"{url}: {error}") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BeaconError(f"{url}: not JSON") from error


def _hex(value, name):
    if not isinstance(value, str) or not re.fullmatch(r"(?:[0-9a-f]{2})+", value.lower()):
        raise BeaconError(f"{name} is not hex")
    return value.lower()


def fetch_info(url: str, *, timeout=TIMEOUT_SECONDS) -> ChainInfo:
    data = _get_json(f"{url.rstrip('/')}/info", timeout)
    try:
        genesis, period = int(data["genesis_time"]), int(data["period"])
    except (KeyError, TypeError, ValueError) as error:
        raise BeaconError("chain info lacks genesis_time or period") from error
    if period <= 0:
        raise BeaconError("chain info has a period that is not positive")
    return ChainInfo(genesis_time=genesis, period=period, chain_hash=str(data.get("hash", "")))


def fetch_round(url: str, info: ChainInfo, number: int, *, timeout=TIMEOUT_SECONDS) -> Round:
    data = _get_json(f"{url.rstrip('/')}/public/{number}", timeout)
    if not isinstance(data, dict) or data.get("round") != number:
        raise BeaconError(f"asked for round {number}, got {data.get('round') if isinstance(data, dict) else data!r}")
    randomness = _hex(data.get("randomness"), "randomness")
    signature = _hex(data.get("signature"), "signature")
    if hashlib.sha256(bytes.fromhex(signature)).hexdigest() != randomness:
        raise BeaconError(f"round {number}: randomness is not the SHA-256 of the signature")
    return Round(number=number, randomness=randomness, signature=signature, at=round_time(info, number))


def drand_round_after(url: str, moment: datetime.datetime, *, now: datetime.datetime,
                      timeout=TIMEOUT_SECONDS) -> Round:
    """The first round after `moment`, read from the beacon at `url`; RoundNotYet while that
    round lies in the future, BeaconError when the beacon cannot be read."""
    info = fetch_info(url, timeout=timeout)
    number = round_after(info, moment)
    at = round_time(info, number)
    if at > now:
        raise RoundNotYet(number, at)
    return fetch_round(url, info, number, timeout=timeout)


def round_url(url: str, number: int) -> str:
    return f"{url.rstrip('/')}/public/{number}"


def normalise_value(text: str) -> str:
    """A value typed by a regulator as the draw uses it: surrounding blanks removed, inner runs
    of blanks (also full-width) made one space, full-width digits and letters made ASCII.
    Refused (ValueError) when empty, too long, or holding anything but letters, digits, spaces
    and + - , . : / — the "|" of the recipe above all."""
    text = (text or "").translate({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}).replace("\u3000", " ")
    text = " ".join(text.split())
    if not text:
        raise ValueError("empty")
    if len(text) > MAX_VALUE_LENGTH:
        raise ValueError("too long")
    if not re.fullmatch(r"[0-9A-Za-z +\-,.:/]+", text):
        raise ValueError("characters")
    return text
