"""Form pieces every app's views share."""
from django import forms


def apply_domain_error(form, error):
    """Show a service's refusal (a DomainError) on the form: next to its field when it names
    one of the form's fields, above the form otherwise."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


class DateInput(forms.DateInput):
    """An HTML5 date picker that round-trips ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, format="%Y-%m-%d", **kwargs)


def submitted_and_saved(request, form, save):
    """True when the form was posted, is valid and the service `save(cleaned_data)` accepted it;
    a service's refusal (DomainError) is put on the form and gives False."""
    from core.errors import DomainError

    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except DomainError as error:
        apply_domain_error(form, error)
        return False
    return True
