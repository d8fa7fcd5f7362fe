"""RSS 2.0 and Atom feeds of the public notices: all of them, one service item's, one region's (a
province, city or county by its code, the region's own notices and those of the regions within
it), newest first. The rows are those of /notices/ (bidding.selectors.public: no draft, nothing
sealed) through Django's syndication framework; an unknown item or region is a 404.

    /notices/feed/                       /notices/feed/atom/
    /notices/feed/?item=<code>           /notices/feed/atom/?region=<code>

A feed reader sends no language cookie: `&lang=en` asks for the English feed
(core.middleware.ChineseByDefaultMiddleware).
"""
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bidding.selectors import public
from cms import caching
from core.navigation import page_url
from marketplace.models import ServiceItem
from providers.models import Region

LIMIT = 50   # the newest notices a feed carries; readers poll it


class Scope:
    """What a feed covers: everything, or one item's or one region's notices."""

    def __init__(self, request):
        self.request, self.kind, self.code, self.name = request, "", "", ""
        for kind in ("item", "region"):   # one of the two; an item wins
            if request.GET.get(kind) and not self.kind:
                self.kind, self.code = kind, request.GET[kind]
        kind, code = self.kind, self.code
        if kind == "item":
            self.name = ServiceItem.objects.filter(code=code).values_list("name", flat=True).first()
        elif kind == "region":
            self.name = Region.objects.filter(code=code).values_list("full_name", flat=True).first()
        if kind and not self.name:
            raise Http404(_("没有这个服务事项或地区。"))

    @property
    def filters(self):
        return {"item": {"item_code": self.code}, "region": {"region_code": self.code}}.get(self.kind, {})

    @property
    def query(self):
        """The /notices/ filters showing the same notices (cms.forms_notices)."""
        if self.kind == "item":
            return f"?item={self.code}"
        if self.kind == "region":
            province = self.code[:2] + "0000"
            return f"?province={province}" + (f"&prefecture={self.code}" if self.code != province else "")
        return ""


def feed_links(filters):
    """The addresses of the feeds /notices/ offers with `filters` (its form's): all notices, and
    the item's or the region's when the list is narrowed to one; in the reader's language."""
    links = {"rss": _address("notices_rss"), "atom": _address("notices_atom")}
    for kind, key in (("item", "item_code"), ("region", "region_code")):
        if filters.get(key):
            links[kind] = _address("notices_rss", **{kind: filters[key]})
    return links


def _address(name, **query):
    if get_language() != settings.LANGUAGE_CODE:
        query["lang"] = get_language()
    return reverse(name) + ("?" + urlencode(query) if query else "")


class NoticesFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request):
        return Scope(request)

    def title(self, scope):
        if scope.name:
            return _("中介超市采购公告：%(name)s") % {"name": scope.name}
        return _("中介超市采购公告")

    def description(self, scope):
        return _("中介服务项目的采购公告、结果公示与公示期信息，最新的 %(n)s 条。") % {"n": LIMIT}

    def link(self, scope):
        return (page_url("notices") or "/") + scope.query

    def items(self, scope):
        jobs = public.label_rows(list(public.public_jobs(**scope.filters)[:LIMIT]))
        caching.notices_list(scope.request, jobs)   # kept in the page cache as /notices/ is
        return jobs

    def item_title(self, job):
        return f"{job.title}（{job.shown_status}）"

    def item_link(self, job):
        return page_url("job_notice", job.pk)

    def item_description(self, job):
        lines = [
            _("采购人：%(owner)s（%(region)s）") % {"owner": job.owner.name, "region": job.owner.region.full_name},
            _("服务事项：%(item)s") % {"item": job.item.name},
            _("选取方式：%(method)s") % {"method": job.method_label},
            _("状态：%(status)s") % {"status": job.shown_status},
        ]
        if job.closes_at:
            lines.append(_("报名截止：%(when)s") % {"when": date_format(localtime(job.closes_at), "DATETIME_FORMAT")})
        if job.public_winner:
            lines.append(_("中选机构：%(agency)s") % {"agency": job.public_winner.agency.name})
        return "\n".join(lines)

    def item_pubdate(self, job):
        return job.published_at

    def item_categories(self, job):
        return [job.item.name, job.owner.region.full_name]


class AtomNoticesFeed(NoticesFeed):
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)


urlpatterns = [
    path("", NoticesFeed(), name="notices_rss"),
    path("atom/", AtomNoticesFeed(), name="notices_atom"),
]
