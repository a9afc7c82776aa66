"""The keyboard alone (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7): the directory's filters, its map/list switch
(and the map it opens) and the orientation form, tabbed through forwards (Tab) and backwards (Shift+Tab)
in French (left to right) and Arabic (right to left: the layout is mirrored, the order is not).

For each, the focus goes through the controls in document order (the logical order: every control that
takes the focus, a group of radio buttons counting once), leaves the part tested at both ends (nothing
traps it) and always shows a visible indicator: an outline of 2 px at least with a contrast of 3:1 at
least against the page's white, or a box shadow that wide."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.e2e.test_phone_and_csp import new_page

DESKTOP = {"width": 1280, "height": 900}

# What takes the focus with Tab, in the order of the document.
EXPECTED = """([container]) => {
  const root = document.querySelector(container);
  const selector = "a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]";
  const keys = [];
  let lastRadio = null;
  for (const el of root.querySelectorAll(selector)) {
    if (el.disabled || el.tabIndex < 0 || (el.tagName === "INPUT" && el.type === "hidden")) continue;
    if (el.closest("[inert], [hidden]") || el.closest("details:not([open])") && el.tagName !== "SUMMARY") continue;
    if (el.tagName === "SUMMARY" && el.parentElement.tagName !== "DETAILS") continue;
    const style = getComputedStyle(el);
    if (!el.getClientRects().length || style.visibility === "hidden") continue;
    if (!el.id) el.id = "kbd-" + Math.random().toString(36).slice(2);
    // One stop per group of radio buttons.
    if (el.type === "radio") {
      const key = "radio:" + el.form?.id + ":" + el.name;
      if (key === lastRadio) continue;
      lastRadio = key;
      keys.push(key);
    } else {
      lastRadio = null;
      keys.push(el.id);
    }
  }
  return keys;
}"""

# Where the focus is, and how it shows.
FOCUSED = """([container]) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {key: null, inside: false};
  if (!el.id) el.id = "kbd-" + Math.random().toString(36).slice(2);
  const style = getComputedStyle(el);
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  let outline = 0, contrast = 0;
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
    const colour = rgb(style.outlineColor);
    if (colour.length < 4 || colour[3] > 0) {
      outline = parseFloat(style.outlineWidth);
      const l = luminance(colour);
      contrast = (1.05) / (l + 0.05);
    }
  }
  // A box shadow's spread: the fourth length of "rgba(...) 0px 0px 0px 4px".
  let shadow = 0;
  if (style.boxShadow && style.boxShadow !== "none") {
    const lengths = style.boxShadow.replace(/rgba?\\([^)]*\\)/g, "").match(/-?[\\d.]+px/g) || [];
    shadow = lengths.length >= 4 ? parseFloat(lengths[3]) : 0;
  }
  const key = el.type === "radio" ? "radio:" + el.form?.id + ":" + el.name : el.id;
  const label = el.tagName.toLowerCase() + " " + (el.getAttribute("name") || el.getAttribute("href") || el.textContent.trim().slice(0, 30));
  return {key, label, outline, contrast, shadow, inside: !!el.closest(container)};
}"""


def focus_indicator_problem(state):
    if state["outline"] >= 2 and state["contrast"] >= 3:
        return None
    if state["outline"] == 0 and state["shadow"] >= 2:
        return None
    return (
        f"weak focus on {state['label']}: outline {state['outline']}px (contrast {state['contrast']:.1f}), "
        f"shadow {state['shadow']}px"
    )


def walk(page, container, expected, *, backwards=False):
    """From the first control (the last, backwards), press Tab (Shift+Tab) until the focus leaves the
    container: the controls reached and the problems seen."""
    key = "Shift+Tab" if backwards else "Tab"
    start = expected[-1] if backwards else expected[0]
    if start.startswith("radio:"):
        name = start.split(":", 2)[2]
        radios = page.locator(f"{container} input[type=radio][name='{name}']")
        (radios.last if backwards else radios.first).focus()
    else:
        page.locator(f"#{start}").focus()
    reached, problems = [], []
    for _ in range(len(expected) + 3):
        state = page.evaluate(FOCUSED, [container])
        if not state["inside"]:
            break
        if reached and reached[-1] == state["key"]:
            problems.append(f"the focus stays on {state['label']}")
            break
        reached.append(state["key"])
        if problem := focus_indicator_problem(state):
            problems.append(problem)
        page.keyboard.press(key)
    else:
        problems.append(f"the focus does not leave {container} ({'backwards' if backwards else 'forwards'})")
    return reached, problems


def check_tab_order(page, container):
    expected = page.evaluate(EXPECTED, [container])
    assert len(expected) >= 4, expected
    forwards, problems = walk(page, container, expected)
    backwards, problems_back = walk(page, container, expected, backwards=True)
    assert problems + problems_back == []
    assert forwards == expected
    assert backwards == expected[::-1]
    # Out of the container at both ends: to what comes after it, and to what comes before it.
    assert page.evaluate(
        """([container]) => !!(document.querySelector(container).compareDocumentPosition(document.activeElement)
             & Node.DOCUMENT_POSITION_PRECEDING)""",
        [container],
    )
    return expected


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_directory_filters_and_map_switch_by_keyboard(browser, live_server, reference_data, language):
    from tests.actors.factories import ActorFactory

    for name in ("Coopérative Al Amal", "Association Nour"):
        ActorFactory(name_fr=name)
    page = new_page(browser, live_server, viewport=DESKTOP)
    with translation.override(language):
        page.goto(reverse("actors:list"))
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    expected = check_tab_order(page, "#actor-filters")
    assert "id_q" in expected and "id_commune" in expected and "id_order" in expected
    switch = page.locator("#actor-filters .nav-tabs a")
    assert switch.count() == 2
    # The switch, by keyboard: Enter on "Map" opens the map view, where the tabs and the map are reached too.
    switch.nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**view=map**")
    page.wait_for_selector("#actors-map.map-ready, #actors-map.map-failed", state="attached")
    assert page.locator("#actor-filters .nav-tabs a").nth(1).get_attribute("aria-current") == "page"
    expected = check_tab_order(page, "#actor-filters")
    tabs = page.evaluate("Array.from(document.querySelectorAll('#actor-filters .nav-tabs a')).map(a => a.id)")
    assert all(tab in expected for tab in tabs)
    # And back to the list with the keyboard.
    page.locator("#actor-filters .nav-tabs a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("!location.search.includes('view=map')")
    page.context.close()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_orientation_form_by_keyboard(browser, live_server, reference_data, language):
    page = new_page(browser, live_server, viewport=DESKTOP)
    with translation.override(language):
        page.goto(reverse("support:orientation"))
    expected = check_tab_order(page, ".orientation-form")
    page.context.close()
    assert expected[0].startswith("radio:") and "id_consent" in expected and "id_message" in expected
    assert "id_homepage" not in expected  # the honeypot stays out of the way


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_form_sent_back_with_errors_takes_the_focus_to_its_summary(
    browser, live_server, reference_data, language
):
    page = new_page(browser, live_server, viewport=DESKTOP)
    with translation.override(language):
        page.goto(reverse("support:orientation"))
    page.locator(".orientation-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#form-errors")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    # The next Tab reaches the first link of the summary, which leads to the first field in error.
    page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href == "#id_requester_kind_0"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_requester_kind_0"
    page.context.close()
