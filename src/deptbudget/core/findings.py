"""Findings are values: what a rule found, where, and a Chinese message built from params."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .model import CellRef


class Severity(str, Enum):
    ERROR = "错误"  # blocks publication
    WARNING = "警告"
    INFO = "提示"

    @property
    def rank(self) -> int:
        return {"错误": 0, "警告": 1, "提示": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    ref: CellRef | None
    message: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    refs: tuple[CellRef, ...] = ()  # further locations the finding concerns

    def to_json(self) -> dict:
        ref = self.ref
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": ref.file if ref else None,
            "sheet": ref.sheet if ref else None,
            "cell": ref.cell if ref else None,
            "message": self.message,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "refs": [r.to_json() for r in self.refs],
        }

    def where(self) -> str:
        return self.ref.describe() if self.ref else ""


def _jsonable(v):
    from decimal import Decimal

    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)
