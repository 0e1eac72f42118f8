"""The grading kernel's guard: find and undo tampering before each tests cell runs.

Tests and student code share one kernel (nbgrader's design), so before the first cell the executor runs
:data:`PRELUDE` silently. It records the pristine kernel (builtins, IPython's input and AST transformers, event
callbacks, the methods of the shell and kernel, running threads) and installs an audit hook (``sys.addaudithook``
cannot be removed from Python) that notes files opened outside the submission's folder, imports of
``csworkbook``, network connections and new processes.

Before every tests cell, and after the last cell, the executor evaluates :func:`check_expression` as a *user
expression*: it does not pass through input transformers, restores whatever was changed (and removes globals
that shadow a builtin the tests use), and answers ``[token, [reason, ...]]``. An answer without the secret token,
or no answer, is itself a reason. The reasons flag the submission "needs review"; they never give marks.
What this cannot stop is in ``docs/grading_security.md``.
"""
from __future__ import annotations

import ast
import json
import secrets
from dataclasses import dataclass

PRELUDE = r'''
def __csw_install(token, name, allowed_roots):
    import builtins, os, sys
    ip = get_ipython()
    pristine = dict(vars(builtins))
    user_ns = ip.user_ns
    ns_builtins = user_ns.get("__builtins__")
    def methods(obj):
        return {(cls, k): v for cls in type(obj).__mro__ if cls.__module__.split(".")[0] in ("IPython", "ipykernel")
                for k, v in vars(cls).items() if callable(v)}
    volatile = {"input", "raw_input", "get_ipython", "display", "exit", "quit", "__IPYTHON__", "_", "__", "___",
                "dreload", "getpass"}
    shell_methods, kernel_methods = methods(ip), methods(ip.kernel)
    shell_own, kernel_own = set(vars(ip)), set(vars(ip.kernel))
    base = {"cleanup": list(ip.input_transformers_cleanup), "post": list(ip.input_transformers_post),
            "ast": list(ip.ast_transformers), "custom": ip.custom_exceptions,
            "events": {k: list(v) for k, v in ip.events.callbacks.items()},
            "shadows": {k: user_ns[k] for k in pristine if k in user_ns}}
    found = []
    trusted = tuple(os.path.join(p, "") for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})
    def installed(callback):
        # callbacks of installed libraries (matplotlib-inline's figure flush) are fine; the student's are not
        code = getattr(getattr(callback, "__func__", callback), "__code__", None)
        name = getattr(code, "co_filename", "")
        return name.startswith(trusted) and os.path.isfile(name)
    here = os.getcwd()
    system = ("/usr", "/lib", "/lib64", "/etc", "/proc", "/dev", "/sys", "/opt/conda")
    roots = tuple(os.path.abspath(r) for r in (here, os.path.expanduser("~"), sys.prefix, sys.base_prefix,
                                               sys.exec_prefix, *system, *allowed_roots))
    state = {"busy": False}
    def note(reason):
        if reason not in found and len(found) < 50:
            found.append(reason)
    def audit(event, args):
        if state["busy"]:
            return
        state["busy"] = True
        try:
            if event in ("open", "sqlite3.connect") and isinstance(args[0], (str, bytes)) and args[0] not in (
                    ":memory:", b":memory:", ""):
                path = os.path.abspath(os.fsdecode(args[0]))
                if not any(path == r or path.startswith(r + os.sep) for r in roots):
                    note(f"opened a file outside its folder ({path})")
            elif event == "import" and (args[0] == "csworkbook" or str(args[0]).startswith("csworkbook.")):
                note(f"imported the course package ({args[0]}), which holds answer keys")
            elif event in ("socket.connect", "socket.sendto"):
                note(f"opened a network connection ({args[1]!r})")
            elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork"):
                note(f"started a process ({event})")
        except Exception:
            pass
        finally:
            state["busy"] = False
    sys.addaudithook(audit)
    def restore_methods(obj, known, own, label):
        names = {k for _, k in known}
        for k in set(vars(obj)) - own:
            if k in names:
                delattr(obj, k)
                note(f"replaced the grading kernel's {label}.{k}")
        for (cls, k), v in known.items():
            if vars(cls).get(k) is not v:
                try:
                    setattr(cls, k, v)
                except Exception:
                    pass
                note(f"patched the grading kernel's {label}.{k}")
    def check(names=()):
        state["busy"] = True
        try:
            live = vars(builtins)
            for k, v in pristine.items():
                if k not in volatile and live.get(k) is not v:
                    live[k] = v
                    note(f"changed the builtin '{k}'")
            if user_ns.get("__builtins__") is not ns_builtins:
                user_ns["__builtins__"] = ns_builtins
                note("replaced __builtins__")
            for k in names:
                if (k in pristine and k in user_ns and user_ns[k] is not pristine[k]
                        and user_ns[k] is not base["shadows"].get(k, pristine[k])):
                    if k in base["shadows"]:
                        user_ns[k] = base["shadows"][k]
                    else:
                        del user_ns[k]
                    note(f"redefined the builtin '{k}' that the tests use (removed before the tests ran)")
            for key in ("cleanup", "post", "ast"):
                attr = {"cleanup": "input_transformers_cleanup", "post": "input_transformers_post",
                        "ast": "ast_transformers"}[key]
                if list(getattr(ip, attr)) != base[key]:
                    getattr(ip, attr)[:] = base[key]
                    note(f"registered an IPython {'AST' if key == 'ast' else 'input'} transformer "
                         "(removed before the tests ran)")
            if ip.custom_exceptions != base["custom"]:
                ip.set_custom_exc((), None)
                note("installed a custom exception handler (removed before the tests ran)")
            for event, callbacks in ip.events.callbacks.items():
                before = base["events"].get(event, [])
                added = [cb for cb in callbacks if cb not in before]
                strange = [cb for cb in added if not installed(cb)]
                if strange:
                    callbacks[:] = [cb for cb in callbacks if cb not in strange]
                    note(f"registered an IPython '{event}' event callback (removed before the tests ran)")
            restore_methods(ip, shell_methods, shell_own, "shell")
            restore_methods(ip.kernel, kernel_methods, kernel_own, "kernel")
            if sys.gettrace() is not None or sys.getprofile() is not None:
                sys.settrace(None)
                sys.setprofile(None)
                note("installed a trace or profile function (removed before the tests ran)")
        finally:
            state["busy"] = False
        return __import__("json").dumps([token, list(found)])
    user_ns[name] = check
    return check
__csw_install({token!r}, {name!r}, {roots!r})
del __csw_install
'''


@dataclass(frozen=True)
class Guard:
    """One kernel's guard: the random name it lives under and the secret token its answers carry."""

    name: str
    token: str

    @classmethod
    def new(cls) -> "Guard":
        return cls("_csw_" + secrets.token_hex(6), secrets.token_hex(16))

    def prelude(self, allowed_roots: list[str]) -> str:
        """The code that installs the guard (run silently before the student's first cell)."""
        return PRELUDE.replace("{token!r}", repr(self.token)).replace("{name!r}", repr(self.name)).replace(
            "{roots!r}", repr(list(allowed_roots)))

    def check_expression(self, names: list[str]) -> str:
        """The user expression that restores the kernel before a tests cell that uses ``names``."""
        return f"{self.name}({sorted(set(names))!r})"

    def read(self, reply: dict | None) -> list[str]:
        """The reasons from one execute reply's user expression (or why the guard did not answer)."""
        if not reply or reply.get("content", {}).get("status") != "ok":
            return ["the grading guard could not run (the kernel's code execution was tampered with or broken)"]
        answer = reply["content"].get("user_expressions", {}).get("guard", {})
        try:
            text = answer["data"]["text/plain"]
            token, reasons = json.loads(ast.literal_eval(text))
        except Exception:  # noqa: BLE001 - any unreadable answer is itself the finding
            return ["the grading guard's answer was missing or altered"]
        if token != self.token:
            return ["the grading guard's answer was forged"]
        return [str(r) for r in reasons]
