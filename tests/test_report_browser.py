"""The report in a real browser: hostile article text does not execute, and the charts render.

Headless Chromium (Debian packages ``chromium`` and ``chromium-driver``) is installed by the
fixture when missing, since CI machines start bare; the test is skipped, with the reason, only
when neither the browser nor apt-get is available. The page is checked twice: as rendered (with
its Content-Security-Policy) and with the CSP removed, so that escaping alone is shown to hold.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from framing.report import render_html
from tests.test_report import XSS_TITLE, hostile

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")


def ensure_chromium() -> None:
    """Install chromium and chromium-driver with apt-get when they are missing (or skip, saying why)."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    apt = shutil.which("apt-get")
    if apt is None:
        pytest.skip("headless Chromium is not installed and apt-get is unavailable to install it "
                    "(install the Debian packages chromium and chromium-driver)")
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is None:
        pytest.skip("headless Chromium is not installed and apt-get needs root (no sudo)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*sudo, apt, "update"], check=True, env=env, capture_output=True, timeout=600)
    subprocess.run([*sudo, apt, "install", "-y", "chromium", "chromium-driver"], check=True, env=env,
                   capture_output=True, timeout=900)
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("apt-get installed chromium but /usr/bin/chromium or /usr/bin/chromedriver is missing")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for f in FLAGS:
        opts.add_argument(f)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.add_argument("--window-size=1200,2000")
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    drv.set_page_load_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory):
    c, arts = hostile()
    html = render_html(c, corpus=arts, generated=dt.date(2026, 1, 2), title="Hostile report")
    d = tmp_path_factory.mktemp("pages")
    with_csp = d / "with-csp.html"
    with_csp.write_text(html, encoding="utf-8")
    start = html.index('<meta http-equiv="Content-Security-Policy"')
    no_csp = html[:start] + html[html.index(">", start) + 1:]
    assert "Content-Security-Policy" not in no_csp
    (d / "no-csp.html").write_text(no_csp, encoding="utf-8")
    return {"with-csp": with_csp, "no-csp": d / "no-csp.html"}


@pytest.mark.parametrize("variant", ["with-csp", "no-csp"])
def test_hostile_text_does_not_execute_and_charts_render(driver, hostile_pages, variant):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver.get(hostile_pages[variant].as_uri())
    # open every article and hover over every highlighted span, so handlers would have a chance to fire
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    for el in driver.find_elements(By.CSS_SELECTOR, ".text mark")[:20]:
        ActionChains(driver).move_to_element(el).perform()
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert driver.title == "Hostile report"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    # the hostile title is shown as text, not run
    body = driver.find_element(By.TAG_NAME, "body").text
    assert XSS_TITLE.split("<img")[0] in body
    assert driver.execute_script("return document.querySelectorAll('script, iframe, img').length") == 0
    # nothing was fetched: no resource entries at all
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    # the charts render with a real size
    boxes = driver.execute_script(
        "return Array.from(document.querySelectorAll('figure.chart svg')).map(s => {"
        "const r = s.getBoundingClientRect(); return [r.width, r.height]; })")
    assert len(boxes) >= 7
    assert all(w > 100 and h > 100 for w, h in boxes), boxes
    # a link from a number to its evidence and on to the highlighted span resolves in the page
    href = driver.find_element(By.CSS_SELECTOR, "a.num").get_attribute("href")
    target = href.split("#", 1)[1]
    assert driver.execute_script("return document.getElementById(arguments[0]) !== null", target)


def test_probe_detects_a_payload_that_runs(driver, tmp_path):
    """Negative control: the same probe sees a payload that is *not* escaped (so the test above can fail)."""
    page = tmp_path / "raw.html"
    page.write_text("<!DOCTYPE html><title>t</title><p>x</p>" + XSS_TITLE, encoding="utf-8")
    driver.get(page.as_uri())
    assert driver.execute_script("return typeof window.__xss") == "number"
    assert driver.title == "pwned"
