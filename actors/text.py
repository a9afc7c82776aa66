"""Text as the search compares it: lower case, no accents, Arabic letter variants unified.

The same function prepares the stored search columns and the visitor's query, so "Coopérative" and
"cooperative", or "جمعيّة" and "جمعيه", meet on the same form.
"""

import re
import unicodedata

# Alef with hamza or madda decompose (NFKD) into a bare alef plus a combining mark, which is then
# dropped with the other marks (harakat, shadda, sukun); these letters have no decomposition.
_ARABIC_LETTERS = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None, "ٱ": "ا"})
_SPACES = re.compile(r"\s+")


def normalize(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_ARABIC_LETTERS).casefold()).strip()
