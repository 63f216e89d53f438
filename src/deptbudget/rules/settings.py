"""Validation settings: 尾差 tolerance, the performance-weight total, select/ignore, waivers.

They come from the workbook's 设置 sheet and/or a TOML configuration file — never from code edits.
Later sources override earlier ones: defaults < 设置 sheet < config file < command line.

TOML keys (all optional)::

    rounding_tolerance = "0.005"      # 万元 per rounded term
    weight_total = 90                  # or 100
    select = ["PRF-01", "XT"]          # codes or code prefixes; empty = all
    ignore = ["NAR-06"]
    waivers = [["PRF-05", "项目绩效目标!G52", "经核实，单位口径为元"]]
    # or [[waiver]] tables with code / cell / reason
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
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
class Settings:
    rounding_tolerance: Decimal = HALF_CENT  # per rounded term
    weight_total: Decimal = Decimal(90)
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    waivers: tuple[Waiver, ...] = ()
    origin: tuple[str, ...] = ()  # where the values came from, for the report

    def tolerance(self, terms: int) -> Decimal:
        """Largest difference rounding of `terms` parts and their total can explain."""
        return self.rounding_tolerance * (terms + 1)

    def wants(self, code: str) -> bool:
        def hit(patterns):
            return any(code == p or code.startswith(p.rstrip("-") + "-") for p in patterns)

        if self.select and not hit(self.select):
            return False
        return not hit(self.ignore)

    def waiver_for(self, code: str, sheet: str | None, cell: str | None) -> Waiver | None:
        return next((w for w in self.waivers if w.covers(code, sheet, cell)), None)

    def merged(self, values: dict, origin: str) -> "Settings":
        """A copy with `values` (parsed, see parse_values) applied."""
        if not values:
            return self
        values = dict(values)
        waivers = self.waivers + tuple(values.pop("waivers", ()))
        if "ignore" in values:
            values["ignore"] = self.ignore | values["ignore"]
        return replace(self, **values, waivers=waivers, origin=self.origin + (origin,))


def parse_values(raw: dict, where: str) -> dict:
    """Raw key → value (text, numbers, lists) → typed Settings fields. Unknown keys are refused."""
    out: dict = {}
    for key, value in raw.items():
        if value is None or value == "" or value == []:
            continue
        if key == "rounding_tolerance":
            out[key] = _decimal(value, "尾差容差", where, Decimal("0"), Decimal("1"))
        elif key == "weight_total":
            out[key] = _decimal(value, "绩效指标权重合计", where, Decimal("1"), Decimal("1000"))
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
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,，;；\s]+", str(value))
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


def load_settings(grid: Grid | None = None, config=None, select=(), ignore=()) -> Settings:
    s = Settings()
    s = s.merged(from_grid(grid), f"工作表「{SETTINGS_SHEET}」")
    if config:
        s = s.merged(from_toml(config), str(config))
    cli = parse_values({"select": list(select), "ignore": list(ignore)}, "命令行")
    return s.merged(cli, "命令行")
