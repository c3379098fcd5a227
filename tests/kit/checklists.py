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


# Every newer key at once: per-item veto effects, two checks on a row, applies_to, bonus, unit level.
NEW_KEYS = """\
id: features
title: 新功能
version: "1"
effective: {from: 2022-01-01}
scoring:
  total: 10
  veto_effect: fail
  bonus_cap: 1
  rescale: true
  grades: [{name: 合格, above: 6, words: 6分以上（不含6分）}, {name: 不合格, min: 0}]
groups:
  - id: v
    title: 否决项
    veto: true
    items:
      - {id: V1, title: 两名执法人员, check: officers.min_two, veto: no_score}
  - id: g
    title: 执法人员
    points: 10
    items:
      - id: O1
        title: 执法人员和执法证号
        check: [officers.min_two, officers.certificates]
        deduct: {fixed: 2}
      - id: F1
        title: 罚款的公示
        points: 4
        applies_to: {penalty_kind: 罚款, fine_above: 1000}
        check: publicity.deadline
  - id: b
    title: 加分项
    bonus: true
    items:
      - {id: B1, title: 说理充分, points: 1, manual: true}
  - id: u
    title: 单位管理
    level: unit
    points: 2
    items:
      - {id: U1, title: 年度自查, points: 2, manual: true}
"""


# 四川省建设监察执法案件卷宗评查表 (rubric-items.csv, RB07): 立案 rows and 基础标准 不再打分.
SICHUAN = """\
id: sichuan-filing
title: 四川省建设监察执法案件卷宗评查表（立案部分）
version: 川建监[2011]12号
source: https://m.wenku365.com/d-18843329.html
scoring:
  total: 10
  veto_effect: no_score
  grades: [{name: 合格, min: 6}, {name: 不合格, min: 0}]
groups:
  - id: basic
    title: 基础标准
    veto: true
    items:
      - {id: J1, title: 执法主体合法, manual: true}
  - id: filing
    title: 立案
    points: 10
    items:
      - id: L1
        title: 案由书写规范
        points: 1
        deduct: {fixed: 1, text: 未按照“当事人+具体违法行为+案”格式的，扣1分}
        manual: true
      - id: L2
        title: 当事人的基本情况清楚（法人：名称、地址、法定代表人或负责人姓名等；公民：姓名、地址）
        points: 1
        deduct: {each: 0.5, text: 缺一项扣0.5分，扣完为止}
        manual: true
      - id: L3
        title: 案件来源明确（现场检查、投诉举报、交办或移送等）
        points: 1
        deduct: {fixed: 1, text: 未注明来源渠道扣1分}
        manual: true
      - id: L4
        title: 简要案情叙述清楚，主要记载时间、地点、人员、事实经过等，并注明可能违反的法律、法规、规章的名称
        points: 2
        deduct:
          - {each: 0.5, text: 缺一项扣0.5分}
          - {fixed: 1, text: 未注明具体款项扣1分}
        manual: true
      - {id: L5, title: 有承办机构意见及承办人员签名, points: 1, deduct: {each: 0.5, text: 缺一项扣0.5分}, manual: true}
      - {id: L6, title: 有处罚机关负责人审批意见、签名, points: 1, deduct: {each: 0.5, text: 缺一项扣0.5分}, manual: true}
      - {id: L7, title: 有明确的立案时间, points: 1, deduct: {fixed: 1, text: 无明确的立案时间，扣1分}, manual: true}
      - id: L8
        title: 调查取证时执法人员不得少于两人；记载执法人员共同执法的文书，应有其签名、执法证件编号及日期
        points: 2
        deduct: {fixed: 1}
        check: [officers.min_two, officers.certificates]
"""


# RB02 执行 and RB03 听证 rows, with bonus and unit-level sections, rescaled and exclusive grades.
EXECUTION = """\
id: rb02-execution
title: 某地行政处罚案卷评查标准（送达和执行、审查决定节选）
version: "节选"
scoring:
  total: 16
  rescale: true
  bonus_cap: 2
  grades:
    - {name: 优秀, min: 14}
    - {name: 合格, above: 9, words: 9分以上（不含9分）}
    - {name: 不合格, min: 0, words: 9分以下（含9分）}
groups:
  - id: execution
    title: 执行
    points: 6
    items:
      - id: E1
        title: 给与罚款的处罚应使用合法的罚款票据
        points: 3
        deduct: {fixed: 3, text: 未使用合法票据或未将票据复件纳入案卷中的，扣全分（3分）}
        applies_to: {penalty_kind: 罚款}
        manual: true
      - id: E2
        title: 没收物品应有相关文书及物品清单
        points: 3
        applies_to: {penalty_kind: [没收违法所得, 没收非法财物]}
        manual: true
  - id: hearing
    title: 听证
    points: 10
    applies_to: {hearing_held: true}
    items:
      - id: H1
        title: 履行了听证程序，法律文书和资料规范、齐全
        points: 10
        deduct: {range: [1, 5]}
        manual: true
  - id: extra
    title: 加分项
    bonus: true
    items:
      - {id: B1, title: 案卷装订规范、整洁, points: 1, manual: true}
      - {id: B2, title: 说理充分的处罚决定书, points: 2, manual: true}
  - id: unit
    title: 案卷管理
    level: unit
    points: 4
    items:
      - {id: U1, title: 建立案卷管理制度, points: 2, manual: true}
      - {id: U2, title: 开展年度自查, points: 2, manual: true}
"""
