"""The notebook steps ``csworkbook grade`` adds around nbgrader's own autograde preprocessors.

Each step is one small nbconvert preprocessor, configurable like nbgrader's, with help text on every
option. A step never writes to the gradebook; what it finds goes into ``resources["csworkbook"]``:
``notes`` (plain sentences for the report) and, for :class:`ScoreCells`, the scores.
"""
from __future__ import annotations

import difflib
from typing import Any

from nbclient.exceptions import DeadKernelError
from nbclient.util import run_sync
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, List, Unicode

from csworkbook.instructor.grade.guard import Guard


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
    """nbgrader's Execute with guards: output caps, a guarded kernel, and survival of a dying kernel.

    - Every output a cell sends (printed text, ``display()`` data, results, errors) counts against
      ``max_output_bytes`` per cell; what goes over is dropped with a note. Error outputs are shortened, never
      dropped, since they are what makes a failed test score 0. ``max_notebook_bytes`` caps the whole notebook.
    - With ``guard`` on, the kernel's guard (:mod:`csworkbook.instructor.grade.guard`) is installed before the
      first cell and restores the kernel before every tests cell; what it found goes to
      ``resources['csworkbook']['review']``.
    - When the kernel dies (``os._exit``, a crash, running out of memory) the cell that was running and every
      code cell after it get an error output, so nbgrader's scoring gives their tests 0.
    """

    max_output_bytes = Integer(
        100_000, help="Most characters of output (of every kind) kept per cell while it runs; the rest is dropped."
    ).tag(config=True)
    max_notebook_bytes = Integer(
        5_000_000, help="Most characters of output kept in the whole notebook; the largest outputs are cut first."
    ).tag(config=True)
    guard = Bool(True, help="Whether to guard the kernel against tampering before each tests cell.").tag(config=True)
    allowed_roots = List(Unicode(), help="Folders the kernel may open files in besides its own.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None):
        self._bytes: dict[int, int] = {}
        self._capped: set[int] = set()
        self._noted: set[int] = set()
        self._running = -1
        self._guard = Guard.new() if self.guard else None
        self._guard_ready = False
        self._reasons: list[str] = []
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
                f"the kernel died in {cell_name(nb, first)} (os._exit, a crash or a resource limit); that cell "
                "and the cells after it scored 0")
        for index in sorted(self._capped):
            notes(resources).append(
                f"{cell_name(nb, index)} produced {self._bytes[index] / 1e6:.1f} MB of output; output cut to "
                f"{self.max_output_bytes / 1e3:.0f} kB")
        self._cap_notebook(nb, resources)
        store = resources.setdefault("csworkbook", {})
        store["review"] = list(dict.fromkeys(store.get("review", []) + self._reasons))
        return nb, resources

    async def async_start_new_kernel_client(self):
        """Use the client the worker connected when it started this kernel (``sandbox.connect_early``).

        Its ``kernel_info`` handshake ran while the previous submission was graded; here it is only awaited
        (a kernel that died or never answered raises, as nbclient's own start-up does). Without one, nbclient
        connects as usual.
        """
        from nbclient.util import run_hook

        early = getattr(self.km, "early_client", None)
        if early is None:
            return await super().async_start_new_kernel_client()
        self.kc, ready = early
        try:
            await ready
        except Exception as err:
            self.log.error("Error occurred while starting new kernel client for kernel %s: %s",
                           getattr(self.km, "kernel_id", None), err)
            await self._async_cleanup_kernel()
            raise
        self.kc.allow_stdin = False
        await run_hook(self.on_notebook_start, notebook=self.nb)
        return self.kc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)  # nbclient binds its own at class level

    # -- the guard ---------------------------------------------------------------------------------------------
    def _ask(self, code: str, expressions: dict[str, str]) -> dict | None:
        """Run ``code`` silently in the kernel with user expressions; the reply, or None if none came."""
        from jupyter_client.utils import run_sync

        try:
            msg_id = self.kc.execute(code, silent=True, store_history=False, user_expressions=expressions,
                                     allow_stdin=False)
            return run_sync(self.async_wait_for_reply)(msg_id)
        except Exception:  # noqa: BLE001 - no answer is itself a finding
            return None

    def _check(self, names: list[str]) -> None:
        if self._guard is None or not self._guard_ready:
            return
        reply = self._ask("", {"guard": self._guard.check_expression(names)})
        for reason in self._guard.read(reply):
            if reason not in self._reasons:
                self._reasons.append(reason)

    def preprocess_cell(self, cell, resources, index):
        self._running = index
        if self._guard is not None and not self._guard_ready:
            reply = self._ask(self._guard.prelude(list(self.allowed_roots)), {})
            self._guard_ready = bool(reply and reply.get("content", {}).get("status") == "ok")
            if not self._guard_ready:
                self._reasons.append("the grading guard could not be installed")
        if cell.cell_type == "code" and utils.is_grade(cell):
            self._check(_names(cell.source))
        result = super().preprocess_cell(cell, resources, index)
        if index == len(self.nb.cells) - 1:
            self._check([])
        return result

    # -- output caps -------------------------------------------------------------------------------------------
    def output(self, outs, msg, display_id, cell_index):
        kind = msg["msg_type"]
        if self.max_output_bytes < 0 or kind not in ("stream", "display_data", "execute_result", "error",
                                                     "update_display_data"):
            return super().output(outs, msg, display_id, cell_index)
        content = msg["content"]
        size = _size(content)
        used = self._bytes.get(cell_index, 0)
        self._bytes[cell_index] = used + size
        room = self.max_output_bytes - used
        if size <= room:
            return super().output(outs, msg, display_id, cell_index)
        self._capped.add(cell_index)
        if kind == "error":  # keep the error (it fails the test), shortened
            msg = dict(msg, content=dict(content, evalue=str(content.get("evalue", ""))[:1000],
                                         traceback=[str(t)[:1000] for t in content.get("traceback", [])[-3:]]))
            return super().output(outs, msg, display_id, cell_index)
        if kind == "stream" and room > 0:
            self._noted.add(cell_index)
            msg = dict(msg, content=dict(content, text=content.get("text", "")[:room] + CUT))
            return super().output(outs, msg, display_id, cell_index)
        if cell_index not in self._noted:  # the first output over the cap leaves a note in its place
            self._noted.add(cell_index)
            note = dict(msg, msg_type="stream", header=dict(msg.get("header", {}), msg_type="stream"),
                        content={"name": "stdout", "text": CUT})
            return super().output(outs, note, display_id, cell_index)
        return None

    def _cap_notebook(self, nb: NotebookNode, resources: dict) -> None:
        total = sum(_size(o) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
        if self.max_notebook_bytes < 0 or total <= self.max_notebook_bytes:
            return
        outputs = sorted(((_size(o), i, j) for i, c in enumerate(nb.cells) if c.cell_type == "code"
                          for j, o in enumerate(c.outputs) if o.get("output_type") != "error"), reverse=True)
        for size, i, j in outputs:
            if total <= self.max_notebook_bytes:
                break
            nb.cells[i].outputs[j] = NotebookNode(output_type="stream", name="stdout", text=CUT)
            total -= size
        notes(resources).append(f"the notebook's outputs were over {self.max_notebook_bytes / 1e6:.0f} MB; "
                                "the largest were cut")


CUT = "\n... output cut by csworkbook ...\n"


def _size(content: dict) -> int:
    """Characters an output (or an output message's content) holds."""
    size = len(str(content.get("text", ""))) + len(str(content.get("evalue", "")))
    size += sum(len(str(t)) for t in content.get("traceback", []) or [])
    size += sum(len(str(v)) for v in (content.get("data") or {}).values())
    return size


def _names(source: str) -> list[str]:
    """The plain names a cell's code uses (for the guard: builtins the tests rely on)."""
    import io
    import tokenize

    names = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME:
                names.add(tok.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return sorted(names)


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
