#!/usr/bin/env python3
"""MCP server latency, side by side in one run, against a fresh sandbox sshd.

Prints medians (and p90) of:
  - process start -> initialize response (fresh server each time)
  - tools/call check_command (policy only, no SSH): the MCP layer's own cost
  - tools/call run_command "true" on a warm connection, raw JSON-RPC over the pipes, and the part
    of each round trip spent outside the transport's exec (its own duration_ms): the MCP layer's
    cost on the same calls
  - the raw client's own cost (json + pipes), with cat echoing its requests
  - the same in the stateless 2026-07-28 revision (envelope in every request's _meta)
  - the same through the official Python MCP client (includes that client's overhead)
  - ssh with ControlMaster running "true" (the baseline an agent would otherwise use)
The raw pooled transport is measured at the end of the same run by Benchmarks/TransportBench.

Usage: SFA_BIN_DIR=$(swift build -c release --show-bin-path) scripts/bench-mcp.py [ITERATIONS]
Asserts nothing; numbers only.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ITERATIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 200


def bin_dir() -> Path:
    raw = os.environ.get("SFA_BIN_DIR")
    if not raw:
        sys.exit("set SFA_BIN_DIR to the build's bin directory, e.g. SFA_BIN_DIR=$(swift build -c release --show-bin-path)")
    return Path(raw)


def start_sandbox(binaries: Path, work: Path) -> tuple[subprocess.Popen, dict]:
    ready = work / "ready.json"
    process = subprocess.Popen(
        [str(binaries / "ssh-for-agents-sandbox"), "up", "--hosts-json", str(work / "hosts.json"), "--ready-file", str(ready)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit("the sandbox did not start")
        time.sleep(0.05)
    return process, json.loads(ready.read_text())


def summary(label: str, samples_s: list[float]) -> None:
    ms = sorted(sample * 1000 for sample in samples_s)
    p90 = ms[int(len(ms) * 0.9) - 1] if len(ms) >= 10 else ms[-1]
    print(f"  {label:<58} median {statistics.median(ms):8.3f} ms   p90 {p90:8.3f} ms   (n={len(ms)})")


class RawClient:
    """A minimal JSON-RPC client on the server's pipes: measures the server, not a client library."""

    def __init__(self, command: list[str], env: dict[str, str]):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env, bufsize=0)
        self.next_id = 0

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.process.stdin.write(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}).encode() + b"\n")
        while True:
            message = json.loads(self.process.stdout.readline())
            if message.get("id") == self.next_id:
                return message

    def notify(self, method: str) -> None:
        self.process.stdin.write(json.dumps({"jsonrpc": "2.0", "method": method}).encode() + b"\n")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


INITIALIZE = {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}


def main() -> None:
    binaries = bin_dir()
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        sandbox, info = start_sandbox(binaries, work)
        try:
            env = {**os.environ, info["passphrase_env"]: info["ed25519_passphrase"], "XDG_CACHE_HOME": str(work / "cache")}
            server = [str(binaries / "ssh-for-agents"), "serve", "--config", str(work / "hosts.json")]
            print(f"ssh-for-agents MCP benchmark ({binaries}), sandbox sshd on port {info['port']}")

            startups = []
            for _ in range(min(ITERATIONS, 30)):
                started = time.perf_counter()
                client = RawClient(server, env)
                client.request("initialize", INITIALIZE)
                startups.append(time.perf_counter() - started)
                client.close()
            summary("process start -> initialize response", startups)

            client = RawClient(server, env)
            client.request("initialize", INITIALIZE)
            client.notify("notifications/initialized")
            check = {"name": "check_command", "arguments": {"host": "sandbox", "command": "true"}}
            run = {"name": "run_command", "arguments": {"host": "sandbox", "command": "true"}}
            for _ in range(10):
                client.request("tools/call", check)
                client.request("tools/call", run)
            samples = []
            for _ in range(ITERATIONS):
                started = time.perf_counter()
                client.request("tools/call", check)
                samples.append(time.perf_counter() - started)
            summary("tools/call check_command (MCP layer + policy, no SSH)", samples)
            timed_runs(client, run, "")
            client.close()

            # The stateless 2026-07-28 revision: no handshake, the envelope on every request.
            client = RawClient(server, env)
            envelope = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                        "io.modelcontextprotocol/clientCapabilities": {}}
            client.request("server/discover", {"_meta": envelope})
            modern_run = {**run, "_meta": envelope}
            for _ in range(10):
                client.request("tools/call", modern_run)
            timed_runs(client, modern_run, ", 2026-07-28")
            client.close()

            # What this measuring client costs by itself: the same request echoed back by cat.
            echo = RawClient(["cat"], env)
            floor = []
            for _ in range(ITERATIONS):
                started = time.perf_counter()
                echo.request("tools/call", run)
                floor.append(time.perf_counter() - started)
            echo.close()
            summary("  the raw JSON-RPC client's own floor (echoed by cat)", floor)

            summary('tools/call run_command "true", warm, official Python client', asyncio.run(official_client(server, env)))
            summary('ssh -o ControlMaster (warm master) "true"', controlmaster(info, work))
        finally:
            sandbox.send_signal(signal.SIGTERM)
            sandbox.wait(timeout=15)
    raw_transport()


def raw_transport() -> None:
    """The pooled transport without MCP, in the same run (its own sandbox, same setup)."""
    root = Path(__file__).resolve().parent.parent / "Benchmarks" / "TransportBench"
    build = subprocess.run(["swift", "build", "-c", "release", "--product", "TransportBench"], cwd=root,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if build.returncode != 0:
        print(f"  raw pooled transport: TransportBench did not build:\n{build.stderr[-2000:]}")
        return
    binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root,
                            capture_output=True, text=True).stdout.strip()
    result = subprocess.run([f"{binary}/TransportBench", str(ITERATIONS)], capture_output=True, text=True)
    for line in result.stdout.splitlines():
        print(f"  raw pooled transport (TransportBench): {line}")


def timed_runs(client: RawClient, call: dict, label: str) -> None:
    samples, overheads = [], []
    for _ in range(ITERATIONS):
        started = time.perf_counter()
        reply = client.request("tools/call", call)
        elapsed = time.perf_counter() - started
        samples.append(elapsed)
        # duration_ms is the transport's own time for the exec, so the rest of the round trip is
        # what MCP, the gateway and the pipes add, measured on the same call.
        overheads.append(elapsed - reply["result"]["structuredContent"]["duration_ms"] / 1000)
    summary(f'tools/call run_command "true", warm, raw JSON-RPC{label}', samples)
    summary("  of which outside the transport's exec (MCP + gateway + pipes)", overheads)


async def official_client(server: list[str], env: dict[str, str]) -> list[float]:
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=server[0], args=server[1:], env=env)
    samples = []
    with open(os.devnull, "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                for _ in range(10):
                    await session.call_tool("run_command", {"host": "sandbox", "command": "true"})
                for _ in range(ITERATIONS):
                    started = time.perf_counter()
                    await session.call_tool("run_command", {"host": "sandbox", "command": "true"})
                    samples.append(time.perf_counter() - started)
    return samples


def controlmaster(info: dict, work: Path) -> list[float]:
    socket = str(work / "cm.sock")
    base = info["ssh_command"][:-1] + ["-o", "ControlMaster=auto", "-o", f"ControlPath={socket}", "-o", "ControlPersist=60", info["ssh_command"][-1]]
    subprocess.run(base + ["true"], check=True)
    samples = []
    for _ in range(ITERATIONS):
        started = time.perf_counter()
        subprocess.run(base + ["true"], check=True)
        samples.append(time.perf_counter() - started)
    subprocess.run(base[:-1] + ["-O", "exit", base[-1]], capture_output=True)
    return samples


if __name__ == "__main__":
    main()
