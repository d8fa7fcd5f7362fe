"""Build (or bring up to date) the demo data set. Idempotent: every row is found by its
natural key and only written when its values differ, and everything random comes from one
seeded generator, so running it again changes nothing.

Demo data goes straight through the ORM (not the services): there is no actor to check and
no audit trail to keep for made-up organisations. Catalogue rows still get their public
history versions, written the way marketplace.services.catalogue writes them.
"""
import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt, encrypt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone
from stdnum.cn import uscc as uscc_lib

from accounts.identity import identity_hash, identity_masked, with_check_character
from marketplace.models import AgencyService, FeeRule, ServiceCategory, ServiceItem
from marketplace.services.catalogue import save_item_version
from providers.models import (
    Affiliation,
    Certificate,
    Department,
    Membership,
    Organisation,
    Practitioner,
    QualificationType,
    Region,
    Regulator,
)

from . import catalogue, people
from .regions import AGENCY_REGIONS, REGIONS, STREETS

DEFAULT_SEED = 20190815  # the day Deyang's catalogue was due; any fixed number would do
# A fixed TOTP secret for the demo regulator, so a person can add it to an authenticator app
# once and keep logging in after every re-seed. Demo only: real secrets are generated.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CATALOGUE_REASON = "依据《德阳市规范行政审批中介服务专项行动方案》公布保留的行政审批中介服务事项清单。"
CATALOGUE_EFFECTIVE = datetime.date(2019, 8, 15)


@dataclass(frozen=True)
class Login:
    role: str
    email: str
    password: str
    note: str = ""


# role, e-mail, password, full name
ADMIN = ("平台管理员（超级用户）", "admin@zjcs.example.cn", "Demo-Admin-2024", "平台管理员")
AGENCY_ADMIN = ("中介机构管理员", "agency@zjcs.example.cn", "Demo-Agency-2024", "陈晓东")
OWNER_ADMIN = ("项目业主管理员", "owner@zjcs.example.cn", "Demo-Owner-2024", "刘建华")
# The site's editors (Wagtail's default groups): an editor drafts and submits pages for review, a
# moderator approves and publishes them (the "Moderators approval" workflow on every page).
EDITORS = [("网站编辑（提交审核）", "editor@zjcs.example.cn", "Demo-Editor-2024", "周编辑", "Editors"),
           ("网站审核员（审核发布）", "moderator@zjcs.example.cn", "Demo-Moderator-2024", "吴审核", "Moderators")]
# key, e-mail, password, name, (department region, name), title, categories, with TOTP
REGULATORS = [
    ("env", "regulator@zjcs.example.cn", "Demo-Regulator-2024", "赵志强", ("510600", "生态环境局"),
     "环评科科长", ["env", "water", "energy", "seismic", "culture"], True),
    ("build", "regulator2@zjcs.example.cn", "Demo-Regulator-2024", "周海燕", ("510600", "住房和城乡建设局"),
     "建筑市场监管科副科长", ["build", "fire", "meteo", "appraisal", "land", "safety", "transport"], True),
]


@dataclass
class Counter:
    created: int = 0
    updated: int = 0
    by_model: dict = field(default_factory=dict)

    def note(self, model, created, changed):
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        if created or changed:
            name = model.__name__
            self.by_model[name] = self.by_model.get(name, 0) + 1


def upsert(model, counter, lookup, values, *, before_save=None):
    """Find the row by `lookup`; create it with `values`, or save it only if a value differs."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    changed = created
    for name, value in values.items():
        # Compare foreign keys by id, so checking an existing row costs no extra query.
        if isinstance(value, models.Model):
            differs = getattr(obj, f"{name}_id") != value.pk
        else:
            differs = getattr(obj, name) != value
        if differs:
            setattr(obj, name, value)
            changed = True
    if changed:
        if before_save is not None:
            before_save(obj, created)
        obj.save()
    counter.note(model, created, changed and not created)
    return obj, created


class Seeder:
    def __init__(self, *, agencies=200, owners=30, seed=DEFAULT_SEED, progress=None, today=None):
        self.agency_count = agencies
        self.owner_count = owners
        self.rnd = random.Random(seed)
        self.progress = progress or (lambda iterable, **kwargs: iterable)
        self.today = today or timezone.localdate()
        self.counter = Counter()
        self.logins = []
        self.banned_person = None

    # --- orchestration ------------------------------------------------------------------------
    @transaction.atomic
    def run(self):
        steps = [
            ("行政区划", self.seed_regions),
            ("服务类别与资质", self.seed_reference),
            ("政府部门", self.seed_departments),
            ("演示账户与监管人员", self.seed_users),
            ("服务事项清单", self.seed_catalogue),
            ("中介机构", self.seed_agencies),
            ("项目业主", self.seed_owners),
            ("门户页面", self.seed_pages),
            ("合同示范文本", self.seed_contract_templates),
            ("采购项目", self.seed_jobs),
            ("信用评价", self.seed_credit),
            ("监督管理", self.seed_oversight),
        ]
        for _label, step in self.progress(steps, desc="seed_demo", unit="步"):
            step()
        return self.logins

    def seed_oversight(self):
        from . import oversight

        oversight.seed(self)

    # --- reference data -----------------------------------------------------------------------
    def seed_regions(self):
        for code, name, level, parent, full_name in sorted(REGIONS, key=lambda r: r[2]):
            if not Region.objects.filter(code=code).exists():
                Region.objects.create(code=code, name=name, level=level, parent_id=parent, full_name=full_name)
                self.counter.note(Region, True, False)

    def seed_reference(self):
        self.categories = {}
        for code, name, description in catalogue.CATEGORIES:
            self.categories[code], _c = upsert(
                ServiceCategory, self.counter, {"code": code}, {"name": name, "description": description}
            )
        self.qualifications = {}
        for code, name, basis in catalogue.QUALIFICATIONS:
            self.qualifications[code], _c = upsert(
                QualificationType, self.counter, {"code": code}, {"name": name, "legal_basis": basis}
            )

    def seed_departments(self):
        self.departments = {}
        for region_code, name in catalogue.DEPARTMENTS:
            # 政务服务和大数据局 runs the platform: it answers complaints no department supervises
            self.departments[(region_code, name)], _c = upsert(
                Department, self.counter, {"region_id": region_code, "name": name},
                {"is_platform_operator": name == "政务服务和大数据局"}
            )

    # --- people -------------------------------------------------------------------------------
    def _user(self, email, password, full_name, **flags):
        user, _created = upsert(get_user_model(), self.counter, {"email": email},
                                {"full_name": full_name, "is_active": True, **flags})
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        address = EmailAddress.objects.filter(user=user, email=email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        elif not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])
        return user

    def seed_users(self):
        role, email, password, name = ADMIN
        self.admin = self._user(email, password, name, is_staff=True, is_superuser=True)
        self.logins.append(Login(role, email, password, "/admin/（Wagtail）与 /django-admin/"))
        self.regulators = {}
        for key, email, password, name, dept, title, categories, totp in REGULATORS:
            user = self._user(email, password, name)
            regulator, _c = upsert(Regulator, self.counter, {"user": user},
                                   {"department": self.departments[dept], "title": title, "is_active": True})
            wanted = {self.categories[c].pk for c in categories}
            if set(regulator.categories.values_list("pk", flat=True)) != wanted:
                regulator.categories.set(wanted)
            note = ""
            if totp:
                self._totp(user)
                note = "TOTP " + DEMO_TOTP_SECRET
            self.regulators[key] = user
            self.logins.append(Login(f"监管人员（{self.departments[dept]}）", email, password, note))
        role, email, password, name = AGENCY_ADMIN
        self.agency_admin = self._user(email, password, name)
        self.logins.append(Login(role, email, password))
        role, email, password, name = OWNER_ADMIN
        self.owner_admin = self._user(email, password, name)
        self.logins.append(Login(role, email, password))
        for role, email, password, name, group in EDITORS:
            user = self._user(email, password, name)
            user.groups.add(*Group.objects.filter(name=group))
            self.logins.append(Login(role, email, password, "/admin/（Wagtail）"))

    def _totp(self, user):
        """The demo regulator's authenticator, stored as allauth's TOTP.activate stores it."""
        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                         data={"secret": encrypt(DEMO_TOTP_SECRET)})
        elif decrypt(authenticator.data.get("secret", "")) != DEMO_TOTP_SECRET:
            authenticator.data = {**authenticator.data, "secret": encrypt(DEMO_TOTP_SECRET)}
            authenticator.save(update_fields=["data"])

    def totp_url(self):
        user = self.regulators["env"]
        return get_mfa_adapter().build_totp_url(user, DEMO_TOTP_SECRET)

    # --- catalogue ----------------------------------------------------------------------------
    def seed_catalogue(self):
        revisions = {code: rest for code, *rest in catalogue.REVISIONS}
        self.items = {}
        for row in self.progress(catalogue.ITEMS, desc="服务事项", leave=False):
            code, name, category, basis, approval, dept, days, fee_type, quals, description, rule_key = row
            values = {
                "name": name, "category": self.categories[category], "legal_basis": basis,
                "approval_item": approval, "approving_department": self.departments[dept],
                "statutory_days": days, "fee_type": fee_type, "description": description, "is_active": True,
            }
            qualifications = [self.qualifications[q] for q in quals]
            item = self._item(code, values, qualifications, revisions.get(code))
            if rule_key:
                self._fee_rule(item, catalogue.FEE_RULES[rule_key])
            self.items[code] = item

    def _item(self, code, values, qualifications, revision):
        """Create an item as its first version (then its demo revision as a second one), or
        bring an existing one to the final values as one more version, only when they differ."""
        final = dict(values)
        if revision:
            final.update(revision[0])
        item = ServiceItem.objects.filter(code=code).first()
        if item is None:
            item = ServiceItem(code=code, **values)
            save_item_version(item, actor=self.admin, reason=CATALOGUE_REASON, effective_from=CATALOGUE_EFFECTIVE,
                              qualifications=qualifications, created=True)
            self.counter.note(ServiceItem, True, False)
            if revision:
                changes, reason, effective, regulator_key = revision
                for name, value in changes.items():
                    setattr(item, name, value)
                save_item_version(item, actor=self.regulators[regulator_key], reason=reason,
                                  effective_from=datetime.date.fromisoformat(effective))
            return item
        differs = any(getattr(item, name) != value for name, value in final.items())
        same_quals = set(item.required_qualifications.values_list("pk", flat=True)) == {q.pk for q in qualifications}
        if differs or not same_quals:
            for name, value in final.items():
                setattr(item, name, value)
            save_item_version(item, actor=self.admin, reason="演示数据恢复为清单公布内容。", effective_from=self.today,
                              qualifications=None if same_quals else qualifications)
            self.counter.note(ServiceItem, False, True)
        return item

    def _fee_rule(self, item, spec):
        values = dict(spec)
        for name in ("minimum_fee", "maximum_fee"):
            values[name] = None if values[name] is None else Decimal(values[name])

        def stamp(rule, created):
            rule._history_user = self.admin
            rule._change_reason = CATALOGUE_REASON if created else "演示数据恢复为公布的收费标准。"
            rule._history_effective_from = CATALOGUE_EFFECTIVE if created else self.today

        upsert(FeeRule, self.counter, {"item": item}, values, before_save=stamp)

    # --- agencies -----------------------------------------------------------------------------
    def _uscc(self, kind_prefix, region_code):
        """A USCC with correct check digits: registration office, region, organisation code."""
        digits = "".join(self.rnd.choice("0123456789") for _ in range(8))
        weights = (3, 7, 9, 10, 5, 8, 4, 2)
        check = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
        org_code = digits + {10: "X", 11: "0"}.get(check, str(check))
        body = kind_prefix + region_code + org_code
        return body + uscc_lib.calc_check_digit(body)

    def _person(self):
        return self.rnd.choice(people.SURNAMES) + self.rnd.choice(people.GIVEN)

    def _phone(self, region_code):
        area = {"5106": "0838", "5101": "028", "5107": "0816", "1101": "010", "3301": "0571",
                "4403": "0755", "4401": "020", "5001": "023", "2101": "024"}.get(region_code[:4], "028")
        return f"{area}-{self.rnd.randint(2000000, 8999999)}"

    def _address(self, region):
        street = self.rnd.choice(STREETS.get(region.code[:4], ["人民路"]))
        return f"{region.full_name}{street}{self.rnd.randint(1, 399)}号"

    def _legal_representative(self, uscc, region):
        """A made-up legal representative with a resident ID number that passes the check digit,
        kept as the platform keeps it: a keyed hash and the masked form (accounts/identity.py). Its
        own generator, from the USCC, so the rest of the demo's draws do not move."""
        rnd = random.Random(f"legal-representative-{uscc}")
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rnd.randint(0, 12000))
        number = with_check_character(f"{region.code[:6]:0<6}{born:%Y%m%d}{rnd.randint(100, 999)}")
        return number, {"legal_representative_id_hash": identity_hash(number),
                        "legal_representative_id_masked": identity_masked(number)}

    def seed_agencies(self):
        regions = {r.code: r for r in Region.objects.filter(code__in=[c for c, _w in AGENCY_REGIONS])}
        codes = [c for c, _w in AGENCY_REGIONS]
        weights = [w for _c, w in AGENCY_REGIONS]
        by_category = {}
        for code, row in ((row[0], row) for row in catalogue.ITEMS):
            by_category.setdefault(row[2], []).append(code)
        names = set()
        self.agencies = []
        for number in self.progress(range(self.agency_count), desc="中介机构", leave=False):
            region = regions[self.rnd.choices(codes, weights)[0]]
            business, categories = self.rnd.choice(people.BUSINESSES)
            name = self._unique_name(names, region, business)
            agency = self._agency(number, region, name, business)
            self._offers(agency, categories, by_category)
            self.agencies.append(agency)
        self._affiliations()
        if self.agencies:
            upsert(Membership, self.counter, {"user": self.agency_admin, "organisation": self.agencies[0]},
                   {"role": Membership.Role.ADMIN})

    def _unique_name(self, names, region, business):
        place = region.full_name.replace("四川省", "").replace("省", "").split("市")[0]
        while True:
            name = f"{place}{self.rnd.choice(people.BRANDS)}{business}{self.rnd.choice(people.SUFFIXES)}"
            if name not in names:
                names.add(name)
                return name
            place = place + self.rnd.choice(["华", "新", "远", "信"])

    def _agency(self, number, region, name, business):
        uscc = self._uscc("91", region.code)
        _number, identity = self._legal_representative(uscc, region)
        registered = timezone.make_aware(datetime.datetime.combine(
            self.today - datetime.timedelta(days=self.rnd.randint(1, 720)), datetime.time(9, 0)
        ) + datetime.timedelta(minutes=number))
        contact = self._person()
        agency, _created = upsert(Organisation, self.counter, {"kind": Organisation.Kind.AGENCY, "uscc": uscc}, {
            "name": name,
            "legal_representative": self._person(),
            "region": region,
            "address": self._address(region),
            "contact_name": contact,
            "contact_phone": self._phone(region.code),
            "contact_email": f"service{number:03d}@agency{number:03d}.example.cn",
            "introduction": (
                f"{name}是依法设立的{business}机构，主要从事{business}及相关技术服务。"
                f"公司坚持依法依规、客观公正、诚实守信的执业原则，实行服务承诺、限时办结、一次性告知制度。"
            ),
            **identity,
        })
        if agency.created_at != registered:
            Organisation.objects.filter(pk=agency.pk).update(created_at=registered)
            agency.created_at = registered
        return agency

    def _offers(self, agency, categories, by_category):
        pool = sorted({code for c in categories for code in by_category.get(c, [])})
        count = min(len(pool), self.rnd.randint(1, 6))
        offered = self.rnd.sample(pool, count)
        needed = []
        for code in sorted(offered):
            item = self.items[code]
            row = next(r for r in catalogue.ITEMS if r[0] == code)
            statutory = row[6]
            days = max(1, statutory - self.rnd.randint(0, max(1, statutory // 3)))
            discount = self.rnd.choice([0, 5, 10, 15, 20])
            if row[7] == "government":
                quote = "严格执行政府指导价" if discount == 0 else f"按政府指导价下浮{discount}%收取"
            else:
                quote = self.rnd.choice(["按市场调节价，一事一议，报价透明", f"不高于同类项目市场均价，可下浮{discount}%",
                                         "按工作量核算，签约前书面报价"])
            standard = self.rnd.choice([
                "按国家及行业技术规范编制，一次性告知所需资料，限时办结。",
                "成果一次性通过技术审查率 95% 以上，未通过的免费修改完善。",
                "专人对接、全程跟踪，成果按规定格式提交并对结论负责。",
            ])
            upsert(AgencyService, self.counter, {"agency": agency, "item": item},
                   {"service_days": days, "fee_quote": quote, "service_standard": standard})
            needed += row[8]
        self._papers(agency, sorted(set(needed)), categories)

    def _papers(self, agency, qualification_codes, categories):
        for index, code in enumerate(qualification_codes):
            issued = self.today - datetime.timedelta(days=self.rnd.randint(200, 1400))
            # About one in six certificates expires within the warning period, to show the warnings.
            if self.rnd.random() < 0.17:
                valid_until = self.today + datetime.timedelta(days=self.rnd.randint(5, 55))
            else:
                valid_until = self.today + datetime.timedelta(days=self.rnd.randint(120, 1500))
            verified = self.rnd.random() < 0.6
            upsert(Certificate, self.counter,
                   {"agency": agency, "qualification": self.qualifications[code],
                    "number": f"{code[:2].upper()}{agency.uscc[2:8]}-{agency.uscc[-5:]}{index}"},
                   {"grade": self.rnd.choice(people.GRADES.get(code, [""])),
                    "issuer": people.ISSUERS[code], "issued_on": issued, "valid_until": valid_until,
                    "verified_by": self.regulators["build"] if verified else None,
                    "verified_at": (timezone.make_aware(datetime.datetime.combine(issued, datetime.time(10, 0)))
                                    + datetime.timedelta(days=20)) if verified else None})
        used = set()
        for _n in range(self.rnd.randint(2, 6)):
            name = self._person()
            if name in used:
                continue
            used.add(name)
            category = self.rnd.choice(categories)
            practice, prefix = people.PRACTICE[category]
            upsert(Practitioner, self.counter, {"agency": agency, "name": name}, {
                "title": self.rnd.choice(people.TITLES),
                "qualification": practice,
                "certificate_number": f"{prefix}{self.rnd.randint(10000000, 99999999)}",
                "specialty": people.SPECIALTIES[category],
            })

    def _affiliations(self):
        """A few agencies declare ties to departments: they may not bid on those items."""
        departments = [self.departments[key] for key in sorted(self.departments)]
        for agency in self.agencies[3::25]:
            department = self.rnd.choice(departments)
            relation = self.rnd.choice([Affiliation.Relation.SUPERVISOR, Affiliation.Relation.SPONSOR,
                                        Affiliation.Relation.SHAREHOLDER])
            upsert(Affiliation, self.counter, {"agency": agency, "department": department, "relation": relation},
                   {"note": "原为该部门所属事业单位，已完成脱钩改制。" if relation == "sponsor" else ""})

    # --- owners -------------------------------------------------------------------------------
    def seed_owners(self):
        deyang = ["510603", "510604", "510681", "510682", "510683"]
        regions = {r.code: r for r in Region.objects.filter(code__in=deyang)}
        self.owners = []
        for number in self.progress(range(self.owner_count), desc="项目业主", leave=False):
            name, owner_type = people.OWNER_NAMES[number % len(people.OWNER_NAMES)]
            if number >= len(people.OWNER_NAMES):
                name = f"{name}（{number // len(people.OWNER_NAMES) + 1}）"
            region = regions[self.rnd.choice(deyang)]
            prefix = "11" if owner_type == "department" else "91"
            owner, _c = upsert(Organisation, self.counter,
                               {"kind": Organisation.Kind.OWNER, "uscc": self._uscc(prefix, region.code)}, {
                                   "name": name, "owner_type": owner_type, "region": region,
                                   "legal_representative": self._person(),
                                   "address": self._address(region), "contact_name": self._person(),
                                   "contact_phone": self._phone(region.code),
                                   "contact_email": f"project{number:02d}@owner.example.cn",
                               })
            self.owners.append(owner)
        if self.owners:
            upsert(Membership, self.counter, {"user": self.owner_admin, "organisation": self.owners[0]},
                   {"role": Membership.Role.ADMIN})

    # --- jobs ---------------------------------------------------------------------------------
    def seed_jobs(self):
        from .jobs import seed_jobs

        self.job_statuses = seed_jobs(self)

    def seed_credit(self):
        """Everyone's credit as of today by the rule set (the jobs' play recorded each event's
        moment; core/demo/credit.py), and the banned legal representative to try registering."""
        from reviews.services.credit import credit_recompute_all

        from .credit import banned_person

        credit_recompute_all()
        self.banned_person = banned_person(self)

    def seed_contract_templates(self):
        from contracts.signing_key import ensure_demo_certificate

        from .contracts import seed_templates

        ensure_demo_certificate()  # the demo's contracts are sealed with it (kept if one exists)

        # Published well before the demo's first job, so the audit log stays in time order.
        moment = timezone.now().replace(hour=1, minute=30, second=0, microsecond=0) - datetime.timedelta(days=200)
        seed_templates(self, moment)

    # --- pages --------------------------------------------------------------------------------
    def seed_pages(self):
        from .guides import ensure_guides
        from .site import ensure_page_tree

        ensure_page_tree(self.counter, english=True)
        ensure_guides(self.counter)   # a service guide per catalogue item, in both languages
