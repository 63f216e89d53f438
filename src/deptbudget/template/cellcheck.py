"""Cell-level checks made while reading (the reader sees the raw cells; the model does not).

Each entry is a rule of the catalog: stable code, severity, Chinese message template. The rules
package documents them and tests them; the reader emits them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from ..core.findings import Finding, Severity
from ..core.model import CellRef
from ..core.money import MAX_PLACES, WAN, YUAN, MoneyError, money, places
from ..core.text import MAX_CELL_TEXT, is_invisible, visible

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

READER_RULES: dict[str, tuple[Severity, str, str]] = {
    # code: (severity, name, message template)
    "STR-01": (E, "缺少工作表", "缺少工作表「{sheet}」，这不是标准模板或表被删除/改名"),
    "STR-02": (E, "缺少表头", "工作表「{sheet}」找不到表头行或缺少列「{column}」"),
    "STR-03": (E, "模板版本不符", "模板版本为「{found}」，本程序需要「{expected}」，请用当前模板重新填报"),
    "STR-04": (E, "基本信息缺项", "基本信息「{field}」未填写或无效：{detail}"),
    "STR-05": (E, "单位编码无效", "单位编码「{value}」{detail}"),
    "STR-06": (W, "工作表被改名", "未找到工作表「{sheet}」，按名称相近的「{found}」读取，请核对"),
    "STR-07": (E, "必填项为空", "「{column}」为必填项，本行未填写"),
    "STR-08": (E, "选项无效", "「{column}」的值「{value}」不在可选范围内（{choices}）"),
    "AMT-01": (E, "金额不是数字", "金额「{value}」不是数字，本行未计入"),
    "AMT-02": (W, "数字存为文本", "金额「{value}」是文本格式的数字，已按 {amount} 计入，请改为数值格式"),
    "AMT-03": (W, "全角数字", "金额「{value}」含全角数字，已按 {amount} 计入"),
    "AMT-04": (W, "文本含千位分隔符", "金额「{value}」是带千位分隔符的文本，已按 {amount} 计入"),
    "AMT-05": (E, "金额为负数", "金额为负数（{amount}），预算数不能为负"),
    "AMT-06": (W, "小数位过多", "金额 {amount} 有 {places} 位小数，{unit}金额最多 {limit} 位小数"),
    "AMT-07": (E, "金额带单位", "金额「{value}」里写了单位，金额单元格只填数字（单位：{unit}），本行未计入"),
    "AMT-08": (E, "日期或布尔值", "金额单元格是{what}（{value}），不是金额，本行未计入"),
    "AMT-09": (E, "公式错误值", "单元格是错误值 {value}（公式出错），本行未计入"),
    "AMT-10": (E, "金额超出范围", "金额 {value} 超出合理范围，本行未计入"),
    "CODE-01": (E, "科目编码格式错误", "{scheme}编码「{value}」格式不对：{detail}"),
    "CODE-02": (W, "编码存为数字", "{scheme}编码 {value} 存成了数字，已按文本「{code}」读取"),
    "CODE-03": (W, "编码含空格或全角", "{scheme}编码「{value}」含空格/全角字符，已按「{code}」读取"),
    # Values that look right but would be read wrong (issue 15).
    "AMT-31": (E, "逗号不是千位分隔符",
               "金额「{value}」中的逗号不是千位分隔符（每三位一个），可能是把小数点写成了逗号，无法确定数值，本行未计入"),
    "AMT-32": (W, "会计格式的负数", "金额「{value}」是带括号的负数，已按 {amount} 读取"),
    "AMT-33": (E, "小数位数无法精确计算",
               "金额「{value}」有 {places} 位小数，超出可精确计算的 {limit} 位，本行未计入"),
    "CODE-04": (E, "编码含不可见字符或非半角数字",
                "{scheme}编码「{value}」含有{what}：{chars}，不能作为编码读取；"
                "请删除该单元格内容后用半角数字 0-9 重新输入"),
    "STR-40": (E, "表头列重复",
               "工作表「{sheet}」的表头「{column}」出现了两次（{first} 和 {second}），"
               "无法确定以哪一列为准，本表未读取；请删除或改名其中一列"),
    "STR-41": (E, "录入表有隐藏原表和可见副本",
               "录入表「{sheet}」被隐藏，另有可见的副本「{copy}」，无法确定以哪张为准，"
               "按「{sheet}」读取；请删除不用的一张"),
    "STR-42": (W, "另有相似的工作表", "按「{sheet}」读取，另有名称相近的工作表「{other}」未读取，请核对以哪张为准"),
    "STR-43": (W, "合并单元格遮住了值",
               "{range} 是合并单元格，遮住了 {cell} 的值「{value}」，该值照常读取；请取消合并后核对"),
    "STR-44": (W, "数字格式隐藏了值",
               "单元格的数字格式「{format}」使值「{value}」不显示，该值照常读取；请改为常规格式后核对"),
    "STR-45": (W, "重复的行",
               "第 {row} 行与第 {first} 行填写的内容完全相同（单位、科目、资金来源、金额等各列），"
               "两行都已计入；请核对是否重复填报"),
    "STR-46": (E, "文本超长",
               "单元格文本有 {length} 个字符，超过 Excel 单元格上限 {limit} 个，Excel 会截断它；请缩短后再试"),
}

# Reader checks for broken or hostile files (issue 7). Kept apart from READER_RULES until
# rules/reader_rules.py documents them (SCAN_DOCS); finding() knows both.
SCAN_RULES: dict[str, tuple[Severity, str, str]] = {
    "STR-30": (W, "工作表被隐藏", "工作表「{sheet}」被隐藏，其中的数据照常读取，请取消隐藏后核对"),
    "STR-31": (W, "隐藏行有数据", "第 {row} 行是隐藏行，其中的数据已计入，请取消隐藏后核对"),
    "STR-32": (E, "合并单元格跨录入行", "{range} 是合并单元格，跨越 {rows} 个录入行，只有第一行有值，其余行按空白读取；"
                                     "请取消合并后逐行填写"),
    "AMT-11": (E, "公式没有计算结果", "单元格是公式但文件里没有保存计算结果（未经 Excel/WPS 计算保存），本行未计入；"
                                "请在 Excel/WPS 中打开并保存后再试"),
    "AMT-12": (W, "公式引用其他工作簿", "单元格的公式引用了其他工作簿（{formula}），已按文件里保存的结果计入；"
                                 "那个工作簿改动后这里不会自动更新，请核对或改为直接填写数值"),
}
SCAN_DOCS = {
    "STR-30": ("隐藏的录入表照常读取，但使用者看不到其中的数据，提示取消隐藏核对。",
               "「基本支出」表被隐藏。", "所有录入表都可见。"),
    "STR-31": ("隐藏行里的数据照常计入合计，但使用者看不到，提示取消隐藏核对。",
               "基本支出第 5 行被隐藏，金额 144.19 仍计入合计。", "没有隐藏行。"),
    "STR-32": ("录入行不能合并单元格：合并后只有左上角单元格有值，其余行按空白读取。",
               "功能分类编码 B4:B6 合并为一格。", "每行都填写功能分类编码。"),
    "AMT-11": ("公式单元格要有计算结果：由程序生成而未经 Excel 保存的文件没有结果，无法读取金额。",
               "金额是公式 =100+153.36，但文件里没有保存结果。", "在 Excel 中打开并保存后，公式结果 253.36 已保存。"),
    "AMT-12": ("录入单元格的公式引用其他工作簿（外部链接）时，读取的是文件里保存的结果，可能已经过时，提示核对。",
               "金额是 =[1]基本支出!H4（引用另一个单位的工作簿）。", "金额直接填写 253.36。"),
}

ERROR_VALUES = ("#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
_UNIT_WORDS = re.compile(r"(万元|元|亿元|千元|￥|¥|RMB)", re.I)
_FULLWIDTH_DIGIT = re.compile(r"[０-９．，]")
MAX_AMOUNT = Decimal("1e10")  # 万元: a trillion yuan is already absurd for one line
# Decimals kept exactly (AMT-06 warns beyond MAX_PLACES): a float cell's repr has at most 17, and
# an amount below MAX_AMOUNT with 17 decimals still sums exactly in Decimal's 28 digits.
MAX_EXACT_PLACES = 17


@dataclass(frozen=True)
class EntryUnit:
    """The 金额单位 a workbook's amounts are entered in, with the limits of the checks in that unit:
    the same money either way (分, a trillion yuan, 17 exact decimals of 万元)."""

    name: str  # 万元 | 元
    shift: int  # entered × 10^shift = 万元
    places: int  # decimals beyond which AMT-06 warns: 分
    exact: int  # decimals beyond which AMT-33 refuses
    limit: Decimal  # AMT-10 from here

    @property
    def float_limit(self) -> float:
        return float(self.limit)

    def wan(self, amount: Decimal) -> Decimal:
        return amount.scaleb(self.shift) if self.shift else amount


ENTRY_WAN = EntryUnit(WAN, 0, MAX_PLACES, MAX_EXACT_PLACES, MAX_AMOUNT)
ENTRY_YUAN = EntryUnit(YUAN, -4, MAX_PLACES - 4, MAX_EXACT_PLACES - 4, MAX_AMOUNT.scaleb(4))
ENTRY_UNITS = {u.name: u for u in (ENTRY_WAN, ENTRY_YUAN)}


def entry_unit(raw) -> EntryUnit | None:
    """基本信息 「金额单位」: 万元 (also when blank) or 元, spaces and full-width forms aside; None
    for anything else (千元, 亿元, a typo: STR-10's 错误)."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", parse_text(raw)))
    return ENTRY_UNITS.get(text or ENTRY_WAN.name)


def finding(code: str, ref: CellRef, /, **params) -> Finding:
    severity, _name, template = READER_RULES.get(code) or SCAN_RULES[code]
    return Finding(code, severity, ref, template.format(**params), params)


def parse_amount(raw, ref: CellRef, out: list[Finding], typed: bool = True,
                 unit: EntryUnit = ENTRY_WAN) -> Decimal | None:
    """An amount cell entered in `unit` → Decimal 万元, or None (and a finding) when it cannot count.

    `typed` is False for sources without cell types (CSV): plain numeric text is then normal."""
    if isinstance(raw, bool):
        out.append(finding("AMT-08", ref, what="布尔值", value=raw))
        return None
    if isinstance(raw, (date, datetime, time)):
        out.append(finding("AMT-08", ref, what="日期", value=raw))
        return None
    if isinstance(raw, str):
        amount = _parse_amount_text(raw, ref, out, typed, unit)
    else:
        try:
            amount = _check_range(money(raw), ref, out, raw, unit)
        except MoneyError:
            out.append(finding("AMT-01", ref, value=str(raw)[:40]))
            return None
    return None if amount is None else unit.wan(amount)


def plain_amount(v: float | int, unit: EntryUnit = ENTRY_WAN) -> Decimal | None:
    """A number cell that needs no finding (finite, 0 ≤ v < the unit's limit, at most its
    places) → the Decimal 万元 money() makes of it; None: let parse_amount decide. Most amount
    cells are like this, and reading the float's repr is much cheaper than the general checks."""
    text = repr(v)
    if "e" in text or "n" in text or not 0 <= v < unit.float_limit:  # 1e-07, inf, nan
        return None
    dot = text.find(".")
    if dot >= 0 and len(text) - dot - 1 > unit.places:
        return None
    amount = Decimal(text.lstrip("-"))  # −0.0 (the only negative here) is 0, as money() reads it
    return amount.scaleb(unit.shift) if unit.shift else amount


def _parse_amount_text(raw: str, ref: CellRef, out: list[Finding], typed: bool, unit: EntryUnit) -> Decimal | None:
    text = raw.strip()
    if text.upper() in ERROR_VALUES:
        out.append(finding("AMT-09", ref, value=text))
        return None
    shown = visible(text[:40])
    if _UNIT_WORDS.search(text):
        out.append(finding("AMT-07", ref, value=shown, unit=unit.name))
        return None
    try:
        amount = money(text)
    except MoneyError as exc:
        out.append(finding("AMT-31" if exc.kind == "comma" else "AMT-01", ref, value=shown))
        return None
    if _check_range(amount, ref, out, raw, unit) is None:
        return None
    if text[-1:] in ")）":
        out.append(finding("AMT-32", ref, value=shown, amount=amount))
    if _FULLWIDTH_DIGIT.search(text):
        out.append(finding("AMT-03", ref, value=shown, amount=amount))
    elif "," in text:
        out.append(finding("AMT-04", ref, value=shown, amount=amount))
    elif typed:
        out.append(finding("AMT-02", ref, value=shown, amount=amount))
    return amount


def _check_range(amount: Decimal, ref: CellRef, out: list[Finding], raw, unit: EntryUnit) -> Decimal | None:
    """The checks in the unit entered: the amount as entered, or None (refused)."""
    if abs(amount) >= unit.limit:
        out.append(finding("AMT-10", ref, value=str(raw)[:40]))
        return None
    if amount < 0:
        out.append(finding("AMT-05", ref, amount=amount))
    n = places(amount)
    if n > unit.exact:
        out.append(finding("AMT-33", ref, value=str(raw)[:40], places=n, limit=unit.exact))
        return None
    if n > unit.places:
        out.append(finding("AMT-06", ref, amount=amount, places=n, unit=unit.name, limit=unit.places))
    return amount


_CODE_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CODE_SPACES = re.compile("[ \t\r\n\u3000\\-－]")  # typed by hand, visible: dropped with CODE-03


def parse_code(raw, ref: CellRef, scheme: str, out: list[Finding]) -> str:
    """A code cell → digits as text ('' when blank). Numbers and full-width/spaced text are
    accepted with a warning; the code's validity is checked by the rules."""
    if raw is None or raw == "":
        return ""
    if isinstance(raw, bool) or isinstance(raw, (date, datetime)):
        out.append(finding("CODE-01", ref, scheme=scheme, value=raw, detail="不是编码"))
        return ""
    if isinstance(raw, (int, float, Decimal)):
        if raw < 0 or not raw == raw:  # a negative number or NaN is no code
            out.append(finding("CODE-01", ref, scheme=scheme, value=raw, detail="不是编码"))
            return ""
        if isinstance(raw, float) and not raw.is_integer():
            out.append(finding("CODE-01", ref, scheme=scheme, value=raw, detail="编码不能有小数"))
            return ""
        code = str(int(raw))
        out.append(finding("CODE-02", ref, scheme=scheme, value=raw, code=code))
        return code
    text = str(raw)
    code = _CODE_SPACES.sub("", text.translate(_CODE_FULLWIDTH))
    if not (code.isascii() and code.isdigit()):
        _bad_code(text, code, ref, scheme, out)
        return ""
    if code != text:
        out.append(finding("CODE-03", ref, scheme=scheme, value=text[:30], code=code))
    return code


def _bad_code(text: str, code: str, ref: CellRef, scheme: str, out: list[Finding]) -> None:
    """CODE-04 for characters that look like digits or nothing at all (str.isdigit() and int()
    take superscripts and Arabic-Indic digits; zero-width and bidi characters cannot be seen),
    shown explicitly; CODE-01 for anything else (letters, decimals)."""
    invisible = sorted({ch for ch in code if is_invisible(ch)})
    digits = sorted({ch for ch in code if not ch.isascii() and not is_invisible(ch) and ch.isnumeric()})
    if not (invisible or digits):
        out.append(finding("CODE-01", ref, scheme=scheme, value=visible(text[:30]), detail="只能由数字组成"))
        return
    what = "、".join(w for w, chars in (("不可见字符", invisible), ("非半角数字", digits)) if chars)
    chars = "、".join([f"⟨U+{ord(ch):04X}⟩" for ch in invisible] + [f"「{ch}」(U+{ord(ch):04X})" for ch in digits])
    out.append(finding("CODE-04", ref, scheme=scheme, value=visible(text[:40]), what=what, chars=chars))


def check_length(text: str, ref: CellRef, out: list[Finding]) -> None:
    """STR-46 for text longer than a cell holds (only a tampered or generated file has it)."""
    if len(text) > MAX_CELL_TEXT:
        out.append(finding("STR-46", ref, length=len(text), limit=MAX_CELL_TEXT))


def parse_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()
