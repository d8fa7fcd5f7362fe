"""Credit scores stored and their consequences.

One computation, two ways of running it:

- `credit_update(organisation_ids, at=...)`: after an event (reviews.tasks.recompute_credit_task,
  enqueued by reviews/credit/triggers.py), for the organisations it concerns;
- `credit_recompute_all(at=..., batch_size=..., progress=...)`: every organisation, in batches of
  consecutive ids (`manage.py recompute_credit`).

Both hand a selection of organisations of one kind (an id list or an id range) to `_apply`,
which reads their stored credit columns and their events (reviews/credit/events.py, a constant
number of queries per batch), computes each score with the pure engine under the rule set in
force on the local day of `at`, derives the columns to store (`_state`), and writes only the rows
that changed, with their consequences: a GradeChange for each change of grade (audit
CREDIT_GRADE_CHANGE), a CreditPeriod opened or closed when an agency's standing by the credit
rules changes (CREDIT_WATCH_START, CREDIT_SUSPEND_START, CREDIT_STANDING_LIFT, the agency's
members told why, with the lines that cost most: engine.causes). So the bulk and the
incremental results are the same by construction; `credit_differences` (`recompute_credit
--check`) proves it by running both without writing and comparing.

The regulator's manual standing and the blacklist are separate inputs, never written here
(providers.standing_rules combines the three). Stored text is in the site's language (Chinese),
whatever the language of the request that caused the recompute.
"""
import multiprocessing
import os
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record_many
from core import changes
from core.navigation import page_url
from core.notifications import notify
from providers.models import Membership, Organisation, Standing

from ..credit import engine, explain
from ..credit import events as credit_events
from ..credit.rulesets import current_ruleset
from ..models import CreditPeriod, GradeChange

BATCH_SIZE = 2000
ANNOUNCED_ONE_BY_ONE = 50
MAX_WORKERS = 4
CENT = Decimal("0.01")
CAUSES_SHOWN = 5
# The credit columns of Organisation this module keeps.
FIELDS = ("credit_score", "credit_grade", "credit_rated_at", "credit_grade_since", "credit_rule_version",
          "rating_average", "rating_count", "credit_standing", "credit_standing_reason", "credit_standing_since")
# The columns computed from the events; the others are moments derived from them and `at`.
COMPUTED = ("credit_score", "credit_grade", "credit_rule_version", "rating_average", "rating_count",
            "credit_standing", "credit_standing_reason")
STANDING_ACTIONS = {Standing.WATCH: Action.CREDIT_WATCH_START, Standing.SUSPENDED: Action.CREDIT_SUSPEND_START}


@dataclass
class Computed:
    """One organisation's stored credit columns (`old`) and the ones the rules give now (`new`)."""

    organisation_id: int
    profile: str
    uscc: str
    result: engine.Result
    old: dict
    new: dict

    @property
    def changed(self):
        return self.old != self.new

    @property
    def grade_changed(self):
        return self.old["credit_grade"] != self.new["credit_grade"]

    @property
    def standing_changed(self):
        return self.old["credit_standing"] != self.new["credit_standing"]


@dataclass
class Summary:
    organisations: int = 0
    events: int = 0
    changed: int = 0
    grade_changes: int = 0
    standing_changes: int = 0
    computed: list = field(default_factory=list, repr=False)

    def merge(self, other):
        for name in ("organisations", "events", "changed", "grade_changes", "standing_changes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.computed += other.computed

    def add(self, computed, *, keep=False):
        self.organisations += len(computed)
        self.events += sum(item.result.events for item in computed)
        self.changed += sum(item.changed for item in computed)
        self.grade_changes += sum(item.changed and item.grade_changed for item in computed)
        self.standing_changes += sum(item.changed and item.standing_changed for item in computed)
        if keep:
            self.computed += computed


# --- what to store --------------------------------------------------------------------------------

def rating_average(ratings, rules, profile):
    """The mean of the counted reviews' averages (two decimals, half up); with none, the mean of
    the rule set's default review for the profile (what a missing review counts as). The
    averages have two decimals: summed exactly as whole hundredths."""
    if not ratings:
        values = [Decimal(str(value)) for value in engine.default_review(rules, profile).values()]
        return (sum(values) / len(values)).quantize(CENT, ROUND_HALF_UP)
    hundredths = sum(round(value * 100) for value in ratings)
    return (Decimal(hundredths) / (100 * len(ratings))).quantize(CENT, ROUND_HALF_UP)


def standing_reason(standing, score, profile_rules, version):
    """Why the credit rules put the agency on the watch list or suspended it, naming the score and
    the threshold it is below."""
    if standing == Standing.SUSPENDED:
        return _("信用分 %(score)s 分，低于暂停参与选取线 %(threshold)s 分（信用评价规则第 %(version)s 版），"
                 "暂停参与选取；信用分回升后自动解除。") % {
            "score": score, "threshold": explain.number(profile_rules["suspend_below"]), "version": version}
    if standing == Standing.WATCH:
        return _("信用分 %(score)s 分，低于重点关注线 %(threshold)s 分（信用评价规则第 %(version)s 版），"
                 "列入重点关注；信用分回升后自动解除。") % {
            "score": score, "threshold": explain.number(profile_rules["watch_below"]), "version": version}
    return ""


def _state(old, result, ratings, *, rules, profile, version, at):
    """The columns to store for `result`: the old ones when nothing the rules give has changed
    (a row that did not change is not written), else the new values with their moments."""
    score = explain.points(result.score)
    grade = result.grade or ""
    standing = result.standing if profile == "agency" else Standing.ACTIVE
    computed = {
        "credit_score": score,
        "credit_grade": grade,
        "credit_rule_version": version,
        "rating_average": rating_average(ratings, rules, profile),
        "rating_count": len(ratings),
        "credit_standing": standing,
        "credit_standing_reason": standing_reason(standing, score, rules[profile], version),
    }
    rated = bool(grade)
    if all(old[name] == computed[name] for name in COMPUTED) and (old["credit_rated_at"] is not None) == rated:
        return dict(old)
    return {
        **computed,
        "credit_rated_at": at if rated else None,
        "credit_grade_since": (old["credit_grade_since"] or at if grade == old["credit_grade"] else at)
        if rated else None,
        "credit_standing_since": (old["credit_standing_since"] or at if standing == old["credit_standing"] else at)
        if standing != Standing.ACTIVE else None,
    }


# --- the one computation ----------------------------------------------------------------------------

def _apply(profile, *, ruleset, at, ids=None, id_range=None, write=True):
    """Compute (and, when `write`, store) the credit of the organisations of kind `profile`
    among `ids` or in the half-open `id_range`. Runs inside the caller's transaction; the rows
    are locked while they are written. Returns [Computed]."""
    organisations = Organisation.objects.filter(kind=profile)
    if id_range is not None:
        organisations = organisations.filter(pk__gte=id_range[0], pk__lt=id_range[1])
    else:
        organisations = organisations.filter(pk__in=list(ids))
    if write:
        organisations = organisations.select_for_update()
    rows = list(organisations.order_by("pk").values_list("pk", "uscc", *FIELDS))
    if not rows:
        return []
    rules, version = ruleset.rules, ruleset.version
    selection = {"id_range": id_range} if id_range is not None else {"ids": [row[0] for row in rows]}
    events = credit_events.gather(profile, at=at, rules=rules, **selection)
    day = timezone.localdate(at)
    computed, memo = [], {}
    with translation.override(settings.LANGUAGE_CODE):
        for pk, uscc, *values in rows:
            old = dict(zip(FIELDS, values))
            own = events.get(pk, ())
            result = engine.compute(own, rules, profile, day, memo)
            new = _state(old, result, credit_events.review_values(own), rules=rules, profile=profile,
                         version=version, at=at)
            computed.append(Computed(pk, profile, uscc, result, old, new))
        if write:
            _write([item for item in computed if item.changed], at=at, version=version)
    return computed


def _write(changed, *, at, version):
    if not changed:
        return
    _update_organisations(changed)
    records = _grade_changes([item for item in changed if item.grade_changed], at=at, version=version)
    records += _standing_changes([item for item in changed if item.standing_changed], at=at, version=version)
    audit_record_many(records)
    # The pages showing these organisations (their profiles, the directory, the credit pages). A
    # reverse proxy is told of each profile (core/changes.py's objects) for a few; after a bulk
    # change its pages lapse within PAGE_CACHE_PROXY_SECONDS (the site's own cache is exact).
    topics = {"credit", "agencies", *(f"org:{item.organisation_id}" for item in changed)}
    objects = [Organisation(pk=item.organisation_id, uscc=item.uscc, kind=item.profile)
               for item in changed] if len(changed) <= ANNOUNCED_ONE_BY_ONE else []
    changes.announce(*objects, topics=topics)


def _server_cursor():
    """A cursor binding its parameters on the PostgreSQL server (Django's binds them in Python,
    quoting each value: slow for the arrays of a batch), in the current transaction."""
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def _update_organisations(changed):
    """Write the new columns of the changed rows: on PostgreSQL one UPDATE … FROM unnest(arrays)
    for the batch; elsewhere bulk_update."""
    if connection.vendor != "postgresql":
        Organisation.objects.bulk_update(
            [Organisation(pk=item.organisation_id, **item.new) for item in changed], FIELDS, batch_size=500)
        return
    meta = Organisation._meta
    columns = [meta.get_field(name) for name in FIELDS]
    arrays = ", ".join(f"%b::{column.db_type(connection).split('(')[0]}[]" for column in columns)
    names = ", ".join(f'"{column.column}"' for column in columns)
    assignments = ", ".join(f'"{column.column}" = v."{column.column}"' for column in columns)
    params = [[item.organisation_id for item in changed]]
    params += [[item.new[name] for item in changed] for name in FIELDS]
    with _server_cursor() as cursor:
        cursor.execute(
            f'UPDATE "{meta.db_table}" AS o SET {assignments} '
            f'FROM unnest(%b::bigint[], {arrays}) AS v("id", {names}) WHERE o."id" = v."id"', params)


def _grade_changes(items, *, at, version):
    if not items:
        return []
    rows = [(item.organisation_id, item.new["credit_grade"], item.new["credit_score"]) for item in items]
    if connection.vendor == "postgresql":
        table = GradeChange._meta.db_table
        with _server_cursor() as cursor:
            cursor.execute(
                f'INSERT INTO "{table}" ("organisation_id", "grade", "score", "rule_version", "at") '
                f"SELECT o, g, s, %s, %s FROM unnest(%b::bigint[], %b::varchar[], %b::numeric[]) AS v(o, g, s) "
                f'RETURNING "id"',
                [version, at, [row[0] for row in rows], [row[1] for row in rows], [row[2] for row in rows]])
            ids = [pk for (pk,) in cursor.fetchall()]
    else:
        ids = [change.pk for change in GradeChange.objects.bulk_create([
            GradeChange(organisation_id=org, grade=grade, score=score, rule_version=version, at=at)
            for org, grade, score in rows])]
    return [dict(actor=None, action=Action.CREDIT_GRADE_CHANGE, object_type="reviews.gradechange", object_id=pk,
                 object_repr=f"{org} {grade or '-'} {timezone.localtime(at):%Y-%m-%d}",
                 before={"grade": item.old["credit_grade"], "score": str(item.old["credit_score"])},
                 after={"grade": grade, "score": str(score), "rule_version": version})
            for item, pk, (org, grade, score) in zip(items, ids, rows)]


def cause_rows(result, described):
    """The lines that cost most, as stored with a CreditPeriod and told to the agency."""
    return [{
        "kind": line.kind, "label": explain.label(line.kind), "ref": line.ref,
        "on": line.on.isoformat() if line.on else None,
        "points": str(explain.points(line.points)), "contribution": str(explain.points(line.contribution)),
        "description": explain.line_description(line, described),
    } for line in engine.causes(result, CAUSES_SHOWN)]


def _standing_changes(items, *, at, version):
    if not items:
        return []
    ids = [item.organisation_id for item in items]
    closing = {period.organisation_id: period for period in
               CreditPeriod.objects.select_for_update().filter(organisation_id__in=ids, ended_at__isnull=True)}
    for period in closing.values():
        period.ended_at = at
    CreditPeriod.objects.bulk_update(list(closing.values()), ["ended_at"])
    described = explain.describe(line.ref for item in items for line in engine.causes(item.result, CAUSES_SHOWN))
    opening = [item for item in items if item.new["credit_standing"] != Standing.ACTIVE]
    opened = dict(zip(
        [item.organisation_id for item in opening],
        CreditPeriod.objects.bulk_create([
            CreditPeriod(organisation_id=item.organisation_id, standing=item.new["credit_standing"],
                         score=item.new["credit_score"], rule_version=version,
                         lines=cause_rows(item.result, described), started_at=at) for item in opening])))
    members = {}
    for membership in Membership.objects.filter(organisation_id__in=ids).select_related("user").order_by("user_id"):
        members.setdefault(membership.organisation_id, []).append(membership.user)
    records = []
    for item in items:
        new, old = item.new["credit_standing"], item.old["credit_standing"]
        period = opened.get(item.organisation_id) or closing.get(item.organisation_id)
        if period is None:  # a lift with no period on record (stored before periods were kept)
            continue
        records.append(dict(actor=None, action=STANDING_ACTIONS.get(new, Action.CREDIT_STANDING_LIFT), obj=period,
                            before={"standing": old, "score": str(item.old["credit_score"])},
                            after={"standing": new, "score": str(item.new["credit_score"]), "rule_version": version}))
        title, body = _standing_notice(item, period, old, new)
        notify(members.get(item.organisation_id, []), title=title, body=body,
               link=page_url("agency_profile", item.uscc))
    return records


def _standing_notice(item, period, old, new):
    score = item.new["credit_score"]
    if new == Standing.ACTIVE:
        title = _("[中介超市] 信用分回升，已解除%(standing)s") % {"standing": Standing(old).label}
        body = _("贵机构信用分回升至 %(score)s 分，依信用评价规则自动解除“%(standing)s”。") % {
            "score": score, "standing": Standing(old).label}
        return title, body
    title = _("[中介超市] 信用分过低：%(standing)s") % {"standing": Standing(new).label}
    lines = [
        _("- %(on)s %(label)s：%(description)s，%(contribution)s 分") % {
            "on": row["on"] or "", "label": row["label"], "description": row["description"],
            "contribution": row["contribution"]}
        for row in period.lines]
    body = "\n".join([
        item.new["credit_standing_reason"],
        _("主要扣分项（信用分 = 基础分 %(base)s 分加减各项，按时间衰减）：") % {
            "base": explain.points(item.result.base)},
        *lines,
        _("起始时间：%(since)s。") % {"since": date_format(timezone.localtime(period.started_at), "DATETIME_FORMAT")},
    ])
    return title, body


# --- running it ---------------------------------------------------------------------------------

def _chunks(values, size):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def credit_update(organisation_ids, *, at=None, batch_size=BATCH_SIZE):
    """Recompute and store the credit of these organisations (ids of agencies and owners;
    unknown ids are ignored) as of `at` (now). Returns a Summary."""
    at = at or timezone.now()
    ids = sorted({int(pk) for pk in organisation_ids})
    ruleset = current_ruleset()
    summary = Summary()
    for profile in engine.PROFILES:
        for chunk in _chunks(ids, batch_size):
            with transaction.atomic():
                summary.add(_apply(profile, ruleset=ruleset, at=at, ids=chunk))
    return summary


def _batches(batch_size):
    """Half-open id ranges of `batch_size` consecutive organisations of one kind, with the ids in
    each: (profile, low, high, ids). Owners first: they have the most events each, so when
    several processes share the batches the heavy ones do not come last. One query per kind."""
    batches = []
    for profile in reversed(engine.PROFILES):
        ids = list(Organisation.objects.filter(kind=profile).order_by("pk").values_list("pk", flat=True))
        batches += [(profile, chunk[0], chunk[-1] + 1, chunk) for chunk in _chunks(ids, batch_size)]
    return batches


def worker_count(requested=None):
    """How many processes share the batches: by default one per CPU, at most MAX_WORKERS, on
    PostgreSQL; always one on SQLite (one writer) or inside a transaction (a worker could not
    see what it has not committed, e.g. in a test)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    if requested is None:
        requested = min(MAX_WORKERS, os.cpu_count() or 1)
    return max(1, requested)


def _shared(function, tasks, *, workers, progress):
    """function(task) → (done, value) for each task, in `worker_count(workers)` processes
    (forked, each with its own database connection) or in this one; `progress(done)` after
    each. Yields the values as they come."""
    processes = min(worker_count(workers), len(tasks))
    if processes > 1:
        connections.close_all()  # each process opens its own
        with multiprocessing.get_context("fork").Pool(processes, initializer=_own_connections) as pool:
            for done, value in pool.imap_unordered(function, tasks):
                if progress:
                    progress(done)
                yield value
        return
    for task in tasks:
        done, value = function(task)
        if progress:
            progress(done)
        yield value


def _own_connections():
    """A forked worker's first step: forget any connection it inherited still open. Using one
    would run the worker's queries in the parent's session (which stays open, in the worker's
    transaction, after the worker is gone: a test's flush then waited on its row locks for
    ever); closing one would end the parent's. Django opens the worker's own on first use."""
    for conn in connections.all(initialized_only=True):
        conn.connection = None


def _bulk_session():
    """In a batch's transaction: PostgreSQL's JIT compilation costs more than it saves on the
    batch's short queries."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _recompute_batch(task):
    (profile, low, high, ids), options = task
    with transaction.atomic():
        _bulk_session()
        computed = _apply(profile, ruleset=options["ruleset"], at=options["at"], id_range=(low, high),
                          write=options["write"])
    summary = Summary()
    summary.add(computed, keep=options["keep"])
    return len(ids), summary


def credit_recompute_all(*, at=None, batch_size=BATCH_SIZE, progress=None, write=True, keep=False, workers=None):
    """Recompute the credit of every organisation as of `at` (now), batch by batch (each batch
    its own transaction); `progress(n)` is called with each batch's number of organisations.
    With write=False nothing is stored. Returns a Summary (with every Computed when `keep`).

    The batches may be shared by several processes (`worker_count(workers)`): each batch is the
    same `_apply` of a range of ids whichever process runs it, and no two batches share an
    organisation."""
    at = at or timezone.now()
    options = {"ruleset": current_ruleset(), "at": at, "write": write, "keep": keep}
    summary = Summary()
    for part in _shared(_recompute_batch, [(batch, options) for batch in _batches(batch_size)],
                        workers=workers, progress=progress):
        summary.merge(part)
    return summary


def organisation_count():
    return Organisation.objects.count()


@dataclass(frozen=True)
class Difference:
    organisation_id: int
    field: str
    bulk: object
    single: object

    def __str__(self):
        return f"organisation {self.organisation_id}: {self.field} bulk={self.bulk!r} per-organisation={self.single!r}"


def _compare_batch(task):
    """The bulk computation of one batch against the per-organisation one of `sample` in it."""
    (profile, low, high, _ids), sample, options = task
    ruleset, at = options["ruleset"], options["at"]
    with transaction.atomic():
        _bulk_session()
        bulk = {item.organisation_id: item
                for item in _apply(profile, ruleset=ruleset, at=at, id_range=(low, high), write=False)}
    differences = []
    for pk in sample:
        expected = bulk.get(pk)
        with transaction.atomic():
            single = _apply(profile, ruleset=ruleset, at=at, ids=[pk], write=False)
        if expected is None or not single:
            differences.append(Difference(pk, "organisation", expected is not None, bool(single)))
            continue
        single = single[0]
        for name in FIELDS:
            if expected.new[name] != single.new[name]:
                differences.append(Difference(pk, name, expected.new[name], single.new[name]))
        if expected.result != single.result:
            differences.append(Difference(pk, "lines", expected.result.lines, single.result.lines))
    return len(sample), differences


def credit_differences(*, at=None, sample=None, batch_size=BATCH_SIZE, seed=0, progress=None, workers=None):
    """Compare, without writing, the bulk computation (batches of id ranges) with the
    per-organisation one (credit_update's path, one organisation at a time) for every
    organisation, or a random `sample` of them: the score, grade, ratings, standing and every
    stored column, and each line of the explanation. Returns [Difference]."""
    at = at or timezone.now()
    batches = _batches(batch_size)
    chosen = None
    if sample is not None:
        every = [pk for batch in batches for pk in batch[3]]
        chosen = set(random.Random(seed).sample(every, min(sample, len(every))))
    options = {"ruleset": current_ruleset(), "at": at}
    tasks = []
    for batch in batches:
        ids = batch[3] if chosen is None else [pk for pk in batch[3] if pk in chosen]
        if ids:
            tasks.append((batch, ids, options))
    differences = []
    for part in _shared(_compare_batch, tasks, workers=workers, progress=progress):
        differences += part
    return sorted(differences, key=lambda difference: (difference.organisation_id, difference.field))
