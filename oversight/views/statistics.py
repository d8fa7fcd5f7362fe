"""Statistics pages (统计分析) of the regulators: filters, charts, tables and exports of what their
department supervises (marketplace.selectors.scope). The figures are laid out by
oversight/figures.py, which the public summary (cms.StatisticsPage, /statistics/) shares. Paths
are listed at the bottom, joined in oversight/urls.py.
"""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from core.errors import DomainError
from marketplace.selectors.scope import scope_of
from providers.access import regulator_for

from .. import exports
from ..errors.statistics import NoStatisticsForPeriod, UnknownStatisticsTable
from ..figures import filters_of, headlines, regulator_figures
from ..forms.statistics import StatisticsFilterForm
from ..selectors import statistics as selectors

# --- pages ----------------------------------------------------------------------------------------

def _regulator_scope(request):
    regulator = regulator_for(request.user)
    return regulator, scope_of(regulator)


def _chosen(form):
    data = form.cleaned_data
    parts = [str(value) for value in (data.get("category"), data.get("item")) if value is not None]
    if data.get("region"):
        parts.append(form.region_names.get(data["region"], data["region"]))
    return " · ".join(parts)


@login_required
@require_safe
def regulator_page(request):
    regulator, scope = _regulator_scope(request)
    form = StatisticsFilterForm(request.GET, scope=scope)
    context = {"form": form, "department": regulator.department, "figures": [], "headlines": []}
    if not form.is_valid():
        return render(request, "oversight/statistics/regulator.html", context, status=400)
    return _regulator_render(request, form, scope, context)


def _regulator_render(request, form, scope, context, *, refusal=None, status=200):
    try:
        filters = filters_of(form.cleaned_data, scope)
        total, before, figures = regulator_figures(filters)
    except DomainError as error:  # a filter the selectors refuse (e.g. an unknown region)
        form.add_error(getattr(error, "field", None) if getattr(error, "field", None) in form.fields else None,
                       str(error))
        return render(request, "oversight/statistics/regulator.html", context, status=400)
    query = form.query_string()
    for figure in figures:
        figure.exports = [(label, _export_url(fmt, figure.key, query)) for fmt, label in EXPORT_LABELS]
    context.update({
        "figures": figures, "headlines": headlines(total, before), "refusal": refusal,
        "period": {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]},
        "chosen": _chosen(form), "refreshed_at": selectors.refreshed_at(),
    })
    return render(request, "oversight/statistics/regulator.html", context, status=status)


EXPORT_LABELS = (("csv", "CSV"), ("xlsx", "Excel（XLSX）"))


def _export_url(fmt, key, query):
    params = urlencode({"table": key})
    return reverse(f"oversight_regulator:statistics_export_{fmt}") + f"?{params}" + (f"&{query}" if query else "")


@login_required
@require_safe
def regulator_export(request, fmt):
    """One table of the page as CSV or XLSX (the same rows the page shows). An unknown table, a
    bad filter or a period without data is answered with the page and the reason (400)."""
    regulator, scope = _regulator_scope(request)
    form = StatisticsFilterForm(request.GET, scope=scope)
    context = {"form": form, "department": regulator.department, "figures": [], "headlines": []}
    if not form.is_valid():
        return render(request, "oversight/statistics/regulator.html", context, status=400)
    key = request.GET.get("table", "")
    try:
        filters = filters_of(form.cleaned_data, scope)
        total, _before, figures = regulator_figures(filters)
        figure = next((figure for figure in figures if figure.key == key), None)
        if figure is None:
            raise UnknownStatisticsTable(key)
        # Nothing happened in the period (the grades are today's: no agency matches).
        if (not any(row[1] for row in figure.table.rows)) if key == "grades" else total.empty:
            raise NoStatisticsForPeriod(form.cleaned_data["start"], form.cleaned_data["end"])
    except DomainError as error:
        return _regulator_render(request, form, scope, context, refusal=str(error), status=400)
    filename = f"statistics-{figure.key}-{form.cleaned_data['start']:%Y%m}-{form.cleaned_data['end']:%Y%m}"
    writer = exports.csv_response if fmt == "csv" else exports.xlsx_response
    return writer(figure.table, filename)


regulator_urls = [
    path("statistics/", regulator_page, name="statistics"),
    path("statistics/export.csv", regulator_export, {"fmt": "csv"}, name="statistics_export_csv"),
    path("statistics/export.xlsx", regulator_export, {"fmt": "xlsx"}, name="statistics_export_xlsx"),
]
files_urls = []
