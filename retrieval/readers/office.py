"""Legacy Word (.doc), RTF and OpenDocument (.odt) files: converted to .docx by LibreOffice headless, then read
as .docx (:mod:`.word`), so their tables, merged cells and numbering come out like Word's.

Each conversion runs in a temporary folder with a private LibreOffice profile (``-env:UserInstallation``), so
conversions never share or lock a user's profile, and is stopped after :data:`~.limits.CONVERT_SECONDS`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import UnreadableFile, missing_tool
from .limits import CONVERT_SECONDS, Budget
from .word import docx_text

PACKAGES = "libreoffice-writer-nogui"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_text(data: bytes, name: str, budget: Budget) -> str:
    return docx_text(convert_to_docx(data, name), name, budget)


def convert_to_docx(data: bytes, name: str) -> bytes:
    program = soffice()
    if program is None:
        raise missing_tool(name, "LibreOffice", PACKAGES, "tệp .doc, .rtf, .odt")
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in (".doc", ".rtf", ".odt") else ".doc"
    with tempfile.TemporaryDirectory(prefix="vanban-office-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        command = [
            program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"), str(source),
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise UnreadableFile(
                f"{name}: LibreOffice did not convert it within {CONVERT_SECONDS:.0f} s",
                f"Chuyển đổi tệp bằng LibreOffice quá {CONVERT_SECONDS:.0f} giây nên đã dừng.",
            ) from exc
        target = folder / "out" / "input.docx"
        if not target.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise UnreadableFile(
                f"{name}: LibreOffice could not convert it (exit {done.returncode}: {' '.join(detail[-2:])[:200]}); "
                "it may be damaged or password-protected",
                "Không chuyển đổi được tệp (có thể tệp bị hỏng hoặc có mật khẩu).",
            )
        return target.read_bytes()
