"""The scene of the complaint pages' tests: one department supervising an item's category in
德阳市, its regulator, an agency, an owner and a published job of that item; a second department
supervising another category (out of scope); an agency member (not a regulator). And helpers
to post the public form as a visitor would."""
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.models import Complaint
from tests.factories import (
    AgencyFactory,
    DepartmentFactory,
    JobFactory,
    MembershipFactory,
    OwnerFactory,
    RegionFactory,
    RegulatorFactory,
    ServiceCategoryFactory,
    ServiceItemFactory,
)
from tests.factories.blacklist import PDF_BYTES

# The complainant: none of this may appear on any public page.
NAME = "王晓明"
PHONE = "13912345678"
EMAIL = "wang.xiaoming@mail.example.cn"
DETAILS = "2026年3月约定20个工作日提交成果，至今未交，多次催促无果，联系人电话已关机。"
SUMMARY = "中介机构超出承诺时限未提交成果"
OUTCOME = "经调查，该机构超出承诺时限28个工作日未提交成果，投诉成立，责令限期改正并记入信用记录。"

FILE_URL = "oversight:complaints"


@dataclass
class Scene:
    department: object
    regulator: object  # a Regulator of the answering department
    item: object
    agency: object
    owner: object
    job: object
    other_regulator: object  # another department, another category: out of scope
    member: object  # a user who is a member of the agency


def build():
    deyang = RegionFactory()
    category = ServiceCategoryFactory(name="环境影响评价类")
    item = ServiceItemFactory(category=category, name="建设项目环境影响评价")
    department = DepartmentFactory(name="德阳市生态环境局", region=deyang)
    regulator = RegulatorFactory(department=department, categories=[category])
    agency = AgencyFactory(name="德阳绿源环境咨询有限公司", region=deyang)
    owner = OwnerFactory(name="德阳城建投资有限公司", region=deyang)
    job = JobFactory(item=item, owner=owner)
    other_category = ServiceCategoryFactory(name="测绘类")
    other_department = DepartmentFactory(name="德阳市自然资源局", region=deyang)
    other_regulator = RegulatorFactory(department=other_department, categories=[other_category])
    member = MembershipFactory(organisation=agency).user
    return Scene(department, regulator, item, agency, owner, job, other_regulator, member)


def pdf(name="催告函.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def form_data(scene, **changes):
    """What a named complainant posts about the scene's agency."""
    data = {
        "about": Complaint.About.AGENCY,
        "agency": scene.agency.name,
        "owner": "",
        "job": "",
        "item": scene.item.code,
        "summary": SUMMARY,
        "details": DETAILS,
        "identity": "named",
        "complainant_name": NAME,
        "contact_phone": PHONE,
        "contact_email": EMAIL,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def file_complaint(client, data):
    return client.post(reverse(FILE_URL), data)
