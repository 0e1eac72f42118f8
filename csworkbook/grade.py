"""``csworkbook grade``: placeholder until the grading issue lands (see issue 5)."""
from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignments", nargs="*")


def run(args: argparse.Namespace) -> int:
    print("csworkbook grade is not built yet.")
    return 1
