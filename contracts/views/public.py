"""Public pages, no login: the published model contracts with their versions, and the check of a
signed contract by its PDF or the SHA-256 of its text.

The template pages are served from the page cache to anonymous visitors (core/pagecache.py):
they show only templates and versions (topic "contract_templates"). The check reads and never
writes; it shows organisations and times, never a person's name or an IP."""
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from core.pagecache import depends_on

from ..forms import VerifyForm
from ..models import TemplateVersion
from ..pdf_check import check_pdf
from ..selectors.contracts import signed_contract_by_hash
from ..selectors.templates import published_template, published_templates, published_version
from .clauses import clause_parts

TOPIC = "contract_templates"


@require_safe
def template_list(request):
    depends_on(request, TOPIC, "catalogue")
    rows = []
    for template in published_templates():
        current = _newest_published(template)
        rows.append((template, current, [v for v in template.published_versions if v.pk != current.pk]))
    return render(request, "contracts/public/templates.html", {"rows": rows})


def _newest_published(template):
    """The version new contracts take: the newest one published and not withdrawn."""
    return next(v for v in template.published_versions if v.status == TemplateVersion.Status.PUBLISHED)


def _version_page(request, template, version):
    depends_on(request, TOPIC, "catalogue")
    return render(request, "contracts/public/template.html", {
        "template": template, "version": version, "versions": template.published_versions,
        "withdrawn": version.status == TemplateVersion.Status.WITHDRAWN,
        "clauses": clause_parts(version.clauses),
    })


@require_safe
def template_detail(request, code):
    template = published_template(code)
    if template is None:
        raise Http404
    return _version_page(request, template, _newest_published(template))


@require_safe
def template_version(request, code, number):
    template = published_template(code)
    version = next((v for v in template.published_versions if v.number == number), None) if template else None
    if version is None:
        # A template whose every version is withdrawn is not listed, but its versions stay readable.
        version = published_version(code, number)
        if version is None:
            raise Http404
        template = version.template
        template.published_versions = [version]
    return _version_page(request, template, version)


@require_http_methods(["GET", "POST"])
def verify(request):
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = _check(form.cleaned_data)
    return render(request, "contracts/public/verify.html", {"form": form, "result": result},
                  status=400 if form.errors else 200)


def _check(data):
    pdf = None
    text_hash = data.get("text_hash")
    if data.get("file"):
        pdf = check_pdf(data["file"].read())
        text_hash = pdf.text_hash
    contract = signed_contract_by_hash(text_hash) if text_hash else None
    return {"pdf": pdf, "text_hash": text_hash, "contract": contract}
