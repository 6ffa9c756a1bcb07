"""The server as a long-lived process: hosts.json edits picked up live, a broken edit ignored,
garbage on stdin answered and survived, clean exit on EOF and SIGTERM."""

from __future__ import annotations

import json
from contextlib import contextmanager
import signal
import subprocess
import threading
import time
import uuid

import pytest

from conftest import connect, host_entry, text_of, write_hosts

pytestmark = pytest.mark.anyio


async def test_hot_reload_adds_hosts_and_survives_a_broken_file(bin_dir, sandbox, server_env, tmp_path):
    config = write_hosts(tmp_path / "hosts.json", {"first": host_entry(sandbox)})
    logged = []

    async def on_log(params):
        logged.append(params)

    async with connect(bin_dir, config, server_env, logging_callback=on_log) as session:
        before = await session.call_tool("list_hosts", {})
        assert [host["alias"] for host in before.structured_content["hosts"]] == ["first"]

        write_hosts(config, {"first": host_entry(sandbox), "added": host_entry(sandbox)})
        after = await session.call_tool("list_hosts", {})
        assert [host["alias"] for host in after.structured_content["hosts"]] == ["added", "first"]
        ran = await session.call_tool("run_command", {"host": "added", "command": "echo via-added"})
        assert ran.structured_content["stdout"]["text"] == "via-added\n"

        config.write_text('{"hosts": {"first": ')  # half-written
        broken = await session.call_tool("list_hosts", {})
        assert [host["alias"] for host in broken.structured_content["hosts"]] == ["added", "first"]
        assert "not valid JSON" in broken.structured_content["config_problem"]
        assert "last good configuration" in text_of(broken)
        still = await session.call_tool("run_command", {"host": "added", "command": "echo still"})
        assert still.structured_content["stdout"]["text"] == "still\n"
        assert any(entry.level == "warning" and "last good configuration" in str(entry.data) for entry in logged), \
            "the client is told, not only stderr"

        write_hosts(config, {"first": host_entry(sandbox)})
        removed = await session.call_tool("run_command", {"host": "added", "command": "true"})
        assert removed.is_error and "unknown host" in text_of(removed)


def raw_server(bin_dir, config, env):
    import os
    return subprocess.Popen(
        [str(bin_dir / "ssh-for-agents"), "--config", str(config)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, **env})


@contextmanager
def running_server(bin_dir, config, env, *, watchdog_seconds: float = 30):
    """A raw server that is killed at the end, or after `watchdog_seconds`: a request left
    unanswered must fail the test, not hang it."""
    process = raw_server(bin_dir, config, env)
    watchdog = threading.Timer(watchdog_seconds, process.kill)
    watchdog.start()
    try:
        yield process
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()


def send(process, message):
    line = message if isinstance(message, (bytes, str)) else json.dumps(message)
    process.stdin.write((line if isinstance(line, bytes) else line.encode()) + b"\n")
    process.stdin.flush()


def receive(process):
    line = process.stdout.readline()
    assert line, "the server closed stdout"
    return json.loads(line)


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}


def run_call(request_id, command, **extra):
    return {"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
            "params": {"name": "run_command", "arguments": {"host": "sandbox", "command": command, **extra}}}


ELICITING_INITIALIZE = {**INITIALIZE, "params": {**INITIALIZE["params"], "capabilities": {"elicitation": {"form": {}}}}}


def test_garbage_on_stdin_is_answered_and_survived(bin_dir, hosts_file, server_env):
    with running_server(bin_dir, hosts_file, server_env) as process:
        send(process, b"this is not json")
        assert receive(process) == {"jsonrpc": "2.0", "id": None,
                                    "error": {"code": -32700, "message": "Parse error: not a JSON-RPC message"}}
        send(process, b"\xff\xfe\x00 binary")
        assert receive(process)["error"]["code"] == -32700
        send(process, INITIALIZE)
        assert receive(process)["result"]["serverInfo"]["name"] == "ssh-for-agents"
        send(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        send(process, {"jsonrpc": "2.0", "id": 2, "method": "no/such/method"})
        assert receive(process)["error"]["code"] == -32601
        send(process, {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "run_command", "arguments": "nope"}})
        assert "error" in receive(process)
        send(process, b'{"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "run_co')
        assert receive(process)["error"]["code"] == -32700
        send(process, {"jsonrpc": "2.0", "id": 5, "method": "tools/call",
                       "params": {"name": "run_command", "arguments": {"host": "sandbox", "command": "echo survived"}}})
        reply = receive(process)
        assert reply["id"] == 5 and reply["result"]["structuredContent"]["stdout"]["text"] == "survived\n"


def test_eof_lets_the_running_call_answer_then_exits(bin_dir, hosts_file, server_env):
    process = raw_server(bin_dir, hosts_file, server_env)
    send(process, INITIALIZE)
    receive(process)
    send(process, {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                   "params": {"name": "run_command", "arguments": {"host": "sandbox", "command": "sleep 1; echo done"}}})
    process.stdin.close()
    reply = receive(process)
    assert reply["id"] == 2 and reply["result"]["structuredContent"]["stdout"]["text"] == "done\n"
    assert process.wait(timeout=10) == 0
    assert process.stdout.read() == b"", "nothing but MCP messages on stdout"


def test_eof_while_the_human_is_being_asked_ends_that_call_unrun_and_exits(bin_dir, hosts_file, server_env):
    from conftest import marker_path

    marker = marker_path("eof-asking")
    # Before the fix this call waited for an answer forever: the watchdog makes that a failure.
    with running_server(bin_dir, hosts_file, server_env, watchdog_seconds=20) as process:
        send(process, ELICITING_INITIALIZE)
        receive(process)
        send(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        send(process, run_call(2, f"rm -f {marker}.x; touch {marker}"))
        question = receive(process)
        assert question["method"] == "elicitation/create"
        process.stdin.close()  # the client goes away without answering
        reply = receive(process)
        assert reply["id"] == 2 and reply["result"]["isError"] is True and "cancelled" in reply["result"]["content"][0]["text"]
        assert process.wait(timeout=10) == 0
    assert not marker.exists()


def test_a_request_id_reused_after_cancelling_gets_its_own_answer(bin_dir, hosts_file, server_env):
    from conftest import marker_path

    first, second = marker_path("reuse-1"), marker_path("reuse-2")
    with running_server(bin_dir, hosts_file, server_env) as process:
        send(process, ELICITING_INITIALIZE)
        receive(process)
        send(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        send(process, run_call(5, f"rm -f {first}.x; touch {first}"))
        assert receive(process)["method"] == "elicitation/create"
        # The cancelled call winds down while its id is already in use again.
        process.stdin.write((json.dumps({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 5}})
                             + "\n" + json.dumps(run_call(5, f"rm -f {second}.x; touch {second}")) + "\n").encode())
        process.stdin.flush()
        question = receive(process)
        assert question["method"] == "elicitation/create" and str(second) in question["params"]["message"]
        send(process, {"jsonrpc": "2.0", "id": question["id"], "result": {"action": "decline"}})
        reply = receive(process)
        assert reply["id"] == 5 and "declined" in reply["result"]["content"][0]["text"]
        process.stdin.close()
        assert process.wait(timeout=10) == 0, "every request answered, so EOF ends the server"
        assert not first.exists() and not second.exists()


def test_a_call_pipelined_behind_initialize_sees_the_declared_elicitation(bin_dir, hosts_file, server_env):
    from conftest import marker_path

    marker = marker_path("pipelined")
    with running_server(bin_dir, hosts_file, server_env) as process:
        # One write: the call must not be judged before the capabilities are known.
        process.stdin.write(b"".join(json.dumps(message).encode() + b"\n" for message in (
            ELICITING_INITIALIZE, {"jsonrpc": "2.0", "method": "notifications/initialized"},
            run_call(2, f"rm -f {marker}.x; touch {marker}", confirm=True))))
        process.stdin.flush()
        methods = {receive(process).get("method") for _ in range(2)}
        assert "elicitation/create" in methods, "confirm: true is ignored: the human is asked"
        assert not marker.exists()


def test_ids_are_matched_exactly_and_every_request_is_answered_before_exit(bin_dir, hosts_file, server_env):
    with running_server(bin_dir, hosts_file, server_env) as process:
        send(process, INITIALIZE)
        receive(process)
        send(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        lines = [
            run_call(2**53 + 1, "echo big"),                # beyond a double's exact integers
            run_call("\u00e9", "sleep 1; echo composed"),   # "é" and "e" + combining acute: two ids
            run_call("e\u0301", "echo decomposed"),
            run_call(5, "sleep 1; echo first"),
            run_call(5, "echo reused while in flight"),     # refused, and must not settle the first
            {"jsonrpc": "2.0", "id": 6, "method": "ping", "result": {}},  # a response, not a request
            [{"jsonrpc": "2.0", "id": 7, "method": "ping"}],               # batches are refused
        ]
        process.stdin.write(b"".join(json.dumps(line).encode() + b"\n" for line in lines))
        process.stdin.close()
        replies = []
        for line in process.stdout:
            replies.append(json.loads(line))
        assert process.wait(timeout=10) == 0
        by_id = {}
        for reply in replies:
            by_id.setdefault(json.dumps(reply.get("id")), []).append(reply)
        texts = {key: [r["result"]["structuredContent"]["stdout"]["text"] for r in group if "result" in r]
                 for key, group in by_id.items()}
        assert texts[json.dumps(2**53 + 1)] == ["big\n"]
        assert texts[json.dumps("\u00e9")] == ["composed\n"]
        assert texts[json.dumps("e\u0301")] == ["decomposed\n"]
        assert texts[json.dumps(5)] == ["first\n"], "the first call with id 5 is still answered"
        assert [r["error"]["code"] for r in by_id[json.dumps(5)] if "error" in r] == [-32600]
        assert by_id[json.dumps(None)][0]["error"]["code"] == -32600
        assert json.dumps(6) not in by_id


def test_malformed_lines_and_out_of_range_ids_never_stall_the_server(bin_dir, hosts_file, server_env):
    # `{"id":5]` once sent the id scanner into an endless loop on the stdin thread; ids beyond
    # Int64 wrapped around and were never answered, so EOF never ended the server.
    lines = [b'{"id":5]', b'[{]', b'{"jsonrpc":"2.0","id":01,"method":"ping"}',
             b'{"jsonrpc":"2.0","id":18446744073709551615,"method":"ping"}',
             json.dumps({"jsonrpc": "2.0", "id": 2, "method": "ping"}).encode()]
    with running_server(bin_dir, hosts_file, server_env, watchdog_seconds=20) as process:
        process.stdin.write(b"\n".join(lines) + b"\n")
        process.stdin.close()
        replies = [json.loads(line) for line in process.stdout]
        assert process.wait(timeout=10) == 0
    assert [(reply["id"], reply.get("error", {}).get("code")) for reply in replies] == [
        (5, -32700), (None, -32700), (None, -32700), (None, -32600), (2, None)]


def test_a_second_initialize_cannot_switch_off_the_human(bin_dir, hosts_file, server_env):
    from conftest import marker_path

    marker = marker_path("reinit")
    with running_server(bin_dir, hosts_file, server_env) as process:
        send(process, ELICITING_INITIALIZE)
        receive(process)
        send(process, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        send(process, {**INITIALIZE, "id": 2})  # capabilities: {} this time; the SDK refuses it
        assert receive(process)["error"]["code"] == -32600
        send(process, run_call(3, f"rm -f {marker}.x; touch {marker}", confirm=True))
        assert receive(process)["method"] == "elicitation/create", "confirm: true still does not approve"
        assert not marker.exists()


def test_sigterm_exits_promptly_and_cleanly(bin_dir, hosts_file, server_env):
    tag = f"sfa-sigterm-{uuid.uuid4().hex}"
    process = raw_server(bin_dir, hosts_file, server_env)
    send(process, INITIALIZE)
    receive(process)
    send(process, {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                   "params": {"name": "run_command", "arguments": {"host": "sandbox", "command": f"sleep 60; echo {tag}"}}})
    deadline = time.monotonic() + 10
    while not subprocess.run(["pgrep", "-f", tag], capture_output=True).stdout:
        assert time.monotonic() < deadline, "the remote command never started"
        time.sleep(0.05)
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=5) == 0, "exit status 0, not a crash"
    assert time.monotonic() - started < 3
    deadline = time.monotonic() + 10
    while subprocess.run(["pgrep", "-f", tag], capture_output=True).stdout:
        assert time.monotonic() < deadline, "the remote command outlived the server"
        time.sleep(0.1)
