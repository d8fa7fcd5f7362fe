"""The shipped integrity patterns (bidding/integrity.py): the regulators' starting table.

Each row: kind, syntax, pattern, explanation, example clause (which the pattern must catch).
Every row gets a first history version ("+"), so the table's history starts here."""
import uuid

from django.db import migrations
from django.utils import timezone

REASON = "随平台发布的默认规则"
DEFAULTS = [
    ('regional', 'phrase', '{demand}…{place}…{presence}',
     '要求机构在某地有办公场所、注册、分支机构、驻场人员、社保或纳税，是变相的区域性执业限制。',
     '须在德阳有办公场所'),
    ('regional', 'phrase', '{presence}…{demand}…{place}',
     '注册地、办公场所、社保缴纳地等须在某地，是区域性执业限制。',
     '注册地须在德阳市'),
    ('regional', 'phrase', '{demand}…{presence}…{place}',
     '要求常驻、注册或缴纳社保于某地，是区域性执业限制。',
     '项目负责人须常驻德阳'),
    ('regional', 'phrase', '{place}…{presence}…优先/方可/才能/才可/为限/为准',
     '在某地注册或设点的机构优先或方可参与，是区域性执业限制。',
     '本地注册企业优先'),
    ('regional', 'regex', '(?<![期时权界极上下有无局])(?:仅|只)?限(?:于|定)?.{0,20}?{place}.{0,20}?(?:{agency}|报名|参与|参加)',
     '只许某地的机构参与，是区域性执业限制。',
     '仅限本省区域内机构参与'),
    ('regional', 'phrase', '{place}{agency}…优先/方可/才能/才可/为限',
     '某地机构优先或方可参与，是区域性执业限制。',
     '德阳市企业优先'),
    ('regional', 'regex', '(?:外地|外省|外市|市外|省外|县外|区外|非{place}).{0,8}?{agency}.{0,20}?(?:不得|不能|不予|不允许|须|需|应)',
     '对外地机构另设门槛或拒绝外地机构，是区域性执业限制。',
     '外地企业不得参与'),
    ('regional', 'regex', '{demand}.{0,10}?在{place}.{0,20}?(?:登记|备案)',
     '要求机构在某地登记或备案后才能承接业务，是区域性执业限制。',
     '须在德阳市住建局备案'),
    ('industry', 'regex', '(?<![期时权界极上下有无局])(?:仅|只)?限(?:于|定)?.{0,12}?(?:行业|系统)(?:内)?.{0,12}?(?:{agency}|报名|参与|参加)',
     '只许某行业或系统的机构参与，是行业性执业限制。',
     '限水利行业单位报名'),
    ('industry', 'phrase', '本系统/本行业/本部门/我系统/我部门/我行业…内/所属/下属',
     '限于本系统、本部门所属的机构，是部门间执业限制。',
     '须为本系统内机构'),
    ('industry', 'regex', '(?:{department}|[\\u4e00-\\u9fff]{2,10}?(?:局|厅|委员会|部门))(?:所属|下属|主管|管理)的?{agency}',
     '限于某部门所属、下属或主管的机构，是部门间执业限制。',
     '须为水利局下属单位'),
    ('industry', 'phrase', '协会/学会…会员',
     '要求加入某协会或学会，是行业性执业限制。',
     '须为德阳市工程咨询协会会员单位'),
    ('quota', 'regex', '(?:入库|进库|入围|入选|预选|备选|候选)的?(?:{agency}|名单|名录|库)|{agency}.{0,8}?(?:入库|进库)|(?:名录|名单|机构|中介|中介机构|中介服务机构)库|名录内',
     '只许入库、入围或名录内的机构参与，是变相的数量限额和准入门槛。',
     '须为已入库机构'),
    ('quota', 'regex', '(?:数量|名额)(?:限额|限制|上限)|(?<![期时权界极上下有无局])限(?:报|选|定|额)?[0-9０-９一二三四五六七八九十两]+(?:家|个|名)|(?:不超过|最多|至多)[0-9０-９一二三四五六七八九十两]+家',
     '限定参与机构的数量，是数量限额。',
     '限3家机构报名'),
    ('designation', 'regex', '指定(?:的)?[\\u4e00-\\u9fff]{0,4}?{agency}',
     '由部门或业主指定机构，违反不得指定中介服务机构的规定。',
     '由审批部门指定的机构承担'),
    ('designation', 'regex', '(?:推荐|认可|认定|指派|定点)的?[\\u4e00-\\u9fff]{0,4}?{agency}',
     '只许部门推荐、认可或定点的机构参与，是变相指定。',
     '须为主管部门推荐的机构'),
    ('performance', 'phrase', '{place}…业绩/经验/案例',
     '要求在某地的业绩，是区域性执业限制。',
     '须具有德阳市同类项目业绩'),
    ('performance', 'phrase', '承担过/完成过/承接过/服务过/做过/参与过/实施过…{place}',
     '要求做过某地的项目，是区域性执业限制。',
     '近三年承担过德阳市政府投资项目'),
    ('performance', 'phrase', '承担过/完成过/承接过/服务过/做过/参与过/实施过/承担/承接…{department}',
     '要求做过本部门、本单位或主管部门的项目，是部门间执业限制。',
     '须承担过本部门项目'),
    ('performance', 'phrase', '{department}…业绩/经验/案例',
     '要求本部门、本系统的业绩，是部门间执业限制。',
     '有本系统项目业绩者优先'),
    ('qualification', 'phrase', '具有/具备/持有/取得/拥有/获得/通过/达到…{qualification}',
     '在文字中要求法定以外的资质、等级或证书，是变相抬高门槛；法定资质请在“资质要求”中从法定资质里选择。',
     '须具有省级主管部门颁发的甲级资质'),
    ('qualification', 'regex', '{demand}(?:为|是).{0,10}?{qualification}.{0,6}?{agency}',
     '要求机构是某资质或等级的单位，是法定以外的资质要求。',
     '须为甲级资质单位'),
    ('qualification', 'phrase', '{qualification}…{agency}…优先/方可/才能/才可/为限',
     '某资质或等级的机构优先或方可参与，是法定以外的资质要求。',
     '乙级以上资质单位优先'),
    ('qualification', 'phrase', '资质要求/资格要求/资质条件/资格条件…{qualification}',
     '在文字中写明法定以外的资质等级，是变相抬高门槛。',
     '资质要求：工程咨询甲级'),
    ('exempt', 'phrase', '独立法人资格/法人资格/独立承担民事责任',
     '法律规定的一般主体资格，不是额外的资质要求。',
     '具有独立法人资格'),
    ('exempt', 'phrase', '相应资质/相应的资质/法定资质/法律法规规定的资质/国家规定的资质',
     '指该事项法定要求的资质，不是额外的资质要求。',
     '具有相应资质'),
]


def load_defaults(apps, schema_editor):
    pattern_model = apps.get_model("bidding", "IntegrityPattern")
    history_model = apps.get_model("bidding", "HistoricalIntegrityPattern")
    now = timezone.now()
    for kind, syntax, pattern, explanation, example in DEFAULTS:
        row, created = pattern_model.objects.get_or_create(
            syntax=syntax, pattern=pattern,
            defaults=dict(kind=kind, explanation=explanation, example=example, is_active=True,
                          revision=uuid.uuid4(), created_at=now, updated_at=now),
        )
        if created:
            history_model.objects.create(
                id=row.pk, kind=kind, syntax=syntax, pattern=pattern, explanation=explanation, example=example,
                is_active=True, revision=row.revision, created_at=now, updated_at=now,
                history_date=now, history_type="+", history_change_reason=REASON,
            )


def remove_defaults(apps, schema_editor):
    pattern_model = apps.get_model("bidding", "IntegrityPattern")
    history_model = apps.get_model("bidding", "HistoricalIntegrityPattern")
    for _kind, syntax, pattern, _explanation, _example in DEFAULTS:
        for row in pattern_model.objects.filter(syntax=syntax, pattern=pattern, created_by=None):
            history_model.objects.filter(id=row.pk).delete()
            row.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("bidding", "0006_integrity_pattern"),
    ]

    operations = [
        migrations.RunPython(load_defaults, remove_defaults),
    ]
