"""The campaign's draw is recomputed from its public proof page alone: the seed against the
commitment published at the announcement, each pool (agencies, inspectors) with bidding/draw.py
from the page's values, seed and beacon value, and the teams by the published walk; the page has
the job draw page's parts (bidding/templates/bidding/includes/draw_*.html)."""
import hashlib
from html.parser import HTMLParser

import pytest

from bidding import draw
from bidding.beacon import normalise_value
from oversight.models import CampaignEntry, InspectionAssignment
from oversight.services import inspections as services

from .conftest import BEACON, REFERENCE

pytestmark = pytest.mark.django_db


class ProofParser(HTMLParser):
    """Collects the data- attributes the proof page publishes."""

    def __init__(self):
        super().__init__()
        self.commitment = None
        self.pools = {}
        self._pool = None
        self.teams = []
        self.excluded = []
        self.inspector_count = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-commitment" in attrs and self.commitment is None and tag == "code":
            self.commitment = attrs["data-commitment"]
        if "data-seed" in attrs:
            self._pool = attrs["data-purpose"]
            self.pools[self._pool] = {**attrs, "values": [], "names": {}, "ranked": [], "drawn": []}
        elif "data-value" in attrs and self._pool and "draw-value" in attrs.get("class", ""):
            self.pools[self._pool]["values"].append(attrs["data-value"])
            self.pools[self._pool]["names"][attrs["data-value"]] = attrs.get("data-name")
        elif "data-ranked-value" in attrs and self._pool:
            self.pools[self._pool]["ranked"].append(attrs["data-ranked-value"])
        elif "data-drawn-agency" in attrs and self._pool:
            self.pools[self._pool]["drawn"].append(attrs["data-drawn-agency"])
        elif "data-inspector-count" in attrs:
            self._pool = None
            self.inspector_count = int(attrs["data-inspector-count"])
        elif "data-team-agency" in attrs:
            self.teams.append({"agency": attrs["data-team-agency"], "members": []})
        elif "data-team-member" in attrs and self.teams:
            self.teams[-1]["members"].append(attrs["data-team-member"])
        elif "data-excluded-agency" in attrs:
            self.excluded.append((attrs["data-excluded-agency"], attrs["data-excluded-inspector"]))


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def proof_page(client, campaign):
    response = client.get(f"/inspections/{campaign.pk}/draw/")
    assert response.status_code == 200
    parser = ProofParser()
    html = response.content.decode()
    parser.feed(html)
    return parser, html


def walk(ranking, position, count, excluded):
    """The teams' rule as the page writes it out: start at (k × c) mod n, take the next c
    inspectors without a conflict with the agency, cyclically."""
    start = (position * count) % len(ranking)
    team = []
    for step in range(len(ranking)):
        value = ranking[(start + step) % len(ranking)]
        if len(team) < count and value not in excluded:
            team.append(value)
    return team


def test_the_draw_is_recomputed_from_the_public_page_alone(client, scene):
    # a standing conflict, so that one team is made by passing over an inspector
    services.standing_conflict_declare(actor=scene.inspectors[1].user, agency=scene.agencies[0],
                                       reason="曾在该机构任职")
    services.standing_conflict_declare(actor=scene.inspectors[2].user, agency=scene.agencies[0],
                                       reason="近亲属在该机构任职")
    campaign = scene.drawn(agency_count=5)
    announced_html = client.get(f"/inspections/{campaign.pk}/").content.decode()
    page, html = proof_page(client, campaign)

    # 1. the seed revealed at the draw is the one committed to at the announcement
    assert page.commitment == campaign.commitment
    assert set(page.pools) == {"agency", "inspector"}
    for pool in page.pools.values():
        assert pool["data-commitment"] == page.commitment
        assert sha256(pool["data-seed"]) == page.commitment
        # 2. the beacon value fixed after draw_after, with its source, is on the page
        assert pool["data-version"] == "zjcs-draw-v2"
        assert pool["data-beacon"] == campaign.beacon_value == normalise_value(BEACON)
        # 3. the pool from the seed, the beacon value and the values in the published order
        assert pool["values"] == sorted(pool["values"])
        result = draw.run(pool["data-seed"], pool["values"], beacon=pool["data-beacon"], version=2)
        assert result.pool == pool["data-pool"]
        # the same by hand, from the published recipe
        by_hand = sha256("|".join(["zjcs-draw-v2", pool["data-seed"], pool["data-beacon"], *pool["values"]]))
        assert by_hand == pool["data-pool"]
        # 4. the ranking by each value's key is the one the page shows
        assert result.ranking == pool["ranked"]
        assert result.ranking[0] == pool["data-winner-value"]
    assert REFERENCE in html

    # the pools are the ones published at the announcement (every entry, agencies and inspectors)
    entries = CampaignEntry.objects.filter(campaign=campaign)
    assert sorted(page.pools["agency"]["values"]) == sorted(e.value for e in entries if e.pool == "agency")
    assert sorted(page.pools["inspector"]["values"]) == sorted(e.value for e in entries if e.pool == "inspector")

    # the drawn agencies are the first agency_count of the agency ranking, named on the campaign page
    agency_ranking = page.pools["agency"]["ranked"]
    drawn_names = [page.pools["agency"]["names"][value] for value in agency_ranking[:campaign.agency_count]]
    assert page.pools["agency"]["drawn"] == drawn_names
    for name in drawn_names:
        assert f'data-drawn-agency="{name}"' in announced_html

    # 5. the teams by the walk over the inspector ranking, with the conflicts the page lists
    excluded = {}
    for agency, inspector in page.excluded:
        excluded.setdefault(agency, set()).add(inspector)
    assert len(page.excluded) == 2
    inspector_ranking = page.pools["inspector"]["ranked"]
    assert [team["agency"] for team in page.teams] == agency_ranking[:campaign.agency_count]
    for position, team in enumerate(page.teams):
        assert team["members"] == walk(inspector_ranking, position, page.inspector_count,
                                       excluded.get(team["agency"], set()))
    # and they are who the campaign's assignments say
    value_of = {e.inspector_id: e.value for e in entries if e.pool == "inspector"}
    agency_value = {e.agency_id: e.value for e in entries if e.pool == "agency"}
    for team in page.teams:
        assigned = {value_of[a.inspector_id] for a in InspectionAssignment.objects.filter(campaign=campaign)
                    if agency_value[a.agency_id] == team["agency"]}
        assert assigned == set(team["members"])
    assert "重算不一致" not in html and "重算一致" in html


def test_the_proof_page_has_the_job_draw_pages_parts_and_the_snippets(client, scene):
    campaign = scene.drawn()
    _page, html = proof_page(client, campaign)
    # the shared parts: seed check, pool formula, recomputation snippet (bidding/includes/draw_*.html)
    assert "核对种子" in html and "SHA-256（种子）" in html and "池值" in html
    assert "import hashlib" in html and "sha256sum" in html and campaign.seed in html
    assert "抽取算法" in html and "检查组" in html and "(k × 2) mod n" in html
    # the snippets run: the pool snippet and the teams snippet, taken from the page
    import html as html_module
    import re

    snippets = [html_module.unescape(text) for text in re.findall(r'<pre class="recompute">(.*?)</pre>', html, re.S)]
    assert len(snippets) == 3
    for snippet in snippets:
        exec(compile(snippet, "<page>", "exec"), {"print": lambda *args: None})  # noqa: S102 (our own page)


def test_before_the_draw_the_proof_page_shows_the_commitment_and_the_pools_only(client, scene):
    campaign = scene.announced()
    page, html = proof_page(client, campaign)
    assert page.commitment == campaign.commitment
    assert page.pools == {} and campaign.seed not in html and "data-seed" not in html
    for entry in CampaignEntry.objects.filter(campaign=campaign):
        assert f'data-value="{entry.value}"' in html


def test_the_job_draw_page_still_shows_its_proof_with_the_shared_parts(client, scene):
    """The job draw page took its seed check, pool and snippet from the same includes."""
    from django.template.loader import get_template

    source = get_template("cms/notices_draw.html").template.source
    for part in ("draw_seed_check", "draw_pool", "draw_recompute"):
        assert f"bidding/includes/{part}.html" in source
    source = get_template("oversight/inspections/public_draw.html").template.source
    for part in ("draw_seed_check", "draw_pool", "draw_recompute"):
        assert f"bidding/includes/{part}.html" in source
