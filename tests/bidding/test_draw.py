"""The verifiable draw: reproducible, sensitive to every value, to the seed and to the public
beacon value, checkable by hand; version 1 draws still recompute."""
import hashlib

import pytest

from bidding import draw

SEED = "a" * 64
BEACON = "5 2 8"
VALUES = ["0f" * 16, "1e" * 16, "2d" * 16, "3c" * 16]


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_same_seed_beacon_and_values_give_the_same_ranking():
    assert (draw.run(SEED, VALUES, beacon=BEACON).ranking
            == draw.run(SEED, list(reversed(VALUES)), beacon=BEACON).ranking)


def test_version_2_is_recomputed_with_plain_sha256_by_the_published_recipe():
    # The draw page tells people to do exactly this, with any SHA-256 tool.
    pool = sha256("zjcs-draw-v2|" + SEED + "|" + BEACON + "|" + "|".join(sorted(VALUES)))
    keys = {v: sha256(f"{pool}|{v}") for v in VALUES}
    result = draw.run(SEED, VALUES, beacon=BEACON)
    assert result.version == 2 and draw.VERSION == 2
    assert result.pool == pool
    assert result.ranking == sorted(VALUES, key=lambda v: (keys[v], v))


def test_version_1_draws_still_recompute_by_their_recipe():
    pool = sha256("zjcs-draw-v1|" + SEED + "|" + "|".join(sorted(VALUES)))
    keys = {v: sha256(f"{pool}|{v}") for v in VALUES}
    result = draw.run(SEED, VALUES, version=1)
    assert result.pool == pool and result.ranking == sorted(VALUES, key=keys.get)


def test_the_beacon_value_moves_the_pool():
    assert draw.run(SEED, VALUES, beacon=BEACON).pool != draw.run(SEED, VALUES, beacon="5 2 9").pool


def test_version_2_needs_a_beacon_value_and_version_1_takes_none():
    with pytest.raises(ValueError):
        draw.run(SEED, VALUES)
    with pytest.raises(ValueError):
        draw.run(SEED, VALUES, beacon="")
    with pytest.raises(ValueError):
        draw.run(SEED, VALUES, beacon="1|2")  # would blur the recipe's separators
    with pytest.raises(ValueError):
        draw.run(SEED, VALUES, beacon=BEACON, version=1)
    with pytest.raises(ValueError):
        draw.run(SEED, VALUES, beacon=BEACON, version=3)


def test_every_value_counts():
    base = draw.run(SEED, VALUES, beacon=BEACON)
    changed = draw.run(SEED, VALUES[:-1] + ["4b" * 16], beacon=BEACON)
    assert base.pool != changed.pool


def test_another_seed_gives_another_pool():
    assert draw.run(SEED, VALUES, beacon=BEACON).pool != draw.run("b" * 64, VALUES, beacon=BEACON).pool


def test_commitment_is_checked():
    seed = draw.new_seed()
    assert draw.seed_matches(seed, draw.commitment(seed))
    assert not draw.seed_matches(draw.new_seed(), draw.commitment(seed))


def test_duplicate_or_missing_values_are_refused():
    with pytest.raises(ValueError):
        draw.run(SEED, [VALUES[0], VALUES[0]], beacon=BEACON)
    with pytest.raises(ValueError):
        draw.run(SEED, [], beacon=BEACON)


def test_the_draw_is_not_biased_to_a_position():
    # Over many beacon values each of three entries wins about a third of the time.
    wins = {v: 0 for v in VALUES[:3]}
    for n in range(600):
        wins[draw.run(SEED, VALUES[:3], beacon=str(n)).ranking[0]] += 1
    assert all(150 < count < 250 for count in wins.values())


def test_pick_takes_the_head_of_the_ranking_for_random_inspections():
    assert draw.pick(SEED, BEACON, VALUES, 2) == draw.run(SEED, VALUES, beacon=BEACON).ranking[:2]
    assert draw.pick(SEED, BEACON, VALUES, 10) == draw.run(SEED, VALUES, beacon=BEACON).ranking
    with pytest.raises(ValueError):
        draw.pick(SEED, BEACON, VALUES, -1)


def test_the_module_stays_free_of_django():
    # Random inspections, the public and the tests reuse it without a project around it.
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(draw))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"hashlib", "hmac", "secrets", "dataclasses"}
