"""The served app (jobboard.wsgi, what gunicorn loads in each worker) loads its URLconf and views at start and
freezes the objects alive then, so the garbage collector's full passes no longer walk them (each such pass took
about 50 ms, on whichever request was running). What requests create is still collected. Runs in a fresh process:
freezing is for the whole interpreter."""

import json
import subprocess
import sys

from tests.jobboard.test_deploy_settings import production_env
from tests.lifecycle.conftest import ROOT

PROBE = """
import gc, json, sys
import jobboard.wsgi
frozen = gc.get_freeze_count()
loaded = all(name in sys.modules for name in ("jobboard.urls", "jobs.api.views", "offers.api.views"))
cycle = []
cycle.append(cycle)
del cycle
print(json.dumps({"frozen": frozen, "tracked": len(gc.get_objects()), "loaded": loaded, "collected": gc.collect()}))
"""


def test_loading_the_wsgi_app_freezes_its_startup_objects_and_later_garbage_is_still_collected(tmp_path):
    env = production_env(tmp_path)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["loaded"]
    # Django, DRF and the app's modules: tens of thousands of objects, none left for the collector to walk.
    assert probe["frozen"] > 50_000 and probe["tracked"] < 5_000
    assert probe["collected"] >= 1
