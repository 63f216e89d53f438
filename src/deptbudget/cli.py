"""The `deptbudget` command. Sub-commands live in deptbudget.commands.* and are imported
only when used, so `deptbudget --help` stays fast (no pandas/openpyxl at start-up)."""

from __future__ import annotations

import importlib
import sys

import click

from . import __version__

# name → (module, attribute, one-line help). Help text is here so --help needs no imports.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": ("deptbudget.commands.demo", "demo", "用内置示例（达川区人社局 2024）生成全套工作簿、汇总表和公开材料"),
    "template": ("deptbudget.commands.template", "template", "生成标准工作簿（单位录入表 / 部门工作簿）"),
    "rollup": ("deptbudget.commands.rollup", "rollup", "汇总单位工作簿（或文件夹、部门工作簿），生成部门汇总表"),
    "export-lines": ("deptbudget.commands.rollup", "export_lines", "把支出明细导出为整洁的 CSV / Parquet（一行一条）"),
    "validate": ("deptbudget.commands.validate", "validate", "校验工作簿，输出错误/警告/提示（可 --json、--annotate）"),
    "rules": ("deptbudget.commands.validate", "rules", "列出全部校验规则及说明"),
    "fill": ("deptbudget.commands.fill", "fill", "填制“三公”表、绩效表、情况说明"),
    "export": ("deptbudget.commands.export", "export", "导出公开材料：只含公开表的 xlsx、PDF、情况说明 docx"),
    "table-sets": ("deptbudget.commands.table_sets", "table_sets", "列出公开表样式（四川部门预算、四川单位预算……）"),
    "codes": ("deptbudget.commands.codes", "codes", "科目表：导入财政部《政府收支分类科目》、查看已加载科目"),
    "addin": ("deptbudget.commands.addin", "addin", "Excel 加载项：生成、安装、卸载、查看状态"),
}


# click's own words on help pages (it words them in English, through gettext with no catalog).
HELP_WORDS = {"Show this message and exit.": "显示本帮助并退出。", "Show the version and exit.": "显示版本号并退出。",
              "[default: ": "[默认：", "; default: ": "；默认：", "[required]": "[必填]", "; required]": "；必填]"}
SECTIONS = {"Options": "选项", "Positional arguments": "参数", "Commands": "命令"}


class ChineseHelpFormatter(click.HelpFormatter):
    def write_usage(self, prog, args="", prefix=None):
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def section(self, name):
        return super().section(SECTIONS.get(name, name))

    def write_dl(self, rows, *args, **kwargs):
        super().write_dl([(term, _chinese_help(text)) for term, text in rows], *args, **kwargs)


def _chinese_help(text: str) -> str:
    for english, chinese in HELP_WORDS.items():
        text = text.replace(english, chinese)
    return text


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class ChineseUsageError(click.UsageError):
    """A click usage error (missing argument, unknown option, file not found …) shown in Chinese;
    click still prints it and exits with code 2."""

    def __init__(self, original: click.UsageError, argv: list[str]):
        super().__init__(original.message, original.ctx)
        self.original, self.argv = original, argv

    def show(self, file=None):
        from .cli_errors import show_usage_error

        show_usage_error(self.original, self.argv, file)


def _chinese(exc: click.UsageError, argv) -> click.UsageError:
    return exc if isinstance(exc, ChineseUsageError) else ChineseUsageError(exc, list(argv or ()))


class LazyGroup(click.Group):
    context_class = ChineseContext

    def parse_args(self, ctx, args):
        ctx.meta["deptbudget.argv"] = list(args)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _chinese(exc, args) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _chinese(exc, ctx.meta.get("deptbudget.argv")) from None

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attr, help_text = COMMANDS[name]
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            return _not_built(name, help_text)
        cmd = getattr(mod, attr)
        _chinese_contexts(cmd)
        return cmd

    def format_commands(self, ctx, formatter):
        rows = [(name, help_text) for name, (_, _, help_text) in COMMANDS.items()]
        with formatter.section("命令"):
            formatter.write_dl(rows)


def _chinese_contexts(cmd: click.Command) -> None:
    """Help pages of a command (and its sub-commands) in Chinese, like the group's."""
    cmd.context_class = ChineseContext
    for sub in getattr(cmd, "commands", {}).values():
        _chinese_contexts(sub)


def _not_built(name: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text + "（尚未实现）",
                   context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def cmd(args):
        click.echo(f"命令 {name} 尚未实现：{help_text}", err=True)
        sys.exit(2)

    return cmd


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deptbudget")
def main():
    """deptbudget：部门预算编制、汇总、校验与公开工具。

    金额单位均为万元。输入文件从不被修改；输出先写入临时文件再改名。
    """


if __name__ == "__main__":
    main()
