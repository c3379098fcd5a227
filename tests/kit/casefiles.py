"""Realistic case-file documents (决定书, 告知书, 送达回证) written as docx, PDF and txt, with planted defects.

The texts follow the published formats of 市场监管, 生态环境, 城管综合执法, 交通 and 林业 decisions.
Each builder returns a list of paragraphs; ``defects`` change one element the way real
published decisions get it wrong (see ``PLANTED``).
"""

import datetime as dt
from pathlib import Path

CN_DIGITS = "〇一二三四五六七八九"


def cn_date(day: dt.date) -> str:
    """2023年5月6日 in the 二〇二三年五月六日 form some units print."""
    year = "".join(CN_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"


def _cn_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (
        CN_DIGITS[ones] if ones or not tens else ""
    )


# Each sector: authority, decision number, party block, facts, basis, penalty, relief bodies.
SECTORS = {
    "市场监管": {
        "authority": "重庆市綦江区市场监督管理局",
        "decision_no": "渝綦市监处罚〔2023〕12号",
        "notice_no": "渝綦市监罚告〔2023〕9号",
        "party": "重庆某某商贸有限公司",
        "party_lines": [
            "当事人：重庆某某商贸有限公司",
            "主体资格证照名称：营业执照",
            "统一社会信用代码：91500222MA5U1234XY",
            "住所：重庆市綦江区古南街道某某路1号",
            "法定代表人：张某某",
        ],
        "facts": "2023年3月2日，本局执法人员对当事人位于重庆市綦江区古南街道某某路1号的经营场所进行监督检查，"
        "发现当事人销售的“某某牌”酱油共12瓶已超过保质期，标签标示保质期至2023年2月20日。"
        "经查，当事人于2023年1月购进该批酱油共20瓶，已售出8瓶，违法所得共计96元。",
        "evidence": "上述事实，有现场笔录、询问笔录、当事人营业执照复印件、进货单据、照片等证据证明。",
        "statement": "2023年4月3日，本局向当事人送达了《行政处罚告知书》，告知当事人拟作出行政处罚的内容及事实、理由、依据，"
        "以及享有陈述、申辩和要求听证的权利。当事人在法定期限内未提出陈述、申辩，也未要求听证。",
        "violated": "《中华人民共和国食品安全法》第三十四条第十项",
        "penalty_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第五项",
        "discretion": "鉴于当事人主动配合调查，如实陈述违法事实，积极整改，依据《重庆市市场监督管理行政处罚裁量基准》，对其从轻处罚。",
        "penalties": ["没收违法所得人民币玖拾陆元（¥96.00）", "罚款人民币伍万元（¥50000.00）"],
        "fine": 50000,
        "fine_words": "伍万元",
        "confiscated": 96,
        "review_body": "重庆市綦江区人民政府",
        "court": "重庆市綦江区人民法院",
        "issued": dt.date(2023, 5, 6),
        "notified": dt.date(2023, 4, 3),
        "served": dt.date(2023, 5, 8),
        "violation": dt.date(2023, 1, 15),
    },
    "生态环境": {
        "authority": "重庆市綦江区生态环境局",
        "decision_no": "渝綦环罚〔2023〕8号",
        "notice_no": "渝綦环罚告〔2023〕6号",
        "party": "重庆某某建材有限公司",
        "party_lines": [
            "当事人：重庆某某建材有限公司",
            "统一社会信用代码：91500222MA60ABCD1K",
            "地址：重庆市綦江区三江街道某某村5组",
            "法定代表人：李某",
        ],
        "facts": "2023年2月14日，我局执法人员对你公司进行现场检查，发现你公司露天堆放砂石物料约300立方米，"
        "未采取覆盖、围挡等防治扬尘污染的措施，现场扬尘明显。",
        "evidence": "以上事实，有现场检查（勘察）笔录、调查询问笔录、现场照片、营业执照复印件等证据为凭。",
        "statement": "我局于2023年3月20日向你公司送达了《行政处罚事先（听证）告知书》，你公司在规定期限内未提出陈述、申辩意见，也未申请听证。",
        "violated": "《中华人民共和国大气污染防治法》第七十二条第一款",
        "penalty_basis": "《中华人民共和国大气污染防治法》第一百零八条第五项",
        "discretion": "依据《重庆市生态环境行政处罚裁量基准》，综合考虑你公司违法行为的情节和危害后果，决定按裁量基准的中间档次处罚。",
        "penalties": ["罚款叁万元（¥30000元）"],
        "fine": 30000,
        "fine_words": "叁万元",
        "review_body": "重庆市綦江区人民政府",
        "court": "重庆市綦江区人民法院",
        "issued": dt.date(2023, 4, 17),
        "notified": dt.date(2023, 3, 20),
        "served": dt.date(2023, 4, 19),
        "violation": dt.date(2023, 2, 14),
    },
    "城管综合执法": {
        "authority": "重庆市綦江区城市管理局",
        "decision_no": "綦城管罚〔2023〕21号",
        "notice_no": "綦城管罚告〔2023〕17号",
        "party": "王某某",
        "party_lines": [
            "当事人：王某某，性别：男，公民身份号码：500222198803151234，住址：重庆市綦江区文龙街道某某小区3栋2单元",
        ],
        "facts": "经查，当事人于2023年6月5日在綦江区文龙街道某某路人行道上占道摆摊经营水果，经执法人员劝阻后仍未改正，"
        "影响市容环境卫生。",
        "evidence": "以上事实有现场检查笔录、询问笔录、现场照片及当事人身份证复印件等证据证实。",
        "statement": "本局于2023年6月12日依法告知当事人拟作出行政处罚的事实、理由、依据及其享有的陈述、申辩权利，当事人未提出陈述、申辩。",
        "violated": "《重庆市市容环境卫生管理条例》第二十条第一款",
        "penalty_basis": "《重庆市市容环境卫生管理条例》第五十三条第二项",
        "discretion": "当事人系初次违法，根据《重庆市城市管理行政处罚裁量基准》，给予较轻档次处罚。",
        "penalties": ["罚款人民币伍佰元（500元）"],
        "fine": 500,
        "fine_words": "伍佰元",
        "review_body": "重庆市綦江区人民政府",
        "court": "重庆市綦江区人民法院",
        "issued": dt.date(2023, 6, 26),
        "notified": dt.date(2023, 6, 12),
        "served": dt.date(2023, 6, 27),
        "violation": dt.date(2023, 6, 5),
    },
    "交通": {
        "authority": "重庆市綦江区交通运输综合行政执法支队",
        "decision_no": "綦交执罚〔2023〕45号",
        "notice_no": "綦交执罚告〔2023〕40号",
        "party": "刘某某",
        "party_lines": [
            "当事人：刘某某",
            "身份证号码：500222199001011234",
            "住址：重庆市綦江区通惠街道某某街8号",
            "车辆号牌：渝B·D1234",
        ],
        "facts": "2023年7月10日，执法人员在綦江区某某路口依法检查时发现，当事人驾驶渝B·D1234小型轿车，"
        "未取得道路运输经营许可，擅自从事道路旅客运输经营，载客3人，收取车费60元。",
        "evidence": "上述违法事实有现场笔录、询问笔录、乘客证言、车辆行驶证及驾驶证复印件、执法记录仪视频等证据证明。",
        "statement": "本机关于2023年7月20日向当事人送达了《违法行为通知书》，当事人在规定期限内提出了陈述、申辩意见，"
        "本机关经复核认为其理由不成立，不予采纳。",
        "violated": "《中华人民共和国道路运输条例》第十条",
        "penalty_basis": "《中华人民共和国道路运输条例》第六十三条",
        "discretion": "根据《重庆市交通运输行政处罚裁量基准》，当事人违法所得较少，按一般情节处罚。",
        "penalties": ["罚款人民币壹万元整（¥10000元）"],
        "fine": 10000,
        "fine_words": "壹万元整",
        "review_body": "重庆市綦江区人民政府",
        "court": "重庆市綦江区人民法院",
        "issued": dt.date(2023, 8, 8),
        "notified": dt.date(2023, 7, 20),
        "served": dt.date(2023, 8, 9),
        "violation": dt.date(2023, 7, 10),
    },
    "林业": {
        "authority": "重庆市綦江区林业局",
        "decision_no": "綦林罚〔2022〕3号",
        "notice_no": "綦林罚告〔2022〕2号",
        "party": "陈某某",
        "party_lines": [
            "被处罚人：陈某某，男，1965年3月出生，身份证号：500222196503051234，住重庆市綦江区东溪镇某某村2组",
        ],
        "facts": "经查明：2021年11月至12月，被处罚人未取得林木采伐许可证，擅自在东溪镇某某村2组集体林地内采伐马尾松，"
        "经鉴定，滥伐林木蓄积5.2立方米，林木价值共计人民币2600元。",
        "evidence": "上述事实有现场勘验笔录、询问笔录、林木蓄积鉴定意见、林地权属证明等证据证实。",
        "statement": "本局于2022年2月10日告知被处罚人拟作出的行政处罚及其依法享有的陈述、申辩和要求听证的权利，被处罚人未提出陈述、申辩，未要求听证。",
        "violated": "《中华人民共和国森林法》第五十六条第一款",
        "penalty_basis": "《中华人民共和国森林法》第七十六条第二款",
        "discretion": "鉴于被处罚人主动补种树木，根据《重庆市林业行政处罚裁量基准》，按滥伐林木价值三倍处以罚款。",
        "penalties": ["责令在原地补种滥伐株数五倍的树木", "罚款人民币柒仟捌佰元（7800元）"],
        "fine": 7800,
        "fine_words": "柒仟捌佰元",
        "review_body": "重庆市綦江区人民政府",
        "court": "重庆市綦江区人民法院",
        "issued": dt.date(2022, 3, 1),
        "notified": dt.date(2022, 2, 10),
        "served": dt.date(2022, 3, 2),
        "violation": dt.date(2021, 12, 1),
    },
}


def decision(sector: str, **defects) -> list[str]:
    """A 行政处罚决定书 of the sector; ``defects`` override parts (None leaves a part out)."""
    s = {**SECTORS[sector], **defects}
    paragraphs = [s["authority"], "行政处罚决定书", s["decision_no"], *s["party_lines"]]
    for key in ("facts", "evidence", "statement"):
        if s.get(key):
            paragraphs.append(s[key])
    if s.get("violated") and s.get("penalty_basis"):
        paragraphs.append(
            f"当事人的上述行为违反了{s['violated']}的规定，依据{s['penalty_basis']}的规定，"
        )
    if s.get("discretion"):
        paragraphs.append(s["discretion"])
    opening = s.get("operative", "本机关决定对当事人作出如下行政处罚：")
    paragraphs.append(opening)
    paragraphs += [f"{n}.{p}；" for n, p in enumerate(s["penalties"], 1)]
    if s.get("payment", True):
        paragraphs.append(
            s.get(
                "payment_text",
                "当事人应当自收到本行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚没款。"
                "到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款。",
            )
        )
    if s.get("relief", True):
        paragraphs.append(
            s.get(
                "relief_text",
                f"当事人如不服本行政处罚决定，可以在收到本决定书之日起六十日内向{s['review_body']}申请行政复议，"
                f"也可以在六个月内直接向{s['court']}提起行政诉讼。申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。",
            )
        )
    if s.get("closing", True):
        paragraphs += [s["authority"], s.get("date_text", cn_date(s["issued"]))]
    return paragraphs


def notice(sector: str, *, hearing: bool = True, **defects) -> list[str]:
    """A 行政处罚告知书 (听证告知书 when ``hearing``) of the sector."""
    s = {**SECTORS[sector], **defects}
    title = "行政处罚听证告知书" if hearing else "行政处罚告知书"
    rights = (
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条的规定，"
        "你（单位）享有陈述、申辩和要求听证的权利。你（单位）可以在收到本告知书之日起五个工作日内向本机关提出陈述、申辩或者要求举行听证，"
        "逾期视为放弃上述权利。"
        if hearing
        else "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）享有陈述、申辩的权利，"
        "可以在收到本告知书之日起五个工作日内向本机关提出陈述、申辩，逾期视为放弃。"
    )
    return [
        s["authority"],
        title,
        s["notice_no"],
        f"{s.get('notice_party', s['party'])}：",
        f"经查，{s['facts']}",
        f"你（单位）的上述行为违反了{s['violated']}的规定，依据{s['penalty_basis']}的规定，"
        f"本机关拟对你（单位）作出如下行政处罚：{'；'.join(s['penalties'])}。",
        s.get("rights_text", rights),
        s["authority"],
        cn_date(s["notified"]),
    ]


def service_record(sector: str, **defects) -> list[str]:
    """A 送达回证 for the sector's decision."""
    s = {**SECTORS[sector], **defects}
    served = s["served"]
    return [
        s["authority"],
        "送达回证",
        f"送达文书名称及文号：行政处罚决定书 {s['decision_no']}",
        f"受送达人：{s.get('served_party', s['party'])}",
        f"送达地点：{s['party_lines'][-1].split('：')[-1]}",
        "送达方式：直接送达",
        f"送达时间：{served.year}年{served.month}月{served.day}日",
        "受送达人签名：（签名）",
        "送达人：王某、李某",
    ]


# ---------------------------------------------------------------- writers


def write_docx(path: Path, paragraphs: list[str], *, table: bool = False) -> Path:
    """A .docx as units write them: paragraphs; a service record as a two-column table."""
    from docx import Document

    document = Document()
    if table:
        rows = [p.split("：", 1) for p in paragraphs if "：" in p]
        for p in paragraphs[:2]:
            document.add_paragraph(p)
        grid = document.add_table(rows=len(rows), cols=2)
        for r, (label, value) in enumerate(rows):
            grid.cell(r, 0).text = label
            grid.cell(r, 1).text = value
    else:
        for p in paragraphs:
            document.add_paragraph(p)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_pdf(path: Path, paragraphs: list[str], *, per_page: int = 12) -> Path:
    """A PDF with a text layer (reportlab's built-in Chinese CID font, no font file needed)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path))
    for start in range(0, len(paragraphs), per_page):
        y = 800
        pdf.setFont("STSong-Light", 10.5)
        for paragraph in paragraphs[start : start + per_page]:
            for i in range(0, len(paragraph), 40):  # wrapped lines, as a printed page has them
                pdf.drawString(50, y, paragraph[i : i + 40])
                y -= 16
            y -= 10
        pdf.showPage()
    pdf.save()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF whose pages carry only drawings (a scan without a text layer)."""
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path))
    pdf.rect(50, 50, 400, 700, fill=1)
    pdf.showPage()
    pdf.save()
    return path


def write_txt(path: Path, paragraphs: list[str], encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\r\n".join(paragraphs).encode(encoding))
    return path


def register_row(sector: str, **changes) -> dict:
    """The register row (headers as keys) that agrees with the sector's documents."""
    s = SECTORS[sector]
    kinds = ["罚款"] + (["没收违法所得"] if s.get("confiscated") else [])
    row = {
        "执法单位": s["authority"],
        "案号": s["decision_no"],
        "程序类型": "普通程序",
        "当事人": s["party"],
        "当事人类别": "自然人" if s["party"].endswith("某某") else "法人及非法人组织",
        "违法行为发生日期": s["violation"],
        "立案日期": s["violation"] + dt.timedelta(days=3),
        "告知日期": s["notified"],
        "决定日期": s["issued"],
        "送达日期": s["served"],
        "处罚种类": "、".join(kinds),
        "罚款金额（元）": s["fine"],
        "处罚依据": s["penalty_basis"],
        "执法人员": "王某、李某",
        "执法证号": "50020001、50020002",
    }
    if s.get("confiscated"):
        row["没收金额（元）"] = s["confiscated"]
    row.update(changes)
    return row
