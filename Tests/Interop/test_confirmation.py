"""Human confirmation (ARCHITECTURE.md, "Confirmation"): an elicitation-capable client asks its
human and the model's `confirm` is ignored; without elicitation the host's setting decides.
Every refusal is proven on the server: the marker file the command would create must not exist."""

from __future__ import annotations

import pytest
from mcp import types

from conftest import connect, marker_path, text_of

pytestmark = pytest.mark.anyio


def destructive(marker) -> str:
    """Needs confirmation in guarded mode (any rm), and leaves a trace if it runs."""
    return f"rm -f {marker}.absent; touch {marker}"


def answering(action: str, seen: list):
    async def elicit(context, params):
        seen.append(params)
        return types.ElicitResult(action=action, content={} if action == "accept" else None)
    return elicit


async def test_elicitation_accept_runs_the_command(bin_dir, hosts_file, server_env):
    marker, seen = marker_path("accept"), []
    try:
        async with connect(bin_dir, hosts_file, server_env, elicitation_callback=answering("accept", seen)) as session:
            result = await session.call_tool("run_command", {"host": "sandbox", "command": destructive(marker)})
        assert not result.is_error, text_of(result)
        assert result.structured_content["approved_by"] == "elicitation"
        assert marker.exists()
        assert len(seen) == 1
        assert destructive(marker) in seen[0].message, "the human sees the exact command"
        assert "sandbox" in seen[0].message and "rm" in seen[0].message
    finally:
        marker.unlink(missing_ok=True)


@pytest.mark.parametrize("action, wording", [("decline", "declined"), ("cancel", "cancelled")])
async def test_elicitation_decline_and_cancel_do_not_run(bin_dir, hosts_file, server_env, action, wording):
    marker, seen = marker_path(action), []
    async with connect(bin_dir, hosts_file, server_env, elicitation_callback=answering(action, seen)) as session:
        # confirm: true is the model talking; with elicitation only the human counts.
        result = await session.call_tool(
            "run_command", {"host": "sandbox", "command": destructive(marker), "confirm": True})
    assert result.is_error
    assert wording in text_of(result)
    assert len(seen) == 1
    assert not marker.exists()


async def test_elicitation_is_not_used_for_allowed_commands(bin_dir, hosts_file, server_env):
    seen = []
    async with connect(bin_dir, hosts_file, server_env, elicitation_callback=answering("decline", seen)) as session:
        result = await session.call_tool("run_command", {"host": "sandbox", "command": "echo fine"})
    assert not result.is_error and seen == []


async def test_without_elicitation_flag_needs_confirm_true(bin_dir, hosts_file, server_env):
    refused_marker, run_marker = marker_path("flag-refused"), marker_path("flag-run")
    try:
        async with connect(bin_dir, hosts_file, server_env) as session:
            assert session.initialize_result is not None
            # `sandbox` has no setting (default flag); `sandbox-flag` sets it explicitly.
            refused = await session.call_tool("run_command", {"host": "sandbox", "command": destructive(refused_marker)})
            confirmed = await session.call_tool(
                "run_command", {"host": "sandbox-flag", "command": destructive(run_marker), "confirm": True})
        assert refused.is_error and "confirm: true" in text_of(refused)
        assert not refused_marker.exists()
        assert not confirmed.is_error, text_of(confirmed)
        assert confirmed.structured_content["approved_by"] == "confirm flag"
        assert run_marker.exists()
    finally:
        run_marker.unlink(missing_ok=True)


async def test_without_elicitation_deny_refuses_even_with_confirm(bin_dir, hosts_file, server_env):
    marker = marker_path("deny")
    async with connect(bin_dir, hosts_file, server_env) as session:
        result = await session.call_tool(
            "run_command", {"host": "sandbox-deny", "command": destructive(marker), "confirm": True})
        still_allowed = await session.call_tool("run_command", {"host": "sandbox-deny", "command": "echo ok"})
    assert result.is_error
    assert "deny" in text_of(result) and "--confirm" in text_of(result)
    assert not marker.exists()
    assert not still_allowed.is_error


async def test_deny_host_still_asks_an_elicitation_client(bin_dir, hosts_file, server_env):
    marker, seen = marker_path("deny-elicit"), []
    try:
        async with connect(bin_dir, hosts_file, server_env, elicitation_callback=answering("accept", seen)) as session:
            result = await session.call_tool("run_command", {"host": "sandbox-deny", "command": destructive(marker)})
        assert not result.is_error and marker.exists() and len(seen) == 1
    finally:
        marker.unlink(missing_ok=True)


async def test_cancelling_the_call_while_the_human_is_asked_runs_nothing(bin_dir, hosts_file, server_env):
    import anyio

    marker, asked = marker_path("cancel-while-asking"), anyio.Event()

    async def never_answers(context, params):
        asked.set()
        await anyio.sleep_forever()

    async with connect(bin_dir, hosts_file, server_env, elicitation_callback=never_answers) as session:
        with anyio.move_on_after(10):
            async with anyio.create_task_group() as group:
                scope = anyio.CancelScope()

                async def call():
                    with scope:
                        await session.call_tool("run_command", {"host": "sandbox", "command": destructive(marker)})

                group.start_soon(call)
                await asked.wait()
                scope.cancel()
        # The server stopped waiting for the human and still serves.
        after = await session.call_tool("run_command", {"host": "sandbox", "command": "echo next"})
        assert after.structured_content["stdout"]["text"] == "next\n"
    assert not marker.exists()
