"""Build the shipped .docx templates of the 整改通知书 and the 评查情况通报 (templates/*.docx).

The shipped .docx files are what a clerk edits in Word or WPS (docs/templates.md); this script
only makes them reproducibly, with the GB/T 9704 layout of evaltool's docx writer: 红头 masthead,
发文字号 and red line, title, body placeholders, tables whose rows come from a loop
(``{%tr for %}``, rows never split, header repeated), headings kept with the next paragraph, and
the 落款 and date kept with the last lines of the body. The wording follows notice.html.j2 and
summary.html.j2.

    python scripts/build_docx_templates.py          # writes templates/notice.docx, summary.docx
"""

import io
import sys
import zipfile
from pathlib import Path

from evaltool.render.blocks import Block, PageBreak, Paragraph, Rule, Table
from evaltool.render.docx import build_document

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def p(text: str, style: str = "body", *, keep: bool = False) -> Paragraph:
    return Paragraph([(text, False)], style, keep_with_next=keep)


def tag(statement: str) -> Paragraph:
    """A paragraph holding only a ``{%p … %}`` statement; it leaves no paragraph behind."""
    return p(f"{{%p {statement} %}}", "noindent")


def table(header: list[str], row: list[str], widths: list[float], loop: str) -> Table:
    """A table with a header row and one row repeated ``for {loop}`` (docxtpl ``{%tr %}``)."""
    blank = [""] * (len(row) - 1)
    return Table(
        [header, [f"{{%tr for {loop} %}}", *blank], row, ["{%tr endfor %}", *blank]],
        header_rows=1,
        widths=[w / 100 for w in widths],
    )


def masthead() -> list[Block]:
    """版头: 「草稿」 on drafts, the issuer in red, the 发文字号, the red line (GB/T 9704 §7.2)."""
    return [
        tag('set issuer = review.reviewing_body or "【待填写：评查组织单位】"'),
        tag("if draft"),
        p("草稿", "draft"),
        tag("endif"),
        p("{{ issuer }}", "issuer"),
        p("{{ document.number }}", "docno"),
        Rule(),
    ]


def signature() -> list[Block]:
    """落款 and 成文日期; the paragraphs before them are kept with them (``keep``)."""
    return [
        p("{{ issuer }}", "signature", keep=True),
        p("{{ document.date|date_cn }}", "signature"),
    ]


STANDARDS = (
    "评查标准为{% for c in review.checklists %}《{{ c.title }}》"
    "{% if c.procedures and review.checklists|length > 1 %}（{{ c.procedures|join('、') }}案卷）"
    "{% endif %}{% if not loop.last %}、{% endif %}{% endfor %}"
)
PERIOD = (
    "{% if review.period_from and review.period_to %}"
    "{{ review.period_from|date_cn }}至{{ review.period_to|date_cn }}期间办结的行政处罚案卷，{% endif %}"
)
CONTACTS = (
    "联系人：{% for c in contacts %}{{ c.name }}{% if c.office %}（{{ c.office }}）{% endif %}"
    "{% if c.phone %}，联系电话：{{ c.phone }}{% endif %}{{ '；' if not loop.last else '' }}"
    "{% endfor %}。"
)
UNIT_GRADES = (
    "{% for grade in unit.grades %}{{ grade.name }}{{ grade.count }}件"
    "{{ '，' if not loop.last else '' }}{% endfor %}"
)


def contacts(*, keep: bool) -> list[Block]:
    return [tag("if contacts"), p(CONTACTS, keep=keep), tag("endif")]


def unit_level_part() -> list[Block]:
    """「（二）单位层面存在的问题」: the unit-level items (level: unit) deducted, or still open."""
    return [
        p("（二）单位层面存在的问题", "heading2", keep=True),
        tag("if unit_level.problems"),
        p("经评查，你单位在单位层面存在问题{{ unit_level.problems|length }}个，具体如下："),
        table(
            ["序号", "评查项目", "问题描述", "依据", "扣分", "整改建议"],
            [
                "{{ problem.no }}",
                "{{ problem.title }}",
                "{{ problem.description }}",
                "{{ problem.basis }}",
                "{{ problem.deduction_text }}",
                "{{ problem.remediation }}",
            ],
            [9, 20, 31, 15, 8, 17],
            "problem in unit_level.problems",
        ),
        tag("if unit_level.pending"),
        p("另有{{ unit_level.pending }}项单位层面的评查项目尚未评查，评查完成后另行通知。"),
        tag("endif"),
        tag("elif unit_level.pending == unit_level.total"),
        p(
            "单位层面的评查项目（共{{ unit_level.total }}项）尚未评查，本通知暂不包括单位层面的问题，"
            "评查完成后另行通知。"
        ),
        tag("elif unit_level.pending"),
        p(
            "经评查，已评查的单位层面评查项目未发现需要整改的问题；另有{{ unit_level.pending }}项"
            "单位层面的评查项目尚未评查，评查完成后另行通知。"
        ),
        tag("else"),
        p("经评查，未发现你单位在单位层面存在需要整改的问题。"),
        tag("endif"),
    ]


def feedback_table() -> Table:
    """整改情况反馈表: the files' problems, then the unit-level ones (案号 单位层面)."""
    blank = ["", "", "", "", ""]
    return Table(
        [
            ["序号", "案号", "存在的问题", "整改措施", "整改情况", "责任人"],
            ["{%tr for problem in problems %}", *blank],
            [
                "{{ problem.no }}",
                "{{ problem.case_no|case_no }}",
                "{% if problem.veto %}【否决项】{% endif %}{{ problem.title }}",
                "",
                "",
                "",
            ],
            ["{%tr endfor %}", *blank],
            ["{%tr for problem in unit_problems %}", *blank],
            ["{{ problem.no }}", "单位层面", "{{ problem.title }}", "", "", ""],
            ["{%tr endfor %}", *blank],
        ],
        header_rows=1,
        widths=[w / 100 for w in (9, 22, 25, 19, 14, 11)],
    )


def notice() -> list[Block]:
    mean = "{% if figures.final %}平均得分{% else %}{{ figures.mean_name }}{% endif %}"
    vetoes = 'problems|selectattr("veto")|list'
    return [
        *masthead(),
        p("行政处罚案卷评查整改通知书", "title"),
        p("{{ unit.full_name }}：", "addressee"),
        p(
            "根据《中华人民共和国行政处罚法》第七十五条等规定，{{ issuer }}组织开展了{{ review.name }}"
            "{% if review.law_firm %}，委托{{ review.law_firm }}具体实施{% endif %}。"
            "{% if review.period_from and review.period_to %}本次评查范围为{% endif %}"
            + PERIOD
            + STANDARDS
            + "。现将你单位案卷评查情况及整改要求通知如下。"
        ),
        p("一、评查基本情况", "heading1"),
        p(
            f"本次共评查你单位行政处罚案卷{{{{ unit.cases }}}}件，{mean}{{{{ unit.mean_score|number }}}}分，"
            "在{{ ranked_units }}个参评单位中排名第{{ unit.rank }}位。按等次分："
            + UNIT_GRADES
            + "；存在否决项的案卷{{ unit.vetoed }}件。"
            "{% if not figures.final %}以上得分和等次是暂定的，不是最终评查结论。{% endif %}"
            "各案卷评查结果如下："
        ),
        table(
            ["序号", "案号", "当事人", "{{ figures.score_name }}", "等次", "否决项"],
            [
                "{{ loop.index }}",
                "{{ case.case_no|case_no }}",
                "{{ case.party }}",
                "{{ case.score|number }}",
                "{{ case.grade }}",
                '{{ case.veto_items|join("、") or "无" }}',
            ],
            [8, 34, 22, 9, 9, 18],
            "case in cases",
        ),
        p("二、存在的问题", "heading1"),
        tag("set unit_problems = unit_level.problems if unit_level else []"),
        tag("if problems or unit_problems"),
        tag("if unit_level"),
        p("（一）案卷存在的问题", "heading2", keep=True),
        tag("endif"),
        tag("if problems"),
        p(
            "经评查，你单位案卷共存在问题{{ problems|length }}个"
            f"{{% if {vetoes} %}}，其中否决项{{{{ {vetoes}|length }}}}个{{% endif %}}，"
            "具体如下（否决项列在前）："
        ),
        table(
            ["序号", "案号", "问题描述", "依据", "扣分", "整改建议"],
            [
                "{{ problem.no }}",
                "{{ problem.case_no|case_no }}",
                "{% if problem.veto %}【否决项】{% endif %}{{ problem.title }}：{{ problem.description }}",
                "{{ problem.basis }}",
                "{{ problem.deduction_text }}",
                "{{ problem.remediation }}",
            ],
            [9, 22, 29, 15, 8, 17],
            "problem in problems",
        ),
        tag("else"),
        p("经评查，未发现你单位案卷存在需要整改的问题。"),
        tag("endif"),
        tag("if unit_level"),
        *unit_level_part(),
        tag("endif"),
        p("三、整改要求", "heading1"),
        p(
            "（一）逐案整改。对上表所列问题逐案逐项分析原因，能够补正的及时补正（如补充送达回证、"
            "完善文书记载事项）；已无法补正的，书面说明情况，并采取措施防止同类问题再次发生。"
        ),
        p(
            "（二）举一反三。针对问题成因，从文书模板、办案流程、法制审核和业务培训等方面完善制度，"
            "切实提高行政执法规范化水平。"
        ),
        p(
            "（三）按时反馈。请于{{ deadline.date|date_cn }}前（本通知印发之日起"
            "{{ deadline.workdays }}个工作日内）将整改情况书面报送{{ issuer }}，"
            "并填写附件《整改情况反馈表》。{{ deadline.note }}",
            keep=True,
        ),
        tag("else"),
        tag("if unit_level"),
        p("（一）案卷存在的问题", "heading2", keep=True),
        p("经评查，未发现你单位案卷存在需要整改的问题。"),
        *unit_level_part(),
        tag("endif"),
        p(
            "{% if not unit_level %}经评查，未发现你单位案卷存在需要整改的问题。{% endif %}"
            "请继续保持，进一步规范行政执法行为。",
            keep=True,
        ),
        tag("endif"),
        *contacts(keep=True),
        tag("if problems or unit_problems"),
        p("附件：整改情况反馈表", keep=True),
        tag("endif"),
        *signature(),
        tag("if problems or unit_problems"),
        PageBreak(),
        p("附件", "heading1"),
        p("整改情况反馈表", "title"),
        p("填报单位（盖章）：{{ unit.full_name }}", "noindent"),
        feedback_table(),
        p("填报人：　　　　　　联系电话：　　　　　　填报日期：　　年　　月　　日", "noindent"),
        p(
            "注：请于{{ deadline.date|date_cn }}前报送{{ issuer }}；“整改情况”填写已整改、整改中或"
            "无法整改（说明原因），并附佐证材料。",
            "noindent",
        ),
        tag("endif"),
    ]


def _units_table() -> Table:
    """各单位评查结果; the grade columns come from a cell loop (``{%tc for %}``)."""
    has = " if unit.has_cases else '—'"
    return Table(
        [
            [
                "排名",
                "执法单位",
                "{%tc if show_group %}",
                "类别",
                "{%tc endif %}",
                "评查数",
                "{{ figures.mean_short }}",
                "{%tc for name in grade_names %}",
                "{{ name }}",
                "{%tc endfor %}",
                "否决",
                "问题数",
            ],
            ["{%tr for unit in units %}", *[""] * 11],
            [
                f"{{{{ (unit.rank_span or unit.rank){has} }}}}",
                "{{ unit.full_name }}",
                "{%tc if show_group %}",
                "{{ unit.group }}",
                "{%tc endif %}",
                "{{ unit.cases if unit.has_cases else unit.cases_text }}",
                f"{{{{ unit.mean_score|number{has} }}}}",
                "{%tc for grade in unit.grades %}",
                f"{{{{ grade.count{has} }}}}",
                "{%tc endfor %}",
                f"{{{{ unit.vetoed{has} }}}}",
                f"{{{{ unit.problems{has} }}}}",
            ],
            ["{%tr endfor %}", *[""] * 11],
        ],
        header_rows=1,
        caption="各单位评查结果",
        # the cells left after rendering are fitted to the text width in these proportions
        widths=[w / 100 for w in (7, 24, 3, 9, 3, 7, 9, 3, 8, 3, 7, 9)],
    )


def _index_table() -> Table:
    rank = (
        "{% if unit.rank_range %}{{ unit.rank_range[0] }}"
        "{% if unit.rank_range[1] != unit.rank_range[0] %}–{{ unit.rank_range[1] }}{% endif %}"
        "{% else %}{{ unit.rank or '—' }}{% endif %}"
    )
    index = (
        "{% if unit.index is not none %}{{ unit.index|number }}"
        "{% if unit.provisional %}（暂定）{% endif %}{% else %}{{ unit.note or '—' }}{% endif %}"
    )
    return Table(
        [
            [
                "排名",
                "执法单位",
                "指数",
                "{%tc for i in index.config.indicators %}",
                "{{ i.title }}",
                "{%tc endfor %}",
            ],
            ["{%tr for unit in index.units %}", *[""] * 5],
            [
                rank,
                "{{ unit.full_name }}",
                index,
                "{%tc for part in unit.parts %}",
                "{{ part.normalised|number or '—' }}",
                "{%tc endfor %}",
            ],
            ["{%tr endfor %}", *[""] * 5],
        ],
        header_rows=1,
        caption="各单位{{ index.title }}",
        widths=[w / 100 for w in (8, 32, 15, 3, 20, 3)],
    )


def summary() -> list[Block]:
    mean = "{% if figures.final %}平均得分{% else %}{{ figures.mean_name }}{% endif %}"
    grades = (
        "{% for grade in grades %}{{ grade.name }}{{ grade.count }}件（占{{ grade.rate|percent }}）"
        "{{ '，' if not loop.last else '' }}{% endfor %}"
    )
    few = (
        "{% if few_file_units %}；{% for unit in few_file_units %}{{ unit.full_name }}"
        "（{{ unit.cases }}件）{{ '、' if not loop.last else '' }}{% endfor %}评查案卷不足"
        "{{ min_files }}件，平均分受个别案卷影响大，不与其他单位区分名次{% endif %}"
    )
    return [
        *masthead(),
        p("关于{{ review.name }}情况的通报", "title"),
        p('各{{ addressees|join("、") if addressees else "有关单位" }}：', "addressee"),
        p(
            "为进一步规范行政执法行为、提升行政执法质量，根据《中华人民共和国行政处罚法》第七十五条"
            "等规定，{{ issuer }}组织开展了{{ review.name }}。现将有关情况通报如下。"
        ),
        p("一、基本情况", "heading1"),
        p(
            "本次评查{% if review.period_from and review.period_to %}范围为{% endif %}"
            + PERIOD
            + STANDARDS
            + "{% if review.method %}，采取{{ review.method }}的方式{% endif %}"
            "{% if review.law_firm %}，由{{ review.law_firm }}具体实施{% endif %}。"
            "共涉及执法单位{{ totals.units }}个，评查案卷{{ totals.cases }}件"
            "{% if totals.units_without_cases %}，其中{{ totals.units_without_cases }}个单位评查期间"
            "无案卷{% endif %}{% if totals.skipped %}；另有{{ totals.skipped }}件案卷不属于本评查标准的"
            "适用范围，未纳入评分{% endif %}。"
        ),
        p("二、评查结果", "heading1"),
        tag('set show_group = units|selectattr("group")|list|length > 0'),
        tag("if totals.cases"),
        p(
            f"全部案卷{mean}{{{{ totals.mean_score|number }}}}分。按等次分：{grades}；"
            "存在否决项的案卷{{ totals.vetoed }}件，共发现问题{{ totals.problems }}个。"
            "{% if not figures.final %}以上得分和等次是暂定的，不是最终评查结论。{% endif %}"
            "各单位评查结果见下表（按平均分排名）。"
        ),
        tag("if yoy"),
        p('与上一次评查相比：{{ yoy.sentences|join("；") }}。'),
        tag("endif"),
        tag("else"),
        p("本次评查未评查到案卷。"),
        tag("endif"),
        _units_table(),
        tag('if units|selectattr("rank_span")|list'),
        p(
            "排名栏为各单位可能的名次范围：按各单位自身案卷重复抽样估计平均分的90%区间，"
            "区间相互重叠的单位不分先后，名次写作范围（如“2–5”）" + few + "。"
        ),
        tag("endif"),
        tag("if good_units"),
        p(
            "{% for unit in good_units %}{{ unit.full_name }}（平均{{ unit.mean_score|number }}分）"
            "{{ '、' if not loop.last else '' }}{% endfor %}"
            "{{ '等单位' if good_units|length > 1 else '' }}案卷无否决项、平均分位居前列，"
            "执法程序规范、文书制作严谨，值得各单位学习借鉴。"
        ),
        tag("endif"),
        tag("if index"),
        p(
            "按{{ index.title }}{% if index.config.shipped %}（默认配置）{% endif %}计算，"
            "全区（县）指数为{{ index.county.index|number or '—' }}，各单位指数见下表（每项折算为"
            " 0–100 分，{% for i in index.config.indicators if i.weight %}{{ i.title }}"
            "{{ i.weight_share|percent }}{{ '、' if not loop.last else '' }}{% endfor %}加权，"
            "无数据的指标不计入、其余权重按比例放大；计算过程见{{ index.title }}报告）。"
        ),
        _index_table(),
        tag("endif"),
        p("三、存在的主要问题", "heading1"),
        tag("if categories"),
        p("评查共发现问题{{ totals.problems }}个，按问题类别归纳如下（按出现次数排列）："),
        tag("for category in categories"),
        p(
            "（{{ loop.index|hanzi }}）{{ category.name }}方面（{{ category.count }}个）",
            "heading2",
        ),
        tag("for item in category.problems"),
        p(
            "{{ loop.index }}．{{ item.title }}{% if item.veto %}（否决项）{% endif %}，"
            "共{{ item.count }}次，涉及{{ item.units }}个单位。{% for example in item.examples %}"
            "{{ '如' if loop.first else '' }}{{ example.unit }}{{ example.case_no|case_no }}案卷，"
            "{{ example.text }}{{ '；' if not loop.last else '。' }}{% endfor %}"
        ),
        tag("endfor"),
        tag("endfor"),
        tag("else"),
        p("本次评查未发现案卷存在问题。"),
        tag("endif"),
        tag("if unit_level and (unit_level.problems or unit_level.pending_units)"),
        p(
            "单位层面，{% if unit_level.problems %}{{ unit_level.units }}个单位存在问题"
            "{{ unit_level.problems }}个，主要是：{% for item in unit_level['items'] %}{{ item.title }}"
            "（{{ item.units }}个单位）{{ '、' if not loop.last else '。' }}{% endfor %}"
            "{% else %}已评查的单位未发现问题。{% endif %}{% if unit_level.pending_units %}另有"
            "{{ unit_level.pending_units }}个单位的单位层面评查项目尚未评查完毕。{% endif %}"
        ),
        tag("endif"),
        tag("if rectification"),
        p(
            "本次评查共发现问题{{ rectification.problems }}个"
            "{% if unit_level and unit_level.problems %}（其中单位层面{{ unit_level.problems }}个）"
            "{% endif %}{% if rectification.suggestions %}，"
            "另提出工作建议{{ rectification.suggestions }}条{% endif %}"
            "{% if rectification.closed is not none %}；截至目前，已整改到位的问题"
            "{{ rectification.closed }}个{% endif %}。"
        ),
        tag("endif"),
        tag("if rectification and rectification.not_returned"),
        p(
            '截至目前，{{ rectification.not_returned|join("、") }}'
            "{% if rectification.not_returned|length > 1 %}等{{ rectification.not_returned|length }}"
            "个单位{% endif %}未报送整改台账，其问题均按未整改统计。"
        ),
        tag("endif"),
        tag("if rectification and rectification.pending"),
        p(
            "另有问题{{ rectification.pending }}个，单位已报整改并附佐证材料，"
            "待{{ issuer }}复核确认后销号。"
        ),
        tag("endif"),
        p("四、下一步工作要求", "heading1"),
        p(
            "（一）抓好问题整改。各单位要对照评查发现的问题逐案逐项整改，于{{ deadline.date|date_cn }}"
            "前将整改情况书面报送{{ issuer }}。{{ deadline.note }}"
        ),
        p("（二）开展“回头看”。{{ issuer }}将适时对整改情况进行复查，对整改不到位的单位予以督办。"),
        p("（三）强化结果运用。评查结果将纳入年度法治政府建设考核和行政执法责任制考核。"),
        p(
            "（四）建立长效机制。各单位要加强执法人员培训，完善文书模板和法制审核制度，"
            "不断提升行政执法规范化水平。",
            keep=True,
        ),
        *contacts(keep=True),
        tag("if top_problems"),
        p("附件：问题统计表", keep=True),
        tag("endif"),
        *signature(),
        tag("if top_problems"),
        PageBreak(),
        p("附件", "heading1"),
        p("问题统计表", "title"),
        tag("set row = namespace(no=0)"),
        Table(
            [
                ["序号", "类别", "问题", "次数", "涉及单位数"],
                ["{%tr for category in categories %}", "", "", "", ""],
                ["{%tr for item in category.problems %}", "", "", "", ""],
                [
                    "{% set row.no = row.no + 1 %}{{ row.no }}",
                    "{{ category.name }}",
                    "{% if item.veto %}【否决项】{% endif %}{{ item.title }}",
                    "{{ item.count }}",
                    "{{ item.units }}",
                ],
                ["{%tr endfor %}", "", "", "", ""],
                ["{%tr endfor %}", "", "", "", ""],
            ],
            header_rows=1,
            widths=[0.08, 0.16, 0.46, 0.14, 0.16],
        ),
        tag("endif"),
    ]


def merge_row_tags(document) -> None:
    """A row holding only ``{%tr … %}`` as one cell across the table, easy to read in Word."""
    for table in document.tables:
        for row in table.rows:
            cells = row.cells
            if cells[0].text.startswith("{%tr") and len(cells) > 1:
                cells[0].merge(cells[-1])


def save_reproducibly(document, path: Path) -> None:
    """Save with fixed timestamps, so that the same script gives the same bytes."""
    built = io.BytesIO()
    document.core_properties.comments = ""
    document.save(built)
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))


def main(folder: Path = TEMPLATES) -> None:
    for name, blocks in (("notice.docx", notice()), ("summary.docx", summary())):
        document = build_document(blocks)
        merge_row_tags(document)
        save_reproducibly(document, folder / name)
        print(f"已生成 {folder.name}/{name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES)
