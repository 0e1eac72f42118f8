"""The ``csworkbook`` command line: one sub-command per thing a user wants to do.

Each sub-command lives in a module named after its verb (``doctor``, ``release``,
``grade``) and exposes ``add_arguments(parser)`` and ``run(args) -> int``. The module
is imported only when its sub-command runs, so ``csworkbook --version`` stays fast.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from csworkbook import __version__

#: sub-command name -> (module that implements it, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "doctor": ("csworkbook.instructor.doctor", "check that JupyterLab, widgets and nbgrader are installed and enabled"),
    "release": ("csworkbook.instructor.release", "generate student versions of assignments and refuse if any solution leaks"),
    "grade": ("csworkbook.instructor.grade", "autograde every submission of an assignment, in parallel, with a report"),
    "export": ("csworkbook.instructor.export", "final grades into Canvas, Moodle or a course-total CSV"),
}


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="csworkbook",
        description="Customer service across cultures: course and instructor tools.",
    )
    parser.add_argument("--version", action="version", version=f"csworkbook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module_name)
        module = importlib.import_module(module_name)
        module.add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    module = importlib.import_module(args._module)
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
