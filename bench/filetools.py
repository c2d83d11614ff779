"""The converters the format benchmarks run: LibreOffice headless (Word → PDF, .doc, .rtf), pdftoppm (PDF → page
images) and img2pdf (page images → an image-only PDF), with their outputs made byte-stable so a rebuilt file
does not change (fixed zip times, no creation dates, a PDF /ID from the content)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

SOFFICE_TIMEOUT = 900  # seconds for one batch; the 40-document booklet takes about a minute on two cores
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class ToolMissing(RuntimeError):
    """A system tool the conversion needs is not installed."""


def require(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise ToolMissing(
            f"{tool} not found: install it with `apt-get install {package}` (scripts/setup.sh does as root)"
        )
    return found


def is_stale(target: Path, source: Path) -> bool:
    """The target is missing or older than its source (then it must be made again)."""
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


def stable_zip(path: Path) -> None:
    """Rewrite a zip package (.docx) with fixed member times, so the same content gives the same bytes."""
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def stable_pdf(path: Path) -> None:
    """Drop the dates (and the checksum over them) LibreOffice stamps and derive the /ID from the content."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for key in ("/CreationDate", "/ModDate"):
            if key in pdf.docinfo:
                del pdf.docinfo[key]
        for key in ("/DocChecksum", "/ID"):  # LibreOffice's checksum covers the dates; its /ID is random
            if key in pdf.trailer:
                del pdf.trailer[key]
        pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def soffice_convert(sources: Iterable[Path], out_dir: Path, target: str) -> list[Path]:
    """Convert files with LibreOffice headless to `target` ("pdf", "doc", "rtf") in out_dir, in one batch.

    A private profile folder (-env:UserInstallation) lets several conversions run at once without sharing
    LibreOffice's lock on the user profile.
    """
    sources = list(sources)
    if not sources:
        return []
    soffice = require("soffice", "libreoffice-writer-nogui")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vanban-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(out_dir), *map(str, sources)]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, check=False)
    made = [out_dir / f"{s.stem}.{target}" for s in sources]
    missing = [p.name for p in made if not p.exists()]
    if proc.returncode != 0 or missing:
        raise RuntimeError(f"soffice --convert-to {target} failed for {missing}: {proc.stderr.strip()[-2000:]}")
    if target == "pdf":
        for p in made:
            stable_pdf(p)
    return made


def rasterise(pdf: Path, out_dir: Path, dpi: int = 200, colour: str = "gray", fmt: str = "jpeg",
              first: int | None = None, last: int | None = None) -> list[Path]:  # fmt: skip
    """Pages of a PDF as images with pdftoppm: colour "gray" (8-bit) or "mono" (1-bit); fmt "jpeg" (quality 75,
    as office scanners save grey pages), "png", or "tiff" (CCITT G4 for mono, as fax-mode scanners save them)."""
    pdftoppm = require("pdftoppm", "poppler-utils")
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [pdftoppm, "-r", str(dpi), f"-{colour}"]
    if fmt == "tiff":
        cmd += ["-tiff", "-tiffcompression", "ccittfax4" if colour == "mono" else "deflate"]
    elif fmt == "jpeg":
        cmd += ["-jpeg", "-jpegopt", "quality=75"]
    else:
        cmd += ["-png"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    subprocess.run([*cmd, str(pdf), str(out_dir / "page")], check=True, capture_output=True)
    return sorted(out_dir.glob("page-*"))


def image_pdf(images: list[Path], target: Path, dpi: int = 200) -> Path:
    """An image-only PDF (no text layer), one page per image at its scan resolution, as a scanner makes it."""
    import img2pdf

    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(img2pdf.convert([str(p) for p in images], layout_fun=layout, nodate=True,
                                       engine=img2pdf.Engine.internal))  # fmt: skip
    return target


def scan_pdf(pdf: Path, target: Path, dpi: int = 200, colour: str = "gray", fmt: str = "jpeg",
             first: int | None = None, last: int | None = None) -> Path:  # fmt: skip
    """A PDF printed and scanned: its pages rendered at `dpi` and put back together as images only."""
    with tempfile.TemporaryDirectory(prefix="vanban-scan-") as tmp:
        return image_pdf(rasterise(pdf, Path(tmp), dpi, colour, fmt, first, last), target, dpi)
