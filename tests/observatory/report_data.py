import datetime

from observatory.figures import Figure, ProvinceMap, Source
from observatory.report import KeyFigure, ReportData

CODES = ["01.051", "01.151", "01.227", "01.331", "01.405", "01.511", "01.571", "01.573"]
NAMES = {
    "fr": dict(
        zip(
            CODES,
            [
                "Al Hoceima",
                "Chefchaouen",
                "Fahs-Anjra",
                "Larache",
                "Ouezzane",
                "Tanger-Assilah",
                "Tétouan",
                "M'diq-Fnideq",
            ],
            strict=True,
        )
    ),
    "ar": dict(
        zip(
            CODES,
            ["الحسيمة", "شفشاون", "الفحص-أنجرة", "العرائش", "وزان", "طنجة-أصيلة", "تطوان", "المضيق-الفنيدق"],
            strict=True,
        )
    ),
}


def sample_data(language="fr"):
    names = NAMES[language]
    src = Source(
        name="Annuaire de la MESS (structures publiées)"
        if language == "fr"
        else "دليل دار الاقتصاد الاجتماعي والتضامني",
        licence="CC BY 4.0",
        date=datetime.date(2026, 11, 30),
    )
    hcp = Source(
        name="HCP, RGPH 2024",
        licence="CC BY 4.0",
        date=datetime.date(2026, 5, 1),
        note="pour 10 000 habitants" if language == "fr" else "لكل 10000 نسمة",
    )
    provinces = tuple(names[c] for c in CODES)
    fr = language == "fr"
    return ReportData(
        key_figures=[
            KeyFigure("Structures publiées" if fr else "الهيئات المنشورة", 1234, source=src),
            KeyFigure("Adhérents" if fr else "المنخرطون", 45678, source=src),
            KeyFigure(
                "Part des femmes parmi les adhérents" if fr else "نسبة النساء من المنخرطين",
                38.4,
                unit="%",
                decimals=1,
                source=src,
            ),
            KeyFigure("Jeunes adhérents" if fr else "المنخرطون الشباب", 5120, source=src),
            KeyFigure("Salariés" if fr else "الأجراء", None, source=src),
        ],
        figures=[
            Figure(
                key="by-province",
                title="Structures par province" if fr else "الهيئات حسب الإقليم",
                categories=provinces,
                series=(("Structures" if fr else "الهيئات", (120, 340, 45, 210, 98, 402, 0, None)),),
                unit="structures",
                source=src,
            ),
            Figure(
                key="women-men",
                title="Adhérents : femmes et hommes" if fr else "المنخرطون: نساء ورجال",
                categories=provinces[:5],
                series=(
                    ("Femmes" if fr else "نساء", (300, 1200, 80, 700, 250)),
                    ("Hommes" if fr else "رجال", (500, 900, 120, 1500, 400)),
                ),
                kind="stacked",
                source=src,
            ),
            Figure(
                key="by-family",
                title="Structures par famille juridique" if fr else "الهيئات حسب الشكل القانوني",
                categories=("Coopérative", "Association", "Mutuelle")
                if fr
                else ("تعاونية", "جمعية", "تعاضدية"),
                series=(("2024", (800, 400, 12)), ("2025", (900, 420, 15))),
                source=src,
            ),
            Figure(
                key="creations",
                title="Créations par an et stock cumulé" if fr else "الإحداثات السنوية والرصيد المتراكم",
                categories=tuple(str(y) for y in range(2006, 2026)),
                series=(
                    ("Créations" if fr else "الإحداثات", tuple(float(20 + (y * 7) % 50) for y in range(20))),
                    ("Stock" if fr else "الرصيد", tuple(float(100 + y * 55) for y in range(20))),
                ),
                kind="line",
                source=src,
            ),
        ],
        maps=[
            ProvinceMap(
                key="structures",
                title="Structures publiées par province" if fr else "الهيئات المنشورة حسب الإقليم",
                values=dict(zip(CODES, [120, 340, 45, 210, 98, 402, 0, None], strict=True)),
                names=names,
                unit="structures" if fr else "هيئة",
                source=src,
            ),
            ProvinceMap(
                key="structures-pc",
                title="Structures pour 10 000 habitants" if fr else "الهيئات لكل 10000 نسمة",
                values=dict(zip(CODES, [2.1, 5.4, 3.3, 3.9, 3.3, 2.0, 0.0, None], strict=True)),
                names=names,
                decimals=1,
                source=hcp,
            ),
        ],
        generated_at=datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC),
    )
