"""Checklists for tests, as the dicts their YAML holds."""


def one_item_checklist(check_id: str, params: dict | None = None, item_id: str = "T1") -> dict:
    """A checklist worth 10 points, one item that runs ``check_id`` with ``params``."""
    item = {"id": item_id, "title": "测试项目", "points": 10, "check": check_id}
    if params:
        item["params"] = params
    return {
        "id": "test",
        "title": "测试用评查标准",
        "version": "1",
        "scoring": {
            "total": 10,
            "grades": [{"name": "合格", "min": 6}, {"name": "不合格", "min": 0}],
        },
        "groups": [{"id": "g", "title": "测试", "items": [item]}],
    }
