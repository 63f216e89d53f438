"""Validation settings: 尾差 tolerance, the performance-weight total, select/ignore, waivers.

They come from the workbook's 设置 sheet and/or a TOML configuration file — never from code edits.
Later sources override earlier ones: defaults < 设置 sheet < config file < command line.

TOML keys (all optional)::

    rounding_tolerance = "0.005"      # 万元 per rounded term
    weight_total = 90                  # or 100; "无": indicators carry no weights
    select = ["PRF-01", "XT"]          # codes or code prefixes; empty = all
    ignore = ["NAR-06"]
    waivers = [["PRF-05", "项目绩效目标!G52", "经核实，单位口径为元"]]
    # or [[waiver]] tables with code / cell / reason
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from ..core.money import HALF_CENT
from ..io.grid import Grid, is_blank

SETTINGS_SHEET = "设置"
WAIVER_HEADER = "豁免"


class SettingsError(ValueError):
    """A configuration that cannot be used; `reason` is Chinese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Waiver:
    code: str
    sheet: str
    cell: str
    reason: str

    def covers(self, code: str, sheet: str | None, cell: str | None) -> bool:
        if self.code != code or (self.sheet and self.sheet != (sheet or "")):
            return False
        return not self.cell or self.cell.upper() == (cell or "").upper()


@dataclass(frozen=True)
class Muting:
    """A select/ignore list that came from the workbook's 设置 sheet or a config file, not from
    the command line: what it silences is counted and reported (SET-01), never hidden."""

    origin: str  # 工作表「设置」, 配置文件 x.toml
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()

    def mutes(self, code: str) -> bool:
        return (bool(self.select) and not _hit(code, self.select)) or _hit(code, self.ignore)


def _hit(code: str, patterns) -> bool:
    return any(code == p or code.startswith(p.rstrip("-") + "-") for p in patterns)


@dataclass(frozen=True)
class Settings:
    rounding_tolerance: Decimal = HALF_CENT  # per rounded term
    weight_total: Decimal = Decimal(90)
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    waivers: tuple[Waiver, ...] = ()
    origin: tuple[str, ...] = ()  # where the values came from, for the report
    mutings: tuple[Muting, ...] = ()  # select/ignore lists of the workbook or a config file
    command_line: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())  # select, ignore
    given: tuple[tuple[str, str, str], ...] = ()  # (key, value as given, origin) of other settings

    def tolerance(self, terms: int) -> Decimal:
        """Largest difference rounding of `terms` parts and their total can explain."""
        return self.rounding_tolerance * (terms + 1)

    def wants(self, code: str) -> bool:
        if self.select and not _hit(code, self.select):
            return False
        return not _hit(code, self.ignore)

    def unmuted(self) -> "Settings":
        """What the engine runs: only the command line's select/ignore, so that what the workbook's
        设置 or a config file silences is found, counted and reported (see silence)."""
        if not self.mutings:
            return self
        select, ignore = self.command_line
        return replace(self, select=select, ignore=ignore, mutings=())

    def silence(self, found: list, keep=lambda f: False) -> tuple[list, dict]:
        """(findings kept, {Muting: {code: [findings silenced]}}). `keep`: findings never silenced."""
        if not self.mutings:
            return found, {}
        kept, muted = [], {}
        for f in found:
            if keep(f) or self.wants(f.code):
                kept.append(f)
                continue
            by = next((m for m in self.mutings if m.mutes(f.code)), self.mutings[-1])
            muted.setdefault(by, {}).setdefault(f.code, []).append(f)
        return kept, muted

    def waiver_for(self, code: str, sheet: str | None, cell: str | None) -> Waiver | None:
        return next((w for w in self.waivers if w.covers(code, sheet, cell)), None)

    def merged(self, values: dict, origin: str) -> "Settings":
        """A copy with `values` (parsed, see parse_values) applied."""
        if not values:
            return self
        values = dict(values)
        waivers = self.waivers + tuple(values.pop("waivers", ()))
        lists = {k: values[k] for k in ("select", "ignore") if k in values}
        mutings, command_line = self.mutings, self.command_line
        if origin == COMMAND_LINE:
            command_line = (lists.get("select", frozenset()), lists.get("ignore", frozenset()))
        elif lists:
            mutings += (Muting(origin, **lists),)
        given = self.given + tuple((k, str(v), origin) for k, v in values.items() if k not in lists)
        if "ignore" in values:
            values["ignore"] = self.ignore | values["ignore"]
        return replace(self, **values, waivers=waivers, origin=self.origin + (origin,), mutings=mutings,
                       command_line=command_line, given=given)

    def values_in_force(self) -> list[tuple[str, str]]:
        """(「尾差容差 0.01 万元/每个舍入项」, origin) for each value that differs from the default."""
        default = Settings()
        return [(f"{VALUE_LABELS[k][0]} {v}{VALUE_LABELS[k][1]}", origin) for k, v, origin in self.given
                if k in VALUE_LABELS and Decimal(v) != getattr(default, k)]

    def in_force(self) -> list[str]:
        """Chinese lines: every setting that differs from the defaults, and where it came from."""
        out = [f"{text}（{origin}）" for text, origin in self.values_in_force()]
        for m in self.mutings:
            if m.select:
                out.append(f"只运行规则 {'、'.join(sorted(m.select))}（{m.origin}）")
            if m.ignore:
                out.append(f"忽略规则 {'、'.join(sorted(m.ignore))}（{m.origin}）")
        if self.waivers:
            out.append(f"豁免 {len(self.waivers)} 项")
        return out


VALUE_LABELS = {"rounding_tolerance": ("尾差容差", " 万元/每个舍入项"), "weight_total": ("绩效指标权重合计", "")}


def parse_values(raw: dict, where: str) -> dict:
    """Raw key → value (text, numbers, lists) → typed Settings fields. Unknown keys are refused."""
    out: dict = {}
    for key, value in raw.items():
        if value is None or value == "" or value == []:
            continue
        if key == "rounding_tolerance":
            out[key] = _decimal(value, "尾差容差", where, Decimal("0"), Decimal("1"))
        elif key == "weight_total":  # 无/none: a form whose indicators carry no weights → 0
            no_weights = str(value).strip().lower() in ("无", "none", "不设权重")
            out[key] = Decimal(0) if no_weights else _decimal(value, "绩效指标权重合计", where, Decimal("1"), Decimal("1000"))
        elif key in ("select", "ignore"):
            out[key] = frozenset(_codes(value))
        elif key in ("waivers", "waiver"):
            out["waivers"] = tuple(_waiver(w, where) for w in value)
        else:
            raise SettingsError(f"{where}：未知的设置项「{key}」（可用：rounding_tolerance、weight_total、"
                                "select、ignore、waivers）")
    return out


def _decimal(value, label: str, where: str, low: Decimal, high: Decimal) -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        raise SettingsError(f"{where}：「{label}」的值「{value}」不是数字") from None
    if not d.is_finite() or not low <= d <= high:
        raise SettingsError(f"{where}：「{label}」的值 {value} 超出范围（{low}～{high}）")
    return d


def _codes(value) -> list[str]:
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,，、;；\s]+", str(value))
    return [str(c).strip().upper() for c in items if str(c).strip()]


def _waiver(w, where: str) -> Waiver:
    if isinstance(w, dict):
        code, cell, reason = w.get("code", ""), w.get("cell", ""), w.get("reason", "")
    elif isinstance(w, (list, tuple)) and len(w) >= 2:
        code, cell, reason = w[0], w[1], (w[2] if len(w) > 2 else "")
    else:
        raise SettingsError(f"{where}：豁免项应为「规则编码, 工作表!单元格, 理由」，而不是 {w!r}")
    code, reason = str(code).strip().upper(), str(reason or "").strip()
    if not code or not reason:
        raise SettingsError(f"{where}：豁免项 {code or '（无编码）'} 必须写明规则编码和豁免理由")
    sheet, _, cell = str(cell).strip().rpartition("!")
    return Waiver(code, sheet.strip("'"), cell.replace("$", ""), reason)


def from_toml(path) -> dict:
    import tomllib

    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except OSError as exc:
        raise SettingsError(f"无法读取配置文件 {path}：{exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"配置文件 {path} 格式错误（TOML）：{exc}") from None
    return parse_values(raw, f"配置文件 {path}")


def from_grid(grid: Grid | None) -> dict:
    """The 设置 sheet: key in column C (hidden) or the label in A, value in B; then a 「豁免」
    block of rows 规则编码 | 工作表!单元格 | 理由."""
    sheet = grid.sheet(SETTINGS_SHEET) if grid else None
    if sheet is None:
        return {}
    labels = {"尾差容差": "rounding_tolerance", "绩效指标权重合计": "weight_total",
              "忽略的规则": "ignore", "只运行的规则": "select"}
    raw: dict = {}
    waivers, in_waivers = [], False
    for row in sheet.rows:
        cells = [("" if is_blank(v) else str(v).strip()) for v in (list(row) + ["", "", ""])[:3]]
        if cells[0].startswith(WAIVER_HEADER):
            in_waivers = True
            continue
        if in_waivers:
            if re.fullmatch(r"[A-Za-z]+-\d+", cells[0]):
                waivers.append(cells)
            continue
        key = cells[2] if cells[2] in labels.values() else next(
            (k for label, k in labels.items() if cells[0].startswith(label)), None)
        if key:
            raw[key] = _number_text(row[1] if len(row) > 1 else None)
    if waivers:
        raw["waivers"] = waivers
    return parse_values(raw, f"工作表「{SETTINGS_SHEET}」")


def _number_text(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if is_blank(v) else str(v)


COMMAND_LINE = "命令行"
SHEET_ORIGIN = f"工作表「{SETTINGS_SHEET}」"


def load_settings(grid: Grid | None = None, config=None, select=(), ignore=()) -> Settings:
    s = Settings()
    s = s.merged(from_grid(grid), SHEET_ORIGIN)
    if config:
        s = s.merged(from_toml(config), f"配置文件 {config}")
    cli = parse_values({"select": list(select), "ignore": list(ignore)}, COMMAND_LINE)
    return s.merged(cli, COMMAND_LINE)


# -- what the settings in force did (findings SET-01, SET-02) ----------------------------

def _register() -> None:
    from .registry import CATEGORIES, I, Rule, register

    register(Rule(
        "SET-01", CATEGORIES["SET"], I, "设置屏蔽了校验结果",
        "按{origin}{action} {codes}：本次屏蔽 {count} 条（{by_rule}）",
        "工作簿「设置」表或配置文件里的「忽略的规则」「只运行的规则」会让一些校验结果不显示；被屏蔽的条数按规则"
        "列出，屏蔽了错误时为警告。读取时发现的错误（金额未能读入、缺表等）不能被屏蔽，汇总同样不会计入。\n\n"
        "反例：「设置」表忽略 PRF，校验只说「未发现问题」，看不出有 12 条绩效目标问题被屏蔽。\n"
        "正例：「按工作表「设置」忽略规则 PRF：本次屏蔽 12 条（PRF-04 5 条、PRF-10 7 条）」。"))
    register(Rule(
        "SET-02", CATEGORIES["SET"], I, "校验参数不是默认值",
        "校验参数按{origin}设置：{items}",
        "尾差容差、绩效指标权重合计取自工作簿「设置」表或配置文件、与默认值不同时，说明生效的值和来源。\n\n"
        "反例：「设置」表把尾差容差改成 1 万元，差额都被当作尾差，报告里却看不出来。\n"
        "正例：「校验参数按工作表「设置」设置：尾差容差 1 万元/每个舍入项」。"))


def settings_findings(settings: Settings, muted: dict, file: str = "") -> list:
    """SET-01 for each select/ignore list that silenced findings, SET-02 for values not default."""
    from ..core.findings import Finding, Severity
    from .registry import REGISTRY

    out = []
    for m, by_code in muted.items():
        count = sum(len(fs) for fs in by_code.values())
        errors = sum(1 for fs in by_code.values() for f in fs if f.severity is Severity.ERROR)
        codes = sorted(m.select or m.ignore)
        shown = sorted(by_code.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        by_rule = "、".join(f"{c} {len(fs)} 条" for c, fs in shown[:10]) + ("等" if len(shown) > 10 else "")
        params = {"origin": m.origin, "action": "只运行规则" if m.select else "忽略规则", "codes": "、".join(codes),
                  "setting": "select" if m.select else "ignore", "count": count, "errors": errors,
                  "by_rule": by_rule, "counts": {c: len(fs) for c, fs in shown}}
        rule = REGISTRY["SET-01"]
        out.append(Finding("SET-01", Severity.WARNING if errors else rule.severity, _ref(m.origin, file),
                           rule.format(params), params))
    by_origin: dict[str, list[str]] = {}
    for text, origin in settings.values_in_force():
        by_origin.setdefault(origin, []).append(text)
    for origin, items in by_origin.items():
        params = {"origin": origin, "items": "；".join(items)}
        out.append(Finding("SET-02", Severity.INFO, _ref(origin, file), REGISTRY["SET-02"].format(params), params))
    return out


def _ref(origin: str, file: str):
    from ..core.model import CellRef

    return CellRef(file, SETTINGS_SHEET if origin == SHEET_ORIGIN else "", "")


_register()
