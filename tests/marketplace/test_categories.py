"""category_create / category_update."""
import pytest

from core.errors import DomainError, NotAllowed
from marketplace.models import ServiceCategory
from marketplace.services.catalogue import category_create, category_update

pytestmark = pytest.mark.django_db


def test_a_duplicate_category_code_is_refused(regulator, category):
    with pytest.raises(DomainError) as refused:
        category_create(actor=regulator.user, data={"code": "ENV", "name": "重复"})
    assert refused.value.field == "code"
    assert ServiceCategory.objects.count() == 1


def test_the_creator_supervises_a_new_category(regulator):
    category = category_create(actor=regulator.user, data={"code": "fire", "name": "消防", "description": ""})
    assert category in regulator.categories.all()


def test_only_a_supervising_regulator_renames_a_category(outsider_regulator, regulator, category):
    with pytest.raises(NotAllowed):
        category_update(actor=outsider_regulator.user, category=category, data={"name": "改名"})
    category_update(actor=regulator.user, category=category, data={"name": "生态环境保护", "description": ""})
    category.refresh_from_db()
    assert category.name == "生态环境保护"
