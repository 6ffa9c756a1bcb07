#!/usr/bin/env bash
# Measures the enforcer (run as root, after a release build):
#   make enforcer   (static, stripped: .build-release/release/ssh-for-agents-enforcer)
#   Benchmarks/Enforcer/measure.sh [.build-release/release/ssh-for-agents-enforcer]
# 1. start-up: SSH_ORIGINAL_COMMAND=true ssh-for-agents-enforcer --policy P vs /bin/true and vs sh -c true;
# 2. binary size;
# 3. per-command overhead over one real sshd listening on two ports, ForceCommand only on the second
#    (`Match LocalPort`), `true` through a ControlMaster connection to each, run in turn by farm-bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${1:-.build-release/release/ssh-for-agents-enforcer}
runs=${RUNS:-40}
work=$(mktemp -d /tmp/sfa-enforcer-bench.XXXXXX)
chmod 755 "$work"
cp "$binary" "$work/ssh-for-agents-enforcer"
touch "$work/audit.jsonl"
printf '{"mode": "guarded", "audit": {"file": "%s"}, "state_dir": "%s"}\n' "$work/audit.jsonl" "$work" > "$work/policy.json"
chmod 644 "$work/policy.json"
enforcer="$work/ssh-for-agents-enforcer"

echo "== binary size"
ls -l "$binary" | awk '{print $5 " bytes"}'

echo "== start-up (SSH_ORIGINAL_COMMAND=true, guarded, audit to a file) vs /bin/true"
farm-bench -n "$runs" --warmup 3 --vs /bin/true -- env SSH_ORIGINAL_COMMAND=true "$enforcer" --policy "$work/policy.json"
echo "== the same vs sh -c true (what runs without an enforcer)"
farm-bench -n "$runs" --warmup 3 --vs "env SSH_ORIGINAL_COMMAND=true sh -c true" -- env SSH_ORIGINAL_COMMAND=true "$enforcer" --policy "$work/policy.json"

echo "== per command over sshd: ForceCommand vs none, same sshd"
sandbox_bin=$(swift build --show-bin-path)/ssh-for-agents-sandbox
"$sandbox_bin" up --ready-file "$work/ready.json" >/dev/null 2>"$work/sandbox.err" &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null; [ -n "${sshd_pid:-}" ] && kill $sshd_pid 2>/dev/null; ssh -O exit -S "$work/cm-plain" x 2>/dev/null; ssh -O exit -S "$work/cm-enf" x 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/ready.json" ] && break; sleep 0.1; done
dir=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['directory'])" "$work/ready.json")
user=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['username'])" "$work/ready.json")
chown "$user" "$work/audit.jsonl"
# A second sshd on the sandbox's keys and config, on two fresh ports.
plain_port=$((20000 + RANDOM % 20000)); enf_port=$((plain_port + 1))
sed -e "s/^Port .*/Port $plain_port\nPort $enf_port/" -e "s|^PidFile .*|PidFile $work/sshd.pid|" "$dir/sshd_config" > "$work/sshd_config"
printf 'Match LocalPort %s\n    ForceCommand exec %s --policy %s\n' "$enf_port" "$enforcer" "$work/policy.json" >> "$work/sshd_config"
/usr/sbin/sshd -D -f "$work/sshd_config" -E "$work/sshd.log" &
sshd_pid=$!
sleep 1
known="$work/known_hosts"
sed -e "s/^\[127.0.0.1\]:[0-9]*/[127.0.0.1]:$plain_port/" "$dir/known_hosts" > "$known"
sed -e "s/^\[127.0.0.1\]:[0-9]*/[127.0.0.1]:$enf_port/" "$dir/known_hosts" >> "$known"
opts=(-F /dev/null -l "$user" -i "$dir/id_ecdsa" -o IdentitiesOnly=yes -o IdentityAgent=none -o UserKnownHostsFile="$known" -o BatchMode=yes -o ControlMaster=auto -o ControlPersist=60)
ssh "${opts[@]}" -p "$plain_port" -o ControlPath="$work/cm-plain" 127.0.0.1 true
ssh "${opts[@]}" -p "$enf_port" -o ControlPath="$work/cm-enf" 127.0.0.1 true
test "$(ssh "${opts[@]}" -p "$enf_port" -o ControlPath="$work/cm-enf" 127.0.0.1 'rm -rf ~/nothing' 2>&1 >/dev/null | grep -c 'refused')" = 1 || { echo "the enforcer is not on port $enf_port"; exit 1; }
farm-bench -n "$runs" --warmup 3 \
  --vs "ssh ${opts[*]} -p $plain_port -o ControlPath=$work/cm-plain 127.0.0.1 true" \
  -- ssh "${opts[@]}" -p "$enf_port" -o ControlPath="$work/cm-enf" 127.0.0.1 true
