"""The shipped administrative divisions: loaded by a migration into every database."""
import pytest
from django.core.management import call_command

from providers import selectors
from providers.models import Region

pytestmark = pytest.mark.django_db


def test_every_provincial_level_division_is_there():
    names = set(selectors.provinces().values_list("name", flat=True))
    assert len(names) >= 31
    for name in ("北京市", "上海市", "重庆市", "四川省", "新疆维吾尔自治区", "海南省"):
        assert name in names


def test_every_division_has_a_parent_chain_up_to_a_province():
    parents = dict(Region.objects.values_list("code", "parent_id"))
    levels = dict(Region.objects.values_list("code", "level"))
    for code, level in levels.items():
        cursor, steps = code, 0
        while parents[cursor] is not None:
            cursor, steps = parents[cursor], steps + 1
            assert steps <= 2, code
        assert levels[cursor] == Region.Level.PROVINCE, code
        assert (level == Region.Level.PROVINCE) == (parents[code] is None), code


def test_only_current_divisions_are_kept():
    assert Region.objects.filter(code="510600", name="德阳市").exists()
    assert Region.objects.filter(code="510603", parent_id="510600", name="旌阳区").exists()
    assert not Region.objects.filter(code="110103").exists()  # 崇文区, merged in 2010
    assert not Region.objects.filter(name="市辖区").exists()


def test_municipality_counties_hang_under_the_municipality():
    assert Region.objects.get(code="110101").parent_id == "110000"  # 东城区
    assert Region.objects.get(code="500229").parent_id == "500000"  # 城口县 under the "县" placeholder
    assert Region.objects.get(code="500229").full_name == "重庆市城口县"


def test_region_groups_for_a_select_without_javascript():
    groups = dict(selectors.region_option_groups("510000"))
    assert groups["四川省 德阳市"][0] == ("510600", "德阳市（本级）")
    assert ("510603", "旌阳区") in groups["四川省 德阳市"]
    assert all(label.startswith("四川省") for label in groups)


def test_load_regions_command_refreshes_without_duplicates():
    before = Region.objects.count()
    Region.objects.filter(code="510603").update(name="旧名")
    call_command("load_regions", stdout=open("/dev/null", "w"))
    assert Region.objects.count() == before
    assert Region.objects.get(code="510603").name == "旌阳区"
