"""The bidder's move in the online reverse auction (网上竞价). It parses; the service judges
(whose turn, the time box, the allowed step: bidding/auction.py)."""
from django import forms
from django.utils.translation import gettext_lazy as _

LOWER, KEEP = "lower", "keep"


class MoveForm(forms.Form):
    """A lower price ("降价") or keeping the current one ("维持报价", no price needed)."""

    action = forms.ChoiceField(choices=[(LOWER, _("降价")), (KEEP, _("维持报价"))], widget=forms.HiddenInput,
                               required=False)
    price = forms.DecimalField(
        label=_("本轮报价（元）"), max_digits=14, decimal_places=2, required=False,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal",
                                        "autocomplete": "off"}),
        error_messages={"invalid": _("请填写大于 0、最多两位小数的报价金额。"),
                        "max_decimal_places": _("报价最多两位小数。"),
                        "max_digits": _("报价金额过大。"),
                        "max_whole_digits": _("报价金额过大。")},
    )

    def clean(self):
        data = super().clean()
        if data.get("action") != KEEP and data.get("price") is None and "price" not in self.errors:
            self.add_error("price", _("请填写本轮报价；不降价请点“维持报价”。"))
        return data

    def move_price(self):
        """The price the service gets: None to keep the current one."""
        return None if self.cleaned_data.get("action") == KEEP else self.cleaned_data["price"]
