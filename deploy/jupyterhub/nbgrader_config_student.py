"""nbgrader settings every student's server reads: install as /etc/jupyter/nbgrader_config.py.

Students fetch, submit and fetch feedback through nbgrader's *Assignments* tab (or ``nbgrader fetch_assignment``,
``nbgrader submit``, ``nbgrader fetch_feedback``); all they need is the course id and the exchange folder.
Both come from the environment the hub passes on (see jupyterhub_config.py), with the defaults below.
"""
import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = os.environ.get("CSWORKBOOK_COURSE_ID", "csworkbook")
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
# fetched assignments go to ~/<assignment>/ (not ~/<course id>/<assignment>/)
c.Exchange.path_includes_course = False
