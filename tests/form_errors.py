"""Checks that a form sent back with errors announces them (WCAG 2.2: 1.3.1, 3.3.1, 4.1.2), on the HTML as
served: a summary at the top (a heading, focusable, role alert) that links to each field in error, each
field in error aria-invalid and described by its message, and nothing else marked invalid.

Parsed with the standard library's html.parser (no extra dependency)."""

from html.parser import HTMLParser

from django.utils import translation
from django.utils.translation import gettext

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs) in document order
        self.ids = {}  # id -> number of elements
        self.text_by_id = {}
        self._open = []  # [(tag, [ids whose text is being collected])]
        self.summaries = []  # {"attrs", "links", "heading", "text"}
        self._summary_depth = None
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids[attrs["id"]] = self.ids.get(attrs["id"], 0) + 1
            self.text_by_id.setdefault(attrs["id"], "")
        if "data-error-summary" in attrs:
            self.summaries.append({"attrs": attrs, "links": [], "heading": "", "text": ""})
            self._summary_depth = 0
        elif self._summary_depth is not None:
            if tag == "a" and attrs.get("href", "").startswith("#"):
                self.summaries[-1]["links"].append(attrs["href"][1:])
            if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                self._in_heading = True
        if tag in VOID:
            return
        if self._summary_depth is not None:
            self._summary_depth += 1
        self._open.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._in_heading = False
        while self._open:
            open_tag, _id = self._open.pop()
            if self._summary_depth is not None:
                self._summary_depth -= 1
                if self._summary_depth == 0:
                    self._summary_depth = None
            if open_tag == tag:
                break

    def handle_data(self, data):
        for _tag, id_ in self._open:
            if id_:
                self.text_by_id[id_] += data
        if self._summary_depth is not None and self.summaries:
            self.summaries[-1]["text"] += data
            if self._in_heading:
                self.summaries[-1]["heading"] += data


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def assert_errors_announced(html: str, *, language: str, fields: set[str], messages=()) -> dict:
    """``fields``: the names (the controls' name attribute) of the fields expected in error, no more no
    less; ``messages``: texts the summary must show (errors that concern no one field). Returns the
    summary."""
    page = parse(html)
    duplicates = {id_ for id_, count in page.ids.items() if count > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"

    assert len(page.summaries) == 1, f"{len(page.summaries)} error summaries"
    summary = page.summaries[0]
    assert summary["attrs"].get("role") == "alert"
    assert summary["attrs"].get("tabindex") == "-1"
    positions = [i for i, (_tag, attrs) in enumerate(page.elements) if attrs.get("aria-invalid") == "true"]
    summary_position = next(
        i for i, (_tag, attrs) in enumerate(page.elements) if "data-error-summary" in attrs
    )
    assert not positions or summary_position < positions[0], "the summary comes before the fields"
    with translation.override(language):
        heading = gettext("Please correct the highlighted fields.")
    if language != "en":
        assert heading != "Please correct the highlighted fields.", f"no {language} translation"
    assert summary["heading"].strip() == heading
    for message in messages:
        assert message in summary["text"], message

    by_id = {attrs["id"]: (tag, attrs) for tag, attrs in page.elements if "id" in attrs}
    linked_names = set()
    for target in summary["links"]:
        assert target in by_id, f"the summary links to #{target}, which is not on the page"
        tag, attrs = by_id[target]
        assert tag in {"input", "select", "textarea"}, f"#{target} is a {tag}, not a control"
        assert attrs.get("aria-invalid") == "true", f"#{target} is linked but not aria-invalid"
        linked_names.add(attrs["name"])

    invalid = [(tag, attrs) for tag, attrs in page.elements if attrs.get("aria-invalid") == "true"]
    invalid_names = {attrs.get("name") for _tag, attrs in invalid}
    assert invalid_names == linked_names == set(fields), (invalid_names, linked_names, fields)
    for _tag, attrs in invalid:
        described = attrs.get("aria-describedby", "").split()
        assert described, f"{attrs.get('id')} is invalid and described by nothing"
        for id_ in described:
            assert id_ in page.ids, f"{attrs.get('id')} is described by #{id_}, which is not on the page"
        errors = [id_ for id_ in described if id_.endswith("_error")]
        assert errors and page.text_by_id[errors[0]].strip(), f"{attrs.get('id')}: no error message"
    # Help texts keep their ids on every control that has one.
    for _tag, attrs in page.elements:
        for id_ in attrs.get("aria-describedby", "").split():
            assert id_ in page.ids, f"{attrs.get('id')} is described by #{id_}, which is not on the page"
    return summary
