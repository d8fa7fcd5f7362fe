import pytest

from search.lexicon import Lexicon

# The demo catalogue's kind of words: item and category names, regions, the synonym table.
TERMS = [
    "建设项目环境影响报告书编制", "水土保持方案报告书编制", "地质灾害危险性评估",
    "工程造价咨询（预结算编制与审核）", "1:500 地形图测绘", "生态环境", "杭州市", "杭州", "浙江省", "浙江",
]
GROUPS = [
    ["环评", "环境影响评价"],
    ["水保", "水土保持", "水土保持方案"],
    ["地灾", "地质灾害危险性评估"],
    ["能评", "节能评估", "EIA"],
]


@pytest.fixture(scope="session")
def lexicon():
    return Lexicon(TERMS, GROUPS)
