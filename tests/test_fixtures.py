"""The real-file fixtures (tests/data/README.md) are there and are the file types their names say."""

import zipfile
from pathlib import Path

DATA = Path(__file__).parent / "data"
FIXTURES = [
    "TTg-CT-07-CT-TTg-2012-03-02.pdf",
    "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025.pdf",
    "LC-SCT-KH-2242-KH-SCT-2026-04-23.pdf",
    "CP-ND-32-2024-ND-CP-2024-03-15.pdf",
    "TTg-CT-07-CT-TTg-2012-03-02-scan.pdf",
    "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025-page1.png",
    "TTg-CT-07-CT-TTg-2012-03-02.doc",
    "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025.rtf",
    "LC-SCT-KH-2242-KH-SCT-2026-04-23-word-numbering.docx",
]
MAGIC = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2 compound file, as Word 97-2003 writes
    ".rtf": b"{\\rtf",
    ".docx": b"PK\x03\x04",
}


def test_fixtures_exist_and_are_the_type_their_name_says():
    for name in FIXTURES:
        path = DATA / name
        assert path.is_file(), f"missing fixture {name}: remake with python -m bench.fixtures"
        assert path.read_bytes().startswith(MAGIC[path.suffix]), f"{name} is not a {path.suffix} file"
        if path.suffix == ".docx":
            assert "word/document.xml" in zipfile.ZipFile(path).namelist(), f"{name} is a zip but not a Word package"
