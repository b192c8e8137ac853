"""The hosted callback page (contrib/callback-page/index.html, served by the emulator at
/callback-page): Connect ends there instead of at Carport's catcher, the page tells the customer
they are almost done (or why nothing was shared), and its one button copies the short text that
the operator pastes into `carport connect` (CARPORT_CALLBACK_PAGE=hosted). The copied text is read
back from the browser's real clipboard and typed into carport's stdin."""

import re

from selenium.webdriver.common.by import By

from world import Failure, wait_for

ALMOST = "Almost done"
DENIED = "You chose not to share access"
MISSING = "Something is missing"


def copy_text(browser):
    """Clicks the page's one button and returns what landed on the clipboard."""
    shown = browser.driver.find_element(By.ID, "text").text
    browser.allow_clipboard()
    browser.driver.find_element(By.ID, "copy").click()
    wait_for("the page to say it copied", lambda: "Copied" in browser.driver.find_element(By.ID, "status").text)
    copied = browser.clipboard()
    if copied != shown:
        raise Failure(f"the clipboard holds {copied!r}, the page shows {shown!r}")
    return copied


def page_text(browser):
    return browser.driver.find_element(By.TAG_NAME, "main").text


def hosted_linked(world, browser, walk_to_grant):
    """Approve: the page says almost done and copies code=…&state=…; pasted, it links both vehicles."""
    session = world.connect(hosted=True)
    walk_to_grant(browser, session.connect_url)
    browser.driver.find_element(By.ID, "approval-button").click()
    browser.wait_for_title(ALMOST)
    browser.check()
    if "needs the text below" not in page_text(browser):
        raise Failure("the page does not tell the customer what is left to do:\n" + page_text(browser))
    browser.shot("hosted-almost")
    text = copy_text(browser)
    if not re.fullmatch(r"code=[A-Za-z0-9._~-]+&state=[A-Za-z0-9._~-]+", text):
        raise Failure(f"the page copied {text!r}, not code=…&state=…")
    session.process.type(text)
    session.expect_exit(0)
    if len(world.stored_vehicles(session.home)) != 2:
        raise Failure("the pasted text did not link the account's 2 vehicles")


def hosted_denied(world, browser, walk_to_grant):
    """Deny: the page says so in words; its text, pasted, ends the session with access_denied."""
    session = world.connect(hosted=True)
    walk_to_grant(browser, session.connect_url)
    browser.driver.find_element(By.ID, "deny-button").click()
    browser.wait_for_title(DENIED)
    browser.check()
    if "nothing was shared" not in page_text(browser) or "new link" not in page_text(browser):
        raise Failure("the denied page does not say what happened and what to do next:\n" + page_text(browser))
    browser.shot("hosted-denied")
    text = copy_text(browser)
    if not text.startswith("error=access_denied&state="):
        raise Failure(f"the denied page copied {text!r}")
    session.process.type(text)
    session.expect_exit(3)
    if "access_denied" not in session.process.stderr():
        raise Failure("carport did not report access_denied:\n" + session.process.stderr())


def hosted_missing_state(world, browser, _walk_to_grant):
    """Opened without a `state` (a link copied in part): nothing to send, and the page says so."""
    browser.open(world.hosted_page + "?code=opened-in-part")
    browser.wait_for_title(MISSING)
    browser.check()
    if browser.driver.find_element(By.ID, "send").is_displayed():
        raise Failure("the page offers a text to send without a state")
    if "opened-in-part" in browser.driver.page_source.split("<main>", 1)[1]:
        raise Failure("the page shows the code it was opened with")
    browser.shot("hosted-missing")
