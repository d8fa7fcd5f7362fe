"""The form of an agency's offered item with its three commitments (三承诺)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import WorkingDaysField

from ..models import AgencyService, ServiceItem


def _label(name):
    return AgencyService._meta.get_field(name).verbose_name


class OfferItemChoiceField(forms.ModelChoiceField):
    offered_ids = frozenset()

    def label_from_instance(self, item):
        label = _("%(code)s %(name)s（法定时限 %(days)s 个工作日）") % {
            "code": item.code, "name": item.name, "days": item.statutory_days,
        }
        if item.pk in self.offered_ids:
            label = _("%(label)s — 本机构已提供") % {"label": label}
        return label


class OfferForm(forms.Form):
    """The three commitments (三承诺) for one item; the item is chosen only when adding."""

    item = OfferItemChoiceField(label=_("服务事项"), queryset=ServiceItem.objects.none())
    service_days = WorkingDaysField(label=_label("service_days"),
                                    help_text=_("不得超过该事项的法定时限。"))
    fee_quote = forms.CharField(label=_label("fee_quote"), max_length=200,
                                help_text=_("例如：按收费标准下浮 10%；或：每份报告 3 万元。"))
    service_standard = forms.CharField(label=_label("service_standard"),
                                       widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, agency, offer=None, **kwargs):
        if offer is not None:
            kwargs.setdefault("initial", {}).update({
                "service_days": offer.service_days,
                "fee_quote": offer.fee_quote,
                "service_standard": offer.service_standard,
            })
        super().__init__(*args, **kwargs)
        if offer is None:
            # Every active item stays choosable, so choosing one already offered gets the
            # service's clear refusal rather than a bare "invalid choice".
            self.fields["item"].queryset = ServiceItem.objects.filter(is_active=True).order_by("code")
            self.fields["item"].offered_ids = frozenset(agency.services.values_list("item_id", flat=True))
        else:
            del self.fields["item"]

    def commitments(self):
        return {name: self.cleaned_data[name] for name in ("service_days", "fee_quote", "service_standard")}
