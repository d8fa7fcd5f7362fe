"""The regulators' forms of random inspections (双随机抽查). They parse what was typed; the rules
(who may act, in which state, how many agencies match, conflicts) are the services' own
(oversight/services/inspections.py), whose refusals core.forms.submit shows next to the form."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from marketplace.models import ServiceCategory
from providers.forms import UsccField
from providers.models import Organisation, Region
from providers.selectors.regions import region_prefix

from .. import inspection_rules as rules
from ..models import InspectionFinding

MAX_AGENCIES = rules.MAX_AGENCIES  # a larger number is a form error, never an overflow
MAX_INSPECTORS = rules.MAX_INSPECTORS_PER_AGENCY


def scope_regions(scope):
    """The regions a department may inspect: its own and every one under it."""
    prefix = region_prefix(scope.region_code) if scope else None
    regions = Region.objects.order_by("code")
    return regions.filter(code__startswith=prefix) if prefix else regions.none()


def scope_categories(scope):
    """The categories a department supervises (an operator: all of them)."""
    categories = ServiceCategory.objects.order_by("code")
    if scope is None:
        return categories.none()
    return categories if scope.is_operator else categories.filter(pk__in=sorted(scope.category_ids))


class CampaignForm(forms.Form):
    """A campaign's definition, while it is a draft (create and edit)."""

    title = forms.CharField(
        label=_("抽查任务名称"), max_length=100,
        help_text=_("例如“2026 年第四季度工程咨询类中介机构双随机抽查”。"),
        error_messages={"required": _("请填写抽查任务名称。")})
    region = forms.ModelChoiceField(
        label=_("抽查地区"), queryset=Region.objects.none(),
        help_text=_("在该地区（含下辖地区）提供所选类别服务事项的中介机构参与抽取。"),
        error_messages={"required": _("请选择抽查地区。"),
                        "invalid_choice": _("请选择本部门辖区内的地区。")})
    categories = forms.ModelMultipleChoiceField(
        label=_("服务类别"), queryset=ServiceCategory.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("只能选择本部门监管的服务类别。"),
        error_messages={"required": _("请至少选择一个服务类别。"),
                        "invalid_choice": _("请选择本部门监管的服务类别。"),
                        "invalid_pk_value": _("请选择本部门监管的服务类别。")})
    agency_count = forms.IntegerField(
        label=_("抽取机构数"), min_value=1, max_value=MAX_AGENCIES,
        help_text=_("公告时符合条件的机构少于此数，任务不能公告。"),
        error_messages={"required": _("请填写抽取机构数。"), "invalid": _("请填写整数。"),
                        "min_value": _("至少抽取 1 家机构。"),
                        "max_value": _("一次最多抽取 %(limit_value)s 家机构。")})
    inspector_count = forms.IntegerField(
        label=_("每家机构检查人员数"), min_value=1, max_value=MAX_INSPECTORS, initial=2,
        help_text=_("“双随机”一般每家机构至少 2 名检查人员。"),
        error_messages={"required": _("请填写每家机构的检查人员数。"), "invalid": _("请填写整数。"),
                        "min_value": _("每家机构至少 1 名检查人员。"),
                        "max_value": _("每家机构最多 %(limit_value)s 名检查人员。")})
    checks = forms.CharField(
        label=_("检查事项"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("逐条列出检查的内容和依据，公告后向社会公开。"),
        error_messages={"required": _("请填写检查事项。")})

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = scope_regions(scope)
        self.fields["categories"].queryset = scope_categories(scope)

    @classmethod
    def initial_of(cls, campaign):
        return {"title": campaign.title, "region": campaign.region_id,
                "categories": [category.pk for category in campaign.categories.all()],
                "agency_count": campaign.agency_count, "inspector_count": campaign.inspector_count,
                "checks": campaign.checks}


class AnnounceForm(forms.Form):
    draw_after = forms.DateTimeField(
        label=_("抽取时点（可选）"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        help_text=_("公共随机数取此时点之后产生的第一个；不填即为公告时。"),
        error_messages={"invalid": _("请按“年-月-日 时:分”填写时间。")})


class BeaconEnterForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="enter")
    reference = forms.CharField(
        label=_("出处"), max_length=300,
        help_text=_("抽取时点之后第一期公开开奖的名称和期号，例如“福彩3D 第2026318期开奖号码”。"),
        error_messages={"required": _("请填写开奖号码的出处。")})
    value = forms.CharField(
        label=_("开奖号码"), max_length=200,
        help_text=_("按开奖公告原样填写，号码之间用空格分隔，例如“5 2 8”。"),
        error_messages={"required": _("请填写开奖号码。")})


class BeaconConfirmForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="confirm")
    value = forms.CharField(
        label=_("再次录入开奖号码"), max_length=200,
        help_text=_("请对照出处所指的开奖公告独立录入，不要复制第一次录入的号码；两次一致才能确定。"),
        error_messages={"required": _("请再次录入开奖号码。")})


class ConflictForm(forms.Form):
    """An inspector drawn for a campaign declares a conflict with one of its drawn agencies."""

    agency = forms.ModelChoiceField(
        label=_("存在利益冲突的机构"), queryset=Organisation.objects.none(),
        error_messages={"required": _("请选择机构。"), "invalid_choice": _("请选择本次被抽中的机构。")})
    reason = forms.CharField(
        label=_("回避事由"), max_length=200,
        help_text=_("例如：曾在该机构任职；近亲属在该机构任职；与该机构有经济往来。"),
        error_messages={"required": _("请填写回避事由。")})

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Organisation.objects.none()


class StandingConflictForm(forms.Form):
    """A conflict that holds for every campaign (a former employer, a relative's firm)."""

    uscc = UsccField(label=_("机构的统一社会信用代码"),
                     error_messages={"required": _("请填写机构的统一社会信用代码。")})
    reason = forms.CharField(
        label=_("回避事由"), max_length=200,
        help_text=_("例如：2019—2023 年曾在该机构任职。"),
        error_messages={"required": _("请填写回避事由。")})

    def clean(self):
        data = super().clean()
        uscc = data.get("uscc")
        if uscc:
            agency = Organisation.objects.filter(uscc=uscc, kind=Organisation.Kind.AGENCY).first()
            if agency is None:
                self.add_error("uscc", _("平台上没有这个统一社会信用代码的中介机构。"))
            data["agency"] = agency
        return data


class FindingForm(forms.Form):
    result = forms.ChoiceField(
        label=_("检查结果"), choices=InspectionFinding.Result.choices,
        error_messages={"required": _("请选择检查结果。"), "invalid_choice": _("请选择列出的检查结果。")})
    details = forms.CharField(
        label=_("检查情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写检查情况。")})
    remedy = forms.CharField(
        label=_("处理措施"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("发现问题时填写责令整改、约谈等措施；问题记入该机构的信用记录。"))
    inspected_on = forms.DateField(
        label=_("检查日期"), widget=DateInput,
        error_messages={"required": _("请填写检查日期。"), "invalid": _("请按“年-月-日”填写日期。")})

    def clean(self):
        data = super().clean()
        if data.get("result") and data["result"] != InspectionFinding.Result.COMPLIANT and not data.get("remedy"):
            self.add_error("remedy", _("发现问题的，请填写处理措施。"))
        return data


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("抽查结果综述"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("公布时与每家机构的检查结果一并公开。"),
        error_messages={"required": _("请填写抽查结果综述。")})
