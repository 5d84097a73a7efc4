"""Gunicorn for one app server: `gunicorn home.wsgi` reads this file from the working directory.

Every value comes from the environment (docs/deployment.md says how to size them). App
servers keep no state, so any number of them can run behind the load balancer.
"""

import multiprocessing
import os

# Where to listen: the load balancer or the caching proxy connects here.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Processes: gunicorn's rule of thumb, 2 * cores + 1. Each holds its own database
# connection per thread (persistent, DB_CONN_MAX_AGE), so this sizes PostgreSQL's too.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# 1 thread: the sync worker. More: gthread, which also keeps idle keep-alive connections
# from tying up a process.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# A request still running after `timeout` seconds gets its worker killed and restarted;
# on SIGTERM (a rolling restart) workers get `graceful_timeout` seconds to finish.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Longer than the load balancer's idle timeout would be pointless; shorter makes it reconnect.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then (jittered, so not all at once): bounds slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10

# Proxies whose X-Forwarded-* headers are believed: the load balancer's addresses,
# comma-separated (CIDR allowed), or "*" when only the proxies can reach this port.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access and error logs on stdout/stderr. With LOG_FORMAT=json (production's default, as in
# settings/production.py) both are one JSON object per line like the app's (home/logs.py).
accesslog = "-"
errorlog = "-"
_settings = os.environ.get("DJANGO_SETTINGS_MODULE", "settings.production")  # as home/wsgi.py
_json = os.environ.get("LOG_FORMAT", "json" if _settings == "settings.production" else "text")
if _json == "json":
    access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
    _handler = {"class": "logging.StreamHandler", "formatter": "json"}
    logconfig_dict = {  # merged into gunicorn.glogging.CONFIG_DEFAULTS
        "formatters": {"json": {"()": "home.logs.JsonFormatter"}},
        "handlers": {
            "console": {**_handler, "stream": "ext://sys.stdout"},
            "error_console": {**_handler, "stream": "ext://sys.stderr"},
        },
        "root": {"level": "INFO", "handlers": ["error_console"]},
        # Not propagated: Django's LOGGING gives the root logger a handler of its own.
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }
