"""The search's demo (issue 12): the synonym and abbreviation table with the short forms people in
this trade type (环评, 水保, 地灾 …), each group spelling out the demo catalogue's item names
(core/demo/catalogue.py) so the abbreviation finds the item.

The groups are kept by the demo's environment regulator through search.services, as a regulator
keeps them in the workspace: every group has its history and audit entry. Idempotent: a group is
found by its first word; one whose words or note differ is brought back to these (with a reason
in its history), one that matches is left alone, and a group a regulator has since disabled
stays disabled."""
from search.models import SynonymGroup
from search.services import SynonymWordTaken, create_synonym_group, update_synonym_group

NOTE = "行业常用简称"
REASON = "演示数据：行业常用的简称与全称。"
# The first word names the group. No word may be in two groups (the service refuses it).
GROUPS = [
    ("环评", "环境影响评价", "环境影响评估", "环境影响报告"),
    ("规划环评", "规划环境影响评价", "规划环境影响报告"),
    ("水保", "水土保持", "水土保持方案"),
    ("地灾", "地质灾害危险性评估", "地灾评估", "地质灾害评估"),
    ("安评", "安全评价", "安全预评价", "安全验收评价"),
    ("能评", "节能评估", "节能报告"),
    ("稳评", "社会稳定风险评估"),
    ("造价", "工程造价咨询", "造价咨询"),
    ("测绘", "测量"),
    ("防雷检测", "防雷装置检测", "雷电防护装置检测"),
    ("雷评", "雷电灾害风险评估"),
    ("可研", "可行性研究报告", "可行性研究"),
    ("职评", "职业病危害评价", "职业病危害预评价", "职业病危害控制效果评价", "职业卫生评价"),
    ("洪评", "防洪评价", "洪水影响评价"),
    ("文评", "文物影响评估"),
    ("交评", "交通影响评价", "交通影响评估"),
    ("震评", "地震安全性评价", "地震安评"),
    ("土地复垦", "复垦方案"),
    ("施工图审查", "图审", "施工图设计文件审查"),
    ("林评", "使用林地可行性报告", "林地可行性报告"),
    ("压矿", "压矿评估", "压覆矿产资源评估", "压覆重要矿产资源评估"),
    ("气候论证", "气候可行性论证"),
    ("排污口论证", "入河排污口设置论证"),
    ("消防检测", "消防设施检测"),
    ("质量检测", "工程质量检测", "建设工程质量检测"),
    ("房屋鉴定", "房屋安全鉴定", "危房鉴定"),
    ("岩土勘察", "岩土工程勘察"),
    ("规划核实", "规划核实测量"),
    ("地形测量", "地形图测绘"),
    ("勘测定界", "土地勘测定界"),
    ("房产测绘", "房屋测绘", "房产测量"),
    ("房地产估价", "房产评估", "房地产评估"),
    ("土地估价", "土地评估", "地价评估"),
    ("国资评估", "国有资产评估"),
    ("考古勘探", "考古调查勘探"),
    ("涉路安评", "涉路工程安全评价"),
]


def seed(seeder):
    """Bring the demo's synonym groups up to date (seeder: core.demo.seed.Seeder, after its users)."""
    actor = seeder.regulators["env"]
    existing = {}
    for group in SynonymGroup.objects.order_by("pk"):
        existing.setdefault(group.word_list()[0] if group.word_list() else "", group)
    for words in GROUPS:
        group = existing.get(words[0])
        if group is None:
            create_synonym_group(actor=actor, words="\n".join(words), note=NOTE, reason=REASON)
            seeder.counter.note(SynonymGroup, True, False)
        elif group.word_list() != list(words) or group.note != NOTE:
            try:
                update_synonym_group(actor=actor, group=group, words="\n".join(words), note=NOTE, reason=REASON)
            except SynonymWordTaken:
                continue  # a regulator has since put one of its words in another group: theirs stands
            seeder.counter.note(SynonymGroup, False, True)
