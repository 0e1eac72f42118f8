# --- csworkbook on JupyterHub: the instructor's settings ------------------------------------------------------
# Append this block to the course's nbgrader_config.py (a copy of assignments/ in the instructor's home):
#
#     cat deploy/jupyterhub/nbgrader_config_instructor.py >> ~/course/nbgrader_config.py
#
# It adds the exchange (release and collect) and the shared PostgreSQL gradebook. The URL names the server, the
# database and the role, never the password: libpq reads that from ~/.pgpass (one line,
# host:port:database:user:password, file mode 0600) or from PGPASSWORD, so it is never written into this file.
# `csworkbook doctor` in the course folder checks that the driver is installed and the database answers.
import os

c.CourseDirectory.course_id = os.environ.get("CSWORKBOOK_COURSE_ID", "csworkbook")
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
c.CourseDirectory.db_url = os.environ.get(
    "CSWORKBOOK_GRADEBOOK_URL", "postgresql+psycopg://grader@db.example.org:5432/csworkbook")
