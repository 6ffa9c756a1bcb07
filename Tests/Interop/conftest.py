"""Shared fixtures: the built binaries, one sandbox sshd for the whole session, hosts.json files
pointing at it, and a helper that connects the official Python MCP client to our server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    raw = os.environ.get("SFA_BIN_DIR")
    if not raw:
        pytest.fail(
            "SFA_BIN_DIR is not set: build first and point it at the binaries, e.g.\n"
            "  SFA_BIN_DIR=$(swift build --show-bin-path) python3 -m pytest Tests/Interop",
            pytrace=False,
        )
    path = Path(raw)
    for name in ("ssh-for-agents", "ssh-for-agents-sandbox"):
        if not (path / name).is_file():
            pytest.fail(f"{path / name} does not exist; run `swift build` (SFA_BIN_DIR={raw})", pytrace=False)
    return path


@pytest.fixture(scope="session")
def sandbox(bin_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real sshd on 127.0.0.1 (ssh-for-agents-sandbox up), stopped with SIGTERM at the end."""
    work = tmp_path_factory.mktemp("sandbox")
    ready = work / "ready.json"
    log = open(work / "sandbox.log", "wb")
    process = subprocess.Popen(
        [str(bin_dir / "ssh-for-agents-sandbox"), "up",
         "--hosts-json", str(work / "sandbox-hosts.json"), "--ready-file", str(ready)],
        stdout=subprocess.DEVNULL, stderr=log,
    )
    deadline = time.monotonic() + 30
    while not ready.exists():
        if process.poll() is not None:
            pytest.fail(f"sandbox exited with {process.returncode}: {(work / 'sandbox.log').read_text()}", pytrace=False)
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("sandbox did not become ready within 30 s", pytrace=False)
        time.sleep(0.05)
    info = json.loads(ready.read_text())
    yield info
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def host_entry(sandbox: dict[str, Any], **policy: Any) -> dict[str, Any]:
    entry = {
        "hostname": sandbox["host"],
        "port": sandbox["port"],
        "username": sandbox["username"],
        "private_key": sandbox["ed25519_key"],
        "passphrase_env": sandbox["passphrase_env"],
        "known_hosts": sandbox["known_hosts"],
    }
    if policy:
        entry["policy"] = policy
    return entry


def write_hosts(path: Path, hosts: dict[str, Any]) -> Path:
    """Writes atomically, as an editor that saves via rename would."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"hosts": hosts, "policy": {"mode": "guarded"}}, indent=2))
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
    return path


@pytest.fixture(scope="session")
def hosts_file(sandbox: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sandbox` (default confirmation), `sandbox-flag` and `sandbox-deny`, all the same sshd."""
    return write_hosts(tmp_path_factory.mktemp("config") / "hosts.json", {
        "sandbox": host_entry(sandbox),
        "sandbox-flag": host_entry(sandbox, confirmation="flag"),
        "sandbox-deny": host_entry(sandbox, confirmation="deny"),
    })


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    path = tmp_path / "cache"
    path.mkdir()
    return path


@pytest.fixture
def server_env(sandbox: dict[str, Any], cache_dir: Path) -> dict[str, str]:
    return {
        sandbox["passphrase_env"]: sandbox["ed25519_passphrase"],
        "XDG_CACHE_HOME": str(cache_dir),
        "SSH_FOR_AGENTS_LOG_LEVEL": "info",
    }


@asynccontextmanager
async def connect(bin_dir: Path, config: Path, env: dict[str, str], *,
                  elicitation_callback: Any = None, logging_callback: Any = None,
                  extra_args: tuple[str, ...] = ()) -> AsyncIterator[ClientSession]:
    """Our server over stdio with the official client, initialized. The server's stderr goes to
    a temporary file that is printed if the test fails (pytest shows captured output)."""
    params = StdioServerParameters(
        command=str(bin_dir / "ssh-for-agents"),
        args=["serve", "--config", str(config), *extra_args],
        env=env,
    )
    with tempfile.TemporaryFile(mode="w+") as errlog:
        try:
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write, elicitation_callback=elicitation_callback,
                                         logging_callback=logging_callback) as session:
                    await session.initialize()
                    yield session
        finally:
            errlog.seek(0)
            print("--- server stderr ---\n" + errlog.read())


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", None) == "text")


def marker_path(tag: str) -> Path:
    """A file in the shared /tmp that a command run as the sandbox account may create."""
    return Path("/tmp") / f"sfa-interop-{tag}-{os.getpid()}-{time.monotonic_ns()}"
