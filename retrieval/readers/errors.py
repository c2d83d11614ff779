"""The one way a reader refuses a file: :class:`UnreadableFile`, with the reason in English and in Vietnamese."""

from __future__ import annotations


class UnreadableFile(ValueError):
    """A file we refuse to read, with the reason in English (logs) and in Vietnamese (:attr:`user_message`)."""

    def __init__(self, message: str, user_message: str) -> None:
        super().__init__(message)
        self.user_message = user_message


def damaged(name: str, kind: str, reason: str) -> UnreadableFile:
    """A file whose contents do not hold together as a ``kind`` file (a broken package, bad XML, bad values)."""
    return UnreadableFile(f"{name}: not a readable {kind} file ({reason})", f"Tệp {kind} bị hỏng hoặc không đọc được.")


def too_large(name: str, what: str, size: int, limit: int) -> UnreadableFile:
    """Something in the file goes past a bound that keeps one file from taking the machine's memory or time."""
    return UnreadableFile(
        f"{name}: {what} is {size:,}, over the limit of {limit:,}; refused",
        "Tệp quá lớn hoặc giải nén ra quá lớn (có thể là tệp độc hại); đã từ chối.",
    )


def missing_tool(name: str, tool: str, packages: str, purpose_vi: str) -> UnreadableFile:
    """A format whose system tool is not installed here: say which Debian packages bring it."""
    return UnreadableFile(
        f"{name}: {tool} is not installed, so this file cannot be read; install the Debian packages {packages} "
        "(scripts/setup.sh does it as root)",
        f"Máy chủ chưa cài {tool} nên chưa đọc được {purpose_vi}. Quản trị viên cần cài gói {packages} "
        "(chạy scripts/setup.sh với quyền root).",
    )


def timed_out(name: str, seconds: float) -> UnreadableFile:
    return UnreadableFile(
        f"{name}: reading took longer than {seconds:.0f} s; refused",
        f"Đọc tệp mất quá {seconds:.0f} giây nên đã dừng; hãy kiểm tra tệp hoặc gửi bản nhỏ hơn.",
    )
