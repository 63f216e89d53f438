"""The LibreOffice bridge: headless conversion to PDF and formula recalculation.

Each run uses a private profile directory (-env:UserInstallation) so it neither touches nor waits
for the user's own LibreOffice, and a timeout so a hung soffice never hangs the batch.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT = 240  # seconds
CANDIDATES = (
    "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


# Linux: the tables ask for 宋体/黑体/仿宋/楷体; without an alias fontconfig may pick a Japanese
# CJK face. These aliases prefer the Simplified Chinese faces when installed (fonts-noto-cjk).
FONT_ALIASES = {
    "宋体": ("SimSun", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"),
    "仿宋": ("FangSong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "楷体": ("KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei"),
}
SYSTEM_FONTS_CONF = Path("/etc/fonts/fonts.conf")


def _fontconfig(profile: Path) -> dict:
    """Environment for soffice: on Linux a fonts.conf with the Chinese aliases."""
    env = dict(os.environ)
    if not sys.platform.startswith("linux") or not SYSTEM_FONTS_CONF.is_file():
        return env
    aliases = "".join(
        f"<alias binding=\"strong\"><family>{name}</family><prefer>"
        + "".join(f"<family>{f}</family>" for f in prefer) + "</prefer></alias>"
        for name, prefer in FONT_ALIASES.items())
    conf = profile / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<include ignore_missing="yes">{SYSTEM_FONTS_CONF}</include>{aliases}</fontconfig>',
                    encoding="utf-8")
    env["FONTCONFIG_FILE"] = str(conf)
    return env


class LibreOfficeError(Exception):
    """LibreOffice missing or failing; `reason` is Chinese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def find_soffice() -> str | None:
    env = os.environ.get("DEPTBUDGET_SOFFICE")
    if env and Path(env).is_file():
        return env
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in CANDIDATES if Path(c).is_file()), None)


def require_soffice() -> str:
    path = find_soffice()
    if not path:
        raise LibreOfficeError(
            "未找到 LibreOffice（soffice），无法生成 PDF。请安装 LibreOffice（https://www.libreoffice.org/，"
            "Linux 可运行 apt-get install -y libreoffice-calc-nogui fonts-noto-cjk），或设置环境变量 "
            "DEPTBUDGET_SOFFICE 指向 soffice；也可在 Excel 中用「导出公开表(PDF)」。")
    return path


def convert(src: str | os.PathLike, target: str, out_dir: str | os.PathLike,
            timeout: int = TIMEOUT) -> Path:
    """Convert `src` with `soffice --convert-to target` into out_dir; returns the new file."""
    soffice = require_soffice()
    src, out_dir = Path(src), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="deptbudget-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", target, "--outdir", str(out_dir), str(src)]
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                                 env=_fontconfig(Path(profile)))
        except subprocess.TimeoutExpired:
            raise LibreOfficeError(f"LibreOffice 转换 {src.name} 超过 {timeout} 秒未完成，已放弃") from None
        except OSError as exc:
            raise LibreOfficeError(f"无法启动 LibreOffice：{exc.strerror or exc}") from None
    produced = out_dir / (src.stem + "." + target.split(":")[0])
    if run.returncode != 0 or not produced.is_file():
        detail = (run.stderr or run.stdout or b"").decode("utf-8", "replace").strip()[:300]
        raise LibreOfficeError(f"LibreOffice 未能转换 {src.name}（返回码 {run.returncode}）：{detail or '无输出'}")
    return produced


def to_pdf(src: str | os.PathLike, pdf: str | os.PathLike, timeout: int = TIMEOUT) -> Path:
    """Render a workbook or document to `pdf` (written atomically)."""
    from .atomic import atomic_path

    with tempfile.TemporaryDirectory(prefix="deptbudget-pdf-") as tmp:
        produced = convert(src, "pdf", tmp, timeout)
        with atomic_path(pdf) as out:
            shutil.copyfile(produced, out)
    return Path(pdf)


def recalculate(src: str | os.PathLike, out: str | os.PathLike, timeout: int = TIMEOUT) -> Path:
    """A copy of an .xlsx with every formula's cached value computed by LibreOffice."""
    from .atomic import atomic_path

    with tempfile.TemporaryDirectory(prefix="deptbudget-calc-") as tmp:
        produced = convert(src, 'xlsx:Calc MS Excel 2007 XML', tmp, timeout)
        with atomic_path(out, [src]) as target:
            shutil.copyfile(produced, target)
    return Path(out)
