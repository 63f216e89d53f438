"""Small helpers shared by the sub-commands: Chinese errors, exit codes, console output."""

from __future__ import annotations

import sys

import click

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


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
