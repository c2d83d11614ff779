"""Upload file names, validation before anything is written, atomic storing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.upload import UploadRefused, check, duplicate_warnings, safe_name, store
from retrieval.models import Document, DocumentMeta
from retrieval.readers import UnreadableFile


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("ke-hoach-78.docx", "ke-hoach-78.docx"),
        ("Kế hoạch 99 (dược liệu).TXT", "Ke_hoach_99_duoc_lieu.txt"),
        ("C:\\Users\\van thu\\Nghị quyết 109.pdf", "Nghi_quyet_109.pdf"),
        ("thu-muc/con/ctr.55.txt", "ctr.55.txt"),
        (".an.txt", "an.txt"),
        ("a;rm -rf $HOME.md", "a_rm_-rf_HOME.md"),
    ],
)
def test_safe_names_keep_word_characters_dots_dashes_and_the_suffix(raw: str, safe: str) -> None:
    assert safe_name(raw) == safe


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("../../etc/passwd.txt", "Tên tệp không hợp lệ."),
        ("..\\..\\boot.txt", "Tên tệp không hợp lệ."),
        ("a/../b.txt", "Tên tệp không hợp lệ."),
        ("….txt", "Tên tệp không hợp lệ."),
        ("", "Tên tệp không hợp lệ."),
        (None, "Tên tệp không hợp lệ."),
        ("tep\x00.txt", "Tên tệp không hợp lệ."),
        ("virus.exe", "Không hỗ trợ loại tệp .exe"),
        ("khong-duoi", "Không hỗ trợ loại tệp (không có đuôi)"),
    ],
)
def test_unsafe_or_unsupported_names_are_refused(raw: str | None, message: str) -> None:
    with pytest.raises(UploadRefused) as refused:
        safe_name(raw)
    assert refused.value.user_message.startswith(message)


def test_check_reads_documents_and_refuses_text_that_is_not_one() -> None:
    text = "ỦY BAN NHÂN DÂN TỈNH\n\nSố: 5/KH-UBND\n\nKẾ HOẠCH\n\nVề việc thử nghiệm\n\n1. Giao Sở A chủ trì việc B.\n"
    (doc,) = check(text.encode(), "kh5.txt")
    assert (doc.meta.number, doc.meta.doc_type, doc.meta.source) == ("5/KH-UBND", "Kế hoạch", "kh5.txt")
    with pytest.raises(UnreadableFile) as refused:
        check("vài dòng ghi chú".encode(), "ghi-chu.txt")
    assert "Không nhận ra văn bản" in refused.value.user_message
    with pytest.raises(UnreadableFile):
        check(b"PK\x03\x04 not really a zip", "x.docx")


def test_store_replaces_atomically_and_says_when_it_replaced(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    assert store(b"one", "a.txt", corpus) is False
    assert store(b"two", "a.txt", corpus) is True
    assert (corpus / "a.txt").read_bytes() == b"two"
    assert [p.name for p in corpus.iterdir()] == ["a.txt"], "no temporary file left behind"


def test_store_refuses_a_name_that_escapes_the_folder(tmp_path: Path) -> None:
    with pytest.raises(UploadRefused):
        store(b"x", "../x.txt", tmp_path / "corpus")
    assert not (tmp_path / "x.txt").exists()


def test_a_number_already_held_by_another_file_is_reported() -> None:
    def doc(number: str, source: str) -> Document:
        return Document(meta=DocumentMeta(id=number.lower(), number=number, source=source))

    known = [doc("78/KH-UBND", "kh78.txt"), doc("5/KH-UBND", "moi.txt")]
    uploaded = [doc("78/KH-UBND", "moi.txt"), doc("5/KH-UBND", "moi.txt")]
    assert duplicate_warnings(uploaded, "moi.txt", known) == ["Văn bản số 78/KH-UBND cũng có trong tệp kh78.txt."]
