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


# 株洲市适用一般程序行政处罚案卷计分标准 (rubric-items.csv, RB09), the three complete sections,
# transcribed from the published table knowing only docs/checklists.md (the page shows it too).
ZHUZHOU = """\
id: zhuzhou-excerpt
title: 株洲市适用一般程序行政处罚案卷计分标准（节选）
version: "节选"
applies_to: [普通程序]
source: https://biganzidoc.com/xingzhengbaogong/zhidubanfa/d00752ea8b12ab88.html
scoring:
  total: 25
  veto_effect: zero
  grades:
    - {name: 合格, min: 15, words: 15分以上（含15分）}
    - {name: 不合格, min: 0, words: 不足15分}
groups:
  - id: subject
    title: 主体部分
    points: 5
    items:
      - id: ZT1
        title: >-
          不具有主体资格或超越法定职权、委托无依据、
          被委托组织未以委托机关名义、超越委托范围
        veto: true
        manual: true
      - {id: ZT2, title: 承办人员不具备行政执法资格, deduct: {fixed: 2}, check: officers.certificates}
      - {id: ZT3, title: 被处罚对象主体不适格, veto: true, manual: true}
  - id: facts
    title: 事实部分
    points: 10
    items:
      - {id: SS1, title: 事实认定错误或主要事实不清, veto: true, manual: true}
      - id: SS2
        title: 违法行为时间、地点、内容、情节、性质和危害后果未核实并记载清楚
        deduct:
          - {fixed: 5}
          - {each: 1, text: 记载不全每缺一项扣1分}
          - {each: 2, text: 前后不一致每项扣2分}
        manual: true
      - {id: SS3, title: 数量、金额或非法所得计算不正确, deduct: {each: 1, text: 每处扣1分}, manual: true}
      - {id: SS4, title: 有法定从轻、减轻情节而量罚时未适用, deduct: {fixed: 3}, manual: true}
      - {id: SS5, title: 超过法定追诉时效给予处罚, veto: true, check: limitation.period}
  - id: evidence
    title: 证据部分
    points: 10
    items:
      - {id: ZJ1, title: 主要证据不足或错误，致使身份或事实认定错误, veto: true, manual: true}
      - id: ZJ2
        title: 不按法定程序搜集证据；证据不充分、不能相互印证形成证据链
        deduct: {each: 1, text: 每处扣1分}
        manual: true
      - id: ZJ3
        title: 身份证明、营业执照、许可证等应提取而未提取
        deduct: {each: 1, text: 每项扣1分}
        manual: true
"""
