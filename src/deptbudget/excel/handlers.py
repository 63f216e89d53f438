"""Ribbon handlers: one function per button, each taking the calling `xw.Book`.

Handlers are a thin shell: read the sheets they need with one block call each (excel.book_io),
call the same core functions as the CLI, write the result back as block writes, and end with a
Chinese message box. A user's mistake is a UserError (dispatch shows it); input cells are never
written, except the new row of 添加单位.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from ..fill import SECTIONS
from ..io.grid import is_blank
from ..template import spec
from . import book_io, results, steps
from .errors import UserError
from .logfile import get_logger, log_path
from .results import MARKS_SHEET, RESULTS_SHEET
from .ui import progress, tell

ADDIN_FILE = "DeptBudget.xlam"
UDF_MODULE = "deptbudget.excel.udfs"
SETTINGS_SHEET = "设置"  # = template.spec.SETTINGS_SHEET

# 设置 sheet: 项目 | 值 | 说明. Read by the handlers that need them.
SETTINGS_ROWS = (
    ("项目", "值", "说明"),
    ("尾差容差（万元/项）", 0.005, "四舍五入到两位小数后，每个合计项允许的尾差"),
    ("绩效指标权重合计", 90, "项目绩效指标权重之和（90 或 100，依本地要求）"),
    ("忽略的规则", "", "规则编码，多个用顿号或逗号分隔，如 BAL-01、TXT-02"),
    ("导出文件夹", "", "留空则导出到工作簿所在文件夹"),
    ("写入前备份", "是", "按钮写入本工作簿前先保存一份带时间的副本（Excel 运行宏后无法撤销）；填“否”关闭"),
    ("备份文件夹", "", "留空则备份到工作簿所在文件夹"),
)


def new_workbook(book) -> None:
    """新建部门工作簿：生成一本空白的标准部门工作簿（含单位信息、收入、支出等录入表）。"""
    steps.need_desktop(book, "新建部门工作簿", "请在命令行运行 deptbudget template --out 文件夹，"
                       "或使用工具附带的 workbook_templates/部门预算工作簿.xlsx。")
    from ..io.workbook_xlsx import build_workbook, save_workbook

    folder = _home_folder(book)
    path = steps.unique_path(folder, "部门预算工作簿.xlsx")
    save_workbook(build_workbook("部门"), path)
    book.app.books.open(str(path))
    tell(book, f"已新建部门工作簿并打开：\n{path}\n请先填写「基本信息」和「单位信息」。", "新建部门工作簿")


def _home_folder(book) -> Path:
    folder = steps.workbook_folder(str(book.fullname))
    if folder is not None:
        return folder
    docs = Path.home() / "Documents"
    return docs if docs.is_dir() else Path.home()


def add_unit(book) -> None:
    """添加单位：在「单位信息」中登记一个预算单位，并准备它的录入区域。"""
    from ..template.reader import ReadState, find_header, read_info

    grid = book_io.read_grid(book, names={spec.INFO_SHEET, spec.UNITS.name})
    sheet = grid.sheet(spec.UNITS.name)
    found = find_header(sheet, spec.UNITS) if sheet else None
    if found is None:
        raise UserError(f"找不到「{spec.UNITS.name}」表或它的表头：这不是部门预算标准工作簿。"
                        "请用「新建部门工作簿」生成标准工作簿。")
    header_row, cols = found
    facts = read_info(ReadState(grid))
    code = _next_unit_code(sheet, header_row, cols["unit"], str(facts.get("dept_code") or "").strip())
    row = _first_free_row(sheet, header_row, cols)
    target = book.sheets[spec.UNITS.name]
    try:  # the rows below the pre-made ones are locked: lift the sheet's own protection
        with book_io.unprotected(target):
            book_io.write_block(target, [[code]], top=row + 1, left=cols["unit"] + 1)
    except book_io.PasswordProtected:
        raise UserError(f"「{spec.UNITS.name}」表设有密码保护，无法添加单位。请先撤销工作表保护"
                        "（审阅 → 撤销工作表保护，输入密码），再点「添加单位」。") from None
    if "name" in cols:
        _select(target, row + 1, cols["name"] + 1)
    tell(book, f"已在「{spec.UNITS.name}」第 {row + 1} 行添加单位 {code}。请填写单位名称、单位类型，"
               "然后在各录入表中用这个单位编码填报。", "添加单位")


def _select(sheet, row: int, col: int) -> None:
    """Put the cursor where the user types next (a nicety: never fails the button)."""
    book_io.Skipped().attempt("选中单元格", lambda: (sheet.activate(), sheet.range((row, col)).select()))


def _next_unit_code(sheet, header_row: int, col: int, dept: str) -> str:
    codes = [str(r[col]).strip() for r in sheet.rows[header_row + 1:] if col < len(r) and r[col] not in (None, "")]
    codes = [c[:-2] if c.endswith(".0") else c for c in codes]
    dept = dept[:-2] if dept.endswith(".0") else dept
    if not dept and codes:
        dept = codes[0][:3]
    if not (dept.isascii() and dept.isdigit()):
        raise UserError("请先在「基本信息」中填写部门编码（3 位数字，如 139），再添加单位。")
    used = [int(c[3:]) for c in codes if c.isascii() and c.isdigit() and len(c) == 6 and c.startswith(dept)]
    nxt = max(used, default=0) + 1
    if nxt > 999:
        raise UserError(f"部门 {dept} 的单位编码已用完（{dept}001—{dept}999）。")
    return f"{dept}{nxt:03d}"


def _first_free_row(sheet, header_row: int, cols: dict) -> int:
    """0-based row after the last row holding anything in the unit columns."""
    last = header_row
    for r in range(header_row + 1, len(sheet.rows)):
        if any(not is_blank(sheet.cell(r, c)) for c in cols.values()):
            last = r
    return last + 1


def validate_all(book) -> None:
    """校验全部：校验整本工作簿，写入「校验结果」表并在出错单元格上加标记和批注。"""
    _validate(book, None)


def validate_sheet(book) -> None:
    """校验当前表：只校验当前工作表，结果同样写入「校验结果」。"""
    active = book.sheets.active.name
    if active in (RESULTS_SHEET, MARKS_SHEET):
        raise UserError("请先切换到要校验的工作表（如「基本支出」），再点「校验当前表」。")
    _validate(book, active)


def _validate(book, only_sheet: str | None) -> None:
    findings, skipped = check(book)
    if only_sheet is not None:
        findings = [f for f in findings if _on_sheet(f, only_sheet)]
    progress(book, 3, 3, "写入校验结果")
    results.clear_marks(book, skipped)
    results.write_results(book, findings, skipped,
                          title=f"「{only_sheet}」校验结果" if only_sheet else "校验结果")
    marked = results.mark_cells(book, findings, skipped)
    where = f"「{only_sheet}」" if only_sheet else ""
    note = f"已在 {marked} 个单元格上加了底色/批注（「清除校验标记」可去掉）。" if marked else ""
    tell(book, f"{where}校验完成：{results.summary(findings)}，详见「{RESULTS_SHEET}」。{note}{skipped.message()}",
         "校验")


def check(book) -> tuple[list, book_io.Skipped]:
    """The findings of the whole workbook, exactly as `deptbudget validate` finds them."""
    from ..rules import validate
    from ..rules.settings import SettingsError, load_settings
    from ..rules.shown_read import read_published_budget
    from ..template.reader import read_budget

    skipped = book_io.Skipped()
    progress(book, 1, 3, "读取工作簿")
    grid = book_io.read_grid(book, skip={RESULTS_SHEET, MARKS_SHEET})
    budget, findings = read_published_budget(grid, *read_budget(grid))  # 公开表: the tables alone
    try:
        settings = load_settings(grid)
    except SettingsError as exc:
        raise UserError(f"「设置」表有误：{exc}") from None
    progress(book, 2, 3, "校验")
    if budget is None:
        if not any(f.code.startswith("STR") for f in findings):
            findings.append(steps.not_template(book.name))
        from ..core.findings import Severity  # a 错误 of the reading is never silenced (as in validate)

        return [f for f in findings if settings.wants(f.code) or f.severity is Severity.ERROR], skipped
    return validate(budget, grid=grid, settings=settings, extra_findings=findings), skipped


def _on_sheet(f, name: str) -> bool:
    return (f.ref is not None and f.ref.sheet == name) or any(r.sheet == name for r in f.refs)


def clear_marks(book) -> None:
    """清除校验标记：去掉校验添加的底色和批注（只去掉校验加的，别的不动）。"""
    skipped = book_io.Skipped()
    restored, found = results.clear_marks(book, skipped)
    if not found:
        tell(book, "没有找到校验标记，无需清除。", "清除校验标记")
        return
    tell(book, f"已清除校验标记：恢复了 {restored} 个单元格，删除了「{RESULTS_SHEET}」。{skipped.message()}",
         "清除校验标记")


def rollup(book) -> None:
    """汇总单位表：把本工作簿中各单位的数据汇总成部门汇总表（表1—表5）。"""
    skipped = book_io.Skipped()
    loaded = steps.load(book, "汇总单位表", skipped)
    chosen = steps.choose_set(book, "汇总单位表", loaded.budget, skipped)
    progress(book, 2, 3, "汇总")
    tables = steps.tables_from(loaded.budget, table_set=chosen.given)
    written = steps.write_tables(book, tables, skipped)
    _done(book, "汇总", written, loaded, skipped, chosen)


def _done(book, what: str, written: list[str], loaded, skipped, chosen, note: str = "") -> None:
    """「汇总完成：已写入 10 张表（表1—表5）。收入总计 … 万元 …」: the set's own sheets and totals in its unit."""
    from ..core.money import fmt
    from ..io.batch import totals

    ts = chosen.table_set
    t = {k: v * ts.scale for k, v in totals(loaded.budget).items()}
    mine = [n for n in written if n in steps.set_sheets(ts)]
    extra = f"另有 {len(loaded.findings)} 条警告/提示，可点「校验全部」查看。" if loaded.findings else ""
    tell(book, f"{what}完成：已写入 {len(mine)} 张表（{mine[0].split()[0]}—{mine[-1].split()[0]}）。"
               f"收入总计 {fmt(t['收入总计'])} {ts.money_unit}，支出总计 {fmt(t['支出总计'])} {ts.money_unit}。"
               f"{steps.set_message(book, chosen, written)}{extra}{skipped.message()}{note}",
         what)


def rollup_folder(book) -> None:
    """从文件夹汇总：选择一个放有各单位工作簿的文件夹，汇总成部门公开表。"""
    steps.need_desktop(book, "从文件夹汇总", "请在命令行运行 deptbudget rollup 文件夹 -o 汇总.xlsx。")
    folder = steps.pick_folder(book, "选择存放各单位工作簿的文件夹")
    if folder is None:
        return
    run_folder_rollup(book, folder)


def run_folder_rollup(book, folder: Path) -> None:
    """Roll up the workbooks in `folder` (as `deptbudget rollup`) into this book's summary sheets."""
    from ..io.batch import collect

    skipped = book_io.Skipped()
    progress(book, 1, 3, f"读取「{folder.name}」中的工作簿")
    c = collect([str(folder)], skip_bad=False, jobs=1, progress=False)
    if c.exit_code != 0:
        steps.stop(book, "从文件夹汇总", c.findings, skipped)
    chosen = steps.choose_set(book, "从文件夹汇总", c.budget, skipped)  # the units' 公开表样式
    progress(book, 2, 3, "汇总")
    written = steps.write_tables(book, steps.tables_from(c.budget, table_set=chosen.given), skipped)
    loaded = steps.Loaded(None, c.budget, c.notices)
    _done(book, f"从 {len(c.files)} 个工作簿汇总", written, loaded, skipped, chosen,
          FOLDER_NOTE.format(folder=folder))


# After 从文件夹汇总 the book holds the folder's 表1—表5 but not the units' inputs, so the fill
# buttons would act on this book's own inputs: said, with the way to get the whole department.
FOLDER_NOTE = ("\n注意：本工作簿只写入了文件夹汇总的表1—表5；「生成三公表」「生成绩效表」「生成情况说明」「校验」"
               "仍按本工作簿自己的录入表计算，不含文件夹中的数据。要得到含各单位录入表和全部 14 张表的部门工作簿，"
               "请在命令行运行：deptbudget rollup \"{folder}\" --workbook -o 部门工作簿.xlsx，再用 Excel 打开它。")


def fill_sangong(book) -> None:
    """生成三公表：根据支出明细填制“三公”经费预算表。"""
    _fill(book, "生成三公表", SECTIONS["sangong"])


def fill_performance(book) -> None:
    """生成绩效表：根据项目和绩效目标填制项目绩效目标表和部门整体绩效目标表。"""
    _fill(book, "生成绩效表", SECTIONS["performance"])


def _fill(book, what: str, keys) -> None:
    skipped = book_io.Skipped()
    loaded = steps.load(book, what, skipped)
    chosen = steps.choose_set(book, what, loaded.budget, skipped)
    progress(book, 2, 3, what)
    written = steps.write_tables(book, steps.tables_from(loaded.budget, keys, chosen.given), skipped)
    mine = [n for n in written if n in steps.set_sheets(chosen.table_set)]
    done = (f"已写入 {'、'.join(f'「{n}」' for n in mine)}。" if mine
            else f"「{chosen.table_set.name}」没有此类公开表。")
    tell(book, f"{what}完成：{done}{steps.set_message(book, chosen, written)}{skipped.message()}", what)


def fill_narrative(book) -> None:
    """生成情况说明：按汇总结果生成部门预算情况说明文字。"""
    skipped = book_io.Skipped()
    loaded = steps.load(book, "生成情况说明", skipped)
    chosen = steps.choose_set(book, "生成情况说明", loaded.budget, skipped)
    progress(book, 2, 3, "起草情况说明")
    name = steps.write_narrative(book, steps.draft_narrative(loaded.budget, chosen.given), skipped)
    kept = "（「情况说明」是您自己写的，未覆盖，草稿另放一表）" if name != spec.NARRATIVE_SHEET else ""
    tell(book, f"已生成「{name}」{kept}。〔〕内是需要补充的内容，请核对后使用。{chosen.note}。{skipped.message()}",
         "生成情况说明")


def export_xlsx(book) -> None:
    """导出公开表(xlsx)：另存一份只含公开表的 xlsx 文件，原工作簿不变。"""
    steps.need_desktop(book, "导出公开表", "请在命令行运行 deptbudget export。")
    from ..io.export import NotPublishable, export_package, published_narrative
    from ..pipeline import all_tables

    skipped = book_io.Skipped()
    loaded = steps.load(book, "导出公开表", skipped)
    chosen = steps.choose_set(book, "导出公开表", loaded.budget, skipped)
    ts = chosen.given
    out = steps.output_dir(book, loaded.grid)
    progress(book, 2, 3, "导出公开表")
    try:  # the publishing gate: refused while validation finds 错误 (the workbook's 设置 apply)
        files = export_package(loaded.budget, all_tables(loaded.budget, ts), published_narrative(loaded.budget, ts),
                               out, pdf=False, inputs=[book.fullname], grid=loaded.grid, workbook=book.name,
                               table_set=ts)
    except NotPublishable as exc:
        raise UserError(exc.reason, "导出公开表") from None
    tell(book, "已导出：\n" + "\n".join(str(f) for f in files) + f"\n{chosen.note}，"
               f"{len(chosen.table_set.tables)} 张表，金额单位：{chosen.table_set.money_unit}。原工作簿未作修改。",
         "导出公开表")


def export_pdf(book) -> None:
    """导出公开表(PDF)：把公开表导出为 A4 横向 PDF。"""
    steps.need_desktop(book, "导出公开表(PDF)", "请在命令行运行 deptbudget export --pdf（用 LibreOffice 生成 PDF）。")
    chosen, grid = _pdf_set(book)
    present = book_io.sheet_names(book)
    names = [n for n in steps.set_sheets(chosen.table_set) if n in present]
    if not names:
        raise UserError(f"工作簿中还没有「{chosen.table_set.name}」的公开表：请先点「汇总单位表」「生成三公表」"
                        "「生成绩效表」。")
    out = steps.output_dir(book, grid)
    path = steps.unique_path(out, f"{Path(book.name).stem}-公开表.pdf")
    progress(book, 1, 1, "导出 PDF")
    book.to_pdf(str(path), include=names)
    tell(book, f"已导出 PDF（{len(names)} 张公开表）：\n{path}\n{chosen.note}。导出的是工作簿中现有的公开表；"
               "改过录入表的话，请先重新汇总、生成。", "导出公开表(PDF)")


def _pdf_set(book):
    """(Chosen, grid) for 导出PDF: the set the workbook declares, read as the other buttons read it;
    a workbook of the published tables alone (no input sheets to read) prints the set whose sheets
    it holds (the default first)."""
    from ..tablesets import DEFAULT, SETS
    from ..template.reader import read_budget

    grid = book_io.input_grid(book)
    budget, _ = read_budget(grid)
    if budget is None:
        present = set(book_io.sheet_names(book))
        ts = next((ts for ts in SETS.values() if present & set(steps.set_sheets(ts))), DEFAULT)
        return steps.Chosen(ts, f"公开表样式：{ts.name}（按工作簿中现有的公开表）"), grid
    return steps.choose_set(book, "导出公开表(PDF)", budget, book_io.Skipped()), grid


def import_udfs(book) -> None:
    """导入函数：把部门预算自定义函数（科目名称、人民币大写等）导入加载项，
    之后在任何工作簿中都可以像 SUM 一样使用。仅 Windows 版 Excel。"""
    if not sys.platform.startswith("win"):
        raise UserError("「导入函数」只能在 Windows 版 Excel 中使用：xlwings 的自定义函数依赖 "
                        "Windows 的 COM 接口，macOS 版 Excel 和 WPS 表格不支持。")
    try:
        import xlwings as xw
        import xlwings.udfs  # noqa: F401 — needs pywin32
    except ImportError:
        raise UserError("缺少 pywin32，无法导入函数。请在命令行运行：pip install pywin32") from None
    target = _addin_book(book)
    try:
        _ = target.api.VBProject.VBComponents.Count  # raises when access to the VBA project is not trusted
    except Exception:  # noqa: BLE001 — Excel refuses access to the VBA project
        raise UserError(_TRUST_VBA_MESSAGE) from None
    xw.import_udfs(UDF_MODULE, target.api)
    if not _chinese_names_kept(target):
        raise UserError("函数已导入，但中文函数名在 VBA 中变成了乱码：xlwings 按系统的“非 Unicode 程序的语言”写入函数。"
                        "请在 Windows 设置 → 时间和语言 → 语言 → 管理语言设置 → 更改系统区域设置 中"
                        "选“中文(简体，中国)”，"
                        "重启电脑后再点「导入函数」。")
    target.api.Save()
    book.app.alert("已导入部门预算函数，例如 =科目名称(\"2080101\")、=人民币大写(A1)。"
                   "可在“插入函数”对话框的“部门预算”类别中找到全部函数。", title="导入函数")


_TRUST_VBA_MESSAGE = (
    "Excel 不允许访问 VBA 工程，无法导入函数。请依次点击：文件 → 选项 → 信任中心 → 信任中心设置 → "
    "宏设置，勾选“信任对 VBA 工程对象模型的访问”，然后再点「导入函数」。"
    "（如由单位信息技术人员统一管理，请联系他们开启此项。）")


def _chinese_names_kept(target) -> bool:
    """Read the imported wrapper module back: the Chinese function names must have survived the
    ANSI code page of xlwings' temporary file. True when it cannot be read (nothing to say)."""
    try:
        code = target.api.VBProject.VBComponents("xlwings_udfs").CodeModule
        text = code.Lines(1, code.CountOfLines)
    except Exception:  # noqa: BLE001
        return True
    return "科目名称" in str(text)


def _addin_book(book):
    """The open add-in workbook, fetched by name: Excel leaves add-ins out of the Workbooks
    enumeration, but Workbooks("DeptBudget.xlam") finds them. Importing into the user's own
    workbook would be wrong (the functions call XLPy, which lives in the add-in)."""
    if book.name.lower() == ADDIN_FILE.lower():
        return book
    try:
        return book.app.books[ADDIN_FILE]
    except Exception:  # noqa: BLE001 — KeyError: the add-in is not open in this Excel
        raise UserError(f"没有找到已打开的加载项 {ADDIN_FILE}，函数无法导入。请先安装加载项（运行 安装.cmd 或 "
                        "deptbudget addin install），重新打开 Excel 后再点「导入函数」。") from None


def settings(book) -> None:
    """设置：打开「设置」表（没有则新建，并填入默认设置）。"""
    names = [s.name for s in book.sheets]
    if SETTINGS_SHEET in names:
        book.sheets[SETTINGS_SHEET].activate()
        return
    sheet = book.sheets.add(SETTINGS_SHEET, after=book.sheets[len(names) - 1])
    sheet["A1"].value = [list(row) for row in SETTINGS_ROWS]
    sheet.activate()
    book.app.alert("已新建「设置」表并填入默认值，修改「值」一列即可。", title="设置")


def about_text() -> str:
    """The help/version text shown by 帮助/版本."""
    from .. import __version__
    from ..template.spec import TEMPLATE_VERSION

    try:
        import xlwings

        xlwings_version = xlwings.__version__
    except ImportError:
        xlwings_version = "未安装"
    return (f"部门预算工具 deptbudget {__version__}\n"
            f"工作簿模板版本：{TEMPLATE_VERSION}\n"
            f"xlwings {xlwings_version}，Python {platform.python_version()}\n"
            f"Python 位置：{sys.executable}\n"
            f"日志文件：{log_path()}\n\n"
            "使用说明见 README；出现问题时请把日志文件发给技术支持人员。\n"
            "现在打开日志文件吗？")


def help_about(book) -> None:
    """帮助/版本：显示版本、Python 位置和日志文件位置，可直接打开日志文件。"""
    answer = book.app.alert(about_text(), title="帮助 / 版本", buttons="yes_no")
    if answer == "yes":
        open_log()


def open_log() -> None:
    """Open the log file in the system's text viewer (created empty if missing)."""
    get_logger().info("打开日志文件")
    path = str(log_path())
    if sys.platform.startswith("win"):
        os.startfile(path)  # noqa: S606 — the user's own log file
    elif sys.platform == "darwin":
        subprocess.run(["open", "-t", path], check=False)
    else:
        raise UserError(f"请用文本编辑器打开日志文件：{path}")
