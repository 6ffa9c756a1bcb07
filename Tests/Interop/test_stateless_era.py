"""MCP 2026-07-28, the stateless revision, through the official client: server/discover instead of
initialize, the envelope in every request's _meta, and confirmation as a multi round-trip request
(an input_required result, then the same call retried with the human's answer). The server binds
each answer to the exact host and command; every refusal is proven by a marker file that must not
appear."""

from __future__ import annotations

import tempfile
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
from mcp import Client, types
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from conftest import marker_path, text_of
from test_confirmation import answering, destructive

pytestmark = pytest.mark.anyio

MODERN = "2026-07-28"


def server_params(bin_dir: Path, config: Path, env: dict[str, str]) -> StdioServerParameters:
    return StdioServerParameters(command=str(bin_dir / "ssh-for-agents"), args=["serve", "--config", str(config)], env=env)


@asynccontextmanager
async def modern_client(bin_dir: Path, config: Path, env: dict[str, str], *, mode: str = "auto",
                        elicitation_callback: Any = None) -> AsyncIterator[Client]:
    """The high-level client; "auto" probes with server/discover, as clients do by default."""
    async with Client(server_params(bin_dir, config, env), mode=mode,
                      elicitation_callback=elicitation_callback) as client:
        yield client


@asynccontextmanager
async def discovered_session(bin_dir: Path, config: Path, env: dict[str, str]) -> AsyncIterator[ClientSession]:
    """The low-level session, so a test can send retries by hand (edited, forged, replayed)."""
    async def never_called(context, params):
        raise AssertionError("the low-level tests answer input requests themselves")

    with tempfile.TemporaryFile(mode="w+") as errlog:
        async with stdio_client(server_params(bin_dir, config, env), errlog=errlog) as (read, write):
            async with ClientSession(read, write, elicitation_callback=never_called) as session:
                await session.discover()
                yield session


async def test_a_default_client_negotiates_2026_07_28_and_uses_the_tools(bin_dir, hosts_file, server_env, sandbox):
    async with modern_client(bin_dir, hosts_file, server_env) as client:
        assert client.protocol_version == MODERN
        tools = {tool.name for tool in (await client.list_tools()).tools}
        checked = await client.call_tool("check_command", {"host": "sandbox", "command": "rm -rf /"})
        ran = await client.call_tool("run_command", {"host": "sandbox", "command": "echo out; whoami"})
        hosts = await client.call_tool("list_hosts", {})
    assert tools == {"list_hosts", "check_command", "run_command", "read_file", "list_dir"}
    assert checked.structured_content["decision"] == "block"
    assert not ran.is_error and ran.structured_content["stdout"]["text"] == f"out\n{sandbox['username']}\n"
    assert "sandbox" in {host["alias"] for host in hosts.structured_content["hosts"]}


async def test_the_legacy_handshake_still_works_when_asked_for(bin_dir, hosts_file, server_env):
    async with modern_client(bin_dir, hosts_file, server_env, mode="legacy") as client:
        assert client.protocol_version == "2025-11-25"
        result = await client.call_tool("check_command", {"host": "sandbox", "command": "ls"})
    assert result.structured_content["decision"] == "allow"


async def test_round_trip_accept_runs_the_command_once(bin_dir, hosts_file, server_env):
    marker, seen = marker_path("mrtr-accept"), []
    try:
        async with modern_client(bin_dir, hosts_file, server_env, elicitation_callback=answering("accept", seen)) as client:
            result = await client.call_tool("run_command", {"host": "sandbox", "command": destructive(marker)})
        assert not result.is_error, text_of(result)
        assert result.structured_content["approved_by"] == "elicitation"
        assert marker.exists()
        assert len(seen) == 1 and destructive(marker) in seen[0].message, "the human sees the exact command"
    finally:
        marker.unlink(missing_ok=True)


@pytest.mark.parametrize("action, wording", [("decline", "declined"), ("cancel", "cancelled")])
async def test_round_trip_decline_and_cancel_do_not_run(bin_dir, hosts_file, server_env, action, wording):
    marker, seen = marker_path(f"mrtr-{action}"), []
    async with modern_client(bin_dir, hosts_file, server_env, elicitation_callback=answering(action, seen)) as client:
        result = await client.call_tool(
            "run_command", {"host": "sandbox", "command": destructive(marker), "confirm": True})
    assert result.is_error and wording in text_of(result)
    assert len(seen) == 1
    assert not marker.exists()


async def test_an_answer_counts_only_for_the_command_it_was_asked_about(bin_dir, hosts_file, server_env):
    asked, edited = marker_path("mrtr-asked"), marker_path("mrtr-edited")
    accept = {"approve_command": types.ElicitResult(action="accept", content={})}
    try:
        async with discovered_session(bin_dir, hosts_file, server_env) as session:
            first = await session.call_tool("run_command", {"host": "sandbox", "command": destructive(asked)},
                                            allow_input_required=True)
            assert isinstance(first, types.InputRequiredResult)
            question = first.input_requests["approve_command"]
            assert question.method == "elicitation/create" and destructive(asked) in question.params.message

            # The same approval on an edited command: asked again, nothing runs.
            swapped = await session.call_tool("run_command", {"host": "sandbox", "command": destructive(edited)},
                                              input_responses=accept, request_state=first.request_state,
                                              allow_input_required=True)
            assert isinstance(swapped, types.InputRequiredResult)
            assert not edited.exists()

            # A command that only looks the same: U+037E (Greek question mark) is canonically
            # equivalent to ";", so Swift's String == would call them equal; sh does not.
            lookalike = destructive(asked).replace(";", "\u037e")
            other = await session.call_tool("run_command", {"host": "sandbox", "command": lookalike},
                                            allow_input_required=True)
            assert isinstance(other, types.InputRequiredResult)
            swapped = await session.call_tool("run_command", {"host": "sandbox", "command": destructive(asked)},
                                              input_responses=accept, request_state=other.request_state,
                                              allow_input_required=True)
            assert isinstance(swapped, types.InputRequiredResult)
            assert not asked.exists()

            # A made-up state: asked again.
            forged = await session.call_tool("run_command", {"host": "sandbox", "command": destructive(asked)},
                                             input_responses=accept, request_state="sfa-" + "0" * 32,
                                             allow_input_required=True)
            assert isinstance(forged, types.InputRequiredResult)
            assert not asked.exists()

            # The genuine answer runs it, once.
            done = await session.call_tool("run_command", {"host": "sandbox", "command": destructive(asked)},
                                           input_responses=accept, request_state=first.request_state,
                                           allow_input_required=True)
            assert isinstance(done, types.CallToolResult) and not done.is_error, text_of(done)
            assert asked.exists()
            asked.unlink()

            # Replaying it: asked again.
            replay = await session.call_tool("run_command", {"host": "sandbox", "command": destructive(asked)},
                                             input_responses=accept, request_state=first.request_state,
                                             allow_input_required=True)
            assert isinstance(replay, types.InputRequiredResult)
            assert not asked.exists()
    finally:
        asked.unlink(missing_ok=True)
        edited.unlink(missing_ok=True)


async def test_without_elicitation_the_host_setting_decides(bin_dir, hosts_file, server_env):
    flagged, denied = marker_path("mrtr-flag"), marker_path("mrtr-deny")
    try:
        async with modern_client(bin_dir, hosts_file, server_env) as client:
            assert client.protocol_version == MODERN
            ran = await client.call_tool("run_command", {"host": "sandbox-flag", "command": destructive(flagged), "confirm": True})
            refused = await client.call_tool("run_command", {"host": "sandbox-deny", "command": destructive(denied), "confirm": True})
        assert not ran.is_error and ran.structured_content["approved_by"] == "confirm flag"
        assert flagged.exists()
        assert refused.is_error and "deny" in text_of(refused)
        assert not denied.exists()
    finally:
        flagged.unlink(missing_ok=True)


async def test_progress_reaches_a_2026_client(bin_dir, hosts_file, server_env):
    updates = []

    async def on_progress(progress, total, message):
        updates.append(message)

    async with modern_client(bin_dir, hosts_file, server_env) as client:
        result = await client.call_tool("run_command", {"host": "sandbox", "command": "echo a; sleep 2.5; echo b"},
                                        progress_callback=on_progress)
    assert not result.is_error and result.structured_content["stdout"]["text"] == "a\nb\n"
    assert updates and any("running for" in (message or "") for message in updates)


async def test_cancelling_a_2026_call_ends_the_remote_command(bin_dir, hosts_file, server_env):
    from test_long_running import assert_cancelling_ends_the_remote_command

    async with modern_client(bin_dir, hosts_file, server_env) as client:
        assert client.protocol_version == MODERN
        await assert_cancelling_ends_the_remote_command(client.call_tool)


def envelope(version: str = MODERN, capabilities: dict | None = None) -> dict:
    return {"io.modelcontextprotocol/protocolVersion": version,
            "io.modelcontextprotocol/clientCapabilities": capabilities or {}}


def test_each_era_refuses_the_other_and_bad_envelopes_get_the_revision_s_errors(bin_dir, hosts_file, server_env):
    from test_robustness import INITIALIZE, raw_server, receive, send

    modern = raw_server(bin_dir, hosts_file, server_env)
    legacy = raw_server(bin_dir, hosts_file, server_env)
    try:
        # An unsupported version does not lock the era: the client may still fall back.
        send(modern, {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": envelope("2099-01-01")}})
        assert receive(modern)["error"] == {"code": -32022, "message": "Unsupported protocol version",
                                            "data": {"supported": [MODERN], "requested": "2099-01-01"}}
        send(modern, {"jsonrpc": "2.0", "id": 2, "method": "server/discover", "params": {"_meta": envelope()}})
        discovered = receive(modern)["result"]
        assert discovered["supportedVersions"] == [MODERN] and discovered["resultType"] == "complete"
        assert discovered["capabilities"]["tools"] == {"listChanged": False}
        assert {"ttlMs", "cacheScope"} <= set(discovered)
        send(modern, {"jsonrpc": "2.0", "id": 3, "method": "tools/list", "params": {}})
        assert receive(modern)["error"]["code"] == -32602, "every 2026-07-28 request carries the envelope"
        send(modern, INITIALIZE)
        assert receive(modern)["error"]["code"] == -32022
        send(modern, {"jsonrpc": "2.0", "id": 4, "method": "ping", "params": {"_meta": envelope()}})
        assert receive(modern)["error"]["code"] == -32601
        send(modern, {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {
            "_meta": envelope(), "name": "check_command", "arguments": {"host": "sandbox", "command": "ls"}}})
        reply = receive(modern)
        assert reply["id"] == 5 and reply["result"]["resultType"] == "complete"
        assert reply["result"]["structuredContent"]["decision"] == "allow"

        # Nothing may reach the SDK, which would run a call the 2025 way (confirm: true approving).
        flagged = {"host": "sandbox-flag", "command": "rm -f /tmp/sfa-never", "confirm": True}
        send(modern, [{"jsonrpc": "2.0", "id": 6, "method": "tools/call",
                       "params": {"_meta": envelope(), "name": "run_command", "arguments": flagged}}])
        assert receive(modern)["error"]["code"] == -32600, "batches are not part of MCP"
        send(modern, {"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {
            "_meta": envelope(), "name": ["run_command"], "arguments": {}}})
        assert receive(modern)["error"]["code"] == -32602
        send(modern, {"jsonrpc": "2.0", "id": 8.5, "method": "tools/call",
                      "params": {"_meta": envelope(), "name": "run_command", "arguments": flagged}})
        assert receive(modern) == {"jsonrpc": "2.0", "id": None, "error": {
            "code": -32600, "message": "Invalid Request: a request id must be a string or an integer"}}

        send(legacy, INITIALIZE)
        assert receive(legacy)["result"]["protocolVersion"] == "2025-11-25"
        send(legacy, {"jsonrpc": "2.0", "id": 2, "method": "server/discover", "params": {"_meta": envelope()}})
        assert receive(legacy)["error"]["code"] == -32600
        send(legacy, {"jsonrpc": "2.0", "id": True, "method": "ping"})
        assert receive(legacy)["error"]["code"] == -32600, "the SDK would drop it without an answer"
        send(legacy, {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {
            "name": "check_command", "arguments": {"host": "sandbox", "command": "ls"}}})
        reply = receive(legacy)
        assert reply["id"] == 3 and "resultType" not in reply["result"]
    finally:
        for process in (modern, legacy):
            process.kill()
            process.wait()
