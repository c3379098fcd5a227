"""The index tests' small district: two units whose strengths differ, so weights decide the ranking.

With the fixed checklist (tests/fixed-checklist.yaml; veto effect ``zero``):

- 甲 (区市场监督管理局): a clean file (100) and one served late (S01 −20 → 80).
  Q = (100 + 80) ÷ 2 = 90; L = 2 of 2 without veto = 100%; T = D01 2 of 2 + S01 1 of 2 = 3 of 4 = 75%.
- 乙 (区城市管理局): a file with one officer (V01 veto → 0) and a clean file (100).
  Q = (0 + 100) ÷ 2 = 50; L = 1 of 2 = 50%; T = 4 of 4 = 100%.

The checklist runs no publicity.deadline check (P has no data) and no ledger is given (R has no
data), so the default index uses Q 40, L 20, T 15 out of 75:
甲 = 90 × 40/75 + 100 × 20/75 + 75 × 15/75 = 89.67; 乙 = 50 × 40/75 + 50 × 20/75 + 100 × 15/75 = 60.
With weights Q 5, L 5, T 90: 甲 = 4.5 + 5 + 67.5 = 77; 乙 = 2.5 + 2.5 + 90 = 95.
"""

import datetime as dt
import json
import textwrap
from pathlib import Path

from evaltool.pipeline import check_registers
from kit.registers import FIXED_CHECKLIST, REVIEW_DATE, case_row

JIA, YI, BING = "区市场监督管理局", "区城市管理局", "某某街道办事处"
LATE_SERVICE = {"送达日期": dt.date(2023, 5, 5)}  # 11 working days after the decision
ONE_OFFICER = {"执法人员": "王明", "执法证号": "50020001"}


def district_rows(*, fixed: bool = False) -> list[dict]:
    """The two units' files; ``fixed``: 乙's veto corrected (two officers), as after rectification."""
    return [
        case_row(执法单位=JIA, 案号="区市监罚〔2023〕1号"),
        case_row(执法单位=JIA, 案号="区市监罚〔2023〕2号", **LATE_SERVICE),
        case_row(执法单位=YI, 案号="区城管罚〔2023〕1号", **({} if fixed else ONE_OFFICER)),
        case_row(执法单位=YI, 案号="区城管罚〔2023〕2号"),
    ]


def district_results(
    write_register, rows=None, *, name="登记表.xlsx", headers=None, **kwargs
) -> dict:
    register = write_register(rows or district_rows(), name=name, headers=headers)
    kwargs.setdefault("review_date", REVIEW_DATE)
    return check_registers([register], checklist=FIXED_CHECKLIST, **kwargs)


def write_json(data: dict, path: Path) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def index_yaml(q: float, l_: float, t: float, *, extra: str = "") -> str:
    """An index configuration with the three register-computable parts the test district has."""
    return textwrap.dedent(
        f"""\
        id: test
        title: 行政执法指数（评查）
        version: "1"
        indicators:
          - {{id: Q, title: 案卷质量, formula: mean_score, weight: {q}}}
          - {{id: L, title: 合法性, formula: veto_free_share, weight: {l_}}}
          - {{id: T, title: 时效, formula: check_pass_share, checks: [deadline.*], weight: {t}}}
        """
    ) + textwrap.dedent(extra)


REVIEW_CONFIG = f"""\
name: 2024年度行政处罚案卷评查
reviewing_body: 重庆市某某区司法局
document_number: {{prefix: 某司发, first: 3}}
issue_date: 2024-07-15
units:
  - {{name: {JIA}, full_name: 重庆市某某区市场监督管理局, group: 区级部门}}
  - {{name: {YI}, full_name: 重庆市某某区城市管理局, group: 区级部门}}
  - {{name: {BING}, full_name: 重庆市某某区某某街道办事处, group: 街镇}}
"""
