"""JupyterHub for a csworkbook class on one Linux machine: local users, one server each, run as that user.

Copy this file to /etc/jupyterhub/jupyterhub_config.py and start the hub as root:

    jupyterhub -f /etc/jupyterhub/jupyterhub_config.py

What it assumes (see deploy/jupyterhub/README.md for the whole set-up):
- every instructor and student is a local Linux user (``useradd``) with a private home (mode 0700);
- instructors are in the group ``csworkbook-instructors``, students in ``csworkbook-students``;
- the course environment (csworkbook, nbgrader, jupyterhub) is on the hub's PATH, and the proxy comes from npm
  (``npm install -g configurable-http-proxy``);
- nbgrader's exchange is a folder every user can write to (``/srv/nbgrader/exchange`` by default) and the
  students' nbgrader settings are in ``/etc/jupyter/nbgrader_config.py`` (nbgrader_config_student.py here).

The settings a site changes most come from the environment, so this file stays as it is:

=============================  =========================================  ====================================
variable                       what                                       default
=============================  =========================================  ====================================
CSWORKBOOK_HUB_URL             where users reach the hub                  http://0.0.0.0:8000
CSWORKBOOK_HUB_STATE           folder for the hub's database and secret   /srv/jupyterhub
CSWORKBOOK_INSTRUCTORS_GROUP   Linux group of the hub's admins            csworkbook-instructors
CSWORKBOOK_STUDENTS_GROUP      Linux group allowed to log in              csworkbook-students
NBGRADER_EXCHANGE_ROOT         nbgrader's exchange (read by the configs)  /srv/nbgrader/exchange
CSWORKBOOK_COURSE_ID           the nbgrader course id                     csworkbook
=============================  =========================================  ====================================

The last two, and ``JUPYTER_CONFIG_PATH`` when it is set, are passed on to every user's server, so the
nbgrader configs in this folder read the same values as the hub. No password appears here or in any
nbgrader config: the gradebook's password is in each grader's ``~/.pgpass`` (or ``PGPASSWORD``).
"""
import os

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

# -- where the hub listens and keeps its state
c.JupyterHub.bind_url = os.environ.get("CSWORKBOOK_HUB_URL", "http://0.0.0.0:8000")
_state = os.environ.get("CSWORKBOOK_HUB_STATE", "/srv/jupyterhub")
c.JupyterHub.db_url = f"sqlite:///{_state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{_state}/jupyterhub_cookie_secret"

# -- who may log in: local Linux accounts (PAM), by group; instructors are the hub's admins
_instructors = os.environ.get("CSWORKBOOK_INSTRUCTORS_GROUP", "csworkbook-instructors")
_students = os.environ.get("CSWORKBOOK_STUDENTS_GROUP", "csworkbook-students")
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {_instructors, _students}
c.PAMAuthenticator.admin_groups = {_instructors}

# -- one server per user, started as that user (the hub runs as root to switch to them)
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.ip = "127.0.0.1"
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.env_keep.extend(["NBGRADER_EXCHANGE_ROOT", "CSWORKBOOK_COURSE_ID", "JUPYTER_CONFIG_PATH"])
# a server that imports JupyterLab, nbgrader and the course on a busy machine can take a while to answer
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
