"""Accessibility, on every public page in French and in Arabic (WCAG 2.2 AA), on the demo content.

- axe-core (tests/e2e/vendor/axe-core, from the npm registry, test-only: never served) runs in the real
  browser at phone width with the WCAG 2.0/2.1/2.2 A and AA rules; any violation fails.
- The Nu HTML checker (tests/e2e/vendor/vnu/vnu.jar, npm's ``vnu-jar``) validates the HTML of every
  page as served, in one Java run; any error fails.

The pages are ``html_pages`` plus whatever the sitemaps and the navigation lead to (``discovered_pages``).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import IN_CI
from tests.e2e.test_phone_and_csp import PHONE, csp_violations, demo_site, new_page  # noqa: F401
from tests.public_pages import discovered_pages

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE = (VENDOR / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
VNU = VENDOR / "vnu" / "vnu.jar"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + n.html.slice(0, 100) + " " + (n.any[0] ? n.any[0].message : "")).join(", ") + (v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ""));
}"""


MAPS_SETTLED = """() => Array.from(document.querySelectorAll(".map[data-url]")).every(
  (map) => map.dataset.markers !== undefined || map.classList.contains("map-failed") || !window.L)"""


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_axe_finds_no_wcag_22_aa_violation_on_any_page(browser, live_server, demo_site, client, language):  # noqa: F811
    page = new_page(browser, live_server, viewport=PHONE)
    problems = []
    for url in discovered_pages(client, demo_site, language):
        page.goto(url)
        # The directory's map checked with its markers on it (they come from carte.json).
        page.wait_for_function(MAPS_SETTLED)
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
        # govern: the page itself still runs under the strict policy.
        page.evaluate(AXE)
        problems += [f"{url}: {violation}" for violation in page.evaluate(RUN_AXE, WCAG_AA)]
        csp_violations(page)
    page.context.close()
    assert problems == [], "\n".join(problems)


def _java():
    java = shutil.which("java")
    if java is None:
        if IN_CI:
            raise AssertionError("Java must be installed in CI (.ci/run installs default-jre-headless)")
        pytest.skip("no Java on this machine (apt-get install default-jre-headless)")
    return java


@pytest.mark.django_db
def test_the_nu_html_checker_finds_no_error_on_any_page(client, reference_data, tmp_path):
    from tests.public_pages import seed_demo_site

    java = _java()
    site = seed_demo_site(actors=8)
    files = {}
    for language in ("fr", "ar"):
        for url in discovered_pages(client, site, language):
            response = client.get(url)
            path = tmp_path / f"page{len(files):03d}.html"
            path.write_bytes(response.content)
            files[path.name] = url
    run = subprocess.run(
        [
            java,
            "-Xss8m",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *(str(tmp_path / name) for name in files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert messages or run.returncode == 0, run.stderr[-2000:]
    problems = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine', '?')}: {m.get('message')}"
        f" [{(m.get('extract') or '').strip()[:80]}]"
        for m in messages
    ]
    assert problems == [], "\n".join(problems)


# A Latin comma after a number, before Arabic words or a time ("29 يناير 2027, 11:48", "135, منهم"):
# Arabic pages write the Arabic comma (،). A decimal comma ("74,4") and French text are not concerned.
LATIN_COMMA_IN_ARABIC = re.compile(r"[0-9], (?=[\u0600-\u06ff]|[0-9]{2}:[0-9]{2})")


@pytest.mark.django_db
def test_arabic_pages_write_numbers_and_dates_with_the_arabic_comma(client, reference_data):
    from tests.public_pages import seed_demo_site

    site = seed_demo_site(actors=8)
    problems = []
    for url in discovered_pages(client, site, "ar"):
        html = re.sub(r"<(script|style)\b.*?</\1>", "", client.get(url).content.decode(), flags=re.S)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        problems += [
            f"{url}: …{text[max(0, m.start() - 30) : m.end() + 10]}…"
            for m in LATIN_COMMA_IN_ARABIC.finditer(text)
        ]
    assert problems == [], "\n".join(problems)
