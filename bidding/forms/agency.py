"""The agency's bid form: a price or a discount rate, as the job's announcement says."""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import WorkingDaysField

from ..models import Job
from ..services.bids import MAX_ATTACHMENTS
from .fields import MultipleFileField


class BidForm(forms.Form):
    price = forms.DecimalField(label=_("报价（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"),
                               error_messages={"required": _("请填写报价。")})
    discount_rate = forms.DecimalField(
        label=_("下浮率（%）"), max_digits=5, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("99.99"),
        help_text=_("在收费标准基准价上下浮的百分比，0 ≤ 下浮率 < 100。"),
        error_messages={"required": _("请填写下浮率。")},
    )
    promised_days = WorkingDaysField(label=_("承诺服务时限（工作日）"),
                                     error_messages={"required": _("请填写承诺服务时限。")})
    plan = forms.CharField(label=_("服务方案简述"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=4000, required=False)
    attachments = MultipleFileField(label=_("附件"), required=False)
    # Needed only for a price far below the item's price benchmark (selectors.benchmarks).
    benchmark_justification = forms.CharField(
        label=_("低于价格基准的说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)

    def __init__(self, *args, job, benchmark=None, **kwargs):
        super().__init__(*args, **kwargs)
        threshold = benchmark.threshold if benchmark is not None else None
        if threshold is None:
            self.fields["benchmark_justification"].help_text = _(
                "本事项同规模的价格基准样本不足，无需填写。")
        else:
            self.fields["benchmark_justification"].help_text = _(
                "报价（折算金额）低于 %(threshold)s 元，即远低于价格基准时必须填写理由，截止后公开。") % {
                "threshold": f"{threshold:,.2f}"}
        self.fields["attachments"].help_text = _(
            "PDF、JPEG 或 PNG，最多 %(count)s 个；修改报名时上传的附件将追加。") % {"count": MAX_ATTACHMENTS}
        # Only the quote the announcement asks for is on the form.
        if job.price_mode == Job.PriceMode.DISCOUNT:
            del self.fields["price"]
        else:
            del self.fields["discount_rate"]
            if job.ceiling_price is not None:
                self.fields["price"].help_text = _("本项目最高限价 %(ceiling)s 元。") % {
                    "ceiling": f"{job.ceiling_price:,.2f}"}
