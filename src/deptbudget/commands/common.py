"""Small helpers shared by the sub-commands: Chinese errors, exit codes, console output."""

from __future__ import annotations

import sys

import click

from ..io.batch import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE  # noqa: E402,F401  (one definition)


class OutputFile(click.Path):
    """An output file whose extension says the format written: `rollup -o 汇总.csv` would put an
    .xlsx under a .csv name, which Excel then refuses to open. Refused in Chinese (exit 2)."""

    def __init__(self, *suffixes: str, what: str, hint: str = ""):
        super().__init__(dir_okay=False)
        self.suffixes, self.what, self.hint = suffixes, what, hint

    def convert(self, value, param, ctx):
        value = super().convert(value, param, ctx)
        from pathlib import Path

        if Path(value).suffix.lower() not in self.suffixes:
            self.fail(f"输出文件「{value}」的扩展名应为 {' 或 '.join(self.suffixes)}（写出的是{self.what}）"
                      + (f"；{self.hint}" if self.hint else ""), param, ctx)
        return value


def fail(message: str, code: int = EXIT_UNREADABLE):
    """Print a Chinese error and exit without a traceback."""
    click.echo(f"错误：{message}", err=True)
    sys.exit(code)


def guarded(fn):
    """Turn our known error types into a message and an exit code."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from ..io.atomic import OutputError
        from ..io.read import ReadError

        try:
            return fn(*args, **kwargs)
        except OutputError as exc:
            fail(exc.reason, EXIT_UNREADABLE)
        except ReadError as exc:
            fail(exc.reason, EXIT_UNREADABLE)
        except KeyboardInterrupt:
            fail("已中断，未写出任何不完整的文件", 130)

    return wrapper


def writes_outputs(fn):
    """Add --overwrite to a command that writes files: without it an existing output file is
    refused (exit 2) before it is replaced; an input is never an output (io.atomic)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, overwrite: bool = False, **kwargs):
        from ..io.atomic import overwrite_policy

        with overwrite_policy(overwrite):
            return fn(*args, **kwargs)

    return click.option("--overwrite", is_flag=True,
                        help="输出文件已存在时覆盖它（默认拒绝；输入文件任何时候都不会被覆盖）")(wrapper)


def outputs_free(paths, inputs=()) -> None:
    """Refuse at once (before any work) an output that exists or is an input: a command writing
    several files must not stop half way."""
    from ..io.atomic import check_output

    for p in paths:
        check_output(p, inputs, create=False)


def read_for_output(path, what: str = "输出"):
    """Read a workbook for a command that writes tables from it. An unreadable file exits 2; a
    workbook whose cells have 错误 (amounts left out, sheets missing) exits 1 listing each cell,
    because tables written from it would silently miss those figures."""
    from ..io.reader import read_workbook

    return checked_read(read_workbook(path), path, what)


def checked_read(read, path, what: str = "输出"):
    """read_for_output's checks on a workbook already read."""
    from pathlib import Path

    name = Path(path).name
    if not read.ok:
        reasons = [f.message for f in read.errors] or [f"无法读取 {name}：没有找到任何预算单位"]
        fail(_with_file(name, "；".join(reasons[:3])), EXIT_UNREADABLE)
    if read.errors:
        click.echo(f"错误：{name} 有 {len(read.errors)} 处错误，为免{what}漏掉或算错金额，未写出任何文件：", err=True)
        for f in read.errors[:20]:
            click.echo(f"  {f.where()}：{f.message}", err=True)
        if len(read.errors) > 20:
            click.echo(f"  ……另有 {len(read.errors) - 20} 处，运行 deptbudget validate {name} 查看全部", err=True)
        sys.exit(EXIT_FINDINGS)
    return read


def _with_file(name: str, message: str) -> str:
    return message if name in message else f"{name}：{message}"
