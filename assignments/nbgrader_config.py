"""nbgrader configuration of the csworkbook course (run nbgrader and ``csworkbook`` from this folder)."""
c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "csworkbook"
c.CourseDirectory.root = "."

# Per-cell time limit while autograding (seconds); `csworkbook grade --timeout` overrides it.
c.Execute.timeout = 30
# Lines of output kept per cell in autograded notebooks and feedback.
c.LimitOutput.max_lines = 1000
# Put back autograder-tests cells that a student deleted, so the student is graded against the real tests.
c.OverwriteCells.add_missing_cells = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
