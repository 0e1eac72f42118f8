"""The notebook steps ``csworkbook grade`` adds around nbgrader's own autograde preprocessors.

Each step is one small nbconvert preprocessor, configurable like nbgrader's, with help text on every
option. A step never writes to the gradebook; what it finds goes into ``resources["csworkbook"]``:
``notes`` (plain sentences for the report) and, for :class:`ScoreCells`, the scores.
"""
from __future__ import annotations

import difflib
from typing import Any

from nbclient.exceptions import DeadKernelError
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, Unicode


def notes(resources: dict) -> list[str]:
    """The list of report notes kept in ``resources`` (created on first use)."""
    return resources.setdefault("csworkbook", {}).setdefault("notes", [])


def grade_id(cell: NotebookNode) -> str | None:
    """The nbgrader id of a cell, or None when the cell has no nbgrader metadata."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def cell_name(nb: NotebookNode, index: int) -> str:
    """'cell 5' or "cell 5 ('losses_answer')": how the report names a cell (1-based position)."""
    gid = grade_id(nb.cells[index]) if 0 <= index < len(nb.cells) else None
    return f"cell {index + 1}" + (f" ('{gid}')" if gid else "")


class RestoreMetadata(Preprocessor):
    """Put back nbgrader metadata that a student's editor stripped, from the released copy of the notebook.

    Cells are matched by content (``difflib`` on the cell sources); a cell that lost its metadata and sits where
    a released nbgrader cell of the same type sat gets that cell's metadata back.
    """

    enabled = Bool(True, help="Whether to restore stripped nbgrader metadata before grading.").tag(config=True)
    reference_key = Unicode(
        "reference", help="Key of resources['csworkbook'] that holds the released notebook to match against."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        reference: NotebookNode | None = resources.get("csworkbook", {}).get(self.reference_key)
        if reference is None:
            return nb, resources
        present = {grade_id(c) for c in nb.cells} - {None}
        wanted = [i for i, c in enumerate(reference.cells) if grade_id(c) and grade_id(c) not in present]
        if not wanted:
            return nb, resources
        bare = [i for i, c in enumerate(nb.cells) if grade_id(c) is None]
        if not bare:
            return nb, resources
        matcher = difflib.SequenceMatcher(
            a=[c.source for c in reference.cells], b=[c.source for c in nb.cells], autojunk=False)
        restored: list[str] = []
        wanted_set, bare_set = set(wanted), set(bare)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag == "insert":
                continue
            ref_cells = [i for i in range(a0, a1) if i in wanted_set]
            sub_cells = [j for j in range(b0, b1) if j in bare_set]
            for i in ref_cells:
                match = next((j for j in sub_cells if nb.cells[j].cell_type == reference.cells[i].cell_type), None)
                if match is None:
                    continue
                sub_cells.remove(match)
                nb.cells[match].metadata["nbgrader"] = dict(reference.cells[i].metadata["nbgrader"])
                restored.append(grade_id(reference.cells[i]))
        if restored:
            notes(resources).append(
                f"nbgrader metadata was missing on {len(restored)} cell(s); restored from the released copy "
                f"by matching cell content and position ({', '.join(restored)})")
        resources["csworkbook"]["restored_metadata"] = restored
        return nb, resources


class DetectChanges(Preprocessor):
    """Report autograder-tests cells a student deleted or edited, before nbgrader's OverwriteCells repairs them.

    Needs ``resources['csworkbook']['source_cells']``: grade id -> {"grade": bool, "locked": bool,
    "released": str} for the source notebook (``released`` is the cell text as students received it).
    """

    enabled = Bool(True, help="Whether to report deleted and edited test cells.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        source_cells: dict[str, dict[str, Any]] = resources.get("csworkbook", {}).get("source_cells", {})
        submitted = {grade_id(c): c for c in nb.cells if grade_id(c)}
        for gid, info in source_cells.items():
            kind = "autograder tests" if info["locked"] else "answer"
            if gid not in submitted:
                if info["grade"]:
                    notes(resources).append(
                        f"{kind} cell '{gid}' was deleted; restored from the source and graded against it")
                else:
                    notes(resources).append(f"{kind} cell '{gid}' was deleted")
            elif info["locked"] and info["grade"] and submitted[gid].source.strip() != info["released"].strip():
                notes(resources).append(f"tests in cell '{gid}' were edited; replaced from the source")
        return nb, resources


class CappedExecute(Execute):
    """nbgrader's Execute with two guards: a cap on each cell's output, and survival of a dying kernel.

    When the kernel dies (``os._exit``, a crash, running out of memory) the cell that was running and every
    code cell after it get an error output, so nbgrader's scoring gives their tests 0 instead of full marks for
    cells that never ran.
    """

    max_output_bytes = Integer(
        100_000, help="Most characters of stream output kept per cell while it runs; the rest is dropped."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None):
        self._bytes: dict[int, int] = {}
        self._capped: set[int] = set()
        self._running = -1
        try:
            nb, resources = super().preprocess(nb, resources, km=km)
        except DeadKernelError:
            nb = self.nb
            first = max(self._running, 0)
            for index in range(first, len(nb.cells)):
                cell = nb.cells[index]
                if cell.cell_type != "code":
                    continue
                cell.outputs.append(NotebookNode(
                    output_type="error", ename="KernelDied",
                    evalue=f"the kernel stopped while cell {first + 1} was running, so this cell did not run",
                    traceback=[f"KernelDied: the kernel stopped while cell {first + 1} was running"]))
            notes(resources).append(
                f"the kernel died in {cell_name(nb, first)} (os._exit or a crash); that cell and the "
                "cells after it scored 0")
        for index in sorted(self._capped):
            notes(resources).append(
                f"{cell_name(nb, index)} printed {self._bytes[index] / 1e6:.1f} MB; output cut to "
                f"{self.max_output_bytes / 1e3:.0f} kB")
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        self._running = index
        return super().preprocess_cell(cell, resources, index)

    def output(self, outs, msg, display_id, cell_index):
        if msg["msg_type"] == "stream" and self.max_output_bytes >= 0:
            text = msg["content"].get("text", "")
            used = self._bytes.get(cell_index, 0)
            self._bytes[cell_index] = used + len(text)
            room = self.max_output_bytes - used
            if room <= 0:
                self._capped.add(cell_index)
                return None
            if len(text) > room:
                self._capped.add(cell_index)
                msg = dict(msg, content=dict(msg["content"], text=text[:room] + "\n... output cut by csworkbook ...\n"))
        return super().output(outs, msg, display_id, cell_index)


class ScoreCells(Preprocessor):
    """Score every graded cell the way nbgrader's SaveAutoGrades does, without writing to the gradebook.

    Puts ``{"grades": {grade_id: auto_score or None}, "comments": {grade_id: auto_comment or None}}`` into
    ``resources['csworkbook']``; the parent process writes them to the gradebook in one transaction.
    """

    enabled = Bool(True, help="Whether to compute autograde scores.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        grades: dict[str, float | None] = {}
        comments: dict[str, str | None] = {}
        timed_out: list[str] = []
        exited: list[str] = []
        for index, cell in enumerate(nb.cells):
            if utils.is_grade(cell):
                grades[grade_id(cell)], _ = utils.determine_grade(cell, self.log)
            if utils.is_solution(cell) or utils.is_task(cell):
                unchanged = cell.metadata.nbgrader.get("checksum") == utils.compute_checksum(cell)
                comments[grade_id(cell)] = "No response." if unchanged and not utils.is_task(cell) else None
            if cell.cell_type == "code" and any(
                    o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError" for o in cell.outputs):
                timed_out.append(cell_name(nb, index))
            if cell.cell_type == "code" and any(
                    o.get("output_type") == "error" and o.get("ename") == "SystemExit" for o in cell.outputs):
                exited.append(cell_name(nb, index))
        for name in timed_out:
            notes(resources).append(
                f"{name} ran longer than the time limit (infinite loop?) and was interrupted; scored as an error")
        for name in exited:
            notes(resources).append(f"{name} called sys.exit(); the kernel went on with the next cell")
        store = resources.setdefault("csworkbook", {})
        store["grades"], store["comments"] = grades, comments
        return nb, resources
