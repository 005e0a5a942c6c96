"""Reading source files safely: UTF-8 (BOM and CRLF folded), symlinks kept inside the pack."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wazir_core.diagnostics import Diagnostic


@dataclass(frozen=True)
class SourceText:
    """A decoded file: ``display`` is the path shown in messages, ``text`` uses LF endings."""

    path: Path
    display: str
    text: str


def display_path(path: Path) -> str:
    """A stable, '/'-separated path for messages: relative to the working folder if inside."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def check_inside(path: Path, root: Path) -> Diagnostic | None:
    """Refuse symlinks that loop or lead outside ``root`` (the pack folder)."""
    if not path.is_symlink() and not any(p.is_symlink() for p in path.parents if p != root):
        return None
    try:
        real = path.resolve(strict=True)
    except (RuntimeError, OSError) as exc:
        loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40
        why = "is a symlink loop" if loop else "is a broken symlink"
        return Diagnostic(display_path(path), 1, 1, f"{why}", code="symlink")
    if not real.is_relative_to(root.resolve()):
        return Diagnostic(
            display_path(path), 1, 1,
            "is a symlink that points outside the pack; copy the file into the pack instead",
            code="symlink",
        )
    return None


def decode(data: bytes, display: str) -> str | Diagnostic:
    """UTF-8 text with a leading BOM dropped and CRLF/CR turned into LF."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Count characters, not bytes: everything before exc.start is valid UTF-8.
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        return Diagnostic(
            display, line, col,
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            code="encoding",
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_source(path: Path, root: Path) -> SourceText | Diagnostic:
    display = display_path(path)
    bad_link = check_inside(path, root)
    if bad_link is not None:
        return bad_link
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Diagnostic(display, 0, 0, f"cannot be read: {exc.strerror or exc}", code="io")
    text = decode(data, display)
    if isinstance(text, Diagnostic):
        return text
    return SourceText(path, display, text)


def is_executable(path: Path) -> bool:
    return os.access(path, os.X_OK) and path.is_file()
