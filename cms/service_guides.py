"""The service guide of a catalogue item (服务指南): what an owner needs to know before asking for
the service — its basis, scope, who needs it, what it contains, how it is done, the form of the
conclusion, typical time and fee, the materials the owner provides and the common reasons a
result is sent back. Editors write it in the Wagtail admin (a snippet, one per item and
language, translated with simple translation); the item page shows it and prints it on one page.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin

LINES_HELP = _("每行一项。")


class ServiceGuide(TranslatableMixin, models.Model):
    item = models.ForeignKey("marketplace.ServiceItem", verbose_name=_("服务事项"), on_delete=models.CASCADE,
                             related_name="service_guides")
    basis = models.TextField(_("设定依据"), help_text=_("设定该中介服务的法律、法规或文件及条款。"))
    scope = models.TextField(_("适用范围"))
    who_needs = models.TextField(_("哪些项目需要"))
    content = models.TextField(_("服务内容"))
    method = models.TextField(_("服务方式"))
    conclusion = models.TextField(_("成果形式"), help_text=_("如：报告书、报告表、评估意见及其份数。"))
    typical_time = models.CharField(_("通常用时"), max_length=120)
    typical_fee = models.CharField(_("收费参考"), max_length=200)
    materials = models.TextField(_("业主需提供的材料"), help_text=LINES_HELP)
    rejection_reasons = models.TextField(_("常见退回原因"), help_text=LINES_HELP)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [
        FieldPanel("item"),
        MultiFieldPanel([FieldPanel("basis"), FieldPanel("scope"), FieldPanel("who_needs")], heading=_("依据与范围")),
        MultiFieldPanel([FieldPanel("content"), FieldPanel("method"), FieldPanel("conclusion")],
                        heading=_("服务内容与成果")),
        MultiFieldPanel([FieldPanel("typical_time"), FieldPanel("typical_fee")], heading=_("时间与费用")),
        MultiFieldPanel([FieldPanel("materials"), FieldPanel("rejection_reasons")], heading=_("材料与常见问题")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("服务指南")
        verbose_name_plural = _("服务指南")
        constraints = [models.UniqueConstraint(fields=["item", "locale"], name="one_service_guide_per_item_language")]

    def __str__(self):
        return str(self.item)

    @property
    def material_list(self):
        return _lines(self.materials)

    @property
    def rejection_list(self):
        return _lines(self.rejection_reasons)


def _lines(text):
    return [line.strip(" -•·\t") for line in text.splitlines() if line.strip(" -•·\t")]


def guide_for(item):
    """The guide of `item` in the reader's language, else in the default language, else None;
    one query."""
    languages = {get_language(), settings.LANGUAGE_CODE}
    guides = {guide.locale.language_code: guide for guide in
              ServiceGuide.objects.filter(item=item, locale__language_code__in=languages).select_related("locale")}
    return guides.get(get_language()) or guides.get(settings.LANGUAGE_CODE)
