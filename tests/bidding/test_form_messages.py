"""Every bidding form says what is missing ("请填写项目名称"), never Django's bare "必填项" /
"This field is required", in either language of the site."""
import pytest
from django import forms
from django.utils import translation

from bidding.forms.agency import BidForm
from bidding.forms.beacon import BeaconConfirmForm, BeaconEnterForm
from bidding.forms.owner import CancelForm, JobForm
from bidding.forms.patterns import ClauseTrialForm, PatternActiveForm, PatternForm
from bidding.forms.selection import AnswerForm, DecideForm, DirectForm, EscalateForm, ObjectionForm, ScoresForm
from bidding.models import Job
from tests.factories import BidFactory, JobFactory

pytestmark = pytest.mark.django_db


def empty_forms():
    job = JobFactory()
    discount_job = JobFactory(price_mode=Job.PriceMode.DISCOUNT)
    bid = BidFactory(job=job)
    return [
        JobForm({}), CancelForm({}), BidForm({}, job=job), BidForm({}, job=discount_job),
        DirectForm({}, bids=[bid]), ScoresForm({}, bids=[bid]), ObjectionForm({}), AnswerForm({}),
        EscalateForm({}), DecideForm({}, valid_bids=[bid]), BeaconEnterForm({"action": "enter"}),
        BeaconConfirmForm({"action": "confirm"}), PatternForm({}), PatternActiveForm({}), ClauseTrialForm({}),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_bidding_form_answers_with_the_bare_required_message(language):
    with translation.override(language):
        bare = str(forms.Field.default_error_messages["required"])
        for form in empty_forms():
            assert not form.is_valid()
            messages = [str(message) for errors in form.errors.values() for message in errors]
            assert messages, type(form).__name__
            assert bare not in messages, (type(form).__name__, form.errors)


def test_the_job_form_names_each_missing_field():
    form = JobForm({})
    assert not form.is_valid()
    assert form.errors["title"] == ["请填写项目名称。"]
    assert form.errors["item"] == ["请选择服务事项。"]
    assert form.errors["service_days"] == ["请填写要求服务时限。"]
