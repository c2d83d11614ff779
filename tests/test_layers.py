"""The retrieval layer knows nothing of Telegram; the bot plugs its subcommand into `vanban`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_retrieval_module_imports_the_bot_or_telegram() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_modules(path) & {"bot", "telegram"})
        for path in (ROOT / "retrieval").glob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_running_the_retrieval_commands_loads_no_telegram_code() -> None:
    code = (
        "import sys, retrieval.cli, retrieval.assistant;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('bot', 'telegram')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_vanban_bot_subcommand_comes_from_the_bot_package() -> None:
    vanban = Path(sys.executable).parent / "vanban"
    out = subprocess.run([str(vanban), "bot", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "usage: vanban bot" in out.stdout
