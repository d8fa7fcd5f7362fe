"""Forms of the selection pages of 均价比选 and 信用择优抽取 (views/best_price.py, credit_draw.py).
They parse input; the services judge it (the short list, the reason)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import with_note


class ShortlistSelectForm(forms.Form):
    """The owner's pick from the short list, with the reason published with the result."""

    bid = forms.TypedChoiceField(label=_("选定的入围机构"), coerce=int, widget=forms.RadioSelect,
                                 error_messages={"required": _("请从入围机构中选定一家。"),
                                                 "invalid_choice": _("只能从随机抽取的入围机构中选定中选机构。")})
    reason = forms.CharField(label=_("选定理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             help_text=_("理由将随结果公示。"),
                             error_messages={"required": _("请写明从入围机构中选定该机构的理由，理由将随结果公示。")})

    def __init__(self, *args, shortlist, **kwargs):
        """`shortlist`: the short-listed bids, in draw order."""
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = [(bid.pk, with_note(bid.agency.name, bid.receipt_number)) for bid in shortlist]
