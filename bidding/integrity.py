"""Integrity rules on announcement text: requirements that would shut agencies out by region,
industry, department or quota, or designate an agency, are refused with the phrase quoted and
the rule it breaks. Pure Python, so the same check runs in forms, services and the API.

The rules come from the reform texts in shared/seeds (德阳市规范行政审批中介服务专项行动方案):
"各部门设定的区域性、行业性或部门间中介服务机构执业限制一律取消，各部门现有的中介服务机构
数量限额管理规定一律取消"；"审批部门不得以任何形式指定中介服务机构"；"零门槛、零限制".
"""
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

REGIONAL = _("不得设置区域性执业限制（各部门设定的区域性中介服务机构执业限制一律取消；零门槛、零限制）")
INDUSTRY = _("不得设置行业性或部门间执业限制（各部门设定的行业性或部门间中介服务机构执业限制一律取消）")
QUOTA = _("不得设置数量限额或入库名单（中介服务机构数量限额管理规定一律取消）")
DESIGNATION = _("不得指定中介服务机构（审批部门不得以任何形式指定中介服务机构）")

# Each pattern matches the restrictive phrase itself, so the message can quote it.
PATTERNS = [
    (r"(?:须|需|必须|应)?(?:在)?本(?:地|市|省|县|区|州)(?:注册|登记|设立|成立)[^，。；,;]{0,10}", REGIONAL),
    (r"本(?:地|市|省|县|区)(?:企业|机构|单位)", REGIONAL),
    (r"(?:须|需|必须|应)?在(?:本|我|当地)[^，。；,;]{0,6}(?:设立|设有|开设)[^，。；,;]{0,6}(?:分支机构|分公司|办事处|办公场所|常驻机构)", REGIONAL),
    (r"注册地(?:须|需|必须|应)?(?:在|为|属于)[^，。；,;]{1,12}", REGIONAL),
    (r"(?:仅)?限(?:于)?[^，。；,;]{0,8}(?:区域|地区|辖区|境内|市内|省内|县内)[^，。；,;]{0,8}", REGIONAL),
    (r"(?:仅)?限(?:于)?[^，。；,;]{0,8}(?:行业|系统内|系统)[^，。；,;]{0,8}", INDUSTRY),
    (r"(?:本|我)(?:系统|行业|部门)(?:内|所属)[^，。；,;]{0,8}", INDUSTRY),
    (r"(?:主管部门|行业主管部门|本部门)(?:推荐|认可|认定|备案)[^，。；,;]{0,8}", INDUSTRY),
    (r"(?:入库|入围|预选|备选)(?:名单|名录|库)[^，。；,;]{0,8}", QUOTA),
    (r"(?:名录库|中介库|机构库)内[^，。；,;]{0,8}", QUOTA),
    (r"(?:数量|名额)限(?:额|制)[^，。；,;]{0,8}", QUOTA),
    (r"(?:由|经)?[^，。；,;]{0,8}指定[^，。；,;]{0,10}", DESIGNATION),
]
_COMPILED = [(re.compile(pattern), rule) for pattern, rule in PATTERNS]


@dataclass(frozen=True)
class Violation:
    phrase: str
    rule: str

    @property
    def message(self):
        return _("“%(phrase)s”：%(rule)s") % {"phrase": self.phrase, "rule": self.rule}


def find_violations(text):
    """Every restrictive phrase in `text`, in reading order, each reported once."""
    found = []
    seen_spans = []
    for pattern, rule in _COMPILED:
        for match in pattern.finditer(text or ""):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in seen_spans):
                continue
            seen_spans.append(span)
            found.append((span[0], Violation(match.group(0).strip(), str(rule))))
    return [violation for _pos, violation in sorted(found, key=lambda pair: pair[0])]
