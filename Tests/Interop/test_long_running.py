"""Long and large commands: progress notifications, cancellation that ends the remote process,
output spilled to a private file, and many calls at once."""

from __future__ import annotations

import os
import stat
import subprocess
import time
import uuid

import anyio
import pytest

from conftest import connect, text_of

pytestmark = pytest.mark.anyio


def remote_processes(tag: str) -> list[str]:
    """The sandbox sshd runs on this machine, so its commands are visible to pgrep."""
    found = subprocess.run(["pgrep", "-f", tag], capture_output=True, text=True)
    return found.stdout.split()


async def test_progress_for_a_long_command(bin_dir, hosts_file, server_env):
    updates = []

    async def on_progress(progress, total, message):
        updates.append((progress, message))

    async with connect(bin_dir, hosts_file, server_env) as session:
        result = await session.call_tool(
            "run_command", {"host": "sandbox", "command": "for i in 1 2 3; do echo step-$i; sleep 1; done"},
            progress_callback=on_progress)
    assert not result.is_error and result.structured_content["stdout"]["text"] == "step-1\nstep-2\nstep-3\n"
    assert len(updates) >= 1, "a command over a second reports progress"
    progresses = [progress for progress, _ in updates]
    assert progresses == sorted(progresses) and progresses[0] >= 1
    assert any("step-" in (message or "") for _, message in updates), updates
    assert all("running for" in (message or "") for _, message in updates)


async def test_no_progress_without_token_or_for_quick_commands(bin_dir, hosts_file, server_env):
    updates = []

    async def on_progress(progress, total, message):
        updates.append(message)

    async with connect(bin_dir, hosts_file, server_env) as session:
        await session.call_tool("run_command", {"host": "sandbox", "command": "echo quick"}, progress_callback=on_progress)
    assert updates == []


async def assert_cancelling_ends_the_remote_command(call_tool) -> None:
    """Starts a long command through `call_tool`, cancels the call once the remote process runs
    (the client sends notifications/cancelled), and waits for that process to be gone."""
    tag = f"sfa-cancel-{uuid.uuid4().hex}"
    scope = anyio.CancelScope()

    async def long_call():
        with scope:
            await call_tool("run_command", {"host": "sandbox", "command": f"sleep 300; echo {tag}"})

    async with anyio.create_task_group() as group:
        group.start_soon(long_call)
        deadline = time.monotonic() + 10
        while not remote_processes(tag):
            assert time.monotonic() < deadline, "the remote command never started"
            await anyio.sleep(0.05)
        scope.cancel()
    deadline = time.monotonic() + 10
    while remote_processes(tag):
        assert time.monotonic() < deadline, f"remote process still running after cancellation: {remote_processes(tag)}"
        await anyio.sleep(0.1)
    # The connection survives the cancellation.
    after = await call_tool("run_command", {"host": "sandbox", "command": "echo after"})
    assert after.structured_content["stdout"]["text"] == "after\n"


async def test_cancellation_ends_the_remote_command(bin_dir, hosts_file, server_env):
    async with connect(bin_dir, hosts_file, server_env) as session:
        await assert_cancelling_ends_the_remote_command(session.call_tool)


async def test_large_output_is_saved_to_a_private_file(bin_dir, hosts_file, server_env, cache_dir):
    async with connect(bin_dir, hosts_file, server_env) as session:
        result = await session.call_tool(
            "run_command", {"host": "sandbox", "command": "seq 1 20000; echo small >&2"})
    stdout = result.structured_content["stdout"]
    expected = "".join(f"{n}\n" for n in range(1, 20001))
    assert stdout["total_bytes"] == len(expected)
    assert stdout["saved_to"] and stdout["saved_to"].startswith(str(cache_dir / "ssh-for-agents") + "/")
    assert open(stdout["saved_to"]).read() == expected, "the file holds the whole stream"
    assert stat.S_IMODE(os.stat(stdout["saved_to"]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(cache_dir / "ssh-for-agents").st_mode) == 0o700
    assert len(stdout["text"]) < 11_000 and stdout["omitted_bytes"] > 0
    assert stdout["text"].startswith("1\n2\n3\n") and stdout["text"].endswith("19999\n20000\n")
    assert stdout["saved_to"] in text_of(result)
    assert result.structured_content["stderr"].get("saved_to") is None
    assert result.structured_content["stderr"]["text"] == "small\n"


async def test_inline_budget_is_configurable(bin_dir, hosts_file, server_env):
    async with connect(bin_dir, hosts_file, server_env, extra_args=("--inline-output-bytes", "1000")) as session:
        result = await session.call_tool("run_command", {"host": "sandbox", "command": "head -c 3000 /dev/zero | tr '\\0' x"})
    stdout = result.structured_content["stdout"]
    assert stdout["saved_to"] and os.path.getsize(stdout["saved_to"]) == 3000
    assert stdout["omitted_bytes"] == 2000


async def test_sixteen_concurrent_run_commands(bin_dir, hosts_file, server_env):
    results = {}
    async with connect(bin_dir, hosts_file, server_env) as session:
        await session.call_tool("run_command", {"host": "sandbox", "command": "true"})  # warm the connection
        started = time.monotonic()

        async def one(index: int):
            results[index] = await session.call_tool(
                "run_command", {"host": "sandbox", "command": f"sleep 1; echo call-{index}"})

        async with anyio.create_task_group() as group:
            for index in range(16):
                group.start_soon(one, index)
        elapsed = time.monotonic() - started
    assert len(results) == 16
    for index, result in results.items():
        assert not result.is_error, text_of(result)
        assert result.structured_content["stdout"]["text"] == f"call-{index}\n"
    assert elapsed < 8, f"16 one-second commands took {elapsed:.1f} s: they did not run concurrently"
