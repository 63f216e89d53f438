"""click's own usage errors in Chinese: a missing argument, an unknown option (often a file name
that starts with "-"), a file that does not exist or cannot be read, a value not in a list.

Imported only when such an error happens, so `deptbudget --help` stays fast. click words its
errors in English (through gettext, with no catalog to hook into), so each kind is recognised by
its exception class and, for parameter values, by click's message pattern; anything not
recognised is still shown, with a Chinese lead-in.
"""

from __future__ import annotations

import ast
import os
import re

import click

# What each positional argument of the commands is, for 「缺少参数 FILE（要校验的工作簿）」.
ARGUMENTS = {
    "FILE": "要校验的工作簿", "WORKBOOK": "工作簿文件", "INPUTS": "要汇总或导出的工作簿、文件夹",
    "WHAT": "填制什么：sangong、performance、narrative 或 all",
}
PATH_PROBLEMS = {
    "does not exist": "找不到「{path}」（文件或文件夹不存在，请检查路径和文件名）",
    "is a directory": "「{path}」是文件夹，这里要的是文件",
    "is a file": "「{path}」是文件，这里要的是文件夹",
    "is not readable": "无法读取「{path}」（没有读取权限）",
    "is not writable": "无法写入「{path}」（没有写入权限）",
    "is not executable": "「{path}」不能执行",
}


def show_usage_error(exc: click.UsageError, argv: list[str], file=None) -> None:
    ctx = exc.ctx
    if isinstance(exc, click.exceptions.NoArgsIsHelpError) and ctx is not None:
        click.echo(ctx.get_help(), file=file, err=True)
        return
    lines = [f"错误：{message(exc, argv)}"]
    if ctx is not None:
        lines.append(f"用法：{usage(ctx)}")
    lines.append(f"查看帮助：{ctx.command_path if ctx else 'deptbudget 命令'} --help")
    click.echo("\n".join(lines), file=file, err=True)


def usage(ctx: click.Context) -> str:
    pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
    pieces = pieces.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
    return f"{ctx.command_path} {pieces}".strip()


def message(exc: click.UsageError, argv: list[str]) -> str:
    if isinstance(exc, click.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click.NoSuchOption):
        return _no_such_option(exc, argv)
    if isinstance(exc, click.exceptions.NoSuchCommand):
        return _no_such_command(exc)
    if isinstance(exc, click.BadOptionUsage):
        return _option_usage(exc)
    if isinstance(exc, click.BadParameter):
        return f"{_name(exc.param)}：{_bad_value(exc.message, exc.param)}" if exc.param else _bad_value(exc.message)
    m = re.fullmatch(r"Got unexpected extra arguments? \((.*)\)", exc.message, re.S)
    if m:
        return f"多余的参数：{m.group(1)}（文件名里有空格时，请把整个路径放在引号里）"
    if exc.message.startswith("Missing command"):
        return "缺少命令（见下面的用法）"
    return f"命令用法有误（{exc.message}）"


def _missing(exc: click.MissingParameter) -> str:
    p = exc.param
    if p is None:
        return "缺少参数"
    if isinstance(p, click.Argument):
        meaning = ARGUMENTS.get(p.human_readable_name, "")
        return f"缺少参数 {p.human_readable_name}" + (f"（{meaning}）" if meaning else "")
    helptext = getattr(p, "help", None)
    return f"缺少必填选项 {' / '.join(p.opts)}" + (f"（{helptext}）" if helptext else "")


def _no_such_option(exc: click.NoSuchOption, argv: list[str]) -> str:
    token = next((a for a in argv if a == exc.option_name), None) or next(
        (a for a in argv if a.startswith(exc.option_name) and a.startswith("-")), exc.option_name)
    if _looks_like_file(token):
        cmd = exc.ctx.command_path if exc.ctx else "deptbudget"
        return (f"「{token}」以“-”开头，会被当作选项。若它是文件名，请写成 ./{token}，"
                f"或在文件名前加 --（如 {cmd} -- {token}）")
    out = f"没有选项 {exc.option_name}"
    if exc.possibilities:
        out += f"；是不是 {'、'.join(sorted(exc.possibilities))}？"
    return out


def _looks_like_file(token: str) -> bool:
    """Option names are ASCII words: a dot, a slash or a Chinese character means a file name."""
    return bool(re.search(r"[./\\]|[^\x00-\x7f]", token.lstrip("-"))) or os.path.exists(token)


def _no_such_command(exc) -> str:
    out = f"没有命令「{exc.command_name}」"
    if exc.possibilities:
        out += f"；是不是 {'、'.join(sorted(exc.possibilities))}？"
    if exc.ctx is not None:
        out += "。可用的命令：" + "、".join(exc.ctx.command.list_commands(exc.ctx))
    return out


def _option_usage(exc: click.BadOptionUsage) -> str:
    name = exc.option_name
    if "requires" in exc.message:
        return f"选项 {name} 后面缺少它的值"
    if "does not take a value" in exc.message:
        return f"选项 {name} 是开关，不带值"
    return f"选项 {name} 用法有误（{exc.message}）"


def _name(param) -> str:
    if isinstance(param, click.Argument):
        return f"参数 {param.human_readable_name}"
    return f"选项 {max(param.opts, key=len)}"


def _bad_value(msg: str, param=None) -> str:
    """click's message about a value, in Chinese; our own (already Chinese) messages as they are."""
    if re.search(r"[\u4e00-\u9fff]", re.sub(r"'[^']*'|\"[^\"]*\"", "", msg)):  # Chinese outside quotes
        return msg
    m = re.fullmatch(r"\w+ ('.*'|\".*\") (%s)\." % "|".join(PATH_PROBLEMS), msg, re.S)
    if m:
        return PATH_PROBLEMS[m.group(2)].format(path=_unrepr(m.group(1)))
    kind = getattr(param, "type", None)
    if isinstance(kind, click.Choice):
        value = re.match(r"('.*?'|\".*?\"|\S+) is not", msg)
        shown = _unrepr(value.group(1)) if value else ""
        return f"「{shown}」不是可选的值；可选：{'、'.join(map(str, kind.choices))}"
    m = re.fullmatch(r"(.*) is not in the range .*", msg, re.S)
    if m:
        low, high = getattr(kind, "min", None), getattr(kind, "max", None)
        return f"{m.group(1)} 超出范围（{'' if low is None else low}～{'' if high is None else high}）"
    m = re.fullmatch(r"(.*) is not a valid (integer|float)( range)?\.", msg, re.S)
    if m:
        return f"「{_unrepr(m.group(1))}」不是{'整数' if m.group(2) == 'integer' else '数字'}"
    return f"值无效（{msg}）"


def _unrepr(text: str) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text
