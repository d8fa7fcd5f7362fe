"""Forms of the complaint pages: the public filing form (投诉举报), the follow-by-number box, the
regulators' queue filter and the take / transfer / decide forms of a case. They check the shape
of the input and find what it names (the agency or owner by name or USCC, the job by its number);
oversight.services.complaints decides and writes."""
import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from bidding.forms.fields import MultipleFileField
from bidding.selectors.public import public_job
from core import uploads
from core.converters import parse_id
from marketplace.models import ServiceItem
from providers.models import Department, Organisation, Region
from providers.selectors.organisations import agencies, owners
from providers.validators import normalise_uscc

from .. import complaint_rules
from ..complaint_rules import MAX_FILES
from ..models import Complaint
from ..selectors.complaints import responsible_choices, transfer_choices

PICK_LIMIT = 20  # organisations offered when a name matches several
MIN_NAME = 2  # characters of a name before it is searched
NUMBER = re.compile(r"TS\d{8}-[A-Z2-9]{6}")
JOB_NUMBER = re.compile(r"\s*(\d{1,19})\s*")
JOB_URL = re.compile(r".*/(\d{1,19})/?(?:[?#].*)?")

About = Complaint.About


def normalise_number(value):
    """A tracking number as typed (spaces, lower case) in its stored form, or None when it cannot
    be one."""
    number = re.sub(r"\s+", "", str(value or "")).upper()
    return number if NUMBER.fullmatch(number) else None



def with_note(name, note):
    """A choice's label: a name with a note in brackets, punctuated in the reader's language."""
    return _("%(name)s（%(note)s）") % {"name": name, "note": note}

class FollowForm(forms.Form):
    """Follow a complaint by its tracking number (受理编号)."""

    number = forms.CharField(label=_("受理编号"), max_length=40,
                             help_text=_("提交投诉后页面和确认邮件中给出的编号，例如 TS20260301-7K3M9Q。"),
                             widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))

    def clean_number(self):
        number = normalise_number(self.cleaned_data["number"])
        if number is None:
            raise ValidationError(_("受理编号的格式为 TS + 8 位日期 + “-” + 6 位字母数字，例如 TS20260301-7K3M9Q。"))
        return number


def _files_help():
    return _("可选。PDF、JPEG 或 PNG，每个不超过 %(mb)s MB，最多 %(n)s 个。仅承办部门的监管人员可查看。") % {
        "mb": f"{uploads.max_bytes() / (1024 * 1024):g}", "n": MAX_FILES}


class PickField(forms.ChoiceField):
    """The choice among organisations whose names match: its options are known only once the
    name is read (ComplaintForm._organisation checks the choice against them)."""

    def valid_value(self, value):
        return True


class ComplaintForm(forms.Form):
    """The public complaint: what it is about, the complaint itself, who complains (named or
    anonymous, with a contact for the answer either way) and evidence files.

    The agency or owner is named by its 18-character USCC or by its name (or part of it): when a
    name matches several organisations the form offers them in `<kind>_pick` and asks to choose
    one (a picker that needs no JavaScript). The job is named by its number, or by its public
    notice's address. After `is_valid()`, cleaned_data holds the Organisation / Job objects under
    "agency", "owner" and "job" (None when the complaint is not about one)."""

    about = forms.ChoiceField(label=_("投诉对象"), choices=About.choices, widget=forms.RadioSelect)
    agency = forms.CharField(
        label=_("被投诉中介机构"), required=False, max_length=100,
        help_text=_("填写机构名称（或其中的几个字），或 18 位统一社会信用代码。"))
    agency_pick = PickField(label=_("请选择中介机构"), required=False, choices=())
    owner = forms.CharField(
        label=_("被投诉项目业主"), required=False, max_length=100,
        help_text=_("填写业主单位名称（或其中的几个字），或 18 位统一社会信用代码。"))
    owner_pick = PickField(label=_("请选择项目业主"), required=False, choices=())
    job = forms.CharField(
        label=_("项目编号"), required=False, max_length=300,
        help_text=_("采购公告的编号（公告网址末尾的数字，例如 1024），也可以直接粘贴公告的网址。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    item = forms.ChoiceField(
        label=_("所涉服务事项"), required=False, choices=(),
        help_text=_("可选。投诉中介机构或业主时，选择所涉的服务事项，投诉将转交监管该事项的部门；"
                    "投诉项目时按项目的服务事项确定。"))
    summary = forms.CharField(label=_("投诉事由"), max_length=100,
                              help_text=_("一句话概括，例如：中介机构超出承诺时限未提交成果。"))
    details = forms.CharField(
        label=_("投诉内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("写明时间、经过和您的诉求。请勿在此填写您的姓名或联系方式：处理结果公开时会引用投诉内容。"))
    identity = forms.ChoiceField(
        label=_("投诉方式"), widget=forms.RadioSelect, initial="named",
        choices=[("named", _("实名投诉")), ("anonymous", _("匿名投诉"))],
        help_text=_("无论实名还是匿名，您的身份和联系方式都不会公开，仅承办部门的监管人员可见。"))
    complainant_name = forms.CharField(label=_("投诉人姓名"), required=False, max_length=50,
                                       help_text=_("实名投诉时必填。"))
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30,
                                    widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    contact_email = forms.EmailField(label=_("联系邮箱"), required=False, max_length=254,
                                     help_text=_("联系电话和联系邮箱至少填写一项，用于告知处理结果；填写邮箱的，将收到受理编号。"),
                                     widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    files = MultipleFileField(label=_("证据材料"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _files_help()
        self.items = {item.code: item for item in
                      ServiceItem.objects.filter(is_active=True).only("pk", "code", "name", "category_id")
                      .order_by("code")}
        self.fields["item"].choices = [("", _("（不选）"))] + [
            (code, with_note(item.name, code)) for code, item in self.items.items()]
        if user is not None and user.is_authenticated and not self.is_bound:
            # A signed-in visitor's details, to keep or change; the complaint may still be anonymous.
            self.initial.setdefault("complainant_name", getattr(user, "full_name", "") or "")
            self.initial.setdefault("contact_phone", getattr(user, "phone", "") or "")
            self.initial.setdefault("contact_email", getattr(user, "email", "") or "")

    # --- each field --------------------------------------------------------------------------

    def clean_summary(self):
        return self.cleaned_data["summary"].strip()

    def clean_details(self):
        return self.cleaned_data["details"].strip()

    def clean_complainant_name(self):
        return self.cleaned_data["complainant_name"].strip()

    # --- the whole form ----------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        about = data.get("about")
        data["agency"] = self._organisation("agency", Organisation.Kind.AGENCY) if about == About.AGENCY else None
        data["owner"] = self._organisation("owner", Organisation.Kind.OWNER) if about == About.OWNER else None
        data["job"] = self._job() if about == About.JOB else None
        code = data.get("item") or ""
        data["item"] = None if about == About.JOB else self.items.get(code)
        # Whether a name and a contact are given, and their form, the service judges (its refusals
        # are shown next to these fields).
        data["anonymous"] = data.get("identity") == "anonymous"
        return data

    def _organisation(self, field, kind):
        """The organisation the text of `field` names, or None with the reason on the form."""
        text = (self.cleaned_data.get(field) or "").strip()
        kind_label = _("中介机构") if kind == Organisation.Kind.AGENCY else _("项目业主")
        if field in self.errors:
            return None
        if not text:
            self.add_error(field, _("请填写被投诉的%(kind)s名称或统一社会信用代码。") % {"kind": kind_label})
            return None
        found = agencies() if kind == Organisation.Kind.AGENCY else owners()
        found = found.only("pk", "name", "uscc", "region__code", "region__name", "region__full_name")
        try:
            uscc = normalise_uscc(text)
        except ValidationError:
            uscc = None
        if uscc:
            organisation = found.filter(uscc=uscc).first()
            if organisation is None:
                self.add_error(field, _("没有统一社会信用代码为 %(uscc)s 的%(kind)s，请核对。") % {
                    "uscc": uscc, "kind": kind_label})
            return organisation
        if len(text) < MIN_NAME:
            self.add_error(field, _("名称请至少填写 %(n)s 个字。") % {"n": MIN_NAME})
            return None
        exact = list(found.filter(name=text)[:2])
        if len(exact) == 1:
            return exact[0]
        candidates = exact or list(found.filter(name__icontains=text).order_by("name", "pk")[:PICK_LIMIT + 1])
        if not candidates:
            self.add_error(field, _("没有找到名称含“%(text)s”的%(kind)s，请核对名称，或改填统一社会信用代码。") % {
                "text": text, "kind": kind_label})
            return None
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > PICK_LIMIT:
            self.add_error(field, _("名称含“%(text)s”的%(kind)s超过 %(n)s 家，请填写更完整的名称或统一社会信用代码。")
                           % {"text": text, "kind": kind_label, "n": PICK_LIMIT})
            return None
        pick_field = f"{field}_pick"
        by_id = {str(organisation.pk): organisation for organisation in candidates}
        self.fields[pick_field].choices = [("", _("请选择"))] + [
            (key, with_note(organisation.name, _("%(uscc)s，%(region)s") % {
                "uscc": organisation.uscc, "region": organisation.region.name}))
            for key, organisation in by_id.items()]
        picked = by_id.get(str(parse_id(self.data.get(pick_field)) or ""))
        if picked is None:
            self.add_error(pick_field, _("有 %(n)s 家%(kind)s的名称含“%(text)s”，请在下面选择一家。") % {
                "n": len(candidates), "kind": kind_label, "text": text})
        return picked

    def _job(self):
        """The published (or later) job the text names, or None with the reason on the form."""
        if "job" in self.errors:
            return None
        text = (self.cleaned_data.get("job") or "").strip()
        if not text:
            self.add_error("job", _("请填写被投诉项目的编号。"))
            return None
        match = JOB_NUMBER.fullmatch(text) or JOB_URL.fullmatch(text)
        job_id = parse_id(match.group(1)) if match else None
        if job_id is None:
            self.add_error("job", _("项目编号是采购公告网址末尾的数字，例如 1024。"))
            return None
        try:
            return public_job(job_id)
        except Http404:
            self.add_error("job", _("没有编号为 %(number)s 的已发布项目，请核对。") % {"number": job_id})
            return None


# --- the regulators' pages --------------------------------------------------------------------

OPEN = "open"
DECIDED = "decided"
ALL = "all"


class QueueFilterForm(forms.Form):
    """The queue's filters (GET): status (open ones by default), due soon or overdue, service item,
    region. A value that is not one of the choices is shown as an error and left out."""

    status = forms.ChoiceField(label=_("状态"), required=False, choices=[
        (OPEN, _("待办（已受理、处理中）")), *Complaint.Status.choices, (DECIDED, _("已办结")), (ALL, _("全部"))])
    due = forms.ChoiceField(label=_("期限"), required=False, choices=[
        ("", _("不限")), ("soon", _("临近期限")), ("overdue", _("已超期"))])
    item = forms.ChoiceField(label=_("服务事项"), required=False, choices=())
    region = forms.ChoiceField(label=_("地区"), required=False, choices=())

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        items = ServiceItem.objects.only("pk", "code", "name").order_by("code")
        if not scope.is_operator:
            items = items.filter(category_id__in=sorted(scope.category_ids))
        self.items = {item.code: item for item in items}
        self.fields["item"].choices = [("", _("全部事项"))] + [
            (code, with_note(item.name, code)) for code, item in self.items.items()]
        prefix = scope.region_prefix
        regions = Region.objects.only("code", "name", "full_name").order_by("code")
        if prefix:
            regions = regions.filter(code__startswith=prefix)
        self.fields["region"].choices = [("", _("全部地区"))] + [
            (region.code, region.full_name or region.name) for region in regions]

    def filters(self):
        """Keyword arguments for selectors.complaints.complaints_in_scope: status ("open" unless
        asked otherwise; None for all), due, item (a ServiceItem) and region (a code)."""
        self.is_valid()
        data = self.cleaned_data
        status = data.get("status") or OPEN
        return {
            "status": None if status == ALL else status,
            "due": data.get("due") or None,
            "item": self.items.get(data.get("item") or ""),
            "region": data.get("region") or None,
        }


class TransferForm(forms.Form):
    department = forms.ModelChoiceField(label=_("转交部门"), queryset=Department.objects.none(),
                                        empty_label=_("请选择"))
    reason = forms.CharField(label=_("转交理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("例如：所涉事项由贵部门监管。转交后由对方部门办理，办理期限不变。"))

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = transfer_choices(complaint)
        self.fields["department"].label_from_instance = lambda department: (
            with_note(department.name, department.region.full_name or department.region.name))

    def clean_reason(self):
        return self.cleaned_data["reason"].strip()


def decisions_open(complaint):
    """The conclusions the case may take now (complaint_rules: upheld and rejected only once taken)."""
    operations = complaint_rules.DECISIONS
    return [(value, label) for value, label in Complaint.Status.choices
            if value in operations and complaint_rules.allowed(complaint, operations[value])]


class DecideForm(forms.Form):
    status = forms.ChoiceField(label=_("办结结论"), choices=(), widget=forms.RadioSelect)
    outcome = forms.CharField(
        label=_("处理结果及理由"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("将在网站公开（不公开投诉人身份）。写明查明的事实、依据和处理措施。"))
    responsible = forms.ChoiceField(
        label=_("责任主体"), required=False, choices=(),
        help_text=_("投诉成立时必选：该主体的信用记录将记入此次投诉。"))

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = decisions_open(complaint)
        # Before the case is taken only dismissal is open: no one is held responsible then.
        self.may_uphold = any(value == Complaint.Status.UPHELD for value, _label in self.fields["status"].choices)
        self.concerned = {str(organisation.pk): organisation for organisation in responsible_choices(complaint)}
        kinds = dict(Organisation.Kind.choices)
        self.fields["responsible"].choices = [("", _("（不适用）"))] + [
            (key, with_note(organisation.name, kinds.get(organisation.kind, "")))
            for key, organisation in self.concerned.items()]

    def clean_outcome(self):
        return self.cleaned_data["outcome"].strip()

    def clean(self):
        data = super().clean()
        data["responsible"] = self.concerned.get(data.get("responsible") or "")
        if data.get("status") == Complaint.Status.UPHELD and data["responsible"] is None:
            self.add_error("responsible", _("投诉成立时请选择责任主体。"))
        if data.get("status") in (Complaint.Status.REJECTED, Complaint.Status.DISMISSED):
            data["responsible"] = None
        return data
