#!/usr/bin/env bash
# Installs ssh-for-agents-enforcer as sshd's ForceCommand for one agent account, or removes it
# again (--uninstall). Run as root on the server. See deploy/README.md.
#
# What it changes, each only when it differs from what is wanted (a second run says "no change"):
#   the enforcer binary, root:ssh-for-agents 2755 (setgid: only the enforcer can open the approval
#   key, the audit file and the nonce directory; it drops the group before running anything);
#   a default policy (guarded, audit to syslog and a file), kept when one exists;
#   the audit file and nonce directory, owned by the group; the approval key with --approval-key;
#   the agent's ~/.ssh, ~/.ssh/authorized_keys and ~/.profile, made root-owned (the guardrail);
#   an sshd_config.d snippet (Match User NAME → ForceCommand …) and, when the main config does not
#   include it yet, two lines at its top that include it.
# sshd's configuration is validated (sshd -t, sshd -T for the account) before sshd is reloaded; a
# configuration that fails is put back as it was.
set -euo pipefail

program=install-enforcer
# Directories it creates must be traversable by the agent (the enforcer runs as the agent).
umask 022
group=ssh-for-agents
sshd=${SSHD:-/usr/sbin/sshd}

usage() {
  cat <<EOF
usage: deploy/install-enforcer.sh --user NAME [options]
       deploy/install-enforcer.sh --user NAME --uninstall [options]

  --user NAME          the agent's account (required)
  --create-user        create the account when missing (shell /bin/sh, no password, not locked)
  --binary PATH        the enforcer to install (default: .build-release/release/ssh-for-agents-enforcer,
                       built by \`make enforcer\`)
  --host-alias A       the host's name in the agents' hosts.json, bound into approvals
                       (default: hostname -s)
  --approval-key       generate an approval key (once; an existing key is kept)
  --no-syslog          audit to the file only (hosts without a syslog daemon or journald)
  --root DIR           put every installed file under DIR (tests, unusual layouts)
  --sshd-config FILE   the main sshd configuration (default: /etc/ssh/sshd_config)
  --no-reload          validate, but do not reload sshd
  --dry-run            print what would change and change nothing
  --uninstall          remove what an install added (the audit trail is kept)
EOF
}

fail() {
  echo "$program: $*" >&2
  exit 1
}

user=""
create_user=false
binary=""
host_alias=""
approval_key=false
syslog=true
root=""
sshd_config=/etc/ssh/sshd_config
reload=true
dry_run=false
uninstall=false

while [ $# -gt 0 ]; do
  case "$1" in
    --user) [ $# -ge 2 ] || fail "--user needs a name"; user=$2; shift ;;
    --create-user) create_user=true ;;
    --binary) [ $# -ge 2 ] || fail "--binary needs a path"; binary=$2; shift ;;
    --host-alias) [ $# -ge 2 ] || fail "--host-alias needs a name"; host_alias=$2; shift ;;
    --approval-key) approval_key=true ;;
    --no-syslog) syslog=false ;;
    --root) [ $# -ge 2 ] || fail "--root needs a directory"; root=$2; shift ;;
    --sshd-config) [ $# -ge 2 ] || fail "--sshd-config needs a file"; sshd_config=$2; shift ;;
    --no-reload) reload=false ;;
    --dry-run) dry_run=true ;;
    --uninstall) uninstall=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
  shift
done

[ -n "$user" ] || { usage >&2; fail "--user NAME is required"; }
[[ "$user" =~ ^[a-z_][a-z0-9_-]*$ ]] || fail "--user $user: not a valid account name"
[ "$(id -u)" -eq 0 ] || fail "run as root: the files it installs must belong to root"
# The paths go into sshd_config and JSON unquoted; keep them plain.
[[ "$root" =~ ^[A-Za-z0-9/._-]*$ ]] || fail "--root $root: use a path of letters, digits and / . _ - only"
[ -z "$root" ] || [ -d "$root" ] || fail "--root $root: no such directory"
[ -f "$sshd_config" ] || fail "--sshd-config $sshd_config: no such file"
[ -x "$sshd" ] || fail "$sshd not found: install openssh-server"

prefix=${root%/}
if [ -n "$prefix" ]; then prefix=$(cd "$prefix" && pwd -P); fi
bin_path=$prefix/usr/local/bin/ssh-for-agents-enforcer
config_dir=$prefix/etc/ssh-for-agents
policy_path=$config_dir/policy.json
key_path=$config_dir/approval.key
audit_dir=$prefix/var/log/ssh-for-agents
audit_path=$audit_dir/audit.jsonl
state_dir=$prefix/var/lib/ssh-for-agents
nonce_dir=$state_dir/nonces
snippet_dir=$prefix/etc/ssh/sshd_config.d
snippet_path=$snippet_dir/ssh-for-agents.conf
include_marker="# ssh-for-agents: the enforcer's sshd settings (deploy/install-enforcer.sh --uninstall removes these two lines)"
include_line="Include $snippet_path"

changes=0

# Says what changes (or would change, with --dry-run) and counts it.
note() {
  changes=$((changes + 1))
  if $dry_run; then echo "$program: would $*"; else echo "$program: $*"; fi
}

# True when PATH exists with exactly OWNER:GROUP and MODE (octal).
has_owner_mode() {
  local path=$1 owner=$2 mode=$3 actual_owner actual_mode
  [ -e "$path" ] || return 1
  actual_owner=$(stat -c '%U:%G' "$path")
  actual_mode=$(stat -c '%a' "$path")
  [ "$actual_owner" = "$owner" ] && [ $((8#$actual_mode)) -eq $((8#$mode)) ]
}

# Makes PATH owned by OWNER:GROUP with MODE, when it is not already.
ensure_owner_mode() {
  local path=$1 owner=$2 mode=$3
  has_owner_mode "$path" "$owner" "$mode" && return 0
  note "set $path to $owner $mode"
  $dry_run && return 0
  chown "$owner" "$path"
  chmod "$mode" "$path"
}

ensure_dir() {
  local path=$1 owner=$2 mode=$3
  if [ ! -d "$path" ]; then
    note "create directory $path ($owner $mode)"
    $dry_run && return 0
    mkdir -p "$path"
    chown "$owner" "$path"
    chmod "$mode" "$path"
    return 0
  fi
  ensure_owner_mode "$path" "$owner" "$mode"
}

# Puts SOURCE's bytes at PATH (atomically: a temporary file beside it, then rename), then the
# owner and mode. `what` names the change in the output.
ensure_copy() {
  local source=$1 path=$2 owner=$3 mode=$4 what=$5 temporary
  if [ -f "$path" ] && cmp -s "$source" "$path"; then
    ensure_owner_mode "$path" "$owner" "$mode"
    return 0
  fi
  if [ -e "$path" ]; then note "update $what $path"; else note "install $what $path ($owner $mode)"; fi
  $dry_run && return 0
  mkdir -p "$(dirname "$path")"
  temporary=$(mktemp "$path.XXXXXX")
  cat "$source" >"$temporary"
  chown "$owner" "$temporary"
  chmod "$mode" "$temporary"
  mv -f "$temporary" "$path"
}

# ensure_copy for text made here.
ensure_content() {
  local content=$1 path=$2 owner=$3 mode=$4 what=$5 source
  local before=$changes
  source=$(mktemp)
  printf '%s' "$content" >"$source"
  ensure_copy "$source" "$path" "$owner" "$mode" "$what"
  rm -f "$source"
  if $dry_run && [ "$changes" -gt "$before" ]; then printf '%s' "$content" | sed 's/^/    | /'; fi
}

remove_path() {
  local path=$1 what=$2
  [ -e "$path" ] || [ -L "$path" ] || return 0
  note "remove $what $path"
  $dry_run && return 0
  rm -rf -- "$path"
}

snippet_content() {
  cat <<EOF
# Written by deploy/install-enforcer.sh (ssh-for-agents); --uninstall removes it.
# Every SSH session of $user runs through the enforcer, which checks each command against the
# policy, records the decision and refuses what the policy does not allow. "exec": sshd runs
# this line with the account's shell, which then becomes the enforcer instead of waiting for it.
Match User $user
	ForceCommand exec $bin_path --policy $policy_path
	DisableForwarding yes
	PermitTTY no
	PermitUserRC no
	ExposeAuthInfo yes
EOF
}

policy_content() {
  local approval=""
  if $approval_key; then approval=$(printf ',\n  "approval_key_file": "%s"' "$key_path"); fi
  cat <<EOF
{
  "mode": "guarded",
  "host_alias": "$host_alias",
  "audit": {"file": "$audit_path", "syslog": $syslog},
  "state_dir": "$nonce_dir"$approval
}
EOF
}

# Whether the main config already includes the snippet: an Include before its first Match
# whose pattern (relative ones are relative to /etc/ssh, as sshd reads them) matches the path.
main_config_includes_snippet() {
  local keyword pattern
  while read -r keyword rest; do
    case "${keyword,,}" in
      match) return 1 ;;
      include)
        for pattern in $rest; do
          [[ "$pattern" = /* ]] || pattern=/etc/ssh/$pattern
          # shellcheck disable=SC2053 # the pattern is a glob on purpose
          [[ "$snippet_path" == $pattern ]] && return 0
        done
        ;;
    esac
  done <"$sshd_config"
  return 1
}

# True when the main config starts with exactly the two lines this script adds.
main_config_has_our_include() {
  [ "$(head -n 2 "$sshd_config")" = "$include_marker"$'\n'"$include_line" ]
}

# Rewrites the main config through a temporary file with the same owner and mode, so a failed
# write never leaves half a file; BODY is a command that prints the new content.
rewrite_main_config() {
  local temporary
  temporary=$(mktemp "$sshd_config.XXXXXX")
  "$@" >"$temporary"
  chown --reference="$sshd_config" "$temporary"
  chmod --reference="$sshd_config" "$temporary"
  mv -f "$temporary" "$sshd_config"
}

prepend_include() {
  printf '%s\n%s\n' "$include_marker" "$include_line"
  cat "$sshd_config"
}

# Everything after our two lines, byte for byte (a missing final newline stays missing).
strip_include() {
  local skip
  skip=$(printf '%s\n%s\n' "$include_marker" "$include_line" | wc -c)
  tail -c +"$((skip + 1))" "$sshd_config"
}

# Saved copies of the two sshd files, to put back when validation fails.
backup_dir=""
backup_sshd_files() {
  backup_dir=$(mktemp -d)
  cp -p "$sshd_config" "$backup_dir/main"
  if [ -e "$snippet_path" ]; then cp -p "$snippet_path" "$backup_dir/snippet"; fi
}

restore_sshd_files() {
  cp -p "$backup_dir/main" "$sshd_config"
  if [ -e "$backup_dir/snippet" ]; then cp -p "$backup_dir/snippet" "$snippet_path"; else rm -f "$snippet_path"; fi
}

cleanup() { if [ -n "$backup_dir" ]; then rm -rf "$backup_dir"; fi; }
trap cleanup EXIT

# sshd -t for the whole configuration, and sshd -T for the account: the settings that make the
# enforcer unavoidable must be in effect for it (or, after --uninstall, the ForceCommand gone).
validate_sshd() {
  local output expected
  if ! output=$("$sshd" -t -f "$sshd_config" 2>&1); then
    echo "$program: sshd -t -f $sshd_config rejects the configuration:" >&2
    echo "$output" >&2
    return 1
  fi
  if ! output=$("$sshd" -T -f "$sshd_config" -C "user=$user,host=x,addr=127.0.0.1" 2>&1); then
    echo "$program: sshd -T -C user=$user rejects the configuration:" >&2
    echo "$output" >&2
    return 1
  fi
  if $uninstall; then
    if grep -qE "^forcecommand (exec )?[^ ]+ --policy " <<<"$output" && grep -qF " $bin_path --policy " <<<"$output"; then
      echo "$program: after removal sshd still runs the enforcer for $user (another Include?)" >&2
      return 1
    fi
    return 0
  fi
  expected=("forcecommand exec $bin_path --policy $policy_path" "disableforwarding yes" "permittty no"
            "permituserrc no" "exposeauthinfo yes")
  for line in "${expected[@]}"; do
    if ! grep -qxF "$line" <<<"$output"; then
      echo "$program: sshd -T -C user=$user does not show \"$line\": another setting for $user wins" \
        "(sshd keeps the first value it reads; is there an earlier Match block for $user?)" >&2
      return 1
    fi
  done
}

reload_sshd() {
  # The system's sshd reads /etc/ssh/sshd_config; another file belongs to another sshd.
  if [ "$sshd_config" != /etc/ssh/sshd_config ]; then
    echo "$program: not reloading the system's sshd: $sshd_config is not its configuration; reload the sshd that reads it"
    return 0
  fi
  if command -v systemctl >/dev/null && systemctl is-active --quiet ssh 2>/dev/null; then
    systemctl reload ssh && echo "$program: reloaded sshd (systemctl reload ssh)"
  elif command -v systemctl >/dev/null && systemctl is-active --quiet sshd 2>/dev/null; then
    systemctl reload sshd && echo "$program: reloaded sshd (systemctl reload sshd)"
  elif [ -r /run/sshd.pid ] && kill -0 "$(cat /run/sshd.pid)" 2>/dev/null; then
    kill -HUP "$(cat /run/sshd.pid)" && echo "$program: reloaded sshd (SIGHUP to $(cat /run/sshd.pid))"
  else
    echo "$program: no running sshd found to reload; restart sshd to apply the change"
  fi
}

# Runs CHANGE (a function that edits the sshd files), validates the result and reloads sshd; puts
# the old files back when validation fails. Does neither when nothing changed.
apply_sshd_change() {
  local change=$1 before=$changes
  if ! $dry_run; then backup_sshd_files; fi
  "$change"
  [ "$changes" -gt "$before" ] || return 0
  $dry_run && return 0
  if ! validate_sshd; then
    restore_sshd_files
    fail "the sshd configuration was put back as it was; nothing was reloaded"
  fi
  echo "$program: sshd configuration valid (sshd -t; sshd -T -C user=$user)"
  if $reload; then reload_sshd; else echo "$program: not reloading sshd (--no-reload)"; fi
}

install_sshd_files() {
  ensure_dir "$snippet_dir" root:root 0755
  ensure_content "$(snippet_content)"$'\n' "$snippet_path" root:root 0644 "sshd snippet"
  if ! main_config_includes_snippet; then
    note "add \"$include_line\" at the top of $sshd_config"
    if ! $dry_run; then rewrite_main_config prepend_include; fi
  fi
}

uninstall_sshd_files() {
  if main_config_has_our_include; then
    note "remove the two ssh-for-agents lines at the top of $sshd_config"
    if ! $dry_run; then rewrite_main_config strip_include; fi
  elif grep -qxF "$include_marker" "$sshd_config"; then
    fail "$sshd_config has the ssh-for-agents Include lines, but not at its top where they were put; remove them by hand"
  fi
  remove_path "$snippet_path" "sshd snippet"
}

# The agent's own files that would let it change what sshd runs or what its shell does: made
# root's, so its commands cannot rewrite them. (Its home stays its own; the policy's guardrail
# rules refuse commands that replace them.)
protect_home_files() {
  local home
  if $dry_run && ! getent passwd "$user" >/dev/null; then
    note "make ~$user/.ssh, .ssh/authorized_keys and .profile root-owned"
    return 0
  fi
  home=$(getent passwd "$user" | cut -d: -f6)
  { [ -n "$home" ] && [ -d "$home" ]; } || fail "account $user has no home directory"
  ensure_dir "$home/.ssh" root:root 0755
  for file in "$home/.ssh/authorized_keys" "$home/.profile"; do
    if [ ! -e "$file" ]; then
      note "create empty $file (root-owned)"
      if ! $dry_run; then : >"$file"; chown root:root "$file"; chmod 0644 "$file"; fi
    else
      ensure_owner_mode "$file" root:root 0644
    fi
  done
}

ensure_account() {
  if getent passwd "$user" >/dev/null; then return 0; fi
  $create_user || fail "account $user does not exist; create it or pass --create-user"
  note "create account $user (shell /bin/sh, no password, key login only)"
  $dry_run && return 0
  useradd -m -s /bin/sh "$user"
  # "*": no password can match, yet sshd accepts keys (a "!" would lock the account for sshd).
  usermod -p '*' "$user"
}

ensure_group() {
  getent group "$group" >/dev/null && return 0
  note "create group $group (the enforcer's, for the key, the audit file and nonces)"
  $dry_run && return 0
  groupadd --system "$group"
}

install_approval_key() {
  if [ -e "$key_path" ]; then
    ensure_owner_mode "$key_path" "root:$group" 0640
    return 0
  fi
  note "generate the approval key $key_path (root:$group 0640; give the same key to the clients)"
  $dry_run && return 0
  (
    umask 077
    head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n' >"$key_path"
    echo >>"$key_path"
  )
  chown "root:$group" "$key_path"
  chmod 0640 "$key_path"
}

install_all() {
  if [ -z "$binary" ]; then
    binary=$(cd "$(dirname "$0")/.." && pwd)/.build-release/release/ssh-for-agents-enforcer
    [ -x "$binary" ] || fail "no enforcer at $binary: build it with \`make enforcer\` or give --binary PATH"
  fi
  { [ -f "$binary" ] && [ -x "$binary" ]; } || fail "--binary $binary: not an executable file"
  if [ -z "$host_alias" ]; then host_alias=$(hostname -s); fi
  [[ "$host_alias" =~ ^[A-Za-z0-9._-]+$ ]] || fail "--host-alias $host_alias: use letters, digits and . _ - only"

  # The enforcer refuses every command when syslog is configured and nothing listens on /dev/log
  # (glibc's syslog would drop its records silently).
  if $syslog && [ ! -S /dev/log ]; then
    echo "$program: warning: /dev/log is not a socket (no syslog daemon or journald): the enforcer will" \
      "refuse every command until one runs; or install with --no-syslog to audit to the file only" >&2
  fi
  ensure_account
  ensure_group

  ensure_copy "$binary" "$bin_path" "root:$group" 2755 "enforcer"
  ensure_dir "$config_dir" root:root 0755
  if [ -e "$policy_path" ]; then
    ensure_owner_mode "$policy_path" root:root 0644
  else
    ensure_content "$(policy_content)"$'\n' "$policy_path" root:root 0644 "policy"
  fi
  if $approval_key; then install_approval_key; fi
  ensure_dir "$audit_dir" "root:$group" 0750
  if [ -e "$audit_path" ]; then
    ensure_owner_mode "$audit_path" "root:$group" 0660
  else
    note "create the audit file $audit_path (root:$group 0660: the enforcer appends, the agent cannot)"
    if ! $dry_run; then : >"$audit_path"; chown "root:$group" "$audit_path"; chmod 0660 "$audit_path"; fi
  fi
  ensure_dir "$state_dir" root:root 0755
  ensure_dir "$nonce_dir" "root:$group" 2770
  protect_home_files
  apply_sshd_change install_sshd_files
}

uninstall_all() {
  getent passwd "$user" >/dev/null || fail "account $user does not exist"
  apply_sshd_change uninstall_sshd_files
  remove_path "$bin_path" "enforcer"
  remove_path "$key_path" "approval key"
  remove_path "$nonce_dir" "nonce directory"
  if [ -e "$policy_path" ]; then remove_path "$policy_path" "policy"; fi
  for directory in "$state_dir" "$config_dir"; do
    if [ -d "$directory" ] && [ -z "$(ls -A "$directory")" ]; then remove_path "$directory" "empty directory"; fi
  done
  if [ -e "$audit_path" ]; then echo "$program: kept the audit trail $audit_path"; fi
  echo "$program: left ~$user/.ssh, authorized_keys and .profile root-owned; chown them to $user to undo"
}

if $uninstall; then uninstall_all; else install_all; fi
if [ "$changes" -eq 0 ]; then
  echo "$program: no change"
elif $dry_run; then
  echo "$program: dry run: $changes change(s) planned, nothing changed"
fi
