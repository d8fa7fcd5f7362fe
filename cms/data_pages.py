"""Page types of published marketplace data beside the lists: the public statistics summary
(/statistics/) and the library of model contracts (/contracts/templates/). Imported by cms.models,
so Django and Wagtail know them as cms's models.

Editors write the prose around the data; the data is read live (oversight.figures, from the
materialised monthly statistics; contracts.selectors.templates)."""
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from contracts.selectors import templates as contract_templates
from contracts.template_pdf import template_pdf
from contracts.views.clauses import clause_parts
from oversight.figures import public_summary

from . import caching, routing
from .blocks import BodyBlock


class StatisticsPage(routing.KnownRestrictions, Page):
    """/statistics/: the headline figures of the last twelve months (jobs, amounts, savings, service
    time against the 30 % goal, complaints, agencies from elsewhere) and four charts, each a data
    table first, for everyone."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("统计公开页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(public_summary())
        caching.statistics_summary(request)
        return context


class ContractTemplatesPage(routing.KnownRestrictions, RoutablePageMixin, Page):
    """The model contracts (合同示范文本) the competent departments published: the list, each
    template's version in force and every earlier one (`<code>/`, `<code>/v<n>/`), and each version
    as a PDF to download (`<code>/v<n>/pdf/`). Contracts signed on the platform link to the
    version they were made from."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("合同示范文本库")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rows"] = contract_templates.library()
        caching.contract_templates(request)
        return context

    def _version(self, code, number=None):
        found = contract_templates.public_version(code, number)
        if found is None:
            raise Http404
        return found

    def _version_page(self, request, template, version):
        context = Page.get_context(self, request)
        context.update({
            "template": template, "version": version, "versions": template.published_versions,
            "withdrawn": version.status == version.Status.WITHDRAWN, "clauses": clause_parts(version.clauses),
        })
        caching.contract_templates(request)
        return TemplateResponse(request, "cms/contract_template.html", context)

    @path("<slug:code>/", name="template")
    def template_detail(self, request, code):
        return self._version_page(request, *self._version(code))

    @path("<slug:code>/v<id:number>/", name="template_version")
    def template_version(self, request, code, number):
        return self._version_page(request, *self._version(code, number))

    @path("<slug:code>/v<id:number>/pdf/", name="template_pdf")
    def template_download(self, request, code, number):
        template, version = self._version(code, number)
        response = HttpResponse(template_pdf(template, version), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{template.code}-v{version.number}.pdf"'
        caching.contract_templates(request)
        return response
