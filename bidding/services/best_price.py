"""均价比选 (best price): one service, `select_best_price`, the owner's one action after the close.

It draws K from the published set (Draw purpose COEFFICIENT), computes the mean, the reference
and each bid's distance with selectors.best_price.compute — the same function the owner's page
and the public result call — orders bids at the same distance by a tie-break draw and finishes
the selection on the common spine of services/selection.py (winner, ranks, publicity, audit,
notices). Too few valid bids → the job fails (closing.fail_if_too_few). Every draw waits for the
public beacon value fixed after the close (BeaconPending): a refusal writes nothing.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action

from ..errors import CoefficientAlreadyDrawn
from ..method_params import params_of, params_problems
from ..models import Draw, Job
from ..selectors.best_price import coefficient_draw, compute, k_set
from .closing import fail_if_too_few
from .selection import _draw_values, _finish, _locked_job_for_selection, _order_groups, _set_ranks, _valid_bids_locked


def _shown(computation, value):
    """A price of the computation as the reason states it."""
    if computation.discount:
        return _("应付比例 %(value)s%%") % {"value": value}
    return _("%(value)s 元") % {"value": value}


def _reason(computation, winner_row):
    if computation.trimmed:
        mean = _("有效报价 %(n)s 家，去掉一个最高价和一个最低价后的平均值 %(mean)s") % {
            "n": computation.count, "mean": _shown(computation, computation.mean)}
    else:
        mean = _("有效报价 %(n)s 家，平均值 %(mean)s") % {
            "n": computation.count, "mean": _shown(computation, computation.mean)}
    text = _("均价比选：%(mean)s；随机抽取的下浮系数 K = %(k)s%%，参考价 %(reference)s；"
             "与参考价差距最小者中选（差 %(distance)s）。") % {
        "mean": mean, "k": computation.k, "reference": _shown(computation, computation.reference),
        "distance": winner_row.distance}
    if winner_row.tied:
        text += _("差距相同的报价由公开抽取确定先后。")
    return text


@transaction.atomic
def select_best_price(*, actor, job):
    """Draw K, rank the valid bids by their distance to mean × K, the closest wins."""
    now = timezone.now()
    job = _locked_job_for_selection(actor, job, Job.Method.BEST_PRICE)
    if coefficient_draw(job) is not None:
        raise CoefficientAlreadyDrawn()
    problems = params_problems(Job.Method.BEST_PRICE, params_of(job))
    if problems:
        raise problems[0]
    bids = _valid_bids_locked(job)
    if fail_if_too_few(job, len(bids), actor=actor, now=now):
        return job
    compute(job, bids)  # PriceMissing before anything is drawn
    k_text = _draw_values(actor, job, k_set(job), Draw.Purpose.COEFFICIENT, now)[0]
    computation = compute(job, bids, k=k_text)
    ranked = _order_groups(actor, job, computation.groups, now)
    _set_ranks(ranked)
    winner = ranked[0]
    rows = {row.bid.pk: row for row in computation.rows}
    details = {
        "k": k_text, "mean": str(computation.mean), "reference": str(computation.reference),
        "left_out": [row.bid.pk for row in computation.left_out],
        "ranking": [[bid.pk, str(rows[bid.pk].distance)] for bid in ranked],
    }
    return _finish(actor, job, winner, _reason(computation, rows[winner.pk]), Action.JOB_SELECT_BEST_PRICE,
                   details, now)
