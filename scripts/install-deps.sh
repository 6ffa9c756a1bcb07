#!/usr/bin/env bash
# Installs what building and testing ssh-for-agents needs on Debian/Ubuntu, and only what is missing:
# libssh2 headers, OpenSSH's server (the tests and the demo start private sshd instances), shellcheck
# (the deploy tests check deploy/install-enforcer.sh with it), python3 (the demo prints the MCP
# replies with it; the loss-and-delay fault test's link emulator is Python), and, with --python, the
# official Python MCP client used by the interop tests (2.3 or later: the MCP 2026-07-28 tests were
# written against 2.3). git, rsync and the sftp server: the enforcer tests clone, push, pull and sftp
# through a real sshd.
# libedit-dev: line editing and history for `ssh-for-agents chat`. man-db, groff-base, mandoc: the
# man-page tests render every page with both formatters; util-linux's setsid gives the chat tests a
# controlling terminal.
set -euo pipefail

want_python=false
[ "${1:-}" = "--python" ] && want_python=true

missing=()
# iproute2 (ip, tc) and procps (ps, pgrep): the fault tests build network namespaces and look for
# processes left on the sandbox account. git, rsync: the enforcer's transfer tests; shellcheck: the install script's.
for package in libssh2-1-dev libedit-dev openssh-server openssh-client openssh-sftp-server pkg-config git rsync shellcheck \
  iproute2 procps man-db groff-base mandoc util-linux; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v python3 >/dev/null || missing+=(python3)
if $want_python; then
  python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  # A fresh machine has no package lists yet.
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if $want_python && ! python3 -c 'import mcp, pytest; from importlib.metadata import version; assert tuple(map(int, version("mcp").split(".")[:2])) >= (2, 3)' 2>/dev/null; then
  echo "install-deps: installing the Python MCP client (mcp 2.3 or later 2.x) and pytest" >&2
  python3 -m pip install -q 'mcp>=2.3,<3' pytest 2>/dev/null \
    || python3 -m pip install -q --break-system-packages 'mcp>=2.3,<3' pytest
fi
