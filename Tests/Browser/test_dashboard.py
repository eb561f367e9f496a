"""Browser tests of the dashboard: headless Chromium driven by selenium, against `spyglass serve`
built from this checkout and a local fixture site. Run by scripts/test (which sets SPYGLASS_BINARY);
screenshots of the main pages land in docs/screenshots/.
"""
import json, re, sys, time, urllib.error, urllib.request

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

import harness
from harness import screenshot, wait

OWNER = ("owner@acme.example", "correct horse battery")
VIEWER = ("viewer@acme.example", "viewer staple battery")

PRICING_V1 = "<html><body><h1>Pricing</h1><ul><li>Starter $19/mo</li><li>Pro $49/mo</li></ul></body></html>"
PRICING_V2 = "<html><body><h1>Pricing</h1><ul><li>Starter $19/mo</li><li>Pro $59/mo</li></ul></body></html>"


def fill(driver, element_id, text):
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def click(driver, element_id):
    driver.find_element(By.ID, element_id).click()


def set_up_owner(driver, server):
    driver.get(server.base_url + "/")
    wait(driver).until(EC.presence_of_element_located((By.ID, "setup-form")))
    screenshot(driver, "setup")
    fill(driver, "setup-workspace", "Acme Intelligence")
    fill(driver, "setup-email", OWNER[0])
    fill(driver, "setup-password", OWNER[1])
    fill(driver, "setup-password-confirm", OWNER[1])
    click(driver, "setup-submit")
    wait(driver).until(EC.presence_of_element_located((By.ID, "signout-button")))


def add_competitor(driver, server, site, name="Rival Inc"):
    driver.get(server.base_url + "/competitors")
    fill(driver, "competitor-name", name)
    fill(driver, "competitor-website", site.base_url)
    click(driver, "competitor-create")
    wait(driver).until(EC.presence_of_element_located((By.ID, "competitor-heading")))
    return driver.current_url.split("?")[0]


def watch_page(driver, url, expected_text):
    """From a competitor's page: preview the page, check what will be watched, save."""
    click(driver, "add-monitor")
    wait(driver).until(EC.presence_of_element_located((By.ID, "monitor-form")))
    fill(driver, "monitor-url", url)
    click(driver, "preview-button")
    preview = wait(driver).until(EC.presence_of_element_located((By.ID, "preview-text")))
    assert expected_text in preview.text, f"preview shows: {preview.text!r}"
    screenshot(driver, "monitor-preview")
    click(driver, "save-monitor-button")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "tr.monitor-row")))


def check_until_change(driver, competitor_url):
    """Clicks "Check now" until the competitor's page lists a change. Not the monitor's status: a check
    queued earlier may run after the one that found the change and show "unchanged" again, and a
    click while another check of the monitor is still queued or running adds nothing."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        driver.get(competitor_url)
        if driver.find_elements(By.CSS_SELECTOR, "#changes-by-category .feed-item"):
            return
        driver.find_element(By.CSS_SELECTOR, "button.check-now-button").click()
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "tr.monitor-row")))
        time.sleep(2)
    raise AssertionError("no change was found within 90 s")


def wait_for_check(driver, competitor_url, *outcomes):
    """Reloads the competitor page until the monitor's last check has one of `outcomes`."""
    deadline = time.monotonic() + 60
    shown = ""
    while time.monotonic() < deadline:
        driver.get(competitor_url)
        shown = driver.find_element(By.CSS_SELECTOR, "tr.monitor-row .monitor-status").text.strip().lower()
        if any(re.search(rf"\b{re.escape(outcome)}\b", shown) for outcome in outcomes):
            return
        time.sleep(0.3)
    raise AssertionError(f"the monitor's last check is {shown!r}, not one of {outcomes}")


def csrf_token(driver):
    return driver.find_element(By.CSS_SELECTOR, "input[name=_csrf]").get_attribute("value")


def post_from_page(driver, path, fields):
    """A form post made by script in the signed-in page (what a forged request would do)."""
    return driver.execute_async_script("""
        const [path, fields, done] = arguments;
        fetch(path, {method: 'POST', body: new URLSearchParams(fields), redirect: 'manual', credentials: 'same-origin'})
            .then(r => done(r.status)).catch(e => done('error ' + e));
    """, path, fields)


def test_core_flow(driver, server, site):
    """Owner sets up, watches a page with a preview, sees a change arrive live, reads the diff;
    invites a viewer, who can read but neither create nor delete (in the UI and through the API)."""
    site.pages["/pricing"] = PRICING_V1
    set_up_owner(driver, server)
    competitor_url = add_competitor(driver, server, site)
    watch_page(driver, site.base_url + "/pricing", "Pro $49/mo")
    # The first check runs at once (a baseline; a second one may already have found no change).
    wait_for_check(driver, competitor_url, "baseline", "unchanged")

    # The overview stays open in one tab; the check runs from another.
    driver.get(server.base_url + "/")
    wait(driver).until(EC.presence_of_element_located((By.ID, "feed")))
    driver.execute_script("window.__notReloaded = true")
    wait(driver).until(lambda d: d.find_element(By.ID, "live-status").get_attribute("data-state") == "live")
    overview = driver.current_window_handle
    driver.switch_to.new_window("tab")
    site.pages["/pricing"] = PRICING_V2
    check_until_change(driver, competitor_url)
    screenshot(driver, "competitor")
    driver.switch_to.window(overview)
    item = wait(driver, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#feed .feed-item")))
    assert driver.execute_script("return window.__notReloaded === true"), "the overview was reloaded"
    screenshot(driver, "overview")

    item.find_element(By.CSS_SELECTOR, "a.feed-link").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "change-page")))
    removed = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#diff-side-by-side del, #diff-inline del")]
    added = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#diff-side-by-side ins, #diff-inline ins")]
    assert any("Pro $49/mo" in text for text in removed), f"removed lines highlighted: {removed}"
    assert any("Pro $59/mo" in text for text in added), f"added lines highlighted: {added}"
    deltas = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#change-deltas .delta")]
    assert any("59" in text for text in deltas), f"deltas: {deltas}"
    assert driver.find_element(By.ID, "change-significance").text.strip(), "no significance shown"
    screenshot(driver, "change")

    # The team says whether it was worth it; the effectiveness page counts it.
    click(driver, "feedback-useful")
    # The page before the post has the element too: wait for the one that shows the verdict.
    wait(driver).until(EC.text_to_be_present_in_element((By.ID, "feedback-current"), "useful"))
    driver.get(server.base_url + "/effectiveness")
    row = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#effectiveness .effectiveness-row")))
    assert "100" in row.text, f"the share marked useful: {row.text!r}"
    screenshot(driver, "effectiveness")

    # An API key a viewer's tools would use, and an invitation for a viewer.
    driver.get(server.base_url + "/keys")
    fill(driver, "key-name", "read-only dashboard")
    Select(driver.find_element(By.ID, "key-role")).select_by_value("viewer")
    click(driver, "key-create")
    viewer_key = wait(driver).until(EC.presence_of_element_located((By.ID, "new-key-secret"))).get_attribute("value")
    driver.get(server.base_url + "/team")
    fill(driver, "invite-email", VIEWER[0])
    Select(driver.find_element(By.ID, "invite-role")).select_by_value("viewer")
    click(driver, "invite-submit")
    link = wait(driver).until(EC.presence_of_element_located((By.ID, "invite-link"))).get_attribute("value")
    screenshot(driver, "team")
    click(driver, "signout-button")
    wait(driver).until(EC.presence_of_element_located((By.ID, "signin-form")))

    driver.get(link)
    fill(driver, "invite-password", VIEWER[1])
    fill(driver, "invite-password-confirm", VIEWER[1])
    click(driver, "invite-accept")
    wait(driver).until(EC.presence_of_element_located((By.ID, "signout-button")))
    assert driver.find_element(By.ID, "current-role").text.strip().lower() == "viewer"

    # The UI offers a viewer nothing to create or delete…
    driver.get(server.base_url + "/competitors")
    assert not driver.find_elements(By.ID, "competitor-form"), "a viewer is offered the competitor form"
    driver.get(competitor_url)
    for selector in ("#add-monitor", "#delete-competitor", ".delete-monitor-button", ".check-now-button"):
        assert not driver.find_elements(By.CSS_SELECTOR, selector), f"a viewer is offered {selector}"
    # …and the server refuses what a forged form would send, with a valid CSRF token.
    token = csrf_token(driver)
    competitor_id = competitor_url.split("?")[0].rstrip("/").split("/")[-1]
    assert post_from_page(driver, "/competitors", {"_csrf": token, "name": "Forged"}) == 403
    status = post_from_page(driver, f"/competitors/{competitor_id}/delete", {"_csrf": token})
    assert status == 403, f"a viewer deleting {competitor_id}: {status}"
    # The API says the same to a viewer's key.
    request = urllib.request.Request(
        server.base_url + "/v1/competitors", method="POST", data=json.dumps({"name": "Forged"}).encode(),
        headers={"Authorization": "Bearer " + viewer_key, "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("the API let a viewer key create a competitor")
    except urllib.error.HTTPError as error:
        assert error.code == 403, f"the API answered {error.code}"
    listing = urllib.request.Request(server.base_url + "/v1/competitors", headers={"Authorization": "Bearer " + viewer_key})
    assert urllib.request.urlopen(listing, timeout=10).status == 200


HOSTILE = """<html><body><h1>Changelog</h1>
<p>Release 2 <script>console.log('pwned-script'); document.title = 'pwned'</script></p>
<p><img src="x" onerror="console.log('pwned-onerror')"> New dashboard</p>
<p><a href="javascript:console.log('pwned-link')">Read more</a></p>
<p>&lt;script&gt;console.log('pwned-text')&lt;/script&gt; as text</p>
</body></html>"""


def test_hostile_content(driver, server, site):
    """A competitor's page full of script is shown as text; nothing of it runs."""
    site.pages["/changelog"] = "<html><body><h1>Changelog</h1><p>Release 1</p></body></html>"
    set_up_owner(driver, server)
    competitor_url = add_competitor(driver, server, site, name="<img src=x onerror=console.log('pwned-name')>")
    watch_page(driver, site.base_url + "/changelog", "Release 1")
    # The first check runs at once (a baseline; a second one may already have found no change).
    wait_for_check(driver, competitor_url, "baseline", "unchanged")
    site.pages["/changelog"] = HOSTILE
    check_until_change(driver, competitor_url)
    driver.get(server.base_url + "/")
    link = wait(driver, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#feed .feed-item a.feed-link")))
    link.click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "change-page")))
    shown = driver.find_element(By.TAG_NAME, "main").text
    assert "<script>console.log('pwned-text')</script>" in shown, f"the escaped text is not shown as text: {shown!r}"
    assert driver.title != "pwned"
    try:
        driver.switch_to.alert
        raise AssertionError("an alert opened")
    except NoAlertPresentException:
        pass
    assert not driver.find_elements(By.CSS_SELECTOR, "main script, main img[onerror], main a[href^='javascript:']")
    for page in (server.base_url + "/", competitor_url, driver.current_url):
        driver.get(page)
        time.sleep(0.3)
    messages = [entry["message"] for entry in driver.get_log("browser")]
    assert not any("pwned" in message for message in messages), f"a script ran: {messages}"


def test_csrf_and_sign_out(driver, server, site):
    """A post without the CSRF token is refused; a session ends at sign-out."""
    set_up_owner(driver, server)
    driver.get(server.base_url + "/competitors")
    assert post_from_page(driver, "/competitors", {"name": "No token"}) == 403
    assert post_from_page(driver, "/competitors", {"name": "Wrong token", "_csrf": "x" * 43}) == 403
    session = {c["name"]: c["value"] for c in driver.get_cookies()}
    cookie_header = "; ".join(f"{k}={v}" for k, v in session.items())
    click(driver, "signout-button")
    wait(driver).until(EC.presence_of_element_located((By.ID, "signin-form")))
    screenshot(driver, "signin")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(urllib.request.Request(server.base_url + "/", headers={"Cookie": cookie_header}), timeout=10)
        status, location = response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        status, location = error.code, error.headers.get("Location", "")
    assert status in (302, 303) and "/signin" in location, f"the old session still works: {status} {location}"


if __name__ == "__main__":
    sys.exit(harness.run([
        ("the core flow: setup, preview, live change, diff, a read-only viewer", test_core_flow),
        ("hostile page content is shown as text and never runs", test_hostile_content),
        ("CSRF tokens are required and sign-out ends the session", test_csrf_and_sign_out),
    ]))
