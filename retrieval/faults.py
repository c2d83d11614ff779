"""Why the index cannot answer right now: each fault says it in English (``str``, for logs) and in
Vietnamese (``user_message``, for the person who asked), so every caller can report it the same way
without a traceback. A fault is about the index, never about one question.
"""

from __future__ import annotations


class IndexFault(Exception):
    """The index cannot answer now; ``user_message`` is what to tell the user."""

    def __init__(self, message: str, user_message: str) -> None:
        super().__init__(message)
        self.user_message = user_message


class NoIndex(IndexFault, FileNotFoundError):
    """No generation has been built yet (a FileNotFoundError too, as callers have always caught it)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "Chưa có chỉ mục văn bản: cần nạp văn bản trước (vanban ingest hoặc /reload).")


class IndexMismatch(IndexFault):
    """The live generation keeps its vectors where the current settings do not look (CHROMA_HOST)."""

    def __init__(self, message: str) -> None:
        super().__init__(
            message,
            "Chỉ mục hiện có được lập với cấu hình Chroma khác (CHROMA_HOST, CHROMA_PORT); "
            "quản trị viên cần sửa cấu hình hoặc nạp lại văn bản.",
        )


class VectorsUnavailable(IndexFault):
    """The vector store did not answer: a Chroma server that is down, or a generation removed under us."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "Máy chủ chỉ mục tạm thời không trả lời, vui lòng thử lại sau ít phút.")


class CollectionMissing(VectorsUnavailable):
    """The store answered but holds no collection for this generation (dropped, or another server)."""


class EmptyCorpus(IndexFault):
    """A build found no document to index (an empty or missing folder, or every file refused): no generation
    is made, the live one (if any) stays."""

    def __init__(self, message: str, refused: dict[str, str] | None = None) -> None:
        super().__init__(message, "Không có văn bản nào đọc được trong thư mục văn bản, nên chưa lập chỉ mục.")
        self.refused = refused or {}  # file → why it was refused, in Vietnamese
