"""`manage.py verify_draw <job id>`: recompute every draw of a job from its stored seed, public
beacon value and values with bidding.draw, each by the recipe of its version (1 before the
beacon, 2 with it), check the seed against the commitment published before any bid and the
beacon value against the one fixed after the close, compare the ranking and the job's winner,
and print each step. Exits non-zero on any mismatch."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bidding.models import Bid, Draw, Job
from bidding.selectors.public import WINNER_STATUSES, draw_proofs


class Command(BaseCommand):
    help = _("重算一个项目的随机抽取并与公布结果核对；不一致时以非零状态退出。")

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)

    def handle(self, *args, job_id, **options):
        job = Job.objects.select_related("winner__agency").filter(pk=job_id).first()
        if job is None:
            raise CommandError(_("项目 %(id)s 不存在。") % {"id": job_id})
        bids = Bid.objects.filter(job=job).exclude(status=Bid.Status.WITHDRAWN).select_related("agency")
        bids_by_value = {bid.random_value: bid for bid in bids}
        proofs = draw_proofs(job, bids_by_value)
        if not proofs:
            raise CommandError(_("项目 %(id)s 没有抽取记录，无可核验。") % {"id": job_id})
        self.stdout.write(_("项目 %(id)s：%(title)s") % {"id": job.pk, "title": job.title})
        self.stdout.write(_("公布的种子承诺值（SHA-256）：%(c)s") % {"c": job.draw_commitment})
        failures = []
        for number, proof in enumerate(proofs, start=1):
            failures += self._report(number, proof, job)
        failures += self._check_winner(job, proofs, bids_by_value)
        if failures:
            for failure in failures:
                self.stderr.write(self.style.ERROR(failure))
            raise CommandError(_("核验未通过：%(n)s 处不一致。") % {"n": len(failures)})
        self.stdout.write(self.style.SUCCESS(_("核验通过：每次抽取均可由公开数据重算得到相同结果。")))

    def _report(self, number, proof, job):
        out = self.stdout.write
        failures = []
        out("")
        out(_("第 %(n)s 次抽取（%(purpose)s，%(at)s）") % {
            "n": number, "purpose": proof.draw.get_purpose_display(), "at": proof.draw.performed_at.isoformat()})
        out(_("1. 揭示的种子：%(seed)s") % {"seed": proof.seed})
        out(_("   SHA-256(种子) = %(h)s —— %(ok)s") % {"h": proof.seed_hash, "ok": _ok(proof.commitment_ok)})
        if not proof.commitment_ok:
            failures.append(_("第 %(n)s 次抽取：种子与公布的承诺值不符。") % {"n": number})
        if job.draw_seed and job.draw_seed != proof.seed:
            failures.append(_("第 %(n)s 次抽取：抽取记录的种子与项目保存的种子不同。") % {"n": number})
        out(_("   算法版本：%(v)s") % {"v": proof.prefix or proof.version})
        if proof.version >= 2:
            out(_("   公共随机数：%(value)s") % {"value": proof.beacon})
            info = proof.beacon_info
            if info is not None:
                out(_("   来源：%(source)s；出处：%(reference)s") % {
                    "source": info.get_source_display(), "reference": info.reference or "—"})
                if info.round:
                    out(_("   第 %(round)s 轮，产生于 %(at)s；报名截止 %(close)s") % {
                        "round": info.round, "at": info.round_time.isoformat(), "close": job.closes_at.isoformat()})
        out(_("2. 参与抽取的随机值（公布顺序）："))
        for value, _key, bid, _position in proof.entries:
            who = bid.agency.name if bid else _("（不属于任何报名）")
            out(f"   {value}  {who}")
        if proof.version >= 2:
            recipe = _("3. 池值 = SHA-256(\"%(v)s|\" + 种子 + \"|\" + 公共随机数 + \"|\" + 各随机值以 | 连接)"
                       " = %(pool)s —— %(ok)s")
        else:
            recipe = _("3. 池值 = SHA-256(\"%(v)s|\" + 种子 + \"|\" + 各随机值以 | 连接) = %(pool)s —— %(ok)s")
        out(recipe % {"v": proof.prefix, "pool": proof.recomputed_pool, "ok": _ok(proof.pool_ok)})
        if not proof.pool_ok:
            failures.append(_("第 %(n)s 次抽取：重算池值 %(a)s 与记录 %(b)s 不符。") % {
                "n": number, "a": proof.recomputed_pool or "—", "b": proof.pool})
        out(_("4. 每个随机值的排序键 SHA-256(池值 + \"|\" + 随机值)，按键升序："))
        for position, value in enumerate(proof.recomputed_ranking, start=1):
            key = dict((v, k) for v, k, _b, _p in proof.entries).get(value, "")
            out(f"   {position}. {value}  {key}")
        out(_("   记录的排序与重算结果 —— %(ok)s") % {"ok": _ok(proof.ranking_ok)})
        if not proof.ranking_ok:
            failures.append(_("第 %(n)s 次抽取：记录的排序与重算结果不同。") % {"n": number})
        failures += [_("第 %(n)s 次抽取：%(p)s") % {"n": number, "p": problem} for problem in proof.problems]
        return failures

    def _check_winner(self, job, proofs, bids_by_value):
        """The job's winner must be the first of the latest winner draw; a tie-break draw that
        includes the winner must rank it first."""
        if not (job.winner_id and job.status in WINNER_STATUSES):
            self.stdout.write(_("项目尚无确定的中选机构，不核对中选结果。"))
            return []
        winner_value = job.winner.random_value
        # Draws set aside by an upheld objection stay on record but decide nothing any more.
        current = [p for p in proofs if not getattr(p.draw, "superseded_at", None)]
        latest = [p for p in current if p.draw.purpose == Draw.Purpose.WINNER]
        tie_breaks = [p for p in current if p.draw.purpose == Draw.Purpose.TIE_BREAK and winner_value in p.values]
        relevant = latest[-1:] or tie_breaks[-1:]
        failures = []
        for proof in relevant:
            shown = bids_by_value.get(proof.winner_value)
            self.stdout.write(_("5. 排序第一：%(v)s（%(who)s）；项目中选：%(w)s（%(name)s）") % {
                "v": proof.winner_value, "who": shown.agency.name if shown else "—",
                "w": winner_value, "name": job.winner.agency.name})
            if proof.recomputed_ranking[:1] != [winner_value]:
                failures.append(_("项目的中选机构不是重算排序的第一名。"))
        return failures


def _ok(flag):
    return _("一致") if flag else _("不一致")
