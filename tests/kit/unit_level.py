"""A review whose standard has unit-level items (``level: unit``), the market bureau's marked by
its reviewers and the city bureau's still open (待评查), for the notice and ledger tests."""

import datetime as dt
from pathlib import Path

from evaltool.checklist.load import load_checklist
from evaltool.pipeline import check_registers
from evaltool.plugins import load_registry
from evaltool.score.case import UnitMark, score_unit_items
from kit.registers import FIXED_CHECKLIST, REVIEW_DATE, case_row

MARKET, CITY = "区市场监督管理局", "区城市管理综合行政执法局"
PERSON_ID = "500101199001011234"

# A 6-point section of items scored once per unit, as published standards write them
# (「未建立案卷管理制度的，扣2分」, 「每缺一个季度扣1分」).
UNIT_GROUP = """\
  - id: management
    title: 案卷管理
    level: unit
    points: 6
    items:
      - id: U1
        title: 建立案卷管理制度
        category: 案卷管理
        basis: 《重庆市行政执法案卷管理办法》第五条
        remediation: 制定案卷管理制度并明确专人负责
        deduct: {fixed: 2}
        manual: true
      - {id: U2, title: 开展年度案卷自查, category: 案卷管理, deduct: {each: 1, per: 个季度}, manual: true}
      - {id: U3, title: 案卷按规定集中归档, points: 2, manual: true}
"""

# What the market bureau's reviewers wrote: a cell reference, an officer's name and an ID number
# that no outgoing document may show as written.
U1_REASON = f"未建立案卷管理制度，档案员王明（{PERSON_ID}）称制度在修订中（B7）"
U2_REASON = "2023年第四季度未开展自查"
MARKET_MARKS = {
    "U1": UnitMark(2, U1_REASON, ("张评",)),
    "U2": UnitMark(1, U2_REASON, ("张评",)),
    "U3": UnitMark(0, "", ("张评",)),
}


def unit_level_checklist(folder: Path) -> Path:
    path = folder / "单位层面标准.yaml"
    path.write_text(FIXED_CHECKLIST.read_text(encoding="utf-8") + UNIT_GROUP, encoding="utf-8")
    return path


def unit_level_rows() -> list[dict]:
    """The register rows: the market bureau's two files fail (one officer; served late), the
    city's one (one officer)."""
    return [
        case_row(执法单位=MARKET, 案号="区市监罚〔2023〕1号", 执法人员="王明"),
        case_row(执法单位=MARKET, 案号="区市监罚〔2023〕2号", 送达日期=dt.date(2023, 5, 5)),
        case_row(执法单位=CITY, 案号="区城管罚〔2023〕1号", 执法人员="李静"),
    ]


def unit_level_results(write_register, folder: Path, marks=None) -> dict:
    """Results of the two units' files, the market bureau's unit items marked (``marks``:
    unit → item id → ``UnitMark``), the others open."""
    register = write_register(unit_level_rows())
    path = unit_level_checklist(folder)
    registry = load_registry()
    results = check_registers(
        [register], checklist=path, review_date=REVIEW_DATE, registry=registry
    )
    checklist = load_checklist(path, registry.checks)
    marks = {MARKET: MARKET_MARKS} if marks is None else marks
    for unit in results["units"]:
        unit["unit_items"] = score_unit_items(checklist, marks.get(unit["unit"]))
    return results
