"""The demo district's case-file documents (文书): 决定书, 告知书 and 送达回证 as text files.

Written from the register rows make_district.py generates, for the first cases of a few units,
one folder per case named by its 决定书文号 (docs/documents.md). Some documents carry the defects
real published decisions show; the rest agree with the register. Text files keep the demo
byte-reproducible (a docx or PDF records the time it was written).
"""

import datetime as dt
from pathlib import Path

import cn2an

# Unit → (full name, the first N cases get documents).
DOCUMENTED = {
    "明湖区市场监督管理局": ("明湖市明湖区市场监督管理局", 8),
    "明湖区生态环境局": ("明湖市明湖区生态环境局", 6),
    "明湖区城市管理局": ("明湖市明湖区城市管理局", 6),
}
# The n-th documented case of a unit (from 0) gets this defect; the others are clean.
DEFECTS = {1: "truncated", 3: "draft_word", 4: "name_two_ways", 5: "no_late_fee", 6: "no_statement"}
REVIEW_BODY = "明湖市明湖区人民政府"
COURT = "明湖市明湖区人民法院"


def write_casefiles(folder: Path, unit: str, cases: list[dict]) -> None:
    """The documents of the first cases of ``unit`` into ``folder``/<决定书文号>/."""
    authority, count = DOCUMENTED[unit]
    for n, case in enumerate(c for c in cases[:count] if c.get("决定日期")):
        defect = DEFECTS.get(n)
        case_folder = folder / _safe(case["决定书文号"])
        case_folder.mkdir(parents=True, exist_ok=True)
        _write(case_folder / "行政处罚决定书.txt", decision(case, authority, defect))
        if case.get("告知日期"):
            _write(case_folder / "行政处罚告知书.txt", notice(case, authority, defect))
        if case.get("送达日期"):
            _write(case_folder / "送达回证.txt", service_record(case, authority))


def _safe(name: str) -> str:
    return "".join("_" if ch in '/\\:*?"<>|' else ch for ch in name)


def _write(path: Path, paragraphs: list[str]) -> None:
    path.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _money(amount) -> str:
    """伍仟元（¥5000元）"""
    words = cn2an.an2cn(int(amount), "rmb").removesuffix("整")
    return f"{words}（¥{int(amount)}元）"


def _party_lines(case: dict) -> list[str]:
    label = "统一社会信用代码" if case["当事人类别"] == "法人及非法人组织" else "身份证号码"
    return [
        f"当事人：{case['当事人']}",
        f"{label}：{case['证件号码']}",
        "住所：明湖市明湖区某某路1号",
    ]


def _penalties(case: dict) -> list[str]:
    items = []
    if case.get("没收金额（元）"):
        items.append(f"没收违法所得{_money(case['没收金额（元）'])}")
    if case.get("罚款金额（元）"):
        items.append(f"罚款{_money(case['罚款金额（元）'])}")
    return items or ["警告"]


def _law(basis: str) -> str:
    return basis.split("》")[0] + "》" if "》" in basis else basis


def decision(case: dict, authority: str, defect: str | None) -> list[str]:
    """A 行政处罚决定书 that agrees with the register row, but for ``defect``."""
    operative = (
        "本机关拟对当事人作出如下行政处罚："
        if defect == "draft_word"
        else ("本机关决定对当事人作出如下行政处罚：")
    )
    relief = (
        f"如不服本决定，可以在收到本决定书之日起六十日内向{REVIEW_BODY}申请行政复议，"
        f"也可以在六个月内向{COURT}提起行政诉讼。"
    )
    paragraphs = [
        authority,
        "行政处罚决定书",
        case["决定书文号"],
        *_party_lines(case),
        f"{_date(case['违法行为发生日期'])}，本机关执法人员检查发现，当事人{case['案由']}。",
        "上述事实，有现场检查笔录、询问笔录、当事人主体资格证明复印件、现场照片等证据证明。",
    ]
    if case.get("告知日期") and defect != "no_statement":
        paragraphs.append(
            f"本机关于{_date(case['告知日期'])}向当事人送达了行政处罚告知书，告知了拟作出行政处罚的事实、"
            "理由、依据及当事人依法享有的陈述、申辩权利，当事人在规定期限内未提出陈述、申辩。"
        )
    paragraphs += [
        f"当事人的上述行为违反了{_law(case['处罚依据'])}的规定，依据{case['处罚依据']}的规定，",
        "鉴于当事人积极配合调查并已改正违法行为，依据本机关行政处罚裁量基准，在法定幅度内从轻处罚。",
        operative,
        *(f"{n}.{item}；" for n, item in enumerate(_penalties(case), 1)),
    ]
    if case.get("罚款金额（元）"):
        late_fee = "到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款。"
        paragraphs.append(
            "当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚没款。"
            + ("" if defect == "no_late_fee" else late_fee)
        )
    if defect == "truncated":  # only the first page was scanned and converted
        return paragraphs
    return [*paragraphs, relief, authority, _date(case["决定日期"])]


def notice(case: dict, authority: str, defect: str | None) -> list[str]:
    party = case["当事人"]
    if defect == "name_two_ways":
        party = (
            party.replace("重庆", "重庆市", 1) if party.startswith("重庆") else party + "（个体）"
        )
    return [
        authority,
        "行政处罚告知书",
        case["决定书文号"].replace("罚〔", "罚告〔"),
        f"{party}：",
        f"经查，你（单位）{case['案由']}，违反了{_law(case['处罚依据'])}的规定，依据{case['处罚依据']}的规定，"
        f"本机关拟对你（单位）作出如下行政处罚：{'；'.join(_penalties(case))}。",
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条的规定，你（单位）享有陈述、申辩和"
        "要求听证的权利，可以在收到本告知书之日起五个工作日内向本机关提出陈述、申辩或者要求举行听证，逾期视为放弃上述权利。",
        authority,
        _date(case["告知日期"]),
    ]


def service_record(case: dict, authority: str) -> list[str]:
    return [
        authority,
        "送达回证",
        f"送达文书名称及文号：行政处罚决定书 {case['决定书文号']}",
        f"受送达人：{case['当事人']}",
        "送达地点：明湖市明湖区某某路1号",
        "送达方式：直接送达",
        f"送达时间：{_date(case['送达日期'])}",
        "受送达人签名：（签名）",
    ]
