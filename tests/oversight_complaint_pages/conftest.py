import pytest

from . import scene as scene_module


@pytest.fixture
def scene(db):
    return scene_module.build()


@pytest.fixture
def regulator_client(client, scene):
    client.force_login(scene.regulator.user)
    return client
