"""Forms of the providers workspace. They check input; the services decide and write."""
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import clean_identity_number
from core import uploads
from core.errors import DomainError
from core.forms import DateInput

from . import selectors
from .models import (
    Affiliation,
    Department,
    Membership,
    Organisation,
    Practitioner,
    QualificationType,
    Region,
    Standing,
)
from .validators import normalise_uscc

PHONE = re.compile(r"^\+?[0-9][0-9\-\s()]{5,28}[0-9]$")
FILTER_REGIONS = "_filter_regions"  # the no-JavaScript "narrow the region list" button


class RegionPickerMixin:
    """A region <select> that works without JavaScript.

    The list is grouped in <optgroup>s ("四川省 德阳市"). A province chooser above it with a
    small button narrows the list to one province; the page is redrawn with what was typed.
    """

    def _setup_region_picker(self):
        self.fields["province"] = forms.ChoiceField(
            label=_("所在省份（可先选省份缩小地区列表）"), required=False,
            choices=[("", _("全部省份"))] + [(p.code, p.name) for p in selectors.provinces()],
        )
        names = [name for name in self.fields if name != "province"]
        position = names.index("region")
        self.order_fields(names[:position] + ["province"] + names[position:])
        province = self._chosen_province()
        self.initial["province"] = province or ""
        self.fields["region"].widget.choices = (
            [("", _("请选择所在地区"))] + selectors.region_option_groups(province)
        )
        self.fields["region"].help_text = _("按“省 市”分组，区县列在所属市之下；“本级”指省或市本身。")

    def _chosen_province(self):
        key = self.add_prefix("province")
        if self.is_bound and key in self.data:
            code = self.data.get(key)
        elif "province" in self.initial:
            code = self.initial["province"]
        else:
            region = self.initial.get("region") or getattr(getattr(self, "instance", None), "region_id", None)
            code = getattr(region, "code", region)
        if code and selectors.region_prefix(str(code)):
            return str(code)[:2] + "0000"
        return None


class UsccField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("统一社会信用代码"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("18 位，字母大小写均可，例如 91510600MA62J6QX1M。"))
        super().__init__(**kwargs)

    def clean(self, value):
        return normalise_uscc(super().clean(value))


IDENTITY_PRIVACY = _("号码只以加密摘要和打码形式（如 5106**********1234）保存，用于核对黑名单禁入人员，不公开原号码。")


class IdentityNumberField(forms.CharField):
    """A resident identity number (居民身份证号码), checked (length, birth date, check character)
    and cleaned to its stored spelling; the service checks it again and keeps only its hash."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text",
                                                           "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        try:
            return clean_identity_number(value, field=None)
        except DomainError as error:
            raise ValidationError(str(error)) from None


def own_identity_field():
    """The signed-in user's own identity number, asked once (then kept with their account)."""
    return IdentityNumberField(
        label=_("您本人的居民身份证号码"),
        help_text=_("成为中介机构的管理员须登记本人身份证号码，只需登记一次。") + " " + str(IDENTITY_PRIVACY),
    )


def _clean_phone(value):
    value = (value or "").strip()
    if value and not PHONE.match(value):
        raise ValidationError(_("请输入有效的电话号码，例如 0838-2345678 或 13800000000。"))
    return value


class OrganisationBaseForm(RegionPickerMixin, forms.ModelForm):
    region = forms.ModelChoiceField(queryset=Region.objects.all(), label=_("所在地区"))
    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_region_picker()

    def clean_contact_phone(self):
        return _clean_phone(self.cleaned_data.get("contact_phone"))


class AgencyRegistrationForm(OrganisationBaseForm):
    """A new agency, with its legal representative's identity number and, when the registering
    user (its first admin) has not declared theirs yet, the user's own."""

    uscc = UsccField()
    legal_representative_id_number = IdentityNumberField(
        label=_("法定代表人居民身份证号码"),
        help_text=_("用于核对黑名单禁入人员。") + " " + str(IDENTITY_PRIVACY),
    )

    class Meta:
        model = Organisation
        fields = ["uscc", "name", "legal_representative", "legal_representative_id_number", "region", "address",
                  "contact_name", "contact_phone", "contact_email", "website", "introduction"]
        labels = {"name": _("机构名称")}
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("legal_representative", "contact_email"):
            self.fields[name].required = True
        if user is not None and not user.id_number_hash:
            self.fields["id_number"] = own_identity_field()


class OwnerRegistrationForm(OrganisationBaseForm):
    uscc = UsccField()

    class Meta:
        model = Organisation
        fields = ["owner_type", "uscc", "name", "legal_representative", "region", "address",
                  "contact_name", "contact_phone", "contact_email", "website", "introduction"]
        labels = {"name": _("单位名称"), "legal_representative": _("法定代表人/负责人")}
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_type"].required = True


class OrganisationProfileForm(OrganisationBaseForm):
    """An organisation's own details; the USCC is its identity and is not edited here."""

    class Meta:
        model = Organisation
        fields = ["name", "legal_representative", "owner_type", "region", "address", "contact_name",
                  "contact_phone", "contact_email", "website", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind == Organisation.Kind.AGENCY:
            del self.fields["owner_type"]
            self.fields["legal_representative"].required = True
            self.fields["legal_representative_id_number"] = IdentityNumberField(
                label=_("法定代表人居民身份证号码"), required=False,
                help_text=self._representative_id_help(),
            )
            names = list(self.fields)
            names.remove("legal_representative_id_number")
            names.insert(names.index("legal_representative") + 1, "legal_representative_id_number")
            self.order_fields(names)
        else:
            self.fields["owner_type"].required = True
            self.fields["legal_representative"].label = _("法定代表人/负责人")


    def _representative_id_help(self):
        masked = self.instance.legal_representative_id_masked
        current = (_("当前登记：%(masked)s。") % {"masked": masked}) if masked else _("尚未登记。")
        return " ".join([str(current), str(_("更换法定代表人时必填；不更换可留空。")), str(IDENTITY_PRIVACY)])


class IdentityForm(forms.Form):
    """A user declares their own identity number (once)."""

    id_number = IdentityNumberField(label=_("居民身份证号码"), help_text=IDENTITY_PRIVACY)


class CertificateForm(forms.Form):
    qualification = forms.ModelChoiceField(
        queryset=QualificationType.objects.order_by("name"), label=_("资质类别")
    )
    number = forms.CharField(label=_("证书编号"), max_length=60)
    grade = forms.CharField(label=_("等级"), max_length=30, required=False)
    issuer = forms.CharField(label=_("发证机关"), max_length=100)
    issued_on = forms.DateField(label=_("发证日期"), widget=DateInput())
    valid_until = forms.DateField(label=_("有效期至"), widget=DateInput())
    scan = forms.FileField(
        label=_("证书扫描件"), required=False,
        help_text=_("PDF、JPEG 或 PNG，不超过 %(mb)s MB；仅本机构成员和监管人员可查看。"),
    )

    def __init__(self, *args, scan_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].required = scan_required
        self.fields["scan"].help_text = self.fields["scan"].help_text % {
            "mb": f"{uploads.max_bytes() / (1024 * 1024):g}"
        }
        if not scan_required:
            self.fields["scan"].help_text += " " + str(_("不选择文件则保留原扫描件。"))

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            try:
                uploads.inspect(scan)
            except uploads.UploadRefused as error:
                raise ValidationError(str(error)) from None
        return scan

    def clean(self):
        data = super().clean()
        issued_on, valid_until = data.get("issued_on"), data.get("valid_until")
        if issued_on and valid_until and valid_until < issued_on:
            self.add_error("valid_until", _("有效期截止日期不能早于发证日期。"))
        return data


class PractitionerForm(forms.ModelForm):
    class Meta:
        model = Practitioner
        fields = ["name", "title", "qualification", "certificate_number", "specialty"]


class DepartmentFilterForm(forms.Form):
    """GET form above the affiliation form: narrows the departments to one province."""

    region = forms.ChoiceField(label=_("部门所在省份"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("全部地区"))] + [
            (province.code, province.name) for province in selectors.department_region_provinces()
        ]


class AffiliationForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.all(), label=_("部门"))
    relation = forms.ChoiceField(label=_("关系"), choices=Affiliation.Relation.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, region_code=None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = {}
        for department in selectors.departments_for_picker(region_code):
            groups.setdefault(department.region.full_name, []).append((department.pk, department.name))
        self.fields["department"].widget.choices = [("", _("请选择部门"))] + list(groups.items())
        self.fields["department"].help_text = _("声明关联后，本机构不得承接该部门审批事项的中介服务。")


# --- members --------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("受邀人邮箱"))
    role = forms.ChoiceField(label=_("角色"), choices=Membership.Role.choices, initial=Membership.Role.OPERATOR)


# --- regulators: an agency's standing -------------------------------------------------------


class StandingForm(forms.Form):
    """The regulator's own standing. Blacklisting is not offered (it takes two regulators: the
    blacklist pages); a posted "blacklisted" reaches the service, which refuses it in words."""

    standing = forms.ChoiceField(label=_("市场状态"), choices=Standing.choices)
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=DateInput(),
        help_text=_("含当日；不填为长期，直至再次调整。状态为“正常”时不需要填写。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standing"].widget.choices = [
            (value, label) for value, label in Standing.choices if value != Standing.BLACKLISTED
        ]

    def clean_until(self):
        day = self.cleaned_data.get("until")
        if day is None:
            return None
        # The standing lasts through the whole of the chosen day, local time.
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


class CertificateQueueFilterForm(forms.Form):
    """GET filters of the regulators' certificate queue: which certificates, and an agency."""

    SHOW = [("verify", _("待核验")), ("expiring", _("即将到期")), ("expired", _("已过期"))]

    show = forms.ChoiceField(label=_("证书"), choices=SHOW, required=False)
    q = forms.CharField(label=_("机构名称或统一社会信用代码"), max_length=60, required=False)
