"""A real `chroma run` server on a loopback port, which tests can stop and start again on the same port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

START_SECONDS = 60.0  # a safety net for a server that never comes up, not a timing assertion


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ChromaServer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ChromaServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        executable = Path(sys.executable).with_name("chroma")
        assert executable.exists(), "the chroma console script of the chromadb wheel is missing"
        self._process = subprocess.Popen(
            [str(executable), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + START_SECONDS
        with httpx.Client(trust_env=False) as client:
            while True:
                try:
                    if client.get(f"http://127.0.0.1:{self.port}/api/v2/heartbeat").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                assert self._process.poll() is None and time.monotonic() < deadline, "chroma run did not start"
                time.sleep(0.1)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=20)
            self._process = None
