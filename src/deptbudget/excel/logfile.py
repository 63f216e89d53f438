"""Where the add-in writes its log: the platform's per-user log folder."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

LOG_NAME = "deptbudget.log"


def log_dir() -> Path:
    """%LOCALAPPDATA%/deptbudget on Windows, ~/Library/Logs/deptbudget on macOS,
    ~/.deptbudget elsewhere. DEPTBUDGET_LOG_DIR overrides (tests, shared PCs)."""
    override = os.environ.get("DEPTBUDGET_LOG_DIR")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "deptbudget"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / "deptbudget"
    return Path.home() / ".deptbudget"


def log_path() -> Path:
    return log_dir() / LOG_NAME


def get_logger() -> logging.Logger:
    """The add-in's logger, writing UTF-8 to log_path() (created on first use)."""
    logger = logging.getLogger("deptbudget.excel")
    path = log_path()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in logger.handlers):
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return logger
