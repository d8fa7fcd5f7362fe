"""The public beacon read over HTTP (bidding/beacon.py), against a local drand-like server the
test starts: the first round after the close is used, never one before it; what is not a
valid round is refused."""
import datetime

import pytest

from bidding import beacon

from .drand_server import GENESIS, PERIOD, DrandServer, recorded_round, recorded_rounds, round_time

INFO = beacon.ChainInfo(genesis_time=GENESIS, period=PERIOD)


def at(seconds_after_genesis):
    return datetime.datetime.fromtimestamp(GENESIS + seconds_after_genesis, tz=datetime.UTC)


@pytest.mark.parametrize("close, expected", [
    (at(-100), 1),  # before the chain began: its first round
    (at(0), 2),  # exactly at round 1: round 1 is not after the close
    (at(1), 2),
    (at(29), 2),
    (at(30), 3),  # exactly at round 2's time: the next one
    (at(30 * 1000 + 7), 1002),
])
def test_the_round_used_is_the_first_produced_strictly_after_the_close(close, expected):
    number = beacon.round_after(INFO, close)
    assert number == expected
    assert beacon.round_time(INFO, number) > close
    assert number == 1 or beacon.round_time(INFO, number - 1) <= close


def test_the_first_round_after_the_close_is_read_from_the_beacon():
    close = at(30 * 500 + 12)  # between round 501 (at +15000) and round 502 (at +15030)
    rounds = recorded_rounds(range(495, 510))
    with DrandServer(rounds) as server:
        got = beacon.drand_round_after(server.url, close, now=at(30 * 600))
    assert got.number == 502
    assert got.randomness == rounds[502]["randomness"] and got.signature == rounds[502]["signature"]
    assert got.at == round_time(502) > close
    # a round produced before the close was never even asked for
    assert server.rounds_asked == [502]
    assert server.requests[0] == "/info"


def test_a_round_still_in_the_future_is_waited_for_and_not_fetched():
    close = at(30 * 500 + 12)
    with DrandServer(recorded_rounds(range(495, 510))) as server:
        with pytest.raises(beacon.RoundNotYet) as pending:
            beacon.drand_round_after(server.url, close, now=at(30 * 501 - 1))
    assert pending.value.number == 502 and pending.value.at == round_time(502)
    assert server.rounds_asked == []


def test_an_answer_for_another_round_is_refused():
    rounds = {502: recorded_round(501)}  # the server answers round 501 for 502
    with DrandServer(rounds) as server, pytest.raises(beacon.BeaconError, match="asked for round 502"):
        beacon.drand_round_after(server.url, at(30 * 500 + 12), now=at(30 * 600))


def test_randomness_that_is_not_the_hash_of_the_signature_is_refused():
    forged = {**recorded_round(502), "randomness": "00" * 32}
    with DrandServer({502: forged}) as server, pytest.raises(beacon.BeaconError, match="SHA-256"):
        beacon.drand_round_after(server.url, at(30 * 500 + 12), now=at(30 * 600))


def test_a_missing_round_and_an_unreachable_beacon_are_errors_not_crashes():
    with DrandServer({}) as server, pytest.raises(beacon.BeaconError, match="404"):
        beacon.drand_round_after(server.url, at(30 * 500 + 12), now=at(30 * 600))
    with DrandServer({}) as server:
        url = server.url
    with pytest.raises(beacon.BeaconError):  # the server is gone: connection refused
        beacon.fetch_info(url, timeout=2)


@pytest.mark.parametrize("typed, stored", [
    ("  05 12 19 23 28 31 + 07 ", "05 12 19 23 28 31 + 07"),
    ("５　２　８", "5 2 8"),  # full-width digits and spaces, as a Chinese input method types them
    ("5\t2\n8", "5 2 8"),
])
def test_a_typed_number_is_normalised_to_the_text_the_draw_uses(typed, stored):
    assert beacon.normalise_value(typed) == stored


@pytest.mark.parametrize("typed", ["", "   ", "5|2|8", "五二八", "x" * 201])
def test_a_typed_number_that_cannot_be_used_is_refused(typed):
    with pytest.raises(ValueError):
        beacon.normalise_value(typed)
