"""The man pages in docs/man: each renders without a warning under both formatters a user may
have (mandoc, and groff through man-db's `man -l`), carries the sections a user looks for, names
every option the command really takes, and the generated ones are not stale.

Run: SFA_BIN_DIR="$(swift build --show-bin-path)" python3 -m pytest -q Tests/Docs
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAN = ROOT / "docs" / "man"
PAGES = {
    "ssh-for-agents": 1,
    "ssh-for-agents-run": 1,
    "ssh-for-agents-config": 1,
    "ssh-for-agents-enforcer": 8,
}


def page(name: str) -> Path:
    return MAN / f"{name}.{PAGES[name]}"


def rendered(name: str) -> str:
    """The page as `man` shows it, without bold/underline overstrikes."""
    result = subprocess.run(
        ["man", "-l", str(page(name))], capture_output=True, text=True, check=True,
        env={**os.environ, "MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat", "LC_ALL": "C.UTF-8"},
    )
    return re.sub(r".\x08", "", result.stdout)


def binary(name: str) -> Path:
    raw = os.environ.get("SFA_BIN_DIR")
    if not raw:
        pytest.fail("SFA_BIN_DIR is not set: SFA_BIN_DIR=$(swift build --show-bin-path)", pytrace=False)
    return Path(raw) / name


@pytest.mark.parametrize("name", PAGES)
def test_mandoc_finds_nothing_to_warn_about(name: str) -> None:
    # -W warning: warnings and errors; mandoc's STYLE notes (a long source line, a page it
    # cannot find installed for .Xr) are not problems of the page as rendered.
    result = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", str(page(name))], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout + result.stderr


@pytest.mark.parametrize("name", PAGES)
def test_groff_renders_it_without_warnings(name: str) -> None:
    result = subprocess.run(
        ["man", "--warnings=all", "-l", str(page(name))], capture_output=True, text=True,
        env={**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat", "LC_ALL": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    # The header is cut short at 80 columns for the longest name; the NAME line is whole.
    assert re.search(rf"^NAME\n\s+{re.escape(name)} ", result.stdout, re.M), result.stdout[:400]


@pytest.mark.parametrize("name", PAGES)
def test_it_has_the_sections_a_reader_looks_for(name: str) -> None:
    text = rendered(name)
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO"):
        assert re.search(rf"^{section}$", text, re.M), f"{name}: no {section} section"


def long_options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]+", text))


@pytest.mark.parametrize(
    "name, help_commands",
    [
        ("ssh-for-agents", [["serve", "--help"], ["chat", "--help"]]),
        ("ssh-for-agents-run", [[verb, "--help"] for verb in ("hosts", "run", "check", "read", "ls", "audit")]),
        (
            "ssh-for-agents-config",
            [[verb, "--help"] for verb in ("add", "list", "remove", "import-ssh-config", "trust", "set-policy", "check")],
        ),
        ("ssh-for-agents-enforcer", [["--help"], ["check", "--help"], ["audit", "--help"]]),
    ],
)
def test_every_option_the_command_takes_is_in_its_page(name: str, help_commands: list[list[str]]) -> None:
    text = rendered(name)
    documented = long_options(text)
    for arguments in help_commands:
        result = subprocess.run([str(binary(name)), *arguments], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        missing = long_options(result.stdout) - documented - {"--help", "--version", "--experimental-dump-help"}
        assert not missing, f"{name} {' '.join(arguments)}: {sorted(missing)} not in the man page"


@pytest.mark.parametrize("name", ["ssh-for-agents-run", "ssh-for-agents-config", "ssh-for-agents"])
def test_every_exit_status_in_the_readme_is_in_the_page(name: str) -> None:
    text = rendered(name)
    exit_section = text.split("EXIT STATUS", 1)[1].split("EXAMPLES", 1)[0]
    expected = {
        "ssh-for-agents-run": ["0", "1", "2", "10", "11", "12", "124", "255"],
        "ssh-for-agents-config": ["0", "1", "2", "255"],
        "ssh-for-agents": ["0", "1", "2", "3", "130"],
    }[name]
    for status in expected:
        assert re.search(rf"(?<![\d+]){status}(?!\d)", exit_section), f"{name}: exit status {status} missing"


def test_the_generated_pages_are_fresh() -> None:
    """A changed option, help text or docs/man/sections file without `scripts/man-pages.sh update`
    fails here, so the committed pages cannot go stale."""
    result = subprocess.run([str(ROOT / "scripts" / "man-pages.sh"), "check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
