"""The customer's side of Connect in headless Chromium, driven over WebDriver.

`carport connect --no-browser` runs against `carport emulator`; the browser opens the short URL
it prints and walks the emulator's Connect pages by their real element ids (docs/EMULATOR.md)
to the catcher's success or error page, or (hosted.py) to the hosted callback page. Every page is checked for JavaScript console errors,
Content-Security-Policy violations, secrets in its text and sideways scrolling (at 1280 px and
at phone width, 390 px). With RECORD_SCREENSHOTS=1 it also writes screenshots/customer-*.png.

Run it through scripts/browser-test/run, which installs Chromium, chromedriver and Selenium.
Prints one line per scenario and "N passed, M failed"; exits non-zero on any failure.
"""

import os
import shutil
import tempfile
import time
import traceback
import urllib.parse

from selenium.webdriver.common.by import By

import hosted
from browser import Browser
from world import Failure, World, wait_for

RECORD = os.environ.get("RECORD_SCREENSHOTS") == "1"
SHOTS = os.environ.get("SCREENSHOT_DIR", "screenshots")
EMAIL = "2-vehicles@smartcar.com"
DONE = "You're all set"
DENIED = "You chose not to share access"


def walk_to_grant(browser, short_url, make_given=False, shots=False):
    """The customer opens the short URL and goes through Connect up to the permission screen."""
    browser.open(short_url)
    browser.wait_for_element("#continue-button").click()
    if not make_given:
        browser.wait_for_element("button.brand-list-item")
        browser.check()
        if shots:
            browser.shot("brand")
        browser.driver.find_element(By.ID, "TESLA").click()
    browser.wait_for_element("#username").send_keys(EMAIL)
    browser.driver.find_element(By.ID, "password").send_keys("any password")
    browser.check()
    if shots:
        browser.shot("login")
    browser.driver.find_element(By.ID, "sign-in-button").click()
    browser.wait_for_element("#approval-button")
    browser.check()
    if shots:
        browser.shot("grant")


def land_on(browser, title, status=200):
    """Waits for the catcher's page titled `title` and checks it, secrets included."""
    browser.wait_for_title(title)
    browser.check(status=status)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(browser.driver.current_url).query)
    for name in ("code", "state"):
        for value in query.get(name, []):
            if value in browser.driver.page_source:
                raise Failure(f"the catcher's page shows the callback's {name}")


def linked(world, browser):
    """Brand, login, grant, Allow: the success page, exit 0, both vehicles stored."""
    session = world.connect()
    walk_to_grant(browser, session.short_url, shots=True)
    browser.driver.find_element(By.ID, "approval-button").click()
    land_on(browser, DONE)
    if "close this page" not in browser.driver.find_element(By.TAG_NAME, "main").text:
        raise Failure("the success page does not tell the customer they can close it")
    browser.shot("success")
    session.expect_exit(0)
    vehicles = world.stored_vehicles(session.home)
    if len(vehicles) != 2 or {v.get("customer") for v in vehicles} != {"Hana Sato"}:
        raise Failure(f"expected the account's 2 vehicles stored for Hana Sato, got {vehicles}")


def denied(world, browser):
    """Deny on the permission screen: the error page says so, exit 3, nothing stored."""
    session = world.connect()
    walk_to_grant(browser, session.short_url)
    browser.driver.find_element(By.ID, "deny-button").click()
    land_on(browser, DENIED)
    page = browser.driver.find_element(By.TAG_NAME, "main").text
    if "nothing was shared" not in page or "new link" not in page:
        raise Failure(f"the denied page does not say what happened and what to do next:\n{page}")
    browser.shot("denied")
    session.expect_exit(3)
    if "access_denied" not in session.process.stderr():
        raise Failure("carport did not report access_denied:\n" + session.process.stderr())
    if world.stored_vehicles(session.home):
        raise Failure("a denied session stored vehicles")


def reloaded(world, browser):
    """Reloading the success page while carport finishes, and after it has ended, links nothing twice."""
    session = world.connect("--make", "TESLA")
    # The code's exchange answers 4 s late: the catcher is still up for the reload.
    world.admin("/admin/faults", {"kind": "slow", "seconds": 4, "service": "token"})
    exchanges = world.counters()["exchanges"]
    walk_to_grant(browser, session.short_url, make_given=True)
    browser.driver.find_element(By.ID, "approval-button").click()
    land_on(browser, DONE)
    browser.driver.refresh()
    land_on(browser, "You're already done", status=400)
    session.expect_exit(0)
    browser.reload_after_the_catcher_closed()
    if world.counters()["exchanges"] != exchanges + 1:
        raise Failure("the code was exchanged more than once")
    if len(world.stored_vehicles(session.home)) != 2:
        raise Failure("the reloads changed what was stored")


def wrong_state(world, browser):
    """A callback with a wrong `state` is refused with a page that says so; the real one still works."""
    session = world.connect("--make", "TESLA")
    browser.open(f"{world.redirect}?code=not-a-real-code&state=not-this-session")
    land_on(browser, "This link doesn't work", status=400)
    wait_for("carport to report the refusal", lambda: "Refused a callback" in session.process.stderr())
    if session.process.proc.poll() is not None:
        raise Failure("carport stopped waiting after a wrong state")
    walk_to_grant(browser, session.short_url, make_given=True)
    browser.driver.find_element(By.ID, "approval-button").click()
    land_on(browser, DONE)
    session.expect_exit(0)


SCENARIOS = [
    ("linked at desktop width", linked, False),
    ("denied at desktop width", denied, False),
    ("linked at phone width", linked, True),
    ("denied at phone width", denied, True),
    ("reloaded success page", reloaded, True),
    ("wrong state", wrong_state, False),
    ("hosted page: linked at desktop width", lambda w, b: hosted.hosted_linked(w, b, walk_to_grant), False),
    ("hosted page: linked at phone width", lambda w, b: hosted.hosted_linked(w, b, walk_to_grant), True),
    ("hosted page: denied at phone width", lambda w, b: hosted.hosted_denied(w, b, walk_to_grant), True),
    ("hosted page: denied at desktop width", lambda w, b: hosted.hosted_denied(w, b, walk_to_grant), False),
    ("hosted page: no state at phone width", lambda w, b: hosted.hosted_missing_state(w, b, walk_to_grant), True),
    ("hosted page: no state at desktop width", lambda w, b: hosted.hosted_missing_state(w, b, walk_to_grant), False),
]


def main():
    work = tempfile.mkdtemp(prefix="carport-browser-")
    passed, failed = 0, 0
    try:
        with World(work) as world, Browser(work, record_to=SHOTS if RECORD else None) as browser:
            for name, scenario, phone in SCENARIOS:
                browser.use_phone(phone)
                started = time.monotonic()
                try:
                    scenario(world, browser)
                    passed += 1
                    print(f"ok    {name} ({time.monotonic() - started:.1f} s)", flush=True)
                except Exception as error:  # report every scenario, then fail the run
                    failed += 1
                    print(f"FAIL  {name}: {error}", flush=True)
                    if not isinstance(error, Failure):
                        traceback.print_exc()
                    print(world.last_output(), flush=True)
                finally:
                    world.end_sessions()
                    browser.forget_logs()
    except Failure as error:  # no emulator or no browser: nothing could run
        failed += 1
        print(f"FAIL  setting up: {error}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
