"""Several registers read at once by worker processes give what reading them one by one gives."""

from dataclasses import fields
from pathlib import Path

from evaltool.plugins import load_registry
from evaltool.read import read_registers

DISTRICT = Path(__file__).parents[2] / "examples" / "district" / "registers"


def _plain(read) -> list:
    """Everything read, without the case ↔ register cycle (dataclass equality would recurse)."""
    return [
        (
            {f.name: getattr(register, f.name) for f in fields(register) if f.name != "cases"},
            [
                (case.register is register, case.row, case.unit, case.values, case.issues)
                for case in register.cases
            ],
        )
        for register in read.registers
    ]


def test_worker_processes_read_the_same_as_one_by_one(tmp_path):
    (tmp_path / "坏文件.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "说明.txt").write_text("不是登记表", encoding="utf-8")
    inputs = [DISTRICT, tmp_path / "坏文件.xlsx", tmp_path / "不存在.xlsx", tmp_path / "说明.txt"]
    readers = load_registry().readers

    serial = read_registers(inputs, readers, workers=1)
    parallel = read_registers(inputs, readers, workers=2)

    assert len(serial.registers) >= 17 and len(serial.file_errors) == 3
    assert sum(len(register.cases) for register in serial.registers) > 400
    assert _plain(parallel) == _plain(serial)
    assert parallel.notes == serial.notes
    assert parallel.file_errors == serial.file_errors
