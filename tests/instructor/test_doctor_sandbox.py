"""``csworkbook doctor`` says which protections of the grading sandbox are active on this machine."""
from __future__ import annotations

import shutil

from tests.instructor.conftest import ROOT, csworkbook


def test_doctor_lists_every_sandbox_protection_and_whether_it_is_active():
    from csworkbook.instructor.grade.sandbox import bwrap_works, protections

    proc = csworkbook("doctor", cwd=ROOT)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("[info] grading sandbox:")]
    names = [p.name for p in protections()]
    assert len(lines) == len(names) == 7
    for name, line in zip(names, lines):
        assert line.startswith(f"[info] grading sandbox: {name}: "), line
    network = next(l for l in lines if "no network" in l)
    if bwrap_works():
        assert network.endswith("active: bubblewrap network namespace")
    elif shutil.which("unshare"):
        assert "unshare -n" in network or "NOT active" in network
    else:
        assert "NOT active" in network
