"""``evaltool template register``: a blank register a unit can fill in, and read back as it is."""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from evaltool.fields import CASE_SOURCES, FIELDS, PENALTY_KINDS, Field
from evaltool.output import write_atomic
from evaltool.read.values import ENUMS

TITLE = "____年度行政处罚案卷登记表（执法单位：____________）"
KIND_HELP = {
    "int": "填整数",
    "text": "按案卷材料如实填写",
    "enum": "从下拉列表中选择",
    "date": "填日期，如 2023-03-05（也可写 2023/3/5、2023年3月5日）",
    "date_or_bool": "填日期；未记录日期时可填 是/否",
    "bool": "从下拉列表选择 是 或 否",
    "list": "多项用顿号（、）分隔",
    "amount": "填金额（元），如 5000；没有填 0 或留空",
}
FIELD_HELP = {
    "seq": "从 1 起顺序编号",
    "unit": "作出处罚决定的执法单位全称；一个单位一张表时也可留空（取文件名）",
    "case_no": "立案登记的案号，如 区市监罚〔2023〕12号；一案一行",
    "decision_no": "行政处罚决定书文号",
    "procedure": "普通程序、简易程序（当场处罚）或快速办理",
    "source": f"从下拉列表选择：{'、'.join(CASE_SOURCES)}",
    "party_type": "自然人、法人及非法人组织或个体工商户",
    "party_id": "统一社会信用代码或身份证号码（按文本填写，勿转成数字）",
    "hearing_notified": "是否在告知书中告知了听证权利",
    "extension_days": "经批准延长办案期限的天数，没有填 0",
    "excluded_days": "依法不计入办案期限的天数（听证、公告、鉴定等），没有填 0",
    "penalty_kinds": "可从下拉列表选一项；多项时直接输入并用顿号分隔，如 警告、罚款",
    "fine": "单位为元；以万元填写时请把列名改为“罚款金额（万元）”",
    "confiscated": "没收违法所得、没收非法财物的金额，单位为元",
    "officers": "办案执法人员姓名，用顿号分隔，如 王明、李静",
    "officer_certs": "与执法人员一一对应的执法证号，用顿号分隔，顺序与执法人员一致",
    "life_health_finance": "违法行为是否涉及公民生命健康安全或金融安全",
    "business_activity": "违法行为是否发生在经营活动中",
}
TEXT_FIELDS = {
    "case_no",
    "decision_no",
    "party_id",
    "officer_certs",
}  # never let Excel make numbers
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")


def _choices(field: Field) -> tuple[str, ...] | None:
    if field.kind == "enum":
        return tuple(dict.fromkeys(ENUMS[field.key].values()))
    if field.kind == "bool":
        return ("是", "否")
    if field.key == "penalty_kinds":
        return PENALTY_KINDS
    if field.key == "source":
        return CASE_SOURCES
    return None


def _validation(field: Field, area: str) -> DataValidation | None:
    choices = _choices(field)
    if choices:
        strict = field.kind in ("enum", "bool")
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=True,
            showErrorMessage=strict,
            errorTitle="请从下拉列表选择",
            error=f"可填：{'、'.join(choices)}",
        )
    elif field.kind == "date":
        validation = DataValidation(
            type="date",
            operator="between",
            formula1="DATE(1990,1,1)",
            formula2="DATE(2099,12,31)",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="日期格式不对",
            error="请填写日期，如 2023-03-05",
        )
    elif field.kind in ("int", "amount"):
        validation = DataValidation(
            type="whole" if field.kind == "int" else "decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="请填写数字",
            error="请填写不小于 0 的数字",
        )
    else:
        return None
    validation.promptTitle = field.header
    validation.prompt = FIELD_HELP.get(field.key, KIND_HELP[field.kind])[:250]
    validation.showInputMessage = True
    validation.add(area)
    return validation


def _number_format(field: Field) -> str | None:
    if field.kind in ("date", "date_or_bool"):
        return "yyyy-mm-dd"
    if field.kind == "amount":
        return "#,##0.00"
    if field.key in TEXT_FIELDS:
        return "@"
    return None


def build_blank_register(rows: int = 500) -> Workbook:
    """The workbook: a 登记表 sheet (title, standard headers, dropdowns, formats) and 填写说明."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "登记表"
    last = get_column_letter(len(FIELDS))
    sheet.append([TITLE])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append([f.header for f in FIELDS])
    for index, field in enumerate(FIELDS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=2, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        sheet.column_dimensions[letter].width = max(10, min(24, len(field.header) * 2 + 4))
        area = f"{letter}3:{letter}{rows + 2}"
        validation = _validation(field, area)
        if validation:
            sheet.add_data_validation(validation)
        number_format = _number_format(field)
        if number_format:
            for (data_cell,) in sheet.iter_rows(
                min_row=3, max_row=rows + 2, min_col=index, max_col=index
            ):
                data_cell.number_format = number_format
    sheet.row_dimensions[2].height = 36
    sheet.freeze_panes = "A3"
    _write_guide(workbook.create_sheet("填写说明"))
    return workbook


def _write_guide(sheet) -> None:
    sheet.append(["填写说明"])
    sheet["A1"].font = Font(size=14, bold=True)
    for note in (
        "1. 一行填写一件案卷；不要合并单元格，不要在表格中间插入小计行。",
        "2. 不要修改第 2 行的列名；不需要的列可以留空，不要删除。",
        "3. 日期按 2023-03-05 的格式填写；金额单位为元。",
        "4. 多名执法人员、多个执法证号、多个处罚种类用顿号（、）分隔，执法证号顺序与执法人员一致。",
        "5. 填写完成后用 evaltool inspect 登记表.xlsx 检查读取结果，再提交评查。",
    ):
        sheet.append([note])
    sheet.append([])
    sheet.append(["列名", "填写要求", "也可识别的列名"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for field in FIELDS:
        help_text = FIELD_HELP.get(field.key, KIND_HELP[field.kind])
        if field.key in FIELD_HELP and field.kind in ("date", "bool", "list", "enum"):
            help_text = f"{help_text}（{KIND_HELP[field.kind]}）"
        sheet.append([field.header, help_text, "、".join(field.aliases)])
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 50
    for row in sheet.iter_rows(min_row=9):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_blank_register(path: str | Path, *, rows: int = 500) -> Path:
    """Write the blank register atomically to ``path``."""
    workbook = build_blank_register(rows)
    return write_atomic(path, lambda temp: workbook.save(temp))
