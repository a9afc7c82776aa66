"""gunicorn's settings for the MESS portal (deploy/systemd/mess-gunicorn.service passes --config).

Anything here can be overridden on the command line (the tests bind to their own port that way).
"""

import multiprocessing
import os

# nginx reaches the app over loopback; on several machines, bind the private address instead.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the pages are quick, and nginx buffers slow clients and uploads.
workers = int(os.environ.get("GUNICORN_WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 9))))
timeout = 60
graceful_timeout = 30
# A worker restarts after this many requests (with jitter), so a leak cannot grow for ever.
max_requests = 1000
max_requests_jitter = 100
# Django reads the client's address and scheme from nginx's headers (USE_X_FORWARDED_FOR,
# BEHIND_TLS_PROXY); gunicorn itself trusts them from loopback only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# gunicorn 24+ opens a control socket in the home folder by default: not used, and the home is
# read-only under the unit's ProtectHome (two instances on one machine would also share it).
control_socket_disable = True
