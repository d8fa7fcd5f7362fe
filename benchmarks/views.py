"""The baseline: a plain Django view rendering 20 rows through a template, no database."""
import datetime

from django.shortcuts import render

ROWS = [
    {
        "code": f"ZJ-{n:04d}",
        "name": f"第{n}号中介服务机构有限公司",
        "region": "四川省德阳市旌阳区",
        "grade": "ABCD"[n % 4],
        "date": datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
    }
    for n in range(1, 21)
]


def bare(request):
    return render(request, "benchmarks/bare.html", {"rows": ROWS})
