"""Forms of quote comparison (询比): the owner's choice of invited agencies (other funds) and the
owner's scores per published criterion. The rules are the services' (services/quote.py)."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class InviteForm(forms.Form):
    """Agencies offering the item that are not invited yet (checkboxes)."""

    agencies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("邀请机构"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agencies"].error_messages["invalid_choice"] = _("所选机构不在可邀请的机构中。")


class QuoteScoresForm(forms.Form):
    """One score per valid bid and published criterion (score_<bid id>_<criterion index>); a bid
    with every field blank is left as it is, a bid partly filled is refused by the service."""

    def __init__(self, *args, bids, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.rows = []
        for bid in bids:
            names = []
            stored = bid.criteria_scores or {}
            for index, (name, weight) in enumerate(criteria):
                key = f"score_{bid.pk}_{index}"
                self.fields[key] = forms.CharField(
                    label=_("%(agency)s：%(criterion)s（权重 %(weight)s）") % {
                        "agency": bid.agency.name, "criterion": name, "weight": weight},
                    required=False, max_length=10, initial=stored.get(name, ""),
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
                names.append(key)
            self.rows.append((bid, [self[key] for key in names]))

    def scores(self):
        """{bid id: {criterion name: text}} for the bids with any score typed."""
        result = {}
        for bid, fields in self.rows:
            typed = {name: (self.cleaned_data.get(field.name) or "").strip()
                     for (name, _weight), field in zip(self.criteria, fields, strict=True)}
            if any(typed.values()):
                result[bid.pk] = typed
        return result
