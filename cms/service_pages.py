"""Page types of the public site's service corner: the fee-rules page with its calculator (/fees/)
and the contact and complaints entry page. Imported by cms.models, so Django and Wagtail know
them as cms's models.

Like every page type here, the editors write the prose and the marketplace data is read live
through the marketplace selectors (the fee rules as they are in force today)."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from marketplace.forms.fees import fee_calculator_context
from marketplace.selectors import versions

from . import caching, routing
from .blocks import BodyBlock, ContactPointBlock
from .forms import FeeItemForm


class FeeRulesPage(routing.KnownRestrictions, Page):
    """/fees/: the fee rule of every government-priced item (政府定价或指导价) and the fee
    calculator for the one the visitor picks — plain GET forms, so it works without JavaScript:
    pick an item (`?item=`), then enter the quantity and coefficients (`?fee-quantity=`…)."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("收费标准与计算器页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = versions.government_priced_in_force()
        form = FeeItemForm(items, request.GET)
        chosen = form.chosen()
        context.update({
            "items": items,
            "item_form": form,
            "chosen": chosen,
            # rule, calc_form, calc_result for the fee-rule and calculator includes
            **fee_calculator_context(chosen.fee_rule if chosen else None, request.GET),
        })
        caching.catalogue_list(request)
        return context


class ContactPage(routing.KnownRestrictions, Page):
    """Where to ask and where to complain: the editors' contact points, the portal's hotline and
    hours, and the entries to the complaint form and to following a complaint."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    contact_points = StreamField([("contact", ContactPointBlock())], verbose_name=_("联系方式"), blank=True)
    complaint_note = RichTextField(
        _("投诉举报说明"), blank=True, features=["bold", "link", "ul"],
        help_text=_("谁可以投诉、投诉什么、多久答复。投诉表单和进度查询的入口由系统自动显示。"),
    )
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("contact_points"),
        MultiFieldPanel([FieldPanel("complaint_note")], heading=_("投诉举报")),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("联系与投诉页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        caching.prose_page(request)
        return context
