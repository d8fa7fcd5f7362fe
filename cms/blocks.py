"""StreamField blocks shared by every page type of the public site.

Prose blocks are written by editors; the "live" blocks compute their list in `get_context()`
from the marketplace selectors, so nothing from the marketplace is ever copied by hand.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from . import caching


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("级别"), choices=[("h2", _("二级标题")), ("h3", _("三级标题"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("标题")
        template = "cms/blocks/heading.html"


class NoticeBlock(blocks.StructBlock):
    """A highlighted paragraph: a rule the reader must not miss."""

    title = blocks.CharBlock(label=_("提示标题"), max_length=80, required=False)
    text = blocks.RichTextBlock(label=_("内容"), features=["bold", "link"])

    class Meta:
        icon = "warning"
        label = _("提示框")
        template = "cms/blocks/notice.html"


class FactRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("项目"), max_length=60)
    value = blocks.TextBlock(label=_("内容"))


class FactTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("表格标题"), max_length=120, required=False)
    rows = blocks.ListBlock(FactRowBlock(), label=_("行"))

    class Meta:
        icon = "table"
        label = _("事实表")
        template = "cms/blocks/fact_table.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("链接文字"), max_length=80)
    page = blocks.PageChooserBlock(label=_("站内页面"), required=False)
    url = blocks.CharBlock(label=_("或地址"), max_length=300, required=False, help_text=_("如 /catalogue/"))
    description = blocks.CharBlock(label=_("说明"), max_length=160, required=False)

    class Meta:
        icon = "link"


class ContactPointBlock(blocks.StructBlock):
    """One place to ask: a department or desk, its telephone, e-mail, address and hours."""

    name = blocks.CharBlock(label=_("部门或窗口"), max_length=80)
    phone = blocks.CharBlock(label=_("电话"), max_length=40, required=False)
    email = blocks.EmailBlock(label=_("电子邮箱"), required=False)
    address = blocks.CharBlock(label=_("地址"), max_length=200, required=False)
    hours = blocks.CharBlock(label=_("办公时间"), max_length=80, required=False)
    handles = blocks.TextBlock(label=_("受理事项"), required=False)

    class Meta:
        icon = "mail"
        label = _("联系方式")
        template = "cms/blocks/contact_point.html"


class LinkListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=80, required=False)
    links = blocks.ListBlock(LinkBlock(), label=_("链接"))

    class Meta:
        icon = "list-ul"
        label = _("链接列表")
        template = "cms/blocks/link_list.html"


class NewestAgenciesBlock(blocks.StructBlock):
    """The agencies that registered last: live from the directory, no approval step."""

    title = blocks.CharBlock(label=_("标题"), max_length=80, default=_("最新入驻中介机构"))
    count = blocks.IntegerBlock(label=_("显示数量"), min_value=1, max_value=20, default=8)

    class Meta:
        icon = "group"
        label = _("最新入驻机构（实时）")
        template = "cms/blocks/newest_agencies.html"

    def get_context(self, value, parent_context=None):
        from .selectors import newest_agencies

        context = super().get_context(value, parent_context=parent_context)
        context["agencies"] = newest_agencies(limit=value["count"])
        caching.live_block(context.get("request"), "agencies", agencies=context["agencies"])
        return context


class LatestJobsBlock(blocks.StructBlock):
    """The newest public notices, of one service item or of all: live from /notices/' selector."""

    title = blocks.CharBlock(label=_("标题"), max_length=80, default=_("最新采购公告"))
    item_code = blocks.CharBlock(label=_("服务事项编码"), max_length=40, required=False,
                                 help_text=_("留空显示全部事项的公告，如 ZJ-HJ-001"))
    count = blocks.IntegerBlock(label=_("显示数量"), min_value=1, max_value=20, default=6)

    class Meta:
        icon = "list-ul"
        label = _("最新采购公告（实时）")
        template = "cms/blocks/latest_jobs.html"

    def get_context(self, value, parent_context=None):
        from bidding.selectors import public

        context = super().get_context(value, parent_context=parent_context)
        jobs = public.public_jobs(item_code=(value["item_code"] or "").strip() or None)[:value["count"]]
        context["jobs"] = public.label_rows(list(jobs))
        caching.live_block(context.get("request"), "jobs", jobs=context["jobs"])
        return context


class RecentBlacklistBlock(blocks.StructBlock):
    """The newest blacklist entries, as /credit/blacklist/ shows them (ended ones marked)."""

    title = blocks.CharBlock(label=_("标题"), max_length=80, default=_("最新黑名单"))
    count = blocks.IntegerBlock(label=_("显示数量"), min_value=1, max_value=20, default=5)

    class Meta:
        icon = "warning"
        label = _("最新黑名单（实时）")
        template = "cms/blocks/recent_blacklist.html"

    def get_context(self, value, parent_context=None):
        from django.utils import timezone

        from reviews.selectors import public as credit_public

        context = super().get_context(value, parent_context=parent_context)
        now = timezone.now()
        entries = credit_public.blacklist_rows(now)[:value["count"]]
        context["entries"] = credit_public.blacklist_shown(entries, now)
        caching.blacklist_block(context.get("request"), context["entries"])
        return context


class SiteSummaryBlock(blocks.StaticBlock):
    """The platform's live figures (agencies, open jobs, this year's jobs, saving and service time,
    catalogue items), computed when the page is shown."""

    class Meta:
        icon = "pick"
        label = _("平台数据概览（实时）")
        admin_text = _("显示清单事项数、入驻中介机构数等实时统计，无需配置。")
        template = "cms/blocks/site_summary.html"

    def get_context(self, value, parent_context=None):
        from .selectors import site_summary

        context = super().get_context(value, parent_context=parent_context)
        context["summary"] = site_summary()
        caching.live_block(context.get("request"), "agencies", "catalogue", "jobs", "statistics")
        return context


class BodyBlock(blocks.StreamBlock):
    """What editors may put in the body of any page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("段落"), icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4"],
        template="cms/blocks/paragraph.html",
    )
    notice = NoticeBlock()
    facts = FactTableBlock()
    links = LinkListBlock()
    newest_agencies = NewestAgenciesBlock()
    latest_jobs = LatestJobsBlock()
    recent_blacklist = RecentBlacklistBlock()
    site_summary = SiteSummaryBlock()

    class Meta:
        block_counts = {}
