"""The document tests' review: a small register with planted personal data and awkward unit names."""

import datetime as dt
import json
from pathlib import Path

from docx import Document

from evaltool.pipeline import check_registers
from kit.registers import FIXED_CHECKLIST, REVIEW_DATE, case_row

# Personal data planted in the register; none of it may appear in a published document.
PERSON_ID = "500101199001011234"
OFFICER_ID = "50010219851212123X"
CREDIT_CODE = "91500000MA5U12345X"
PLANTED = (PERSON_ID, OFFICER_ID, CREDIT_CODE)

MARKET = "区市场监督管理局"
ESCAPING = "../../etc"
SLASHED = "綦江区/城管局"


def review_rows() -> list[dict]:
    return [
        case_row(执法单位=MARKET, 案号="区市监罚〔2023〕1号"),
        case_row(
            执法单位=MARKET,
            案号="区市监罚〔2023〕2号",
            当事人=f"张三丰（{PERSON_ID}）",
            当事人类别="自然人",
            执法人员=OFFICER_ID,
            执法证号="50020001",
        ),
        case_row(
            执法单位=MARKET,
            案号="区市监罚〔2023〕3号",
            当事人="李四",
            当事人类别="自然人",
            送达日期=dt.date(2023, 5, 22),
            结案日期=dt.date(2023, 6, 10),
        ),
        case_row(
            执法单位=ESCAPING, 案号="某罚〔2023〕1号", 当事人=f"重庆某某有限公司{CREDIT_CODE}"
        ),
        case_row(
            执法单位=SLASHED,
            案号="綦城管罚〔2023〕1号",
            当事人="王五",
            当事人类别="个体工商户",
            告知日期=dt.date(2023, 4, 25),
        ),
    ]


def review_results(write_register) -> dict:
    """The results document of the small review (three units, planted defects and personal data)."""
    register = write_register(review_rows())
    return check_registers([register], checklist=FIXED_CHECKLIST, review_date=REVIEW_DATE)


def write_results(results: dict, folder) -> Path:
    path = folder / "results.json"
    path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return path


CONFIG_TEXT = f"""\
name: 2024年度行政处罚案卷评查
reviewing_body: 重庆市綦江区司法局
law_firm: 重庆某某律师事务所
period: {{from: 2023-01-01, to: 2023-12-31}}
document_number: {{prefix: 綦司发, first: 3}}
issue_date: 2024-07-15
deadline_workdays: 20
contacts:
  - {{name: 赵某, office: 执法监督科, phone: 023-48661234}}
units:
  - {{name: {MARKET}, full_name: 重庆市綦江区市场监督管理局, group: 区级部门}}
  - {{name: 某某街道办事处, full_name: 重庆市綦江区某某街道办事处, group: 街镇}}
"""


def write_config(folder, text: str = CONFIG_TEXT) -> Path:
    path = folder / "evaltool.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def docx_text(path) -> str:
    """All text of a .docx: paragraphs, then every table cell."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def document_text(path) -> str:
    return docx_text(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
