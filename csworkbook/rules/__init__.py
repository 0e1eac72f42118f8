"""Pure rules of the course's activities: one module per activity, named like its widget.

Nothing here imports ipywidgets or matplotlib, so every rule can be tested (and reused by the
dashboard, the action plan and the instructor tools) without a notebook.
"""
