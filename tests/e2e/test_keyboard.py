"""The keyboard alone: tabbing through the directory's filters, its map/list switch and the orientation
form reaches every control in document order (the logical order, in French as in Arabic: the layout is
mirrored, the order is not), and the focused control always shows a visible focus indicator."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.e2e.test_phone_and_csp import new_page


def tab_through(page, container, presses):
    """Tab from the first control of ``container``; the controls reached inside it, and the problems."""
    page.locator(f"{container} :is(input:not([type=hidden]), select, textarea, button, a[href])").filter(
        visible=True
    ).first.focus()
    reached, problems, previous = [], [], None
    for _ in range(presses):
        state = page.evaluate(
            """([previous, container]) => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const style = getComputedStyle(el);
              const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
                (style.boxShadow && style.boxShadow !== "none");
              if (!el.id) el.id = "kbd-" + Math.random().toString(36).slice(2);
              const before = previous && document.getElementById(previous);
              const after = !before || !!(before.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
              const label = el.getAttribute("name") || el.getAttribute("href") || el.textContent.trim().slice(0, 30);
              return {id: el.id, label: el.tagName.toLowerCase() + " " + label, visible, after,
                      inside: !!el.closest(container)};
            }""",
            [previous, container],
        )
        if state is None or not state["inside"]:
            break
        reached.append(state["label"])
        if not state["visible"]:
            problems.append(f"no visible focus on {state['label']}")
        if not state["after"]:
            problems.append(f"focus went back to {state['label']}")
        previous = state["id"]
        page.keyboard.press("Tab")
    return reached, problems


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_directory_filters_and_map_switch_by_keyboard(browser, live_server, reference_data, language):
    page = new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    with translation.override(language):
        page.goto(reverse("actors:list"))
    reached, problems = tab_through(page, "#actor-filters", 40)
    page.context.close()
    assert problems == []
    assert any(label.startswith("select ") or label.startswith("input ") for label in reached)
    assert any("view=map" in label for label in reached), reached


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_orientation_form_by_keyboard(browser, live_server, reference_data, language):
    page = new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    with translation.override(language):
        page.goto(reverse("support:orientation"))
    reached, problems = tab_through(page, ".orientation-form", 40)
    page.context.close()
    assert problems == []
    assert any(label.startswith("button") for label in reached), reached
    assert len(reached) >= 4, reached
