"""The public check of a signed contract by its PDF or the SHA-256 of its text, no login. It reads
and never writes; it shows organisations and times, never a person's name or an IP. (The
published model contracts are a Wagtail page: cms.ContractTemplatesPage.)"""
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ..forms import VerifyForm
from ..pdf_check import check_pdf
from ..selectors.contracts import signed_contract_by_hash


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
