"""The five tools through the official client: discovery, each tool's success and error path,
protocol errors for bad calls, and a blocked command."""

from __future__ import annotations

import pytest
from mcp.shared.exceptions import MCPError

from conftest import connect, marker_path, text_of

pytestmark = pytest.mark.anyio

TOOLS = {"list_hosts", "check_command", "run_command", "read_file", "list_dir"}


async def test_initialize_reports_server_and_tools_capability(bin_dir, hosts_file, server_env):
    async with connect(bin_dir, hosts_file, server_env) as session:
        result = session.initialize_result
        assert result.server_info.name == "ssh-for-agents"
        assert result.capabilities.tools is not None
        assert result.protocol_version == "2025-11-25"
        assert "list_hosts" in (result.instructions or "")


async def test_tools_have_closed_schemas_output_schemas_and_truthful_annotations(bin_dir, hosts_file, server_env):
    async with connect(bin_dir, hosts_file, server_env) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.input_schema["type"] == "object"
        assert tool.input_schema["additionalProperties"] is False
        assert tool.output_schema and tool.output_schema["type"] == "object"
        assert len(tool.description) > 80
    for name in ("list_hosts", "check_command", "read_file", "list_dir"):
        assert tools[name].annotations.read_only_hint is True
    run = tools["run_command"].annotations
    assert run.read_only_hint is False and run.destructive_hint is True and run.open_world_hint is True
    assert tools["run_command"].input_schema["required"] == ["host", "command"]
    assert set(tools["run_command"].input_schema["properties"]) == {"host", "command", "confirm", "timeout"}


async def test_list_hosts(bin_dir, hosts_file, server_env, sandbox):
    async with connect(bin_dir, hosts_file, server_env) as session:
        result = await session.call_tool("list_hosts", {})
    assert not result.is_error
    hosts = {host["alias"]: host for host in result.structured_content["hosts"]}
    assert set(hosts) == {"sandbox", "sandbox-flag", "sandbox-deny"}
    assert hosts["sandbox"]["port"] == sandbox["port"]
    assert hosts["sandbox"]["username"] == sandbox["username"]
    assert hosts["sandbox"]["mode"] == "guarded"
    assert "sandbox: sfa-agent@" in text_of(result) or f"sandbox: {sandbox['username']}@" in text_of(result)


async def test_check_command_allows_confirms_and_blocks_without_running(bin_dir, hosts_file, server_env):
    marker = marker_path("check")
    async with connect(bin_dir, hosts_file, server_env) as session:
        allowed = await session.call_tool("check_command", {"host": "sandbox", "command": "ls -la /tmp"})
        confirm = await session.call_tool("check_command", {"host": "sandbox", "command": f"rm -f /tmp/x; touch {marker}"})
        blocked = await session.call_tool("check_command", {"host": "sandbox", "command": "rm -rf /"})
        unknown = await session.call_tool("check_command", {"host": "nowhere", "command": "ls"})
    assert allowed.structured_content["decision"] == "allow"
    assert confirm.structured_content["decision"] == "needs_confirmation"
    assert confirm.structured_content["reasons"], "a non-allow verdict carries its rule ids"
    assert blocked.structured_content["decision"] == "block"
    assert "no confirmation can unlock" in text_of(blocked)
    assert not marker.exists()
    assert unknown.is_error and "sandbox" in text_of(unknown), "an unknown host lists the configured ones"


async def test_run_command_returns_output_status_and_verdict(bin_dir, hosts_file, server_env, sandbox):
    async with connect(bin_dir, hosts_file, server_env) as session:
        ok = await session.call_tool("run_command", {"host": "sandbox", "command": "echo out; echo err >&2; whoami"})
        failing = await session.call_tool("run_command", {"host": "sandbox", "command": "exit 3"})
        slow = await session.call_tool("run_command", {"host": "sandbox", "command": "sleep 5", "timeout": 1})
    content = ok.structured_content
    assert not ok.is_error
    assert content["exit_status"] == 0
    assert content["stdout"]["text"] == f"out\n{sandbox['username']}\n"
    assert content["stderr"]["text"] == "err\n"
    assert content["verdict"]["decision"] == "allow"
    assert "exit 0" in text_of(ok) and "err" in text_of(ok)
    assert failing.structured_content["exit_status"] == 3 and not failing.is_error
    assert slow.structured_content["timed_out"] is True
    assert slow.structured_content["duration_ms"] < 4000


async def test_run_command_errors_are_tool_results_that_say_what_to_do(bin_dir, hosts_file, server_env, sandbox, tmp_path):
    from conftest import host_entry, write_hosts

    broken = dict(host_entry(sandbox), port=1)  # nothing listens on port 1
    config = write_hosts(tmp_path / "hosts.json", {"sandbox": host_entry(sandbox), "closed": broken})
    async with connect(bin_dir, config, server_env) as session:
        unknown = await session.call_tool("run_command", {"host": "nowhere", "command": "true"})
        refused = await session.call_tool("run_command", {"host": "closed", "command": "true"})
        envelope = await session.call_tool("run_command", {"host": "sandbox", "command": ": ssh-for-agents confirm x\ntrue"})
    assert unknown.is_error and "unknown host" in text_of(unknown) and "sandbox" in text_of(unknown)
    assert refused.is_error and "refused" in text_of(refused)
    assert envelope.is_error and "reserved" in text_of(envelope)


async def test_blocked_command_never_runs(bin_dir, hosts_file, server_env):
    marker = marker_path("blocked")
    async with connect(bin_dir, hosts_file, server_env) as session:
        result = await session.call_tool(
            "run_command", {"host": "sandbox-flag", "command": f"touch {marker}; rm -rf /", "confirm": True})
    assert result.is_error
    assert "blocked" in text_of(result) and "No confirmation can unlock" in text_of(result)
    assert not marker.exists()


async def test_read_file(bin_dir, hosts_file, server_env):
    async with connect(bin_dir, hosts_file, server_env) as session:
        text = await session.call_tool("read_file", {"host": "sandbox", "path": "/etc/hostname"})
        capped = await session.call_tool("read_file", {"host": "sandbox", "path": "/etc/services", "max_bytes": 100})
        binary = await session.call_tool("read_file", {"host": "sandbox", "path": "/bin/true", "max_bytes": 4096})
        missing = await session.call_tool("read_file", {"host": "sandbox", "path": "/nonexistent/file"})
    hostname = open("/etc/hostname").read()
    assert text.structured_content["content"] == hostname and text.structured_content["binary"] is False
    assert capped.structured_content["truncated"] is True and capped.structured_content["bytes_read"] == 100
    assert binary.structured_content["binary"] is True and "content" not in binary.structured_content
    assert "binary" in text_of(binary)
    assert missing.is_error and "no such file" in text_of(missing)


async def test_list_dir(bin_dir, hosts_file, server_env):
    async with connect(bin_dir, hosts_file, server_env) as session:
        listing = await session.call_tool("list_dir", {"host": "sandbox", "path": "/etc"})
        not_dir = await session.call_tool("list_dir", {"host": "sandbox", "path": "/etc/hostname"})
    entries = {entry["name"]: entry for entry in listing.structured_content["entries"]}
    assert entries["hostname"]["type"] == "file"
    assert entries["ssh"]["type"] == "directory"
    assert entries["hostname"]["mode"] == "0" + oct(__import__("os").stat("/etc/hostname").st_mode & 0o7777)[2:]
    assert not_dir.is_error and "not a directory" in text_of(not_dir)


async def test_bad_arguments_and_unknown_tools_are_protocol_errors(bin_dir, hosts_file, server_env):
    async with connect(bin_dir, hosts_file, server_env) as session:
        for name, arguments, fragment in [
            ("no_such_tool", {}, "unknown tool"),
            ("run_command", {"host": 5, "command": "true"}, "must be a string"),
            ("run_command", {"host": "sandbox"}, "command"),
            ("run_command", {"host": "sandbox", "command": "true", "sudo": True}, "does not take"),
            ("run_command", {"host": "sandbox", "command": "true", "timeout": "soon"}, "number"),
            ("read_file", {"host": "sandbox", "path": "/etc/hostname", "max_bytes": -1}, "positive"),
        ]:
            with pytest.raises(MCPError) as caught:
                await session.call_tool(name, arguments)
            assert caught.value.error.code == -32602, (name, arguments)
            assert fragment in caught.value.error.message
        # Still serving after all of that.
        assert (await session.call_tool("run_command", {"host": "sandbox", "command": "echo alive"})).structured_content["stdout"]["text"] == "alive\n"


async def test_arguments_arrive_verbatim_even_when_they_look_like_data_urls(bin_dir, hosts_file, server_env):
    # SDK 0.12.1's own decoding turns any string shaped like a data: URL into binary data, which
    # reads back as "data:text/plain;base64,…".
    command = "data:,echo%20verbatim"
    async with connect(bin_dir, hosts_file, server_env) as session:
        checked = await session.call_tool("check_command", {"host": "sandbox", "command": command})
        ran = await session.call_tool("run_command", {"host": "sandbox", "command": command})
    assert checked.structured_content["command"] == command
    assert ran.structured_content["command"] == command
    assert "data:,echo%20verbatim" in ran.structured_content["stderr"]["text"], "sh was given the exact text"
