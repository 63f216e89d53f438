"""Build DeptBudget.xlam from xlwings' own custom add-in template, in pure Python (any OS).

This is what `xlwings quickstart NAME --addin --ribbon` does (copy
xlwings/quickstart_addin_ribbon.xlam), followed by the manual steps xlwings' docs ask for,
done here by code so that no user ever edits VBA:

1. the template's `xlwings` VBA module is replaced by xlwings_custom_addin.bas of the
   *installed* xlwings version, with PROJECT_NAME = "deptbudget" (so the VBA matches the
   Python package and the config sheet/file is `deptbudget.conf`);
2. the template's sample callback module is replaced by addin/DeptBudget.bas (pyOpenVBA);
3. the ribbon part is replaced by addin/customUI.xml (as customUI/customUI14.xml, the
   Office 2010 part for the 2009/07 namespace);
4. the config sheet `_myaddin.conf` becomes `deptbudget.conf` with our settings
   (UDF modules, interpreter, ...); 5. title and description are set for the Add-ins dialog.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ADDIN_FILE = "DeptBudget.xlam"
PROJECT_NAME = "deptbudget"
CONF_SHEET = PROJECT_NAME + ".conf"
VBA_MODULE = "DeptBudget"
UDF_MODULE = "deptbudget.excel.udfs"
RIBBON_PART = "customUI/customUI14.xml"
RIBBON_REL_2010 = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RIBBON_REL_2007 = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
TITLE = "部门预算"
DESCRIPTION = "部门预算编制、汇总、校验与公开（deptbudget）。功能区「部门预算」选项卡。"


class BuildError(Exception):
    """A build that cannot proceed; the message is Chinese."""


@dataclass
class AddinConfig:
    """Rows of the add-in's deptbudget.conf sheet (xlwings reads them, VBA is never edited)."""

    interpreter_win: str = ""
    interpreter_mac: str = ""
    conda_path: str = ""
    conda_env: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, object]]:
        rows: list[tuple[str, object]] = [
            ("INTERPRETER_WIN", self.interpreter_win),
            ("INTERPRETER_MAC", self.interpreter_mac),
            ("CONDA PATH", self.conda_path),
            ("CONDA ENV", self.conda_env),
            ("UDF MODULES", UDF_MODULE),
            ("DEBUG UDFS", False),
            ("USE UDF SERVER", False),
            ("SHOW CONSOLE", False),
            # Never let a file beside the user's workbook shadow our modules.
            ("ADD_WORKBOOK_TO_PYTHONPATH", "false"),
            *self.extra.items(),
        ]
        # An empty key would override the user's config file with "": leave it out.
        return [(k, v) for k, v in rows if v != ""]


def default_config() -> AddinConfig:
    """Interpreter of the building Python when built on Windows/macOS; else none
    (xlwings then uses `python` on PATH or the user's ~/.deptbudget/deptbudget.conf)."""
    if sys.platform.startswith("win"):
        return AddinConfig(interpreter_win=sys.executable)
    if sys.platform == "darwin":
        return AddinConfig(interpreter_mac=sys.executable)
    return AddinConfig()


def xlwings_dir() -> Path:
    import xlwings

    return Path(xlwings.__file__).parent


def xlwings_version() -> str:
    import xlwings

    return xlwings.__version__


def source_dir() -> Path:
    """addin/ of the source tree (customUI.xml, DeptBudget.bas)."""
    override = os.environ.get("DEPTBUDGET_ADDIN_SRC")
    return Path(override) if override else Path(__file__).resolve().parents[3] / "addin"


def build(out_dir: Path, config: AddinConfig | None = None, src: Path | None = None) -> Path:
    """Write DeptBudget.xlam into out_dir (via a temporary name) and return its path."""
    config = config or default_config()
    src = src or source_dir()
    ribbon, vba = _read_sources(src)
    template = xlwings_dir() / "quickstart_addin_ribbon.xlam"
    if not template.is_file():
        raise BuildError(f"找不到 xlwings 的加载项模板：{template}（请检查 xlwings 安装）")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ADDIN_FILE
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        stage = Path(tmp) / "vba.xlam"
        shutil.copyfile(template, stage)
        _write_vba(stage, vba)
        final = Path(tmp) / ADDIN_FILE
        _rewrite_package(stage, final, ribbon, config)
        os.replace(final, target)
    return target


def _read_sources(src: Path) -> tuple[bytes, str]:
    ribbon, bas = src / "customUI.xml", src / "DeptBudget.bas"
    for path in (ribbon, bas):
        if not path.is_file():
            raise BuildError(f"找不到加载项源文件：{path}（可用环境变量 DEPTBUDGET_ADDIN_SRC 指定 addin 目录）")
    return ribbon.read_bytes(), bas.read_text(encoding="ascii")


def custom_addin_module() -> str:
    """xlwings' custom add-in VBA module of the installed version, PROJECT_NAME set."""
    text = (xlwings_dir() / "xlwings_custom_addin.bas").read_text(encoding="utf-8")
    text, n = re.subn(r'(Public Const PROJECT_NAME As String = )"[^"]*"',
                      rf'\1"{PROJECT_NAME}"', text)
    if n != 1:
        raise BuildError("xlwings_custom_addin.bas 中找不到 PROJECT_NAME，xlwings 版本可能不兼容")
    return text


def _write_vba(path: Path, vba: str) -> None:
    from pyopenvba import ExcelFile

    with ExcelFile(path) as wb:
        project = wb.vba_project()
        names = set(wb.module_names())
        if "xlwings" not in names:
            raise BuildError("xlwings 加载项模板中没有 xlwings 模块，xlwings 版本可能不兼容")
        wb.set_module("xlwings", _crlf(custom_addin_module()))
        if "RibbonMyAddin" in names:
            project.delete_module("RibbonMyAddin")
        project.add_module(VBA_MODULE, _crlf(vba))
        wb.save()


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _rewrite_package(src: Path, dst: Path, ribbon: bytes, config: AddinConfig) -> None:
    """Copy the package part by part, replacing ribbon, config sheet and properties."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        for name in names:
            if name.startswith("customUI/"):
                continue  # the template's ribbon (and its images) go
            data = zin.read(name)
            data = _PART_EDITS.get(name, lambda d, c: d)(data, config)
            zout.writestr(zin.getinfo(name), data)
        zout.writestr(RIBBON_PART, ribbon)


def _edit_rels(data: bytes, config: AddinConfig) -> bytes:
    text = data.decode("utf-8")
    text = re.sub(r'<Relationship [^>]*Type="(%s|%s)"[^>]*/>' % (
        re.escape(RIBBON_REL_2010), re.escape(RIBBON_REL_2007)), "", text)
    rel = f'<Relationship Id="rIdDeptBudgetUI" Type="{RIBBON_REL_2010}" Target="{RIBBON_PART}"/>'
    return text.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")


def _edit_workbook(data: bytes, config: AddinConfig) -> bytes:
    text = data.decode("utf-8")
    # Drop the template author's absolute path.
    text = re.sub(r"<mc:AlternateContent .*?</mc:AlternateContent>", "", text, flags=re.S)
    text, n = re.subn(r'<sheet name="[^"]*"', f'<sheet name="{CONF_SHEET}"', text, count=1)
    if n != 1:
        raise BuildError("模板中找不到配置表，xlwings 版本可能不兼容")
    return text.encode("utf-8")


def _edit_sheet(data: bytes, config: AddinConfig) -> bytes:
    """Replace the config sheet's cells with ours (inline strings, no shared strings)."""
    text = data.decode("utf-8")
    rows = config.rows()
    cells = "".join(_row_xml(i, key, value) for i, (key, value) in enumerate(rows, start=1))
    text = re.sub(r"<sheetData>.*</sheetData>|<sheetData\s*/>",
                  lambda _: f"<sheetData>{cells}</sheetData>", text, flags=re.S)
    return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:B{len(rows)}"', text).encode("utf-8")


def _row_xml(r: int, key: str, value: object) -> str:
    return f'<row r="{r}">{_cell(f"A{r}", key)}{_cell(f"B{r}", value)}</row>'


def _cell(ref: str, value: object) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" s="1" t="b"><v>{int(value)}</v></c>'
    return f'<c r="{ref}" s="1" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _edit_core(data: bytes, config: AddinConfig) -> bytes:
    text = data.decode("utf-8")
    text = re.sub(r"<dc:title\s*/>|<dc:title>.*?</dc:title>", f"<dc:title>{TITLE}</dc:title>", text)
    text = re.sub(r"<dc:description\s*/>|<dc:description>.*?</dc:description>",
                  f"<dc:description>{escape(DESCRIPTION)}</dc:description>", text)
    text = re.sub(r"<dc:creator>.*?</dc:creator>", "<dc:creator>deptbudget</dc:creator>", text)
    text = re.sub(r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>",
                  "<cp:lastModifiedBy>deptbudget</cp:lastModifiedBy>", text)
    return text.encode("utf-8")


_PART_EDITS = {
    "_rels/.rels": _edit_rels,
    "xl/workbook.xml": _edit_workbook,
    "xl/worksheets/sheet1.xml": _edit_sheet,
    "docProps/core.xml": _edit_core,
}
