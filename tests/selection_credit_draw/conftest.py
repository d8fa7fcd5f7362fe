import pytest

from tests.factories import MethodScene


@pytest.fixture
def scene(db):
    return MethodScene()


@pytest.fixture
def home(db):
    """The public site's page tree (the notices pages live under it)."""
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()
