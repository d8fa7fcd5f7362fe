"""category_create / category_update. Each refusal names its error, shows its message and writes
nothing (no category changed, no audit entry)."""
import pytest

from audit.actions import Action
from audit.models import AuditEntry
from marketplace import errors
from marketplace.models import ServiceCategory
from marketplace.services.catalogue import category_create, category_update

pytestmark = pytest.mark.django_db


def _written():
    return list(ServiceCategory.objects.order_by("pk").values_list("code", "name", "description")), \
        AuditEntry.objects.count()


def test_a_duplicate_category_code_is_refused(regulator, category):
    before = _written()

    with pytest.raises(errors.DuplicateCategoryCode) as refused:
        category_create(actor=regulator.user, data={"code": "ENV", "name": "重复"})

    assert refused.value.field == "code"
    assert str(refused.value) == "类别代码“ENV”已被使用。"
    assert _written() == before


@pytest.mark.parametrize("data,error,field,message", [
    ({"code": "水土", "name": "水土保持"}, errors.CategoryCodeInvalid, "code",
     "类别代码只能由字母、数字、“-”“_”组成，最长 20 位。"),
    ({"code": "soil", "name": "  "}, errors.CategoryNameRequired, "name", "请填写类别名称。"),
])
def test_a_category_needs_a_valid_code_and_a_name(regulator, data, error, field, message):
    before = _written()

    with pytest.raises(error) as refused:
        category_create(actor=regulator.user, data=data)

    assert (refused.value.field, str(refused.value)) == (field, message)
    assert _written() == before


def test_the_creator_supervises_a_new_category(regulator):
    category = category_create(actor=regulator.user, data={"code": "fire", "name": "消防", "description": ""})

    assert category in regulator.categories.all()
    assert AuditEntry.objects.get().action == Action.CATALOGUE_CATEGORY_CREATE


def test_only_a_supervising_regulator_renames_a_category(outsider_regulator, regulator, category):
    before = _written()

    with pytest.raises(errors.CategoryNotEditable) as refused:
        category_update(actor=outsider_regulator.user, category=category, data={"name": "改名"})

    assert str(refused.value) == "您不监管该类别，不能修改它。"
    assert _written() == before

    category_update(actor=regulator.user, category=category, data={"name": "生态环境保护", "description": ""})
    category.refresh_from_db()
    assert category.name == "生态环境保护"
    assert AuditEntry.objects.get().action == Action.CATALOGUE_CATEGORY_UPDATE


def test_a_rename_that_changes_nothing_is_refused(regulator, category):
    before = _written()

    with pytest.raises(errors.CategoryUnchanged) as refused:
        category_update(actor=regulator.user, category=category,
                        data={"name": category.name, "description": category.description})

    assert str(refused.value) == "没有任何修改。"
    assert _written() == before
