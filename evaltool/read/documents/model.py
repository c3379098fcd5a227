"""What reading a document gives: its kind, the fields it states, each with where it stands."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaltool.read.documents import KIND_NAMES
from evaltool.read.documents.load import Paragraph

FIELD_LABELS = {
    "decision_no": "文号",
    "party_name": "当事人",
    "party_type": "当事人类别",
    "party_id": "证件号码",
    "legal_rep": "法定代表人（负责人）",
    "address": "地址",
    "facts": "违法事实",
    "evidence": "证据",
    "statement": "陈述申辩、听证",
    "basis_violated": "违反的规定",
    "basis_penalty": "处罚依据",
    "discretion": "裁量理由",
    "penalty_kinds": "处罚种类",
    "fine": "罚款（元）",
    "fine_in_words": "罚款大写",
    "confiscation": "没收金额（元）",
    "payment_days": "缴纳期限（日）",
    "late_fee_stated": "告知加处罚款",
    "review_days": "行政复议期限（日）",
    "litigation_period": "行政诉讼期限",
    "authority": "机关",
    "issued_on": "日期",
    "truncated": "文书不完整",
}


@dataclass(frozen=True)
class Location:
    """Where a field stands: the file, the page (PDF) and the paragraph."""

    file: str
    paragraph: int
    page: int | None = None

    def describe(self) -> str:
        """``决定书.pdf 第2页第5段`` or ``决定书.docx 第5段``."""
        page = f"第{self.page}页" if self.page else ""
        return f"{self.file} {page}第{self.paragraph}段"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "page": self.page, "paragraph": self.paragraph}


@dataclass(frozen=True)
class Extracted:
    """A field's value, where it stands and the text it was read from."""

    value: Any
    location: Location
    snippet: str


@dataclass
class Document:
    """One document of a case file as read: kind, title, paragraphs and extracted fields."""

    file: Path
    kind: str
    title: str
    paragraphs: list[Paragraph]
    fields: dict[str, Extracted] = field(default_factory=dict)
    matched_by: str = ""  # 文号 or 当事人, once matched to a case

    @property
    def name(self) -> str:
        """The kind as users name it, with the file: ``行政处罚决定书（决定书.docx）``."""
        return f"{self.title or KIND_NAMES[self.kind]}（{self.file.name}）"

    def get(self, key: str, default: Any = None) -> Any:
        found = self.fields.get(key)
        return default if found is None else found.value

    def where(self, key: str) -> str:
        """Where a field stands, for messages: ``决定书.docx 第5段``."""
        found = self.fields.get(key)
        return found.location.describe() if found else self.file.name

    def at(self, paragraph: Paragraph) -> Location:
        return Location(self.file.name, paragraph.number, paragraph.page)

    def find(self, pattern, start: int = 0) -> list[Paragraph]:
        """The paragraphs (from index ``start``) whose text matches a compiled regex."""
        return [p for p in self.paragraphs[start:] if pattern.search(p.text)]
