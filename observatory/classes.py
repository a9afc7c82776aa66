"""Class breaks for choropleth maps: which colour each territory gets, and the legend's ranges.

    classify({"01.511": 1200, "01.573": 80, ...}, n=5, method="jenks") -> Classification

``method`` is "jenks" (natural breaks, the default: the exact Fisher-Jenks optimum, classes that
minimise the spread inside each class, so that a region dominated by one province shows its gaps)
or "quantiles" (about as many territories in each class). Both:

- use fewer classes when there are fewer distinct values (two provinces with the same value always
  share a class; one distinct value gives one class);
- leave out None (and missing) values: those territories get class None, drawn as "no data";
- describe each class by the smallest and largest values it holds (``low``, ``high``), so that the
  legend reads "87 – 410" with numbers that exist, and classes never overlap.

Eight provinces make the exact algorithm instant; it stays fast to a few hundred values (communes).
"""

from dataclasses import dataclass

from .numbers import as_number

# ColorBrewer "YlGnBu" (Cynthia Brewer, Apache 2.0): sequential, colour-blind safe and legible in
# greyscale print; one set per number of classes, light (low) to dark (high).
SEQUENTIAL = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
MAX_CLASSES = 7
# Text on a class's colour: dark on the light half, white on the dark half (4.5:1 at least).
DARK_TEXT = "#1f2328"
LIGHT_TEXT = "#ffffff"


@dataclass(frozen=True)
class ClassRange:
    index: int
    low: float
    high: float
    count: int
    colour: str

    @property
    def text_colour(self) -> str:
        return (
            LIGHT_TEXT
            if self.colour in ("#2c7fb8", "#253494", "#225ea8", "#1d91c0", "#0c2c84")
            else DARK_TEXT
        )


@dataclass(frozen=True)
class Classification:
    classes: tuple[ClassRange, ...]
    class_of: dict  # key -> class index, or None for no data

    def colour_of(self, key) -> str | None:
        index = self.class_of.get(key)
        return None if index is None else self.classes[index].colour


def _jenks(values: list[float], weights: list[int], k: int) -> list[int]:
    """Fisher-Jenks on sorted distinct values with their counts: the index where each class starts."""
    m = len(values)
    s1 = [0.0] * (m + 1)
    s2 = [0.0] * (m + 1)
    w = [0] * (m + 1)
    for i, (v, c) in enumerate(zip(values, weights, strict=True)):
        s1[i + 1] = s1[i] + v * c
        s2[i + 1] = s2[i] + v * v * c
        w[i + 1] = w[i] + c

    def cost(i, j):  # values[i..j] inclusive
        n = w[j + 1] - w[i]
        total = s1[j + 1] - s1[i]
        return (s2[j + 1] - s2[i]) - total * total / n

    inf = float("inf")
    best = [[inf] * m for _ in range(k)]
    start = [[0] * m for _ in range(k)]
    for j in range(m):
        best[0][j] = cost(0, j)
    for c in range(1, k):
        for j in range(c, m):
            for i in range(c, j + 1):
                candidate = best[c - 1][i - 1] + cost(i, j)
                if candidate < best[c][j] - 1e-12:
                    best[c][j] = candidate
                    start[c][j] = i
    starts = []
    j = m - 1
    for c in range(k - 1, 0, -1):
        i = start[c][j]
        starts.append(i)
        j = i - 1
    return [0, *reversed(starts)]


def _quantiles(values: list[float], weights: list[int], k: int) -> list[int]:
    """Quantile classes on sorted distinct values: a value goes where its first occurrence's rank falls."""
    total = sum(weights)
    starts = []
    rank = 0
    previous = -1
    for i, count in enumerate(weights):
        cls = rank * k // total
        if cls != previous:
            starts.append(i)
            previous = cls
        rank += count
    return starts


def classify(values: dict, n: int = 5, method: str = "jenks") -> Classification:
    """Classes of ``values`` (key -> number or None): see the module's docstring."""
    values = {key: as_number(v) for key, v in values.items()}
    known = {key: v for key, v in values.items() if v is not None}
    distinct = sorted(set(known.values()))
    try:
        n = max(1, int(n))
    except (TypeError, ValueError):
        n = 5
    k = min(n, MAX_CLASSES, len(distinct))
    if k == 0:
        return Classification(classes=(), class_of=dict.fromkeys(values))
    counts = dict.fromkeys(distinct, 0)
    for v in known.values():
        counts[v] += 1
    weights = [counts[v] for v in distinct]
    starts = _quantiles(distinct, weights, k) if method == "quantiles" else _jenks(distinct, weights, k)
    k = len(starts)
    palette = SEQUENTIAL[k]
    ends = [*starts[1:], len(distinct)]
    classes = tuple(
        ClassRange(
            index=i,
            low=distinct[a],
            high=distinct[b - 1],
            count=sum(weights[a:b]),
            colour=palette[i],
        )
        for i, (a, b) in enumerate(zip(starts, ends, strict=True))
    )
    index_of_value = {}
    for cls in classes:
        for v in distinct:
            if cls.low <= v <= cls.high:
                index_of_value[v] = cls.index
    class_of = {key: (None if v is None else index_of_value[v]) for key, v in values.items()}
    return Classification(classes=classes, class_of=class_of)
