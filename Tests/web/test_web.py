"""The web app in a real headless Chromium: sign in, create a sweep through the form, watch runs
appear live, stop it, resume it; an invalid configuration shows the error next to its line; a signed-out
browser gets nothing. Screenshots of each page go to SWOOP_SCREENSHOT_DIR (.build/web-screenshots)."""
import re

from conftest import shot
from playwright.sync_api import expect

INVALID = """method: random
metric:
  name: loss
  goal: minimize
parameters:
  lr:
    min: 0.1
    max: oops
run_cap: 4
"""

VALID = """name: web-demo
method: random
metric:
  name: loss
  goal: minimize
parameters:
  lr:
    distribution: log_uniform_values
    min: 0.001
    max: 0.1
  width:
    values: [8, 16, 32]
run_cap: 4
"""


def sign_in(page, world):
    page.goto(world.base + "/sign-in")
    page.fill("#api_key", world.key)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/projects$"))


def test_signed_out_browser_gets_nothing(page, world):
    world.api("POST", "/api/v1/entities/" + world.api("GET", "/api/v1/names/admin")["id"] + "/projects", {"name": "private-stuff"})
    for path in ["/projects", "/entities/x/queues", "/sweeps/abc"]:
        response = page.goto(world.base + path)
        assert response.status == 401
        assert page.locator("#api_key").is_visible()
        assert "private-stuff" not in page.content()
    page.goto(world.base + "/projects")
    shot(page, "sign-in")


def test_invalid_configuration_shows_the_error_next_to_its_line(page, world):
    sign_in(page, world)
    page.click("text=Create a sweep on launch")
    page.wait_for_selector("#config")
    page.fill("#config", INVALID)
    note = page.locator('.editor .notes .note[data-line="8"]')
    note.wait_for()
    assert "parameters.lr.max" in note.inner_text()
    # The note sits beside line 8: its top is where line 8 is drawn in the textarea.
    box, area = note.bounding_box(), page.locator("#config").bounding_box()
    assert abs((box["y"] - area["y"]) - (6 + 7 * 20)) < 8
    assert page.locator(".gutter .bad").inner_text() == "8"
    assert "config:8:" in page.locator("#diagnostics").inner_text()
    assert page.locator("#validity").inner_text() == "invalid"
    shot(page, "launch-form-error")
    page.fill("#config", VALID)
    expect(page.locator("#validity")).to_have_text("valid")


def test_create_a_sweep_watch_runs_arrive_live_and_stop_it(page, world):
    sign_in(page, world)
    shot(page, "projects")
    page.click("text=Create a sweep on launch")
    page.fill("#config", VALID)
    page.select_option("#job", "demo/train")
    page.select_option("#version", "latest")
    page.select_option("#queue", "local")
    page.fill("#num_workers", "2")
    page.fill("#project", "demo")
    expect(page.locator("#validity")).to_have_text("valid")
    shot(page, "launch-form")
    page.click("#launch")
    page.wait_for_url(re.compile(r".*/sweeps/[a-z0-9]+$"))
    sweep_url = page.url
    # Runs appear without reloading: the event stream triggers a fragment refresh (no navigation).
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    expect(page.locator("#live")).to_have_attribute("data-live", "connected")
    page.wait_for_selector("tr.swoop-run", timeout=60_000)
    expect(page.locator("tr.swoop-run").nth(1)).to_be_visible(timeout=60_000)
    page.wait_for_selector(".swoop-sweep-charts svg", timeout=60_000)
    assert page.url == sweep_url
    assert navigations == [], navigations
    page.wait_for_selector("tr.swoop-run .swoop-badge-finished", timeout=60_000)
    shot(page, "sweep")

    run_link = page.locator("tr.swoop-run a").first.get_attribute("href")
    page.click("form[action$='/state'] button:has-text('Stop')")
    page.wait_for_selector(".swoop-sweep-header .swoop-badge-stopped", timeout=30_000)
    sweep_api = "/api/v1/sweeps/" + sweep_url.rsplit("/", 1)[1]
    assert world.api("GET", sweep_api)["state"] == "stopped"
    # Resume from the browser: a new scheduler is queued, as launch-sweep --resume-id does; then stop again.
    page.click("form[action$='/state'] button:has-text('Resume')")
    page.wait_for_selector(".swoop-sweep-header .swoop-badge-pending, .swoop-sweep-header .swoop-badge-running", timeout=30_000)
    assert world.api("GET", sweep_api)["state"] in ("pending", "running")
    page.click("form[action$='/state'] button:has-text('Stop')")
    page.wait_for_selector(".swoop-sweep-header .swoop-badge-stopped", timeout=30_000)

    page.goto(world.base + run_link)
    page.wait_for_selector(".swoop-run-page")
    shot(page, "run")

    page.goto(world.base + "/projects")
    page.click("text=sweeps")
    page.wait_for_selector("table.sweeps")
    assert "web-demo" in page.content()
    shot(page, "sweeps")
    page.goto(world.base + "/projects")
    page.click("text=Queues and agents")
    page.wait_for_selector("table.agents")
    assert "box-1" in page.content()
    shot(page, "queues")
    page.goto(world.base + "/projects")
    page.click("text=jobs")
    page.wait_for_selector("table.jobs")
    shot(page, "jobs")
