"""A small market of every kind, with every facet, for the filter, facet, sort and paging tests:
agencies in Hangzhou, Ningbo and Chengdu, jobs in several statuses, methods and price bands,
catalogue items, notices and policy pages. Dates, ranks and prices repeat on purpose (ties)."""
from search.facets import price_band

from .helpers import at, doc, index

HANGZHOU_XIHU = ["330000", "330100", "330106"]
HANGZHOU_SHANGCHENG = ["330000", "330100", "330102"]
NINGBO = ["330000", "330200", "330203"]
CHENGDU = ["510000", "510100", "510104"]
EIA, SWC, SURVEY = "ZJ-HJ-001", "ZJ-SB-002", "ZJ-CH-003"
CATEGORY = {EIA: "env", SWC: "water", SURVEY: "survey"}
WORDS = {EIA: "环境影响评价", SWC: "水土保持方案编制", SURVEY: "地形图测绘"}

# name, items, region, grade, rating bands, standing, rank, date
AGENCIES = [
    ("杭州绿源环境科技有限公司", [EIA], HANGZHOU_XIHU, "A", ["4up", "3up", "2up"], "normal", 0.92, at(2024, 1, 10)),
    ("杭州清水环境工程有限公司", [EIA, SWC], HANGZHOU_SHANGCHENG, "B", ["3up", "2up"], "normal", 0.81, at(2024, 2, 1)),
    ("宁波海天测绘有限公司", [SURVEY], NINGBO, "A", ["4up", "3up", "2up"], "normal", 0.90, at(2024, 2, 1)),
    ("宁波蓝湾环境咨询有限公司", [EIA], NINGBO, "C", ["2up"], "watch", 0.65, at(2024, 3, 5)),
    ("成都天府水保技术有限公司", [SWC], CHENGDU, "B", ["3up", "2up"], "normal", 0.81, at(2024, 3, 5)),
    ("成都锦江环境评价中心", [EIA, SURVEY], CHENGDU, "D", [], "blacklisted", 0.40, at(2024, 4, 20)),
    ("杭州西湖工程咨询有限公司", [SWC, SURVEY], HANGZHOU_XIHU, None, [], "normal", 0.0, None),
    ("宁波甬江环境监测有限公司", [EIA], NINGBO, "B", ["3up", "2up"], "suspended", 0.81, at(2024, 5, 1)),
]
# title words, item, region, status, method, price, date
JOBS = [
    ("西湖区污水处理厂扩建", EIA, HANGZHOU_XIHU, "published", "lottery", 30_000, at(2025, 3, 1, 0, 30)),
    ("上城区道路改造", SWC, HANGZHOU_SHANGCHENG, "published", "lowest", 120_000, at(2025, 2, 28, 23, 30)),
    ("宁波港区码头工程", EIA, NINGBO, "awarded", "lottery", 800_000, at(2025, 1, 15)),
    ("成都地铁八号线", SURVEY, CHENGDU, "awarded", "quote", 2_500_000, at(2025, 1, 15)),
    ("西湖区学校新建", SWC, HANGZHOU_XIHU, "closed", "lowest", 50_000, at(2024, 12, 31)),
    ("宁波北仑化工园区", EIA, NINGBO, "published", "quote", 6_000_000, at(2025, 4, 2)),
    ("成都天府新区公园", EIA, CHENGDU, "published", "lottery", None, at(2025, 4, 2)),
    ("上城区老旧小区改造", SURVEY, HANGZHOU_SHANGCHENG, "closed", "lottery", 200_000, at(2024, 11, 11)),
    ("杭州湾新区规划", EIA, NINGBO, "awarded", "lowest", 49_999, at(2024, 10, 1)),
    ("成都双流机场改扩建", SWC, CHENGDU, "published", "quote", 1_000_000, at(2025, 3, 31, 23, 59)),
]
ITEMS = [("建设项目环境影响评价", EIA), ("生产建设项目水土保持方案编制", SWC), ("1:500 地形图测绘", SURVEY)]
NOTICES = [("关于成都锦江环境评价中心列入黑名单的公告", at(2025, 2, 1)),
           ("2025 年第一季度双随机抽查结果", at(2025, 4, 1))]
POLICIES = [("建设项目环境影响评价分类管理名录解读", at(2024, 6, 1)), ("中介服务收费管理办法", at(2023, 9, 1))]


def agencies():
    for n, (name, items, region, grade, rating, standing, rank, date) in enumerate(AGENCIES, 1):
        facets = {"item": items, "category": sorted({CATEGORY[i] for i in items}), "region": region,
                  "rating": rating, "standing": [standing]}
        if grade:
            facets["grade"] = [grade]
        yield doc(name, kind="agency", ref=n, summary="提供" + "、".join(WORDS[i] for i in items) + "服务",
                  keywords=[WORDS[i] for i in items], names=[name], codes=[f"9133010{n}MA2B3C4D5{n}"],
                  facets=facets, rank=rank, date=date, badges={"standing": standing})


def jobs():
    for n, (words, item, region, status, method, price, date) in enumerate(JOBS, 1):
        facets = {"item": [item], "category": [CATEGORY[item]], "region": region, "status": [status],
                  "method": [method]}
        if price is not None:
            facets["price"] = [price_band(price)]
        yield doc(f"{words}{WORDS[item]}服务采购", kind="job", ref=n, summary=f"采购{WORDS[item]}服务一项",
                  codes=[f"2025-3301{n:02d}-74-03-00012{n}"], facets=facets, price=price, date=date)


def items():
    for n, (name, code) in enumerate(ITEMS, 1):
        yield doc(name, kind="item", ref=n, codes=[code], names=[name],
                  facets={"item": [code], "category": [CATEGORY[code]]})


def pages():
    for n, (title, date) in enumerate(NOTICES, 1):
        yield doc(title, kind="notice", ref=n, date=date)
    for n, (title, date) in enumerate(POLICIES, 1):
        body = "依据《中华人民共和国环境影响评价法》制定。" if n == 1 else ""
        yield doc(title, kind="policy", ref=n, date=date, body=body)


def market(engine):
    """Index the whole scene; returns its documents."""
    return index(engine, *agencies(), *jobs(), *items(), *pages())
