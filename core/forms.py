"""Form pieces every app's views share."""
from dataclasses import dataclass

from django import forms
from django.contrib import messages

from .errors import DomainError


def apply_domain_error(form, error):
    """Show a service's refusal (a DomainError) on the form: next to its field when it names
    one of the form's fields, above the form otherwise. A refusal carrying several problems
    (`error.problems`, e.g. a refused publication) shows each where it belongs; a form whose
    fields are named differently from the service's data maps the names in `error_fields`."""
    names = getattr(form, "error_fields", {})
    for problem in getattr(error, "problems", None) or [error]:
        field = names.get(problem.field, problem.field)
        form.add_error(field if field in form.fields else None, str(problem))


class DateInput(forms.DateInput):
    """An HTML5 date picker that round-trips ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, format="%Y-%m-%d", **kwargs)


@dataclass(frozen=True)
class Outcome:
    """What a view's attempt at a service gave: whether it went through, and its return value."""

    ok: bool
    value: object = None

    def __bool__(self):
        return self.ok


REFUSED = Outcome(False)


def submit(request, form, call) -> Outcome:
    """The one way a view runs a service behind a form: `call(form.cleaned_data)` when the form
    was posted and is valid. A service's refusal (DomainError) is shown on the form, next to
    the field it names or above the form, and the user's input stays in the form."""
    if request.method != "POST" or not form.is_valid():
        return REFUSED
    try:
        return Outcome(True, call(form.cleaned_data))
    except DomainError as error:
        apply_domain_error(form, error)
        return REFUSED


def act(request, call, *, done=None) -> Outcome:
    """The one way a view runs a service behind a plain button (no form to show errors on):
    `call()`; `done` becomes a success message, a refusal becomes an error message."""
    try:
        value = call()
    except DomainError as error:
        messages.error(request, str(error))
        return REFUSED
    if done:
        messages.success(request, done)
    return Outcome(True, value)


MAX_WORKING_DAYS = 3650  # ten years: no service time is longer, and no typed number overflows a column


class WorkingDaysField(forms.IntegerField):
    """A number of working days, 1 to MAX_WORKING_DAYS: statutory times, promised times, the
    time a job requires. A larger number is a form error, never a database overflow."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_WORKING_DAYS)
        super().__init__(**kwargs)
