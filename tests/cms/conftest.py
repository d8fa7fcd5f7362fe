import pytest

from providers.models import Region


@pytest.fixture
def home(db):
    """The public page tree as seed_demo builds it (home, /catalogue/, /agencies/, prose pages)."""
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


def region(code, name, level, parent=None, full_name=None):
    obj, _created = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent_id": parent, "full_name": full_name or name}
    )
    return obj


@pytest.fixture
def regions(db):
    sichuan = region("510000", "四川省", 1)
    deyang = region("510600", "德阳市", 2, "510000", "四川省德阳市")
    jingyang = region("510603", "旌阳区", 3, "510600", "四川省德阳市旌阳区")
    beijing = region("110000", "北京市", 1)
    chaoyang = region("110105", "朝阳区", 3, "110000", "北京市朝阳区")
    return {"sichuan": sichuan, "deyang": deyang, "jingyang": jingyang, "beijing": beijing, "chaoyang": chaoyang}
