"""ssh-for-agents-run's confirmation prompt, driven through a real pseudo-terminal: a command that
needs confirmation asks the human at the terminal, runs on "y" and is refused on anything else; the
text shown spells out control characters (issue 19, item 6) and says they are there."""

from __future__ import annotations

import os
import pty
import select
import time
from pathlib import Path
from typing import Any


def run_in_terminal(argv: list[str], env: dict[str, str], answer: bytes | None,
                    timeout: float = 60) -> tuple[int, str]:
    """Runs argv with a pseudo-terminal as stdin, stdout and stderr; types `answer` once the
    prompt is shown. Returns the exit status and everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    seen = b""
    answered = answer is None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"[y/N]" in seen:
            os.write(fd, answer)
            answered = True
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


def env_for(sandbox: dict[str, Any], tmp_path: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
            sandbox["passphrase_env"]: sandbox["ed25519_passphrase"], "TERM": "dumb"}


def test_terminal_prompt_runs_on_yes(bin_dir: Path, hosts_file: Path, sandbox: dict[str, Any], tmp_path: Path) -> None:
    status, shown = run_in_terminal(
        [str(bin_dir / "ssh-for-agents-run"), "--config", str(hosts_file), "run", "sandbox",
         "rm -f /tmp/sfa-pty-absent; echo RAN-IT"], env_for(sandbox, tmp_path), b"y\n")
    assert "rm -f /tmp/sfa-pty-absent; echo RAN-IT" in shown
    assert "It needs your approval because:" in shown
    assert "Run it on sandbox? [y/N]" in shown
    assert status == 0, shown
    assert "RAN-IT" in shown.split("[y/N]", 1)[1]


def test_terminal_prompt_refuses_anything_but_yes(bin_dir: Path, hosts_file: Path, sandbox: dict[str, Any],
                                                  tmp_path: Path) -> None:
    for answer in (b"n\n", b"\n", b"sure\n"):
        status, shown = run_in_terminal(
            [str(bin_dir / "ssh-for-agents-run"), "--config", str(hosts_file), "run", "sandbox",
             "rm -f /tmp/sfa-pty-absent; echo RAN-IT"], env_for(sandbox, tmp_path), answer)
        assert status == 10, (answer, shown)
        assert "declined" in shown, shown
        assert "RAN-IT" not in shown.split("[y/N]", 1)[1], shown


def test_terminal_prompt_shows_control_characters_escaped(bin_dir: Path, hosts_file: Path, sandbox: dict[str, Any],
                                                          tmp_path: Path) -> None:
    hostile = "rm -f /tmp/sfa-pty-absent\r\x1b[2Kls /tmp # \u202etxt.exe"
    status, shown = run_in_terminal(
        [str(bin_dir / "ssh-for-agents-run"), "--config", str(hosts_file), "run", "sandbox", hostile],
        env_for(sandbox, tmp_path), b"n\n")
    assert status == 10, shown
    prompt = shown.split("[y/N]", 1)[0]
    assert "rm -f /tmp/sfa-pty-absent\\x0d\\x1b[2Kls /tmp # \\u{202E}txt.exe" in prompt, prompt
    assert "WARNING: this command contains 3 control or invisible characters" in prompt, prompt
    assert "\x1b" not in prompt and "\u202e" not in prompt, repr(prompt)


def test_without_a_terminal_it_refuses_without_asking(bin_dir: Path, hosts_file: Path, sandbox: dict[str, Any],
                                                      tmp_path: Path) -> None:
    import subprocess
    result = subprocess.run(
        [str(bin_dir / "ssh-for-agents-run"), "--config", str(hosts_file), "run", "sandbox", "rm -f /tmp/sfa-pty-absent"],
        env=env_for(sandbox, tmp_path), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert result.returncode == 10, result.stderr
    assert "[y/N]" not in result.stderr
    assert "--confirm" in result.stderr
