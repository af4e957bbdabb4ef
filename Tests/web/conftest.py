"""A real Swoop world for the browser tests: `swoop server` (auth on, SQLite in a temp folder), a
training job published with `swoop job create`, a queue, and a `swoop launch-agent` serving it."""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest

SWOOP = os.environ.get("SWOOP_BIN", "swoop")
CHROMIUM = os.environ.get("SWOOP_TEST_CHROMIUM", "/usr/bin/chromium")
ROOT = pathlib.Path(__file__).resolve().parents[2]
SHOTS = pathlib.Path(os.environ.get("SWOOP_SCREENSHOT_DIR", ROOT / ".build" / "web-screenshots"))

TRAIN = """\
import json, os, time
cfg = json.loads(os.environ["SWOOP_CONFIG"])
lr, width = float(cfg.get("lr", 0.01)), int(cfg.get("width", 8))
for step in range(12):
    loss = (lr - 0.03) ** 2 * 1000 + 4.0 / (step + 1) + 0.01 * width
    print("@swoop " + json.dumps({"loss": loss, "acc": 1 - loss / 10}), flush=True)
    time.sleep(0.25)
print("done", flush=True)
"""


class World:
    def __init__(self, base, key, entity, folder):
        self.base, self.key, self.entity, self.folder = base, key, entity, folder

    def api(self, method, path, body=None):
        req = urllib.request.Request(self.base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + self.key, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read() or b"null")

    def auth(self):
        return ["--base-url", self.base, "--api-key", self.key, "--entity", self.entity]


def _run(args, **kw):
    out = subprocess.run([SWOOP] + args, capture_output=True, text=True, timeout=120, **kw)
    assert out.returncode == 0, f"swoop {' '.join(args)} failed: {out.stderr}"
    return out


@pytest.fixture(scope="session")
def world():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="swoop-web-"))
    server = subprocess.Popen([SWOOP, "server", "--host", "127.0.0.1", "--port", "0", "--data", str(folder / "data"),
                               "--log-level", "warning"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    agent = None
    try:
        key = base = None
        deadline = time.time() + 60
        while time.time() < deadline and (key is None or base is None):
            line = server.stdout.readline()
            if not line:
                break
            if "API key (shown once): " in line:
                key = line.strip().split("API key (shown once): ")[1]
            if "listening on " in line:
                base = line.strip().split("listening on ")[1]
        assert key and base, "the server did not print its key and address"
        w = World(base, key, "admin", folder)
        code = folder / "code"
        code.mkdir()
        (code / "train.py").write_text(TRAIN)
        _run(["job", "create", "--project", "demo", "--name", "train", "--code", str(code), "--entry-point", "python3 train.py"] + w.auth())
        _run(["queue", "create", "local", "--resource", "local-process"] + w.auth())
        agent = subprocess.Popen([SWOOP, "launch-agent"] + w.auth() + ["--name", "box-1", "--queue", "local", "--max-jobs", "3",
                                  "--poll-seconds", "1", "--stop-grace-seconds", "2", "--work-dir", str(folder / "work"),
                                  "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        yield w
    finally:
        for p in (agent, server):
            if p is not None:
                p.terminate()
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    context.set_default_timeout(20_000)
    p = context.new_page()
    yield p
    context.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
