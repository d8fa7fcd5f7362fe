"""Wagtail page types of the public site.

Editors write the prose (intro, body); everything that comes from the marketplace (items,
agencies, commitments, history) is live data fetched by the marketplace and providers
selectors in `get_context()` or in a sub-route, never copied into a page.
"""
import datetime

from django.conf import settings
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from bidding import draw as draw_algorithm
from bidding.method_params import param_rows
from bidding.selectors import benchmarks, capacity, public
from core.pagination import ListPaginator
from marketplace.forms.fees import fee_calculator_context
from marketplace.selectors import catalogue as market_catalogue
from marketplace.selectors import directory as market_directory
from marketplace.selectors import offers as market_offers
from marketplace.selectors import versions
from providers import standing_rules
from providers.access import may_read_certificates
from providers.selectors import agency_by_uscc, expiry_warning_days
from reviews.credit.rulesets import current_rules
from reviews.selectors import credit as credit_selectors
from reviews.selectors import public as credit_public
from reviews.selectors import redlist as credit_redlist

from . import caching, feeds, keyword_search, owner_record, routing, service_guides, structured_data
from .blocks import BodyBlock
from .forms import CatalogueFilterForm, CreditListFilterForm, DirectoryFilterForm
from .forms_notices import NoticeFilterForm
from .selectors import newest_agencies, offering_rows, site_summary

PAGE_SIZE = 20


def paginate(request, queryset, per_page=PAGE_SIZE):
    """A page of a public list (core.pagination): counted up to a limit and estimated past it,
    numbered first pages, then cursors (?after=, ?before=) that an index serves at any depth."""
    return ListPaginator(queryset, per_page).get_page(request.GET)


@register_setting(icon="site")
class PortalSettings(BaseGenericSetting):
    """What every page's header and footer show; edited under Settings in the Wagtail admin. The
    words have an English version beside the Chinese (`localized()` picks the reader's)."""

    hotline = models.CharField(_("服务热线"), max_length=40, blank=True, default="12345")
    service_hours = models.CharField(
        _("服务时间"), max_length=80, blank=True, default="工作日 9:00—12:00，13:30—17:30"
    )
    operator = models.CharField(_("主办单位"), max_length=100, blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    footer_text = models.TextField(_("页脚说明"), blank=True)
    record_number = models.CharField(_("网站备案号"), max_length=60, blank=True)
    service_hours_en = models.CharField(_("服务时间（英文）"), max_length=80, blank=True,
                                        default="Working days 9:00–12:00, 13:30–17:30")
    operator_en = models.CharField(_("主办单位（英文）"), max_length=100, blank=True)
    address_en = models.CharField(_("联系地址（英文）"), max_length=200, blank=True)
    footer_text_en = models.TextField(_("页脚说明（英文）"), blank=True)

    TRANSLATED = ("service_hours", "operator", "address", "footer_text")

    panels = [
        FieldPanel("hotline"),
        FieldPanel("record_number"),
        MultiFieldPanel([FieldPanel(name) for name in TRANSLATED], heading=_("中文")),
        MultiFieldPanel([FieldPanel(f"{name}_en") for name in TRANSLATED], heading=_("英文")),
    ]

    class Meta:
        verbose_name = _("门户设置")

    def localized(self, language):
        """The settings as the frame shows them to a reader of `language`: the English words on
        English pages (the Chinese ones where no English was written)."""
        shown = {name: getattr(self, name) for name in ("hotline", "record_number", *self.TRANSLATED)}
        if not language.startswith("zh"):
            shown.update({name: getattr(self, f"{name}_en") or shown[name] for name in self.TRANSLATED})
        return shown


class HomePage(routing.KnownRestrictions, Page):
    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CatalogueIndexPage", "cms.DirectoryIndexPage", "cms.NoticesIndexPage", "cms.CreditIndexPage",
                     "cms.FeeRulesPage", "cms.StatisticsPage", "cms.ContactPage", "cms.StandardPage",
                     "cms.ContractTemplatesPage"]
    # One home page per language: the Chinese one and its English translation.
    max_count = len(settings.WAGTAIL_CONTENT_LANGUAGES)

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["summary"] = site_summary()
        context["newest_agencies"] = newest_agencies(limit=8)
        context["newest_notices"] = public.label_rows(public.public_jobs()[:6])
        context["menu_pages"] = self.get_children().live().in_menu().specific()
        context["structured_data"] = structured_data.website(self.title, reverse("search:results"))
        caching.home_page(request, context["newest_notices"], context["newest_agencies"])
        return context


class ListingIndexPage(routing.KnownRestrictions, RoutablePageMixin, Page):
    """A one-per-site index page over live marketplace data: an editor-written intro and body,
    a GET filter form, a paginated list from a selector, and detail views as sub-routes.
    A subclass names its filter form and defines `list_rows(filters)`, the selector call."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1   # one per language's home page

    filter_form_class = None  # a form with .filters() -> dict of selector keyword arguments
    list_name = "rows"  # the template's name for the page of rows

    class Meta:
        abstract = True

    search_kind = None  # a list with a search kind answers a keyword through search.api

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = self.filter_form_class(request.GET or None)
        filters = form.filters() if form.is_bound else {}
        context["form"] = form
        context["filtered"] = any(filters.values())
        context["filters"] = filters
        if self.search_kind and filters.get("query"):
            found = self.keyword_rows(request, filters)
            context["search"] = found
            context[self.list_name] = found.page
            form.show_counts(found)
        else:
            context[self.list_name] = paginate(request, self.list_rows(filters))
        return context

    def keyword_rows(self, request, filters):
        """The page of rows for the keyword in `filters["query"]` (cms/keyword_search.py)."""
        return keyword_search.search_page(
            request, filters["query"], kind=self.search_kind, filters=self.search_filters(filters),
            facets=self.search_facets, rows=self.list_rows({}), per_page=PAGE_SIZE)

    def render_detail(self, request, template, extra):
        """Render a sub-route with the page's own context but not the list's queries."""
        context = Page.get_context(self, request)
        context.update(extra)
        return TemplateResponse(request, template, context)


class CatalogueIndexPage(ListingIndexPage):
    """/catalogue/: the public catalogue of service items, each item and its history under it."""

    filter_form_class = CatalogueFilterForm
    list_name = "items"
    search_kind = "item"
    search_facets = ("category",)

    class Meta:
        verbose_name = _("服务事项清单页")

    def keyword_rows(self, request, filters):
        # The catalogue is short and its fee type is not a facet: its best hits, narrowed by
        # every filter of the list itself (catalogue_in_force), in relevance order.
        return keyword_search.best_matches(
            request, filters["query"], kind=self.search_kind, filters={"category": filters.get("category")},
            facets=self.search_facets, rows=self.list_rows({**filters, "query": None}), per_page=PAGE_SIZE)

    # The catalogue as it is in force today: scheduled versions count from their date, whether
    # or not `apply_catalogue_versions` has run yet (marketplace.selectors.versions).
    def list_rows(self, filters):
        return versions.catalogue_in_force(**filters)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"].object_list = versions.items_in_force(context["items"].object_list)
        caching.catalogue_list(request)
        return context

    @path("<str:code>/", name="item")
    def item_detail(self, request, code):
        item = versions.item_in_force(code)
        rule = getattr(item, "fee_rule", None)
        agencies = paginate(request, market_directory.agencies_offering(item))
        caching.catalogue_item(request, agencies)
        return self.render_detail(request, "cms/service_item.html", {
            "item": item,
            "guide": service_guides.guide_for(item),
            "structured_data": structured_data.service_item(item, request.path),
            # rule, calc_form, calc_result for the fee-rule and calculator includes
            **fee_calculator_context(rule, request.GET),
            "offers": offering_rows(agencies, item),
            "agencies": agencies,
            "pending": versions.pending_versions(item),
            "benchmarks": benchmarks.item_benchmarks(item.pk),
        })

    @path("<str:code>/guide/", name="item_guide")
    def item_guide(self, request, code):
        """The item's service guide on one printable page (404 while no guide is written)."""
        item = versions.item_in_force(code)
        guide = service_guides.guide_for(item)
        if guide is None:
            raise Http404
        caching.catalogue_list(request)
        return self.render_detail(request, "cms/service_guide_print.html", {
            "item": item, "guide": guide, "rule": item.government_fee_rule})

    @path("<str:code>/history/", name="item_history")
    def item_history(self, request, code):
        """The item's history and, beside it, its fee rule's: versions in force, those
        scheduled for a later date and those withdrawn before it."""
        item = versions.item_in_force(code)
        caching.catalogue_list(request)
        return self.render_detail(request, "cms/service_item_history.html", {
            "item": item,
            "versions": market_catalogue.item_history(item),
            "fee_versions": versions.fee_rule_history(item),
            "pending": versions.pending_versions(item),
            "withdrawn": versions.withdrawn_versions(item),
        })


class DirectoryIndexPage(ListingIndexPage):
    """/agencies/: the public directory of agencies; each agency's profile under it."""

    filter_form_class = DirectoryFilterForm
    list_name = "agencies"
    search_kind = "agency"
    search_facets = ("item", "region", "grade")

    class Meta:
        verbose_name = _("中介机构名录页")

    @staticmethod
    def search_filters(filters):
        return {"item": filters.get("item_code"), "region": filters.get("region_code"), "grade": filters.get("grade")}

    def list_rows(self, filters):
        return market_directory.agency_directory(**filters)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page = context["agencies"]
        page.object_list = standing_rules.with_public_standing(page.object_list, timezone.now())
        caching.directory_list(request, page.object_list)
        return context

    @path("<str:uscc>/", name="agency")
    def agency_profile(self, request, uscc):
        agency = agency_by_uscc(uscc)
        now = timezone.now()
        today = timezone.localdate(now)
        # Its credit record: grade, score and their explanation, shown reviews, watch-list,
        # suspension and blacklist history, the red list.
        credit = credit_public.agency_credit(agency, now)
        reviews = paginate(request, credit.reviews)
        reviews.object_list = credit_public.shown_reviews(reviews.object_list)
        caching.agency_profile(request, agency, credit)
        return self.render_detail(request, "cms/agency_profile.html", {
            "agency": agency,
            "structured_data": structured_data.agency(agency, request.path),
            "credit": credit,
            "reviews": reviews,
            # The watch listing, suspension or blacklisting in force, with its dates and reason (else None).
            "standing": standing_rules.public_standing(agency, now),
            "barred": standing_rules.is_barred(agency, now),
            "today": today,
            "warn_until": today + datetime.timedelta(days=expiry_warning_days()),
            "offers": market_offers.offers_of(agency),
            "capacity": capacity.capacity_rows(agency),
            "show_scans": may_read_certificates(request.user, agency.pk),
        })

    @path("owners/<str:uscc>/", name="owner")
    def owner_profile(self, request, uscc):
        """A project owner's public record: its own steps timed (signing, deciding deliveries,
        paying, reviewing) and its delays (clocks on both sides, cms/owner_record.py). Live, not
        cached: the late days of open steps grow by the day."""
        owner = owner_record.owner_by_uscc(uscc)
        return self.render_detail(request, "cms/owner_record.html", {
            "owner": owner, **owner_record.owner_public_record(owner, timezone.now())})


class NoticesIndexPage(ListingIndexPage):
    """/notices/: announcements, results and publicity notices; each job and its draw proof
    under it. Everything shown comes from bidding.selectors.public, which keeps drafts out and
    bids sealed until the close."""

    filter_form_class = NoticeFilterForm
    list_name = "jobs"
    search_kind = "job"
    search_facets = ("item", "region", "status", "method")

    class Meta:
        verbose_name = _("采购公告页")

    @staticmethod
    def search_filters(filters):
        return {"item": filters.get("item_code"), "region": filters.get("region_code"), "status": filters.get("status"),
                "method": filters.get("method")}

    def list_rows(self, filters):
        return public.public_jobs(**filters)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        public.label_rows(context["jobs"])
        context["feeds"] = feeds.feed_links(context["filters"])
        caching.notices_list(request, context["jobs"])
        return context

    def _job_context(self, request, job_id):
        job = public.public_job(job_id)
        context = Page.get_context(self, request)
        context.update({
            "job": job,
            "shown_status": public.shown_status(job),
            "close_pending": public.close_pending(job),
            "result": public.public_result(job),
            "weights": public.weight_rows(job),
            "method_params": param_rows(job),
        })
        caching.job_notice(request, job, context["result"])
        return context

    @path("<id:job_id>/", name="job")
    def job_detail(self, request, job_id):
        return TemplateResponse(request, "cms/notices_job.html", self._job_context(request, job_id))

    @path("<id:job_id>/draw/", name="draw")
    def draw_proof(self, request, job_id):
        context = self._job_context(request, job_id)
        result = context["result"]
        context.update({"algorithm": draw_algorithm.__doc__.strip(), "version": draw_algorithm.VERSION,
                        # before the close: only a quote comparison's invitation draw (bids sealed)
                        "proofs": result.proofs if result is not None else public.open_draw_proofs(context["job"])})
        return TemplateResponse(request, "cms/notices_draw.html", context)


class CreditIndexPage(routing.KnownRestrictions, RoutablePageMixin, Page):
    """/credit/: the credit rules in plain words, generated from the rule set in force, with every
    earlier version viewable under rules/v<n>/; the blacklist and the red list are its children."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.BlacklistPage", "cms.RedListPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("信用信息页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rules"] = credit_public.rules_in_words()
        context["versions"] = credit_public.rule_versions()
        caching.credit_rules(request)
        return context

    @path("rules/v<id:version>/", name="rules_version")
    def rules_version(self, request, version):
        """One version of the rule set, the one in force or an earlier one, in plain words."""
        ruleset = credit_selectors.ruleset_version(version)
        caching.credit_rules(request)
        context = Page.get_context(self, request)
        context.update({"rules": credit_public.rules_in_words(ruleset), "versions": credit_public.rule_versions()})
        return TemplateResponse(request, "cms/credit_rules_version.html", context)


class CreditListPage(ListingIndexPage):
    """A public credit list under /credit/ (the blacklist, the red list): the listing frame with
    a keyword filter."""

    filter_form_class = CreditListFilterForm
    parent_page_types = ["cms.CreditIndexPage"]

    class Meta:
        abstract = True


class BlacklistPage(CreditListPage):
    """/credit/blacklist/: every approved blacklisting (黑名单), in force or ended by expiry or by
    credit repair, with its facts, basis, period and the banned people (ID numbers masked)."""

    list_name = "entries"

    class Meta:
        verbose_name = _("黑名单公示页")

    def list_rows(self, filters):
        return credit_public.blacklist_rows(timezone.now(), **filters)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page = context["entries"]
        page.object_list = credit_public.blacklist_shown(page.object_list, timezone.now())
        caching.blacklist_list(request, page.object_list)
        return context


class RedListPage(CreditListPage):
    """/credit/redlist/: the agencies its published rule puts on the red list (红名单), computed."""

    list_name = "agencies"

    class Meta:
        verbose_name = _("红名单公示页")

    def list_rows(self, filters):
        return credit_public.redlist_rows(timezone.now(), rules=self.rules, **filters)

    def get_context(self, request, *args, **kwargs):
        # The rule set in force, read once for the list, the rule's words and the clock.
        self.rules = current_rules()
        context = super().get_context(request, *args, **kwargs)
        context["rule"] = credit_redlist.rule_in_words(self.rules)
        caching.red_list(request, self.rules)
        return context


class StandardPage(routing.KnownRestrictions, Page):
    """Policies, service guides and other prose pages written by editors."""

    summary = models.CharField(_("摘要"), max_length=250, blank=True)
    source = models.CharField(_("来源/发布机关"), max_length=150, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("summary"), FieldPanel("source"), FieldPanel("published_on")],
                        heading=_("基本信息")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage", "cms.ContractTemplatesPage"]

    class Meta:
        verbose_name = _("图文页面")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().specific()
        caching.prose_page(request)
        return context


# The page types kept in their own modules: the data pages (statistics, model contracts), the
# service guides, the service corner (/fees/, contact and complaints).
from .data_pages import ContractTemplatesPage, StatisticsPage  # noqa: E402,F401
from .service_guides import ServiceGuide  # noqa: E402,F401
from .service_pages import ContactPage, FeeRulesPage  # noqa: E402,F401
