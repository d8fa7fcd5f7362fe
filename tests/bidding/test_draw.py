"""The verifiable draw: reproducible, sensitive to every value, checkable by hand."""
import hashlib

import pytest

from bidding import draw

SEED = "a" * 64
VALUES = ["0f" * 16, "1e" * 16, "2d" * 16, "3c" * 16]


def test_the_same_seed_and_values_give_the_same_ranking():
    assert draw.run(SEED, VALUES).ranking == draw.run(SEED, list(reversed(VALUES))).ranking


def test_the_ranking_can_be_recomputed_with_plain_sha256():
    # The public page tells people to do exactly this, with any SHA-256 tool.
    pool = hashlib.sha256(("zjcs-draw-v1|" + SEED + "|" + "|".join(sorted(VALUES))).encode()).hexdigest()
    keys = {v: hashlib.sha256(f"{pool}|{v}".encode()).hexdigest() for v in VALUES}
    assert draw.run(SEED, VALUES).ranking == sorted(VALUES, key=keys.get)


def test_every_value_counts():
    base = draw.run(SEED, VALUES)
    changed = draw.run(SEED, VALUES[:-1] + ["4b" * 16])
    assert base.pool != changed.pool


def test_another_seed_gives_another_pool():
    assert draw.run(SEED, VALUES).pool != draw.run("b" * 64, VALUES).pool


def test_commitment_is_checked():
    seed = draw.new_seed()
    assert draw.seed_matches(seed, draw.commitment(seed))
    assert not draw.seed_matches(draw.new_seed(), draw.commitment(seed))


def test_duplicate_or_missing_values_are_refused():
    with pytest.raises(ValueError):
        draw.run(SEED, [VALUES[0], VALUES[0]])
    with pytest.raises(ValueError):
        draw.run(SEED, [])


def test_the_draw_is_not_biased_to_a_position():
    # Over many seeds each of three entries wins about a third of the time.
    wins = {v: 0 for v in VALUES[:3]}
    for n in range(600):
        wins[draw.run(hashlib.sha256(str(n).encode()).hexdigest(), VALUES[:3]).ranking[0]] += 1
    assert all(150 < count < 250 for count in wins.values())


def test_pick_takes_the_head_of_the_ranking():
    assert draw.pick(SEED, VALUES, 2) == draw.run(SEED, VALUES).ranking[:2]
