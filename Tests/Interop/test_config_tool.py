"""ssh-for-agents-config against a running MCP server: a host added (or removed) by the tool is
seen by the server's next call without a restart, because the tool replaces hosts.json atomically
and the server re-reads a changed file."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import connect, host_entry, write_hosts

pytestmark = pytest.mark.anyio


def config_tool(bin_dir: Path, config: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bin_dir / "ssh-for-agents-config"), "--config", str(config), *arguments],
                          capture_output=True, text=True, timeout=60)


async def test_a_running_server_sees_hosts_the_tool_adds_and_removes(bin_dir: Path, sandbox: dict[str, Any],
                                                                     server_env: dict[str, str], tmp_path: Path) -> None:
    config = write_hosts(tmp_path / "hosts.json", {"sandbox": host_entry(sandbox)})
    async with connect(bin_dir, config, server_env) as session:
        before = await session.call_tool("list_hosts", {})
        assert [host["alias"] for host in before.structured_content["hosts"]] == ["sandbox"]

        added = config_tool(bin_dir, config, "add", "second", "--hostname", sandbox["host"], "--port", str(sandbox["port"]),
                            "--user", sandbox["username"], "--key", sandbox["ed25519_key"],
                            "--passphrase-env", sandbox["passphrase_env"], "--known-hosts", sandbox["known_hosts"])
        assert added.returncode == 0, added.stderr
        after = await session.call_tool("list_hosts", {})
        assert sorted(host["alias"] for host in after.structured_content["hosts"]) == ["sandbox", "second"]
        ran = await session.call_tool("run_command", {"host": "second", "command": "printf reloaded"})
        assert ran.structured_content["stdout"]["text"] == "reloaded", ran

        removed = config_tool(bin_dir, config, "remove", "sandbox")
        assert removed.returncode == 0, removed.stderr
        last = await session.call_tool("list_hosts", {})
        assert [host["alias"] for host in last.structured_content["hosts"]] == ["second"]
