"""Settings for bin/bench's gunicorn only: the production settings, plus the floor views and a query counter.

Never used by the app, its tests or a deployment: bin/bench sets DJANGO_SETTINGS_MODULE=bench.settings for the
server it starts and nothing else does.
"""

from jobboard.settings import *  # noqa: F403
from jobboard.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# First, so that it counts every query a request makes, the middleware's own (sessions, auth) included.
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]
