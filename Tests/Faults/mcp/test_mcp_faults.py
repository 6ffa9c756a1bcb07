"""Issue 19's MCP-level faults: the client vanishing mid-call (no remote process may be left),
hosts.json truncated mid-run, and 1 GB of output under a large cap (streamed to the spill file,
the server's memory bounded)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import threading
import time
from pathlib import Path

import pytest
from interop_conftest import connect, host_entry, text_of, write_hosts


def remote_processes(user: str, needle: str) -> list[str]:
    listing = subprocess.run(["ps", "-u", user, "-o", "pid=,args="], capture_output=True, text=True).stdout
    return [line for line in listing.splitlines() if needle in line]


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def start_raw(bin_dir: Path, config: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([str(bin_dir / "ssh-for-agents"), "--config", str(config)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, **env})


def send(process: subprocess.Popen, message: dict) -> None:
    process.stdin.write((json.dumps(message) + "\n").encode())
    process.stdin.flush()


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "vanishing", "version": "1"}}}


def test_a_client_vanishing_mid_call_leaves_no_remote_process(bin_dir, sandbox, hosts_file, server_env):
    seconds = random.randrange(40_000, 49_999) * 10  # a unique `sleep` to look for with ps
    process = start_raw(bin_dir, hosts_file, server_env)
    watchdog = threading.Timer(60, process.kill)
    watchdog.start()
    try:
        send(process, INITIALIZE)
        assert json.loads(process.stdout.readline())["id"] == 1
        send(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        send(process, {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "run_command", "arguments": {"host": "sandbox", "command": f"sleep {seconds}; echo never"}}})
        needle = f"sleep {seconds}"
        assert wait_until(lambda: remote_processes(sandbox["username"], needle), 20), "the command never started"
        # The client dies: both of its pipe ends close at once.
        process.stdin.close()
        process.stdout.close()
        started = time.monotonic()
        assert wait_until(lambda: not remote_processes(sandbox["username"], needle), 20), \
            f"left running: {remote_processes(sandbox['username'], needle)}"
        print(f"FAULT-MEASURE client vanished: remote command gone after {time.monotonic() - started:.2f} s")
        assert process.wait(timeout=20) == 0
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()


@pytest.mark.anyio
async def test_hosts_json_truncated_mid_run_keeps_the_last_good_configuration(bin_dir, sandbox, tmp_path, server_env):
    config = write_hosts(tmp_path / "hosts.json", {"sandbox": host_entry(sandbox)})
    async with connect(bin_dir, config, server_env) as session:
        first = await session.call_tool("run_command", {"host": "sandbox", "command": "echo one"})
        assert first.structured_content["stdout"]["text"] == "one\n"
        whole = config.read_bytes()
        with open(config, "r+b") as handle:  # truncated in place, as a crash mid-write leaves it
            handle.truncate(len(whole) // 2)
        second = await session.call_tool("run_command", {"host": "sandbox", "command": "echo two"})
        assert second.structured_content["stdout"]["text"] == "two\n", text_of(second)
        listing = await session.call_tool("list_hosts", {})
        assert listing.structured_content.get("config_problem"), "the broken file is reported"
        config.write_bytes(whole)
        third = await session.call_tool("run_command", {"host": "sandbox", "command": "echo three"})
        assert third.structured_content["stdout"]["text"] == "three\n"


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


@pytest.mark.anyio
async def test_a_gigabyte_under_a_large_cap_is_streamed_to_the_spill_file(bin_dir, sandbox, tmp_path, server_env, cache_dir):
    config = write_hosts(tmp_path / "hosts.json", {"sandbox": host_entry(sandbox, max_output_bytes=2_000_000_000)})
    async with connect(bin_dir, config, server_env) as session:
        started = time.monotonic()
        result = await session.call_tool("run_command", {
            "host": "sandbox", "command": "head -c 1000000000 /dev/zero | tr '\\0' x", "timeout": 240})
        elapsed = time.monotonic() - started
        stdout = result.structured_content["stdout"]
        assert result.structured_content["exit_status"] == 0, text_of(result)
        assert stdout["total_bytes"] == 1_000_000_000 and not stdout["capped"]
        saved = Path(stdout["saved_to"])
        assert saved.stat().st_size == 1_000_000_000 and (saved.stat().st_mode & 0o777) == 0o600
        saved.unlink()
        servers = [int(pid) for pid in subprocess.run(["pgrep", "-f", f"ssh-for-agents serve --config {config}"],
                                                     capture_output=True, text=True).stdout.split()]
        peak = max((peak_rss_kib(pid) for pid in servers), default=0)
        print(f"FAULT-MEASURE 1 GB via MCP under a 2 GB cap: {elapsed:.1f} s, server peak RSS {peak // 1024} MiB")
        assert peak < 512 * 1024, f"the server held the output in memory ({peak // 1024} MiB)"


@pytest.mark.anyio
async def test_read_file_of_large_text_is_bounded_spilled_and_linear(bin_dir, sandbox, tmp_path, server_env):
    """Defect 4: a 100 MB text file with a huge cap used to come back inline after minutes. Now the
    read stops at 16 MiB (the host's cap is larger), the text is spilled, and time is measured for
    4 and 16 MiB so a superlinear cost shows in the numbers."""
    config = write_hosts(tmp_path / "hosts.json", {"sandbox": host_entry(sandbox, max_output_bytes=200_000_000)})
    path = f"/tmp/sfa-fault-text-{os.getpid()}"
    async with connect(bin_dir, config, server_env) as session:
        made = await session.call_tool("run_command", {
            "host": "sandbox", "command": f"yes 'some text line of a log file' | head -c 100000000 > {path}", "timeout": 120})
        assert made.structured_content["exit_status"] == 0, text_of(made)
        try:
            timings = {}
            for size in (4 << 20, 16 << 20):
                started = time.monotonic()
                result = await session.call_tool("read_file", {"host": "sandbox", "path": path, "max_bytes": size})
                timings[size] = time.monotonic() - started
                content = result.structured_content
                assert content["bytes_read"] == size and content["truncated"] and not content["binary"], text_of(result)
                saved = Path(content["saved_to"])
                assert saved.stat().st_size == size and (saved.stat().st_mode & 0o777) == 0o600
                assert len(content["content"]) < 300_000, "only the ends are inline"
                saved.unlink()
            default = await session.call_tool("read_file", {"host": "sandbox", "path": path})
            assert default.structured_content["bytes_read"] == 16 << 20, "the default cap is bounded too"
            Path(default.structured_content["saved_to"]).unlink()
            print(f"FAULT-MEASURE read_file text: 4 MiB {timings[4 << 20]:.2f} s, 16 MiB {timings[16 << 20]:.2f} s "
                  f"(ratio {timings[16 << 20] / timings[4 << 20]:.1f} for 4x the bytes)")
        finally:
            await session.call_tool("run_command", {"host": "sandbox", "command": f"rm -f {path}"})
