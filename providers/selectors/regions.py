"""Administrative divisions: the code rules and the region pickers of forms."""
from django.utils.translation import gettext as _

from ..models import Region


def region_prefix(code):
    """The code prefix shared by a region and everything under it: 510000→51, 510600→5106."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return None
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def provinces():
    return Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")


def regions_under(code):
    return Region.objects.filter(parent_id=code).order_by("code")


def region_option_groups(province_code=None):
    """Every division as <optgroup>s a plain <select> can show, no JavaScript needed.

    One group per province ("四川省": the province itself and the counties it runs directly)
    and one per prefecture ("四川省 德阳市": the prefecture itself, then its counties).
    With `province_code`, only that province's groups. One query.
    """
    regions = Region.objects.only("code", "name", "level", "parent_id").order_by("code")
    prefix = region_prefix(province_code)
    if prefix:
        regions = regions.filter(code__startswith=prefix[:2])
    by_code = {region.code: region for region in regions}
    groups = {}  # group owner code -> (label, options); dicts keep code order
    for region in by_code.values():
        if region.level != Region.Level.COUNTY:
            province = by_code.get(region.province_code)
            if region.level == Region.Level.PROVINCE or province is None:
                label = region.name
            else:
                label = f"{province.name} {region.name}"
            groups.setdefault(region.code, (label, []))[1].append(
                (region.code, _("%(name)s（本级）") % {"name": region.name})
            )
    for region in by_code.values():
        if region.level == Region.Level.COUNTY and region.parent_id in groups:
            groups[region.parent_id][1].append((region.code, region.name))
    return [groups[code] for code in sorted(groups)]


def divisions_by_province():
    """{province code: [(code, name), …]} of the divisions directly under each province, in
    one query (what `regions_under(province)` gives for each)."""
    children = {}
    rows = Region.objects.filter(parent__level=Region.Level.PROVINCE).order_by("code")
    for parent, code, name in rows.values_list("parent_id", "code", "name"):
        children.setdefault(parent, []).append((code, name))
    return children
