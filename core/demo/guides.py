"""The demo's service guides (服务指南), one per catalogue item in Chinese and in English, as an
editor would write them from the item's own facts (its basis, the approval it serves, its time
limit and fee type) and what the trade does for the item's category. Created when an item has
no guide in a language; an edited guide is the editors' and left alone."""
from wagtail.models import Locale

from cms.models import ServiceGuide
from marketplace.models import ServiceItem

# What each category's services produce and need, beyond what every item shares.
CATEGORY = {
    "env": ("环境现状调查、污染源分析、环境影响预测与评价、环境保护措施论证", "一份报告书（表）及其电子版",
            "baseline surveys, pollution-source analysis, impact prediction and mitigation measures",
            "one report (or report form) with its electronic copy", "项目所在地环境质量现状资料", "existing environmental data of the site"),
    "water": ("水土流失或水资源影响分析、防治措施和监测方案", "一份论证报告或方案报告书",
              "analysis of soil-erosion or water-resource impact, prevention measures and a monitoring plan",
              "one assessment or plan report", "项目区地形图和水文资料", "topographic maps and hydrological data of the site"),
    "land": ("现场调查、测量或勘查、危险性或适宜性评估", "一份评估报告或成果图件",
             "field survey, measurement or exploration, hazard or suitability assessment",
             "one assessment report or set of maps", "项目用地范围图和坐标", "the site boundary map and coordinates"),
    "seismic": ("区域地震活动性和地震构造评价、场地地震动参数确定", "一份地震安全性评价报告",
                "regional seismicity and tectonics, ground-motion parameters of the site", "one seismic safety report",
                "工程场地勘察资料", "the site investigation report"),
    "energy": ("能源消费分析、能效水平评价和节能措施评估", "一份节能报告", "energy-use analysis, efficiency "
               "benchmarking and saving measures", "one energy-saving report", "主要用能设备清单", "a list of the main energy-using equipment"),
    "safety": ("危险有害因素辨识、安全条件与设施评价、对策措施", "一份安全评价或职业病危害评价报告",
               "hazard identification, evaluation of safety conditions and facilities, countermeasures",
               "one safety or occupational-health assessment report", "工艺流程和主要设备资料", "the process flow and main equipment"),
    "build": ("按工程资料进行计算、检测或鉴定", "一份咨询、检测或鉴定报告", "calculation, testing or appraisal from the "
              "project's documents", "one consulting, test or appraisal report", "施工图或竣工图", "construction or as-built drawings"),
    "fire": ("消防设施检测或消防安全评估", "一份检测或评估报告", "testing of fire-protection systems or a fire-safety "
             "assessment", "one test or assessment report", "消防设计文件", "the fire-protection design"),
    "meteo": ("防雷装置检测或雷电灾害风险评估", "一份检测报告或风险评估报告", "testing of lightning protection or a "
              "lightning-risk assessment", "one test or risk report", "建筑物防雷设计图", "the lightning-protection drawings"),
    "appraisal": ("现场查勘、市场调查和估价测算", "一份估价或鉴证报告", "site inspection, market research and valuation",
                  "one valuation or assurance report", "权属证明文件", "proof of ownership"),
    "transport": ("交通现状调查、交通量预测和影响分析", "一份评价报告", "traffic survey, traffic forecast and impact analysis",
                  "one assessment report", "项目总平面图", "the site plan"),
    "culture": ("现场调查、勘探或影响评估", "一份评估或勘探报告", "field survey, exploration or impact assessment",
                "one assessment or exploration report", "项目用地红线图", "the red-line map of the site"),
}

ZH = {
    "scope": "{approval}中，法律法规要求项目业主提供本服务成果的项目。",
    "who_needs": "在德阳市范围内申请“{approval}”的建设单位、企业和其他项目业主；是否需要以审批部门的受理条件为准，"
                 "清单以外的中介服务不得作为受理条件。",
    "content": "{content}。",
    "method": "项目业主在中介超市发布采购公告，按公告载明的方式选取中介机构，网上签订合同；中介机构现场踏勘、"
              "收集资料后开展工作，按合同约定的节点提交成果。",
    "conclusion": "{conclusion}，由中介机构及编制人员签章。",
    "typical_time": "法定服务时限 {days} 个工作日，自资料齐全之日起算",
    "materials": "项目立项（备案）文件\n项目基本情况说明\n{material}\n委托合同（平台网签）",
    "rejection_reasons": "项目业主提供的资料不全或与实际不符\n成果未按现行技术规范编制\n成果所用数据过期或来源不明\n"
                         "编制人员不具备法定资格",
}
EN = {
    "basis": "The law and regulation cited in the catalogue entry for {code} (legal basis, above).",
    "scope": "Projects whose approval requires the owner to file this service's result.",
    "who_needs": "Builders, enterprises and other owners applying in Deyang for the approval this item serves; the "
                 "approving department's acceptance conditions decide, and no service outside the catalogue may be "
                 "required.",
    "content": "{content}.",
    "method": "The owner posts a job on the marketplace, chooses the agency by the method the notice names and signs "
              "the contract online; the agency visits the site, gathers data and delivers at the contract's milestones.",
    "conclusion": "{conclusion}, signed and sealed by the agency and its authors.",
    "typical_time": "{days} working days by law, counted from complete materials",
    "materials": "The project's approval or filing document\nA description of the project\n{material}\n"
                 "The contract (signed on the platform)",
    "rejection_reasons": "The owner's materials are incomplete or do not match the facts\nThe result does not follow "
                         "the technical norms in force\nThe data used are out of date or of unknown source\n"
                         "The authors do not hold the qualification the law requires",
}


def ensure_guides(counter=None):
    """A guide in each content language for every catalogue item that has none yet."""
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    items = ServiceItem.objects.select_related("category", "fee_rule")
    have = set(ServiceGuide.objects.values_list("item_id", "locale__language_code"))
    new = []
    for item in items:
        for language, locale in locales.items():
            if (item.pk, language) not in have:
                new.append(ServiceGuide(item=item, locale=locale, **_words(item, language)))
    ServiceGuide.objects.bulk_create(new)
    if counter is not None and new:
        counter.note(ServiceGuide, True, False)
    return new


def _words(item, language):
    zh_content, zh_conclusion, en_content, en_conclusion, zh_material, en_material = CATEGORY.get(
        item.category.code, CATEGORY["build"])
    english = not language.startswith("zh")
    values = {"approval": item.approval_item, "days": item.statutory_days, "code": item.code,
              "content": en_content if english else zh_content, "conclusion": en_conclusion if english else zh_conclusion,
              "material": en_material if english else zh_material}
    words = {name: text.format(**values) for name, text in (EN if english else ZH).items()}
    if not english:
        words["basis"] = item.legal_basis
    words["typical_fee"] = _fee(item, english)
    return words


def _fee(item, english):
    if item.government_fee_rule is not None:
        return ("Government-priced: charged by the published fee rule (estimate it with the fee calculator)"
                if english else "实行政府定价或指导价，按公布的收费标准计收（可用收费计算器估算）")
    return ("Market-regulated: agreed in the bid; compare the agencies' published fee commitments" if english
            else "实行市场调节价，在报价中确定；可比较各机构公开承诺的收费标准")
