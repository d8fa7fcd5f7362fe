"""A published model contract as a PDF to download (示范文本下载): its facts and clauses, each term
the parties fill in shown as its blank 【label】, as the public page shows them. Not sealed: it
is the published text, not a contract anyone signed."""
from django.template.loader import render_to_string

from .views.clauses import clause_parts


def template_pdf(template, version) -> bytes:
    from weasyprint import HTML

    html = render_to_string("contracts/pdf/template.html", {
        "template": template, "version": version, "clauses": clause_parts(version.clauses),
    })
    return HTML(string=html).write_pdf()
