"""The MCP-level fault cases reuse the interop fixtures (built binaries, one sandbox sshd, hosts.json
helpers): loaded from Tests/Interop/conftest.py so there is one copy of them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "interop_conftest", Path(__file__).resolve().parents[2] / "Interop" / "conftest.py")
interop = importlib.util.module_from_spec(_spec)
sys.modules["interop_conftest"] = interop
_spec.loader.exec_module(interop)

anyio_backend = interop.anyio_backend
bin_dir = interop.bin_dir
sandbox = interop.sandbox
hosts_file = interop.hosts_file
cache_dir = interop.cache_dir
server_env = interop.server_env

# The interop tests import helpers `from conftest`; when both folders run in one pytest call this
# module may be the one named `conftest`, so it offers the same names.
connect = interop.connect
host_entry = interop.host_entry
write_hosts = interop.write_hosts
text_of = interop.text_of
marker_path = interop.marker_path
