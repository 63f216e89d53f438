"""`deptbudget codes`: import the MOF 《政府收支分类科目》, list and show the loaded codes."""

from __future__ import annotations

import sys

import click

SCHEME_CHOICE = click.Choice(["function", "econ", "gov_econ"])


@click.group("codes", help="科目表：导入财政部《政府收支分类科目》、查看已加载科目")
def codes():
    pass


@codes.command("import", help="导入财政部《政府收支分类科目》（xlsx/xls/csv），作为某年度的完整科目表")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--year", help="预算年度，如 2024（缺省时从文件名或表头判断）")
@click.option("--scheme", type=click.Choice(["function", "econ"]),
              help="只导入功能分类（function）或部门经济分类（econ）；缺省按编码自动判断")
def import_(file, year, scheme):
    from ..reference import codes as C
    from ..reference.importer import CodeImportError, import_file

    if year is not None and not (year.isdigit() and len(year) == 4):
        _fail(f"年度“{year}”不对，请写四位数字，例如 --year 2024")
    try:
        report = import_file(file, year=year, scheme=scheme)
    except CodeImportError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"无法读取文件 {file}：{exc.strerror or exc}")
    click.echo(f"已导入文件 {report.file}（工作表：{'、'.join(report.sheets)}）")
    for r in report.results:
        levels = "，".join(f"{lv} {r.by_level[lv]} 行" for lv in ("类", "款", "项") if lv in r.by_level)
        verb = "替换了原有的" if r.replaced else "新建"
        click.echo(f"  {C.scheme_label(r.scheme)}：{r.year} 年版，共 {r.rows} 行（{levels}）；{verb}科目表 {r.path}")
        if r.orphans:
            click.echo(f"  提示：{len(r.orphans)} 个科目的上级不在文件中，例如 {'、'.join(r.orphans[:5])}")
    if report.other_rows:
        click.echo(f"  另有 {report.other_rows} 行不属于所导入的分类（如收入分类科目），未导入")
    for note in report.skipped[:10]:
        click.echo(f"  提示：{note}")
    if len(report.skipped) > 10:
        click.echo(f"  ……另有 {len(report.skipped) - 10} 条跳过的行未列出")


@codes.command("list", help="列出已加载的科目（注明版本、来源、是否完整）")
@click.option("--scheme", type=SCHEME_CHOICE, default="function", show_default=True,
              help="function 功能分类 / econ 部门经济分类 / gov_econ 政府经济分类")
@click.option("--year", help="年度；缺省用最近导入的版本，没有导入时用内置科目表")
@click.option("--level", type=click.Choice(["类", "款", "项"]), help="只列某一级")
def list_(scheme, year, level):
    book = _book(scheme, year)
    click.echo(book.describe())
    if year and book.edition != str(year):
        click.echo(f"提示：没有导入 {year} 年版，以下为内置科目表")
    indent = {"类": "", "款": "  ", "项": "    "}
    shown = 0
    for e in book:
        if level and e.level != level:
            continue
        click.echo(f"{indent.get(e.level, '')}{e.code}\t{e.level}\t{e.name}")
        shown += 1
    click.echo(f"共 {shown} 行")


@codes.command("show", help="查看一个科目：名称、级次、上级、来源")
@click.argument("code")
@click.option("--scheme", type=SCHEME_CHOICE, help="缺省按编码首位判断（2 功能、3 部门经济、5 政府经济）")
@click.option("--year", help="年度；缺省用最近导入的版本，没有导入时用内置科目表")
def show(code, scheme, year):
    from ..reference import codes as C

    norm = C.normalize_code(code)
    scheme = scheme or C.scheme_of(norm)
    if norm is None or scheme is None or not C.is_well_formed(scheme, norm):
        click.echo(f"“{code}”不是有效的科目编码：功能分类为 3/5/7 位数字（2 开头），"
                   "部门经济分类为 3/5 位数字（3 开头），政府经济分类为 3/5 位数字（5 开头），款、项不能为 00")
        sys.exit(1)
    book = _book(scheme, year)
    entry = book.lookup(norm)
    if entry is None:
        where = "内置科目表（部分清单）" if book.is_partial else f" {book.edition} 年版科目表"
        click.echo(f"科目 {norm} 格式正确，但不在{where}中，请核对。")
        click.echo(f"科目表：{book.describe()}")
        sys.exit(1)
    click.echo(f"科目 {entry.code}：{entry.name}")
    click.echo(f"分类：{C.scheme_label(scheme)}，级次：{entry.level}")
    chain = [e for e in book.chain(norm) if e.code != norm]
    if entry.parent:
        missing = "" if chain and chain[-1].code == entry.parent else f"（上级 {entry.parent} 不在科目表中）"
        click.echo("上级：" + " › ".join(f"{e.code} {e.name}" for e in chain) + missing)
    kids = book.children(norm)
    if kids:
        click.echo(f"下级：{len(kids)} 个，如 " + "、".join(f"{k.code} {k.name}" for k in kids[:5]))
    click.echo(f"来源：{entry.source}")
    click.echo(f"科目表：{book.describe()}")


def _book(scheme: str, year):
    from ..reference import codes as C

    if year is None:
        years = C.imported_years(scheme)
        year = years[-1] if years else None
    return C.codebook(scheme, year)


def _fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)
