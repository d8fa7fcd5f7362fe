import pytest

from oversight.models import Complaint

from .helpers import Scene

pytestmark = pytest.mark.django_db


def test_files_and_routes():
    scene = Scene()
    complaint = scene.file()
    assert complaint.department == scene.department
    assert complaint.routed_by == "supervisor"
    assert Complaint.objects.count() == 1
