"""The complainant's identity never appears on a public page: not their name, phone or e-mail
(nor the details they wrote, which may name them), on any page of oversight's public URLs, in
every state of the complaint, named or anonymous; nor in the answer to the filing itself."""
import pytest
from django.test import Client
from django.urls import URLPattern, reverse

import oversight.urls
from oversight.models import Complaint
from oversight.services.complaints import complaint_decide, complaint_file, complaint_take

from .scene import DETAILS, EMAIL, NAME, OUTCOME, PHONE, SUMMARY, file_complaint, form_data

pytestmark = pytest.mark.django_db

SECRETS = (NAME, PHONE, EMAIL, DETAILS)


def public_paths(numbers):
    """Every public page of oversight: each path without arguments, and each complaint's page
    (and the follow box's answer) for every tracking number."""
    patterns, namespace = oversight.urls.public
    paths = []
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        if not pattern.pattern.converters:
            paths.append(reverse(f"{namespace}:{pattern.name}"))
        elif set(pattern.pattern.converters) == {"number"}:
            paths += [reverse(f"{namespace}:{pattern.name}", args=[number]) for number in numbers]
    paths += [reverse(f"{namespace}:complaint_follow") + f"?number={number}" for number in numbers]
    return paths


def assert_nothing_personal(numbers):
    visitor = Client()
    for path in public_paths(numbers):
        response = visitor.get(path, follow=True)
        assert response.status_code < 500, path
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} on {path}"


def test_no_public_page_shows_who_complained_in_any_state(scene):
    named = complaint_file(actor=None, about=Complaint.About.AGENCY, agency=scene.agency, item=scene.item,
                           summary=SUMMARY, details=DETAILS, anonymous=False, complainant_name=NAME,
                           contact_phone=PHONE, contact_email=EMAIL)
    anonymous = complaint_file(actor=None, about=Complaint.About.JOB, job=scene.job, summary=SUMMARY,
                               details=DETAILS, anonymous=True, contact_phone=PHONE, contact_email=EMAIL)
    numbers = [named.number, anonymous.number]
    assert_nothing_personal(numbers)  # received

    officer = scene.regulator.user
    complaint_take(actor=officer, complaint=named)
    assert_nothing_personal(numbers)  # handling

    complaint_decide(actor=officer, complaint=named, status=Complaint.Status.UPHELD, outcome=OUTCOME,
                     responsible=scene.agency)
    complaint_decide(actor=officer, complaint=anonymous, status=Complaint.Status.DISMISSED, outcome=OUTCOME)
    assert_nothing_personal(numbers)  # published outcomes


def test_the_answer_to_the_filing_shows_only_the_number(client, scene):
    response = file_complaint(client, form_data(scene))
    page = client.get(response["Location"])
    text = page.content.decode()
    assert Complaint.objects.get().number in text
    for secret in SECRETS:
        assert secret not in text
