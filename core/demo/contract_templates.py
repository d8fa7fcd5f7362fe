"""Demo model contracts (合同示范文本) for the contracts app, written for this project.

One general template for every item without a more specific one, and three for categories whose
work has rules of its own: environmental impact assessment, soil and water conservation plans,
and surveying with geological-hazard assessment. Each is 16 clauses in the same order (parties,
project, scope, time, price, payment, rights and duties, deliverables, acceptance, breach,
confidentiality, intellectual property, termination, disputes, special terms, other); the
specific ones rewrite the clauses where their trade differs and keep the rest.

Marked fields are written {{key}} with the keys of contracts.fields.FIELDS. Every template here
must pass contracts.clauses.template_problems (tests/contracts_rules checks it): both sides bear
capped liability, the owner never withholds payment without reasons, nobody waives a remedy.

`category` is a category code of core/demo/catalogue.py; `item` an item code (None: the
template serves a whole category, or with both None every item).
"""
from contracts.fields import ClauseKind as K

# --- the general text, clause by clause --------------------------------------------------------

PARTIES = (
    "甲方（项目业主）：{{owner_name}}\n"
    "统一社会信用代码：{{owner_code}}\n"
    "乙方（中介机构）：{{agency_name}}\n"
    "统一社会信用代码：{{agency_code}}\n"
    "甲方通过中介服务网上交易平台（以下简称平台）公开选取乙方承担本项目的中介服务。依据《中华人民共和国民法典》及有关法律法规，"
    "双方遵循平等、自愿、公平和诚信的原则，就本项目中介服务事项协商一致，订立本合同。"
)

PROJECT = (
    "项目名称：{{project_name}}\n"
    "投资项目代码：{{project_code}}\n"
    "服务事项：{{item_name}}\n"
    "本项目的采购公告、乙方的响应文件和中选结果公示均为本合同的组成部分；与本合同条款不一致的，以本合同为准。"
)

SCOPE = (
    "乙方为甲方提供的服务范围与内容如下：\n{{scope}}\n"
    "服务内容包括为取得审批部门批复所需的技术工作：按审批部门或其委托的技术审查机构提出的审查意见修改完善成果，"
    "并派员参加技术审查会议、答复质询。本条约定范围以外的新增服务，双方应另行签订书面补充协议，并在平台备案。"
)

SCHEDULE = (
    "服务期限自{{start_date}}起至{{end_date}}止。\n"
    "乙方承诺自甲方提供完整基础资料之日起{{service_days}}个工作日内提交成果文件，该承诺时限不得超过本服务事项在平台公布的法定（承诺）办理时限。"
    "甲方补充资料、专家评审、审批部门技术审查及公示的时间不计入乙方的服务时限。\n"
    "因甲方原因或不可抗力致使服务不能按期完成的，乙方应及时书面告知甲方，服务期限相应顺延；顺延情况由双方在平台记录。"
)

PRICE = (
    "本合同价款为人民币{{price}}元，即乙方在平台上的中选报价，包括完成本合同全部服务内容所需的人工、差旅、资料、专家咨询、"
    "成果印制和税金等一切费用。\n"
    "乙方确认合同价款符合本服务事项在平台公布的收费标准；实行政府指导价的，不高于规定的收费标准。\n"
    "乙方在平台作出的服务时限、收费标准和服务质量三项承诺是本合同的组成部分。乙方不得以任何名义在合同价款之外另行收取费用，"
    "不得要求甲方指定或购买其他服务。"
)

PAYMENT = (
    "合同价款按以下节点支付：\n{{milestones}}\n"
    "甲方应在每个节点计划完成日期前将该节点款项支付至平台资金托管账户，或按财政资金支付程序支付并在平台登记支付凭证。"
    "托管的款项在甲方对该节点成果验收合格（含视为验收合格）后，由平台结算给乙方。\n"
    "乙方应在收到款项前向甲方开具合法有效的发票。甲方对某一节点的成果有异议的，应按本合同验收条款书面说明理由，"
    "该节点款项在争议解决前由平台继续托管，其他节点的付款不受影响。"
)

RIGHTS = (
    "（一）甲方的权利和义务：按时向乙方提供完成服务所需的项目资料，并对所提供资料的真实性负责；为乙方现场踏勘、调查提供必要的工作条件；"
    "按本合同约定支付合同价款并及时组织验收；有权了解服务进度，对成果提出书面意见。\n"
    "（二）乙方的权利和义务：依法独立、客观、公正地开展服务，执行国家和行业的技术规范；对所出具成果的真实性、准确性和完整性负责；"
    "不得转包，不得违法分包；指派具备相应能力的项目负责人和技术人员，未经甲方同意不得更换项目负责人；"
    "有权要求甲方提供完成服务所需的资料，对甲方提出的违反法律法规或技术规范的要求有权拒绝；按本合同约定取得报酬。\n"
    "（三）双方应通过平台往来通知、提交成果和确认验收；平台记录的时间为双方确认的时间。"
)

DELIVERABLES = (
    "乙方应向甲方提交以下成果文件：\n{{deliverables}}\n"
    "成果文件通过平台提交，纸质文件加盖乙方公章及编制人员签章后另行送达甲方。提交时间以平台记录为准。"
)

ACCEPTANCE = (
    "验收标准：{{acceptance_criteria}}\n"
    "乙方提交成果文件后，甲方应在{{acceptance_days}}个工作日内完成验收，并在平台上作出验收合格或不合格的决定。"
    "验收不合格的，甲方应书面说明理由和具体修改要求，乙方应在双方商定的期限内修改后重新提交。\n"
    "甲方逾期未作出验收决定的，视为验收合格。须经审批部门技术审查的成果，以通过技术审查为验收合格的依据之一，"
    "但不得以审批部门尚未作出批复为由拖延验收。"
)

BREACH = (
    "（一）甲方未按约定期限支付节点款项的，每逾期一日，甲方应按逾期金额的千分之一向乙方支付违约金，违约金总额不超过合同价款的百分之十。\n"
    "（二）乙方未按承诺时限提交成果文件的，每逾期一日，乙方应按合同价款的千分之一向甲方支付违约金，违约金总额不超过合同价款的百分之十；"
    "因甲方原因或不可抗力造成的延误不计入逾期天数。\n"
    "（三）乙方成果经两次修改仍不符合验收标准的，甲方可以解除合同，乙方应退还未验收节点已收取的款项。\n"
    "（四）乙方在成果文件中弄虚作假、出具虚假或者严重失实成果的，乙方应退还已收取的全部款项，并依法承担法律责任。\n"
    "（五）违约金不足以弥补守约方实际损失的，违约方应赔偿守约方的实际损失，赔偿总额（含违约金）以合同价款为限，"
    "但故意或者重大过失造成对方损失的除外。\n"
    "（六）乙方的违约行为和履约评价将按规定记入平台信用记录。"
)

CONFIDENTIALITY = (
    "双方对在履行本合同过程中知悉的对方商业秘密、项目资料和未公开信息负有保密义务，未经对方书面同意，不得向第三方披露或用于本合同以外的目的；"
    "法律法规规定应当公开或者向审批、监管部门报送的除外。\n"
    "涉及国家秘密的资料，双方应按照保密法律法规的规定管理。保密义务在本合同解除或终止后继续有效。"
)

INTELLECTUAL_PROPERTY = (
    "甲方提供的资料的权利归甲方所有。乙方为本项目编制的成果文件，甲方有权为本项目的审批、建设、运营和管理目的无偿使用、复制和向有关部门报送；"
    "乙方享有成果的署名权，可以将成果中不涉及甲方商业秘密的技术方法用于自身的业务积累。\n"
    "乙方保证成果文件不侵犯第三方的知识产权；因侵权引起的纠纷由乙方负责处理。"
)

TERMINATION = (
    "（一）经双方协商一致，可以解除本合同。\n"
    "（二）因项目依法终止、取消，或者行业主管部门依法责令停止服务，致使合同目的不能实现的，双方均可书面通知对方解除本合同，"
    "双方均不承担违约责任；甲方应按乙方已完成并经确认的工作量支付相应费用。\n"
    "（三）乙方被依法列入严重失信主体名单、被暂停执业或者丧失法定资质条件的，甲方可以书面通知乙方解除本合同。\n"
    "（四）甲方逾期支付节点款项超过三十日，经乙方书面催告后十五日内仍未支付的，乙方可以书面通知甲方解除本合同。\n"
    "（五）合同解除后，平台按已验收节点结算；已支付至平台但未验收节点的款项退还甲方。因一方违约致使合同解除的，违约方依照本合同违约责任条款承担责任。"
)

DISPUTE = (
    "因本合同引起的或者与本合同有关的争议，双方应友好协商解决，也可以请求本服务事项的行业主管部门调解。\n"
    "协商或者调解不成的，双方可以在专用条款中约定将争议提交仲裁委员会仲裁；未约定仲裁或者仲裁约定无效的，任何一方均可向项目所在地有管辖权的人民法院提起诉讼。\n"
    "本合同任何条款均不影响双方依法申请仲裁或者提起诉讼的权利。争议期间，双方应继续履行本合同中不涉及争议的部分。"
)

SPECIAL = (
    "双方约定的专用条款如下：\n{{special_terms}}\n"
    "专用条款与本合同其他条款不一致的，以专用条款为准；但专用条款不得减轻或者免除一方依法应承担的义务和责任，"
    "不得变更中选价格、服务时限和服务内容等实质性内容。"
)

OTHER = (
    "本合同经双方在平台上以电子签名方式签署（网签）后生效，网签与手写签字、加盖公章具有同等法律效力。\n"
    "平台对双方签署的合同文本计算 SHA-256 摘要并与签署记录一同保存；合同内容以平台保存的、与该摘要一致的文本为准。\n"
    "本合同未尽事宜，双方可以签订补充协议；补充协议与本合同具有同等效力，并应在平台备案。"
)


def clause(kind, title, text):
    return {"kind": kind, "title": title, "text": text}


def clauses(**rewritten):
    """The 16 clauses of the general text, with some rewritten for a trade (by their keys)."""
    texts = dict(
        parties=PARTIES, project=PROJECT, scope=SCOPE, schedule=SCHEDULE, price=PRICE, payment=PAYMENT, rights=RIGHTS,
        deliverables=DELIVERABLES, acceptance=ACCEPTANCE, breach=BREACH, confidentiality=CONFIDENTIALITY,
        ip=INTELLECTUAL_PROPERTY, termination=TERMINATION, dispute=DISPUTE, special=SPECIAL, other=OTHER,
    )
    unknown = set(rewritten) - set(texts)
    if unknown:
        raise KeyError(unknown)
    texts.update(rewritten)
    return [
        clause(K.GENERAL, "合同当事人", texts["parties"]),
        clause(K.GENERAL, "项目概况", texts["project"]),
        clause(K.SCOPE, "服务范围与内容", texts["scope"]),
        clause(K.SCHEDULE, "服务期限", texts["schedule"]),
        clause(K.PRICE, "合同价款", texts["price"]),
        clause(K.PAYMENT, "支付方式", texts["payment"]),
        clause(K.GENERAL, "双方的权利和义务", texts["rights"]),
        clause(K.DELIVERABLES, "成果交付", texts["deliverables"]),
        clause(K.ACCEPTANCE, "验收", texts["acceptance"]),
        clause(K.BREACH, "违约责任", texts["breach"]),
        clause(K.CONFIDENTIALITY, "保密", texts["confidentiality"]),
        clause(K.GENERAL, "知识产权", texts["ip"]),
        clause(K.TERMINATION, "合同解除", texts["termination"]),
        clause(K.DISPUTE, "争议解决", texts["dispute"]),
        clause(K.SPECIAL, "专用条款", texts["special"]),
        clause(K.GENERAL, "其他", texts["other"]),
    ]


# --- environmental impact assessment -----------------------------------------------------------

EIA_SCOPE = (
    "乙方依据《中华人民共和国环境影响评价法》《建设项目环境保护管理条例》和建设项目环境影响评价技术导则，为本项目开展环境影响评价工作。"
    "服务范围与内容如下：\n{{scope}}\n"
    "工作内容一般包括：收集分析项目资料，开展现场踏勘和环境现状调查，组织或委托环境质量现状监测，预测和评价项目的环境影响，"
    "提出环境保护措施和环境管理与监测计划；编制环境影响报告书的，协助甲方依法开展公众参与。"
    "乙方应按技术评估或审查意见修改完善环境影响评价文件，直至满足报批要求，不另行收费。"
)

EIA_RIGHTS = (
    "（一）甲方的权利和义务：如实提供项目可行性研究报告、工程设计资料、选址和用地资料等基础资料，并对其真实性负责；"
    "项目的性质、规模、地点、工艺或者环境保护措施发生重大变动的，及时书面告知乙方；按本合同约定支付合同价款并及时组织验收。\n"
    "（二）乙方的权利和义务：对环境影响评价文件的内容和结论负责；编制主持人和主要编制人员应为在环境影响评价信用平台登记的人员，"
    "并在文件中如实署名；不得抄袭、篡改或者编造监测数据；委托监测的，应委托具备检验检测资质的机构，并对监测数据的采用负责；"
    "对甲方提出的降低评价等级、删减评价内容等不符合技术导则的要求有权拒绝；按本合同约定取得报酬。\n"
    "（三）双方应通过平台往来通知、提交成果和确认验收；平台记录的时间为双方确认的时间。"
)

EIA_DELIVERABLES = (
    "乙方应向甲方提交以下成果文件：\n{{deliverables}}\n"
    "环境影响评价文件分送审稿和报批稿提交；报批稿应按技术评估或审查意见修改完善，并附修改说明。"
    "成果文件通过平台提交，纸质文件加盖乙方公章及编制人员签章后另行送达甲方。"
)

EIA_ACCEPTANCE = (
    "验收标准：{{acceptance_criteria}}\n"
    "乙方提交成果文件后，甲方应在{{acceptance_days}}个工作日内完成验收，并在平台上作出验收合格或不合格的决定。"
    "环境影响评价文件以符合技术导则、通过技术评估或审查并满足报批要求为验收合格的主要依据。\n"
    "验收不合格的，甲方应书面说明理由和具体修改要求，乙方应在双方商定的期限内修改后重新提交。甲方逾期未作出验收决定的，视为验收合格。"
    "因项目本身不符合生态环境准入要求而未获批准的，不视为乙方违约，甲方应按乙方已完成的工作量支付费用。"
)

EIA_SPECIAL = (
    "双方约定的专用条款如下：\n{{special_terms}}\n"
    "环境质量现状监测费用是否包含在合同价款内、监测点位和频次，以及专家评审会议费用的承担，可在本条中约定；未约定的，视为包含在合同价款内。"
    "专用条款与本合同其他条款不一致的，以专用条款为准；但专用条款不得减轻或者免除一方依法应承担的义务和责任，不得变更中选价格、服务时限和服务内容等实质性内容。"
)

# --- soil and water conservation ---------------------------------------------------------------

SWC_SCOPE = (
    "乙方依据《中华人民共和国水土保持法》《生产建设项目水土保持技术标准》等规定，为本项目编制水土保持方案。服务范围与内容如下：\n{{scope}}\n"
    "工作内容一般包括：项目区现场调查，水土流失现状与预测分析，确定水土流失防治责任范围和防治标准，布设工程措施、植物措施和临时措施，"
    "编制水土保持投资估算并计列水土保持补偿费，提出水土保持监测和管理要求；"
    "乙方应按审批部门或技术审查单位的审查意见修改完善方案，直至满足报批要求，不另行收费。"
)

SWC_RIGHTS = (
    "（一）甲方的权利和义务：提供项目立项、主体工程设计、用地范围、土石方平衡和施工组织等资料，并对其真实性负责；"
    "为乙方现场调查提供条件；项目地点、规模或者弃渣场设置发生重大变化的，及时书面告知乙方；按本合同约定支付合同价款并及时组织验收。\n"
    "（二）乙方的权利和义务：对水土保持方案的科学性、合理性和真实性负责；实地调查项目区地形、植被和水土流失状况，不得以其他项目资料代替实地调查；"
    "弃渣场、取土场的选址应满足水土保持要求并作出论证；对甲方提出的缩小防治责任范围、少计补偿费等不符合规定的要求有权拒绝；按本合同约定取得报酬。\n"
    "（三）双方应通过平台往来通知、提交成果和确认验收；平台记录的时间为双方确认的时间。"
)

SWC_DELIVERABLES = (
    "乙方应向甲方提交以下成果文件：\n{{deliverables}}\n"
    "水土保持方案报告书（表）及附图、附件分送审稿和报批稿提交，报批稿应附技术审查意见的修改说明。"
    "成果文件通过平台提交，纸质文件加盖乙方公章后另行送达甲方。"
)

SWC_ACCEPTANCE = (
    "验收标准：{{acceptance_criteria}}\n"
    "乙方提交成果文件后，甲方应在{{acceptance_days}}个工作日内完成验收，并在平台上作出验收合格或不合格的决定。"
    "水土保持方案以符合技术标准、通过技术审查并满足报批要求为验收合格的主要依据。\n"
    "验收不合格的，甲方应书面说明理由和具体修改要求，乙方应在双方商定的期限内修改后重新提交。甲方逾期未作出验收决定的，视为验收合格。"
)

# --- surveying and geological-hazard assessment ------------------------------------------------

SURVEY_SCOPE = (
    "乙方依据《中华人民共和国测绘法》《地质灾害防治条例》及相关技术规范，在其资质许可的范围内为本项目提供测绘或者地质灾害危险性评估服务。"
    "服务范围与内容如下：\n{{scope}}\n"
    "测绘服务一般包括控制测量、地形或者专项测量、内业数据处理和成果质量检查；地质灾害危险性评估一般包括资料收集、野外调查、"
    "现状评估、预测评估、综合评估和防治措施建议。乙方应按审查意见修改完善成果，不另行收费。"
)

SURVEY_RIGHTS = (
    "（一）甲方的权利和义务：提供项目位置、范围、设计和已有测绘、地质资料，并对其真实性负责；协调乙方进入作业现场，告知场地内的地下管线和危险源；"
    "按本合同约定支付合同价款并及时组织验收。\n"
    "（二）乙方的权利和义务：持有与本项目相适应的测绘资质或者地质灾害危险性评估资质，并在资质许可范围内开展工作；"
    "执行测绘基准和技术规范，实行两级检查、一级验收的质量管理，对成果质量负责；使用经检定合格的仪器设备；"
    "负责外业作业人员的安全防护，遵守作业现场的安全管理规定；对甲方提出的降低精度、删减调查内容等不符合规范的要求有权拒绝；按本合同约定取得报酬。\n"
    "（三）双方应通过平台往来通知、提交成果和确认验收；平台记录的时间为双方确认的时间。"
)

SURVEY_DELIVERABLES = (
    "乙方应向甲方提交以下成果文件：\n{{deliverables}}\n"
    "测绘成果应附技术设计书、技术总结和质量检查报告；地质灾害危险性评估报告应附评估区地质灾害分布图、危险性分区图等附图。"
    "成果文件通过平台提交，纸质文件加盖乙方公章及资质专用章后另行送达甲方。按规定应当汇交的测绘成果，由乙方协助甲方依法汇交。"
)

SURVEY_ACCEPTANCE = (
    "验收标准：{{acceptance_criteria}}\n"
    "乙方提交成果文件后，甲方应在{{acceptance_days}}个工作日内完成验收，并在平台上作出验收合格或不合格的决定。"
    "测绘成果以符合技术设计和规范规定的精度、通过质量检验为验收合格的主要依据；评估报告以通过审查并满足用地审批要求为主要依据。\n"
    "验收不合格的，甲方应书面说明理由和具体修改要求，乙方应在双方商定的期限内修改后重新提交。甲方逾期未作出验收决定的，视为验收合格。"
)

SURVEY_CONFIDENTIALITY = (
    "双方对在履行本合同过程中知悉的对方商业秘密、项目资料和未公开信息负有保密义务，未经对方书面同意，不得向第三方披露或用于本合同以外的目的；"
    "法律法规规定应当公开或者向审批、监管部门报送的除外。\n"
    "属于国家秘密的测绘成果和地理信息，双方应按照《中华人民共和国保守国家秘密法》和《测绘成果管理条例》的规定领取、使用、保管和销毁，"
    "不得在互联网上传输或者存储涉密成果；通过平台提交的成果文件不得包含涉密内容，涉密成果另行按规定交接。保密义务在本合同解除或终止后继续有效。"
)

# --- the templates -----------------------------------------------------------------------------

TEMPLATES = [
    dict(
        code="ZJ-HT-TY",
        title="行政审批中介服务合同示范文本（通用）",
        category=None,
        item=None,
        summary="适用于通过平台选取中介机构、没有专门示范文本的各类行政审批中介服务事项。"
                "合同价款、服务时限等由中选结果自动填入，甲方填写服务范围、付款节点、成果文件和验收标准等内容后送乙方网签。",
        clauses=clauses(),
    ),
    dict(
        code="ZJ-HT-HJ",
        title="建设项目环境影响评价技术服务合同示范文本",
        category="env",
        item=None,
        summary="适用于建设项目环境影响报告书、报告表编制及相关技术服务。"
                "明确环境影响评价文件的编制责任、编制人员署名、监测数据真实性和按技术评估意见修改的义务。",
        clauses=clauses(scope=EIA_SCOPE, rights=EIA_RIGHTS, deliverables=EIA_DELIVERABLES, acceptance=EIA_ACCEPTANCE,
                        special=EIA_SPECIAL),
    ),
    dict(
        code="ZJ-HT-SB",
        title="水土保持方案编制技术服务合同示范文本",
        category="water",
        item=None,
        summary="适用于生产建设项目水土保持方案报告书、报告表的编制。"
                "明确防治责任范围、补偿费计列、弃渣场论证等技术责任和按审查意见修改的义务。",
        clauses=clauses(scope=SWC_SCOPE, rights=SWC_RIGHTS, deliverables=SWC_DELIVERABLES, acceptance=SWC_ACCEPTANCE),
    ),
    dict(
        code="ZJ-HT-ZR",
        title="测绘与地质灾害评估技术服务合同示范文本",
        category="land",
        item=None,
        summary="适用于规划核实测量、地形图测绘、房产测绘、土地勘测定界和地质灾害危险性评估等服务。"
                "明确资质范围、成果质量检查、外业安全和涉密测绘成果的管理。",
        clauses=clauses(scope=SURVEY_SCOPE, rights=SURVEY_RIGHTS, deliverables=SURVEY_DELIVERABLES,
                        acceptance=SURVEY_ACCEPTANCE, confidentiality=SURVEY_CONFIDENTIALITY),
    ),
]
