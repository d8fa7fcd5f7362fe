"""Scenes for the selection methods 均价比选 and 信用择优抽取 (tests/selection_best_price,
tests/selection_credit_draw): a closed job with its public beacon value fixed, bidders each with a
member, and a way to fix which K the coefficient draw gives (a seed found by trying)."""
import datetime

from django.utils import timezone

from bidding import draw
from bidding.method_params import k_texts, params_of
from bidding.models import Bid, Job

from .bidding import BidFactory, DrawBeaconFactory, JobFactory
from .providers import AgencyFactory, MembershipFactory


def seed_giving(values, beacon, first):
    """A fresh seed whose draw (current version) over `values` with `beacon` ranks `first` first."""
    for _attempt in range(10_000):
        seed = draw.new_seed()
        if draw.run(seed, values, beacon=beacon).ranking[0] == first:
            return seed
    raise AssertionError(f"no seed ranks {first!r} first")


class MethodScene:
    """Builds closed jobs of one method and their bids; each bidder's agency has one member."""

    def job(self, method, params=None, *, beacon=True, k=None, **kwargs):
        """A job past its close (CLOSED) with `params` published; with `beacon`, its public
        beacon value already fixed; with `k`, a seed whose coefficient draw gives that K."""
        kwargs.setdefault("closes_at", timezone.now() - datetime.timedelta(hours=2))
        kwargs.setdefault("status", Job.Status.CLOSED)
        job = JobFactory(selection_method=method, method_params=params or {}, **kwargs)
        self.owner_user = MembershipFactory(organisation=job.owner).user
        if beacon:
            fixed = DrawBeaconFactory(job=job, entered_at=job.closes_at + datetime.timedelta(minutes=20))
            if k is not None:
                job.draw_seed = seed_giving(k_texts(params_of(job)), fixed.value, k)
                job.draw_commitment = draw.commitment(job.draw_seed)
                job.save(update_fields=["draw_seed", "draw_commitment"])
        return job

    def bid(self, job, status=Bid.Status.VALID, *, name=None, **kwargs):
        agency = AgencyFactory(**({"name": name} if name else {}))
        member = MembershipFactory(organisation=agency).user
        kwargs.setdefault("submitted_at", timezone.now() - datetime.timedelta(days=1))
        bid = BidFactory(job=job, agency=agency, status=status, submitted_by=member, **kwargs)
        bid.member = member
        return bid

    def bids(self, job, prices, **kwargs):
        """One bid per price, submitted a minute apart in the given order."""
        start = timezone.now() - datetime.timedelta(days=1)
        return [self.bid(job, price=price, submitted_at=start + datetime.timedelta(minutes=index), **kwargs)
                for index, price in enumerate(prices)]


# --- reading the public pages as anyone would -------------------------------------------------

def public_soup(client, path):
    from bs4 import BeautifulSoup

    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def public_draws(client, job):
    """Every draw the public draw page shows, as published: purpose, seed, commitment, beacon
    value, the entries' values in the published order, the pool and the ranking."""
    soup = public_soup(client, f"/notices/{job.pk}/draw/")
    draws = []
    for section in soup.select("section.draw-proof"):
        draws.append({
            "purpose": section["data-purpose"], "seed": section["data-seed"],
            "commitment": section["data-commitment"], "beacon": section.get("data-beacon"),
            "pool": section["data-pool"], "superseded": section.has_attr("data-superseded"),
            "values": [row["data-value"] for row in section.select("tr.draw-value")],
            "ranking": [item["data-ranked-value"] for item in section.select("li[data-ranked-value]")],
        })
    return draws


def recomputed(published):
    """The ranking recomputed from a published draw with bidding.draw (after checking the seed
    against its commitment and the pool)."""
    assert draw.commitment(published["seed"]) == published["commitment"]
    result = draw.run(published["seed"], published["values"], beacon=published["beacon"])
    assert result.pool == published["pool"]
    return result.ranking
