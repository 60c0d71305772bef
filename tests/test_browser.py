"""End to end in a real browser (Debian's chromium, headless, driven through Debian's chromedriver): open the
home page, follow a link to a project page, and run the Oss example query in the query editor. A screenshot
of each step is kept in tests/artifacts/. axe-core (npm) checks the pages visited for accessibility.

Needs the Debian packages chromium and chromium-driver (and `npm ci` for axe-core); without them this module
is skipped, unless KG_REQUIRE_TOOLS=1 (as .ci/run sets it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.servers import start_server
from tests.tools import require_tools

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def _require() -> None:
    missing = [
        name
        for name, ok in [("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER), ("axe-core", AXE.is_file())]
        if not ok
    ]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    require_tools(missing, "apt-get install chromium chromium-driver; npm ci")


@pytest.fixture(scope="module")
def server(dist, tmp_path_factory):
    _require()
    process, base = start_server(dist, tmp_path_factory.mktemp("browser") / "serve.log")
    yield base
    process.terminate()
    process.wait(timeout=15)


@pytest.fixture(scope="module")
def browser(server):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
        f"--user-data-dir={tempfile.mkdtemp(prefix='kg-chromium-')}",
    ]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # to see Content-Security-Policy refusals
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def axe_violations(driver, exclude: str | None = None) -> list[str]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    context = f"{{exclude: [['{exclude}']]}}" if exclude else "document"
    result = driver.execute_async_script(
        f"const done = arguments[arguments.length - 1]; axe.run({context}).then(done);"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def csp_refusals(driver) -> list[str]:
    """What the browser refused to load or run under the site's Content-Security-Policy since the last call."""
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_home_page_then_a_project_then_the_oss_query(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)

    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Leren en veranderen bij gemeenten"
    browser.save_screenshot(str(ARTIFACTS / "01-home.png"))
    assert axe_violations(browser) == []
    assert csp_refusals(browser) == []

    bar = browser.find_element(By.CSS_SELECTOR, 'svg a[aria-label^="Osse manier van Zelforganisatie"] rect')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", bar)
    bar.click()  # the project's bar in the timeline is a link to its page
    wait.until(ec.url_contains("/doc/project/oss-osse-manier-van-zelforganisatie"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Osse manier van Zelforganisatie"
    browser.save_screenshot(str(ARTIFACTS / "02-project.png"))
    assert axe_violations(browser) == []
    assert csp_refusals(browser) == []

    browser.get(server + "/sparql")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    active = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe .CodeMirror")
    assert "gemeente/oss" in browser.execute_script("return arguments[0].CodeMirror.getValue();", active)
    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe_queryButton").click()
    wait.until(lambda d: "Planlab" in d.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr").text)
    results = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr").text
    for label in ["Planlab", "PEP-talk in plaats van de gesprekkencyclus", "Het nieuwe Samenspel"]:
        assert label in results
    browser.save_screenshot(str(ARTIFACTS / "03-oss-query.png"))
    assert csp_refusals(browser) == [], "the editor works under the Content-Security-Policy"
    # the page around the editor; the vendored editor has known issues (docs/using/pages.md, "Accessibility")
    assert axe_violations(browser, exclude="#yasgui") == []


PAGE_TYPES = {  # one page of each kind a visitor meets
    "home": "/",
    "projects": "/projecten",
    "project": "/doc/project/oss-osse-manier-van-zelforganisatie",
    "municipality": "/doc/gemeente/soest",
    "theme": "/doc/thema/participatiewet",
    "themes": "/themas",
    "municipalities": "/gemeenten",
    "organisations": "/organisaties",
    "search": "/zoeken?q=leren",
    "empty-search": "/zoeken?q=zelforganisaite",
    "source": "/doc/bron/praktijkverhaal-soest?passage=120,190",
    "dataset": "/doc/dataset/aeno-kg",
    "downloads": "/download/",
    "editor": "/sparql",
    "not-found": "/doc/project/bestaat-niet",
}
WIDTHS = {"phone": (390, 844, True), "desktop": (1280, 900, False)}
SCREENSHOTS = ROOT / "docs" / "screenshots"
IN_README = {"home", "project", "municipality", "search", "dataset", "editor"}
#: refresh the README's screenshots in docs/ (KG_SCREENSHOTS=1); otherwise they go to tests/artifacts only, so
#: that a test run leaves the clone unchanged
REFRESH_README_SHOTS = os.environ.get("KG_SCREENSHOTS") == "1"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_fits_the_screen_without_sideways_scrolling(server, browser, width):
    """No page is wider than the screen, at a 390 px phone and at desktop width (tables and the timeline
    scroll inside their own box); on a phone the header leaves most of the screen to the page."""
    w, h, mobile = WIDTHS[width]
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile}
    )
    too_wide, tall_header = {}, {}
    try:
        for name, path in PAGE_TYPES.items():
            browser.get(server + path)
            if name == "editor":
                from selenium.webdriver.common.by import By
                from selenium.webdriver.support import expected_conditions as ec
                from selenium.webdriver.support.ui import WebDriverWait

                editor = (By.CSS_SELECTOR, ".yasqe .CodeMirror")
                WebDriverWait(browser, 20).until(ec.presence_of_element_located(editor))
            scroll, client, header = browser.execute_script(
                "const d = document.documentElement;"
                "return [d.scrollWidth, d.clientWidth, document.querySelector('header.site').offsetHeight];"
            )
            if scroll > client:
                too_wide[name] = scroll
            if mobile and header > h * 0.25:
                tall_header[name] = header
            shot = f"{name}-{width}.png"
            browser.save_screenshot(str(ARTIFACTS / shot))
            if name in IN_README and REFRESH_README_SHOTS:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(ARTIFACTS / shot, SCREENSHOTS / shot)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert too_wide == {}, f"wider than the {w} px screen"
    assert tall_header == {}, "the header takes more than a quarter of the phone's screen"


def test_the_menu_opens_on_a_phone(server, browser):
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        browser.get(server + "/")
        assert not browser.find_element(By.CSS_SELECTOR, "nav.main-nav").is_displayed()
        link = browser.find_element(By.CSS_SELECTOR, "details.menu a[href='/projecten']")
        assert not link.is_displayed()
        browser.find_element(By.CSS_SELECTOR, "details.menu summary").click()
        assert link.is_displayed()
        assert axe_violations(browser) == []
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def run_in_editor(browser, server: str, query: str, shows: str) -> tuple[str, str]:
    """Open the editor, replace the first tab's query, run it and wait until the results area shows `shows`.
    Returns the tab's original text and the results area's text."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.get(server + "/sparql")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".tabPanel.active .yasqe .CodeMirror")))
    active = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe .CodeMirror")
    original = browser.execute_script("return arguments[0].CodeMirror.getValue();", active)
    browser.execute_script("arguments[0].CodeMirror.setValue(arguments[1]);", active, query)
    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe_queryButton").click()
    wait.until(lambda d: shows in d.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr").text)
    return original, browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr").text


def test_the_editor_shows_an_error_as_readable_text(server, browser):
    original, shown = run_in_editor(browser, server, "SELECT * WHERE { ?s foo:bar ?o }", "unknown prefix")
    assert original.startswith("# Projecten")
    assert "unknown prefix 'foo:'" in shown and '{"error"' not in shown
    browser.save_screenshot(str(ARTIFACTS / "04-editor-error.png"))


def test_the_editor_draws_a_chart_of_counts(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    query = (
        "PREFIX aeno: <https://w3id.org/aeno-kg/def/> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?thema (COUNT(?p) AS ?projecten) WHERE { ?p a aeno:Project ; dcterms:subject/skos:prefLabel ?thema "
        'FILTER (LANG(?thema) = "nl") } GROUP BY ?thema ORDER BY DESC(?projecten)'
    )
    run_in_editor(browser, server, query, "Organisatieontwikkeling")
    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr .select_chart").click()
    WebDriverWait(browser, 20).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".tabPanel.active svg.result-chart"))
    )
    svg = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active svg.result-chart")
    assert svg.get_attribute("role") == "img"
    assert len(svg.find_elements(By.CSS_SELECTOR, "rect.bar")) >= 5
    assert "Organisatieontwikkeling" in svg.find_element(By.TAG_NAME, "desc").get_attribute("textContent")
    assert csp_refusals(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "05-editor-chart.png"))


def test_the_editor_shows_values_without_datatypes(server, browser):
    query = (
        "PREFIX schema: <http://schema.org/> PREFIX gemeente: <https://w3id.org/aeno-kg/id/gemeente/> "
        "PREFIX aeno: <https://w3id.org/aeno-kg/def/> "
        "SELECT ?p ?start WHERE { ?p aeno:carriedOutBy gemeente:oss ; schema:startDate ?start }"
    )
    _, table = run_in_editor(browser, server, query, "2017")
    assert "XMLSchema" not in table and "^^" not in table and "xsd:date" not in table
