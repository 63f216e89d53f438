"""Outputs are written to a temporary file beside the target and renamed into place, so a
failing run never leaves a partial file nor replaces a good earlier output."""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

# Whether an existing output file may be replaced. The CLI commands turn it off unless --overwrite
# is given (commands.common.writes_outputs); library callers keep the old behaviour.
_OVERWRITE: ContextVar[bool] = ContextVar("deptbudget_overwrite", default=True)


@contextmanager
def overwrite_policy(allowed: bool):
    """Within the block, check_output refuses an existing output unless `allowed`."""
    token = _OVERWRITE.set(allowed)
    try:
        yield
    finally:
        _OVERWRITE.reset(token)


class OutputError(Exception):
    """An output that cannot be written; `reason` is Chinese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def overwrite_allowed() -> bool:
    return _OVERWRITE.get()


def check_output(out: str | os.PathLike, inputs=(), create: bool = True) -> Path:
    """Refuse an output equal to an input (always), an existing file when the overwrite policy
    says no, or one in a read-only folder; a missing folder is made (`create`) or left for later."""
    target = Path(out).resolve()
    for inp in inputs:
        try:
            if Path(inp).resolve() == target:
                raise OutputError(f"输出文件 {Path(out).name} 与输入文件相同，为保护原始数据已拒绝覆盖")
        except OSError:
            continue
    if target.is_file() and not _OVERWRITE.get():
        raise OutputError(f"输出文件 {target} 已存在，未覆盖；确要覆盖请加 --overwrite，或换一个输出文件名")
    parent = target.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"输出位置 {parent} 不是文件夹，请换一个输出路径")
    if target.is_dir():
        raise OutputError(f"输出路径 {target} 是一个文件夹，请给出文件名")
    if not parent.exists():
        if not create:
            return target
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建输出文件夹 {parent}：{exc.strerror or exc}") from None
    if not os.access(parent, os.W_OK):
        raise OutputError(f"输出位置 {parent} 不可写（只读或无权限），请换一个文件夹")
    return target


@contextmanager
def atomic_path(out: str | os.PathLike, inputs=()):
    """Yield a temporary path; on success rename it onto `out`, on failure delete it."""
    target = check_output(out, inputs)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~deptbudget-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise OutputError(_os_reason(exc, target, "无法在输出位置创建文件")) from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(_os_reason(exc, target, "写出失败") + "（原有文件未被改动）") from None
    except BaseException:
        _remove(tmp)
        raise


def _mode_for(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _os_reason(exc: OSError, target: Path, what: str) -> str:
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足，未能写出 {target.name}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"输出位置 {target.parent} 不可写（只读或无权限），未能写出 {target.name}"
    return f"{what}：{target.name}（{exc.strerror or exc}）"


def _remove(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
