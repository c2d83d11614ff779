"""Plain .txt/.md bytes → text: UTF-8 (with or without BOM), UTF-16, Windows-1258, and the legacy Vietnamese
encodings (TCVN3, VNI, VISCII; see :mod:`.legacy`), also when such bytes were re-saved as UTF-8 unconverted."""

from __future__ import annotations

import re

from . import legacy
from .errors import UnreadableFile

_CP1258_TONES = re.compile("[\u0300\u0301\u0303\u0309\u0323]")


def decode_text(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _unlegacy(_utf8(data[3:], name))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _binary(name) from exc
    if len(data) > 3 and data.count(b"\x00") > len(data) // 4:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if re.search(r"\w{3,}", text) and "\x00" not in text:
                return text
        raise _binary(name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _eight_bit(data, name)
    if _control_ratio(text) > 0.01:
        raise _binary(name)
    return _unlegacy(text)


def _utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _unknown_encoding(name) from exc


def _unlegacy(text: str) -> str:
    """UTF-8 text that still holds a legacy encoding's characters ("KÕ ho¹ch"): a conversion tool saved the
    bytes as Latin-1 letters. Converted when the words come out as Vietnamese syllables."""
    if text.isascii():
        return text
    encoding = legacy.detect(text)
    return legacy.convert(text, encoding) if encoding else text


def _eight_bit(data: bytes, name: str) -> str:
    latin = data.decode("latin-1")
    encoding = legacy.detect(latin)
    if encoding:
        return legacy.convert(latin, encoding)
    if _control_ratio(latin) > 0.01:
        raise _binary(name)
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise _unknown_encoding(name) from exc
    if _CP1258_TONES.search(text):
        return text
    raise _unknown_encoding(name)


def _control_ratio(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    return controls / max(1, len(text))


def _binary(name: str) -> UnreadableFile:
    return UnreadableFile(
        f"{name}: binary content, not text",
        "Tệp không phải văn bản (có vẻ là tệp nhị phân hoặc bị hỏng).",
    )


def _unknown_encoding(name: str) -> UnreadableFile:
    return UnreadableFile(
        f"{name}: text is not UTF-8 and its encoding could not be recognised",
        "Không nhận ra bảng mã của tệp. Hãy lưu lại dưới dạng Unicode (UTF-8) rồi gửi lại.",
    )
