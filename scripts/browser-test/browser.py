"""Headless Chromium over WebDriver (Debian's chromium and chromium-driver), with the checks every
page must pass and the screenshots."""

import os
import shutil

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from world import SECRET, Failure, wait_for

DESKTOP = {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}

# Runs before any page script (and outside the pages' CSP): collects the page's CSP violations.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
});
"""


def program(name):
    found = shutil.which(name)
    if not found:
        raise Failure(f"{name} is not installed (scripts/browser-test/run installs it)")
    return found


class Browser:
    def __init__(self, work, record_to=None):
        self.record_to = record_to
        self.metrics = DESKTOP
        options = webdriver.ChromeOptions()
        options.binary_location = program("chromium")
        for argument in [
            "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            "--disable-sync", "--disable-component-update", "--password-store=basic", "--hide-scrollbars",
            "--force-color-profile=srgb", "--lang=en-US", f"--user-data-dir={os.path.join(work, 'chromium')}",
        ] + (["--no-sandbox"] if os.geteuid() == 0 else []):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(program("chromedriver")), options=options)
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_CSP})

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.driver.quit()

    def use_phone(self, phone):
        self.metrics = PHONE if phone else DESKTOP
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", self.metrics)

    def open(self, url):
        self.driver.get(url)

    def wait_for_element(self, selector):
        return self._wait(
            f"an element {selector}",
            lambda: self._loaded() and next(iter(self.driver.find_elements(By.CSS_SELECTOR, selector)), None))

    def wait_for_title(self, title):
        # Read in one script, so a page that navigates meanwhile cannot leave a stale element.
        heading = "return document.readyState === 'complete' && document.querySelector('h1')?.textContent"
        self._wait(f"a page titled “{title}”", lambda: self.driver.execute_script(heading) == title)

    def _wait(self, what, check):
        """`wait_for`, failing with the page it stopped on and what the browser logged (a blocked
        form shows up only there)."""
        try:
            return wait_for(what, check)
        except Failure as failure:
            logged = "".join(f"\n  {entry['level']}: {entry['message']}" for entry in self.driver.get_log("browser"))
            raise Failure(f"{failure} (the page was {self.driver.current_url}){logged}") from None

    def _loaded(self):
        return self.driver.execute_script("return document.readyState") == "complete"

    def check(self, status=200):
        """Fails on a console error, a CSP violation, a shown secret or sideways scrolling. A page
        answered with an error `status` on purpose may log that status, nothing else."""
        for entry in self.driver.get_log("browser"):
            message = entry["message"]
            expected = status != 200 and entry["source"] == "network" and f"status of {status} " in message
            if "Content Security Policy" in message or (entry["level"] == "SEVERE" and not expected):
                raise Failure(f"the browser logged {entry['level']}: {message}")
        violations = self.driver.execute_script("return window.__cspViolations")
        if violations:
            raise Failure(f"Content-Security-Policy violations: {violations}")
        if SECRET in self.driver.page_source:
            raise Failure("the page shows the client secret")
        scroll, client = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if client != self.metrics["width"]:
            raise Failure(f"the page is laid out {client} px wide on a {self.metrics['width']} px screen")
        if scroll > client:
            raise Failure(f"the page scrolls sideways: {scroll} px of content in {client} px")

    def shot(self, name):
        """With a recording directory: screenshots/customer-NAME-{desktop,phone}.png, the whole page."""
        if not self.record_to:
            return
        width = "phone" if self.metrics is PHONE else "desktop"
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        tall = {**self.metrics, "height": max(self.metrics["height"], height)}
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", tall)
        os.makedirs(self.record_to, exist_ok=True)
        path = os.path.join(self.record_to, f"customer-{name}-{width}.png")
        self.driver.get_screenshot_as_file(path)
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", self.metrics)
        print(f"      wrote {path}", flush=True)

    def reload_after_the_catcher_closed(self):
        """Once carport has ended, nothing listens: the browser shows its own error page."""
        try:
            self.driver.refresh()
        except WebDriverException as error:
            if "ERR_CONNECTION_REFUSED" not in str(error):
                raise
        else:
            if "ERR_CONNECTION_REFUSED" not in self.driver.page_source:
                raise Failure("a reload after carport ended reached a page: " + self.driver.current_url)
        self.forget_logs()

    def allow_clipboard(self):
        """Grants the page's origin the clipboard, as a customer's tap on "Allow" would."""
        origin = self.driver.execute_script("return location.origin")
        self.driver.execute_cdp_cmd(
            "Browser.grantPermissions",
            {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})

    def clipboard(self):
        """The system clipboard's text, read by the page's origin (after `allow_clipboard`)."""
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.clipboard.readText().then(done, (e) => done('unreadable: ' + e));")

    def forget_logs(self):
        self.driver.get_log("browser")
