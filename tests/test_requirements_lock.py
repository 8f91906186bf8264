"""requirements.lock pins every installed package; it must agree with the direct pins."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pins(name):
    found = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            package, version = line.split("==")
            found[re.sub(r"[-_.]+", "-", package).lower()] = version
    return found


def test_lock_agrees_with_every_direct_pin():
    lock = pins("requirements.lock")
    direct = pins("requirements.txt") | pins("requirements-dev.txt")
    assert {name: lock.get(name) for name in direct} == direct
    assert len(lock) > len(direct)


def test_lock_lines_are_exact_pins():
    lines = [line for line in (ROOT / "requirements.lock").read_text().splitlines() if not line.startswith("#")]
    assert [line for line in lines if not re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", line)] == []
