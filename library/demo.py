"""Demo content of the library, marked DÉMO: an Atlas and a Panorama generated as PDFs (French, with an
Arabic page), a few studies and guides, and a newsletter issue. Idempotent: documents are keyed by slug and left alone once there.
"""

import random

from django.utils import timezone

from library import services
from library.models import Document, NewsletterIssue, Theme
from library.pdf import inspect_pdf
from mess_portal.models import Province, Sector
from mess_portal.pdf import build_pdf

GREEN = (0.12, 0.44, 0.31)
SAND = (0.72, 0.53, 0.25)

DOCUMENTS = [
    {
        "slug": "demo-atlas-ess-2025",
        "kind": Document.Kind.ATLAS,
        "year": 2025,
        "title_fr": "DÉMO · Atlas de l'économie sociale et solidaire de la région Tanger-Tétouan-Al Hoceïma",
        "title_ar": "نموذج · أطلس الاقتصاد الاجتماعي والتضامني لجهة طنجة تطوان الحسيمة",
        "summary_fr": "Document de démonstration : la cartographie des coopératives, associations et mutuelles "
        "de la région, province par province.",
        "summary_ar": "وثيقة تجريبية: خريطة التعاونيات والجمعيات والتعاضديات بالجهة حسب الأقاليم.",
        "themes": ["statistiques", "territoires"],
        "band": GREEN,
        "pages": 12,
    },
    {
        "slug": "demo-panorama-ess-2025",
        "kind": Document.Kind.PANORAMA,
        "year": 2025,
        "title_fr": "DÉMO · Panorama régional de l'économie sociale et solidaire",
        "title_ar": "نموذج · البانوراما الجهوية للاقتصاد الاجتماعي والتضامني",
        "summary_fr": "Document de démonstration : les chiffres clés du secteur par filière, forme juridique et genre.",
        "summary_ar": "وثيقة تجريبية: الأرقام الرئيسية للقطاع حسب الشعب والأشكال القانونية والنوع.",
        "themes": ["statistiques", "femmes", "jeunes"],
        "band": SAND,
        "pages": 8,
    },
    {
        "slug": "demo-guide-creer-cooperative",
        "kind": Document.Kind.GUIDE,
        "year": 2024,
        "title_fr": "DÉMO · Guide pratique : créer sa coopérative",
        "summary_fr": "Document de démonstration : les étapes, de l'idée à l'immatriculation auprès de l'ODCO.",
        "themes": ["cadre-juridique", "formation"],
        "band": GREEN,
        "pages": 4,
    },
    {
        "slug": "demo-etude-commercialisation-terroir",
        "kind": Document.Kind.STUDY,
        "year": 2023,
        "title_fr": "DÉMO · Étude : la commercialisation des produits du terroir",
        "summary_fr": "Document de démonstration : circuits courts, salons et vente en ligne des coopératives.",
        "themes": ["commercialisation"],
        "band": SAND,
        "pages": 5,
    },
    {
        "slug": "demo-loi-112-12-cooperatives",
        "kind": Document.Kind.LEGAL_TEXT,
        "year": 2014,
        "title_fr": "DÉMO · Loi n° 112-12 relative aux coopératives (extrait commenté)",
        "summary_fr": "Document de démonstration : un extrait commenté, pas le texte officiel.",
        "themes": ["cadre-juridique", "gouvernance"],
        "band": GREEN,
        "pages": 3,
    },
]

PARAGRAPH_WORDS = [
    "coopérative",
    "association",
    "mutuelle",
    "filière",
    "province",
    "commune",
    "adhérents",
    "femmes",
    "jeunes",
    "formation",
    "accompagnement",
    "financement",
    "marché",
    "produits",
    "terroir",
    "artisanat",
    "agriculture",
    "pêche",
    "tourisme",
    "argan",
    "plantes",
    "aromatiques",
    "emploi",
    "revenu",
    "gouvernance",
    "partenariat",
    "territoire",
    "observatoire",
    "indicateur",
]


def _pages(spec, rng, provinces):
    title = spec["title_fr"].replace("DÉMO · ", "")
    pages = [
        [
            "# " + title,
            "",
            "DOCUMENT DE DÉMONSTRATION",
            "Maison de l'Économie Sociale et Solidaire",
            "ORESS Tanger-Tétouan-Al Hoceïma",
            str(spec["year"]),
        ]
    ]
    for number in range(2, spec["pages"] + 1):
        province = provinces[number % len(provinces)] if provinces else "la région"
        lines = [f"# {number - 1}. {province}", "Contenu de démonstration, chiffres fictifs."]
        for _ in range(6):
            lines.append(" ".join(rng.choice(PARAGRAPH_WORDS) for _ in range(60)).capitalize() + ".")
        pages.append(lines)
    if spec.get("title_ar"):
        # A real Arabic page (shaped, right to left), so the library's search finds Arabic words in it.
        pages.insert(
            1,
            [
                "# " + spec["title_ar"].replace("نموذج · ", ""),
                "وثيقة تجريبية",
                "دار الاقتصاد الاجتماعي والتضامني",
                "المرصد الجهوي للاقتصاد الاجتماعي والتضامني لجهة طنجة تطوان الحسيمة",
                spec["summary_ar"],
                "محتوى تجريبي، أرقام غير حقيقية.",
            ],
        )
    return pages


def seed(*, stdout=None, seed=2026, **options) -> None:
    rng = random.Random(seed)
    provinces = list(Province.objects.order_by("code"))
    sectors = list(Sector.objects.order_by("position")[:3])
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = 0
    for spec in DOCUMENTS:
        if Document.objects.filter(slug=spec["slug"]).exists():
            continue
        data = build_pdf(
            _pages(spec, rng, [p.name_fr for p in provinces]), title=spec["title_fr"], band=spec["band"]
        )
        document = Document(
            slug=spec["slug"],
            kind=spec["kind"],
            year=spec["year"],
            title_fr=spec["title_fr"],
            title_ar=spec.get("title_ar", ""),
            summary_fr=spec["summary_fr"],
            summary_ar=spec.get("summary_ar", ""),
            language=Document.Language.BILINGUAL if spec.get("title_ar") else Document.Language.FRENCH,
            authors="ORESS Tanger-Tétouan-Al Hoceïma (démo)",
            status=Document.Status.PUBLISHED,
        )
        services.document_save(document=document, pdf=inspect_pdf(data))
        document.themes.set([themes[slug] for slug in spec["themes"] if slug in themes])
        document.provinces.set(provinces[:4] if spec["kind"] == Document.Kind.ATLAS else provinces[:2])
        document.sectors.set(sectors)
        created += 1
    now = timezone.now()
    NewsletterIssue.objects.get_or_create(
        number=1,
        defaults={
            "subject_fr": "DÉMO · La lettre de la MESS n° 1",
            "subject_ar": "نموذج · النشرة الإخبارية لدار الاقتصاد الاجتماعي والتضامني رقم 1",
            "body_fr": "Ceci est un numéro de démonstration.\n\nL'Atlas et le Panorama 2025 sont disponibles "
            "dans la bibliothèque numérique.",
            "body_ar": "هذا عدد تجريبي.\n\nالأطلس والبانوراما 2025 متوفران في المكتبة الرقمية.",
            # Shown in the archive as if sent; the demo sends no e-mail.
            "status": NewsletterIssue.Status.SENT,
            "tested_at": now,
            "started_at": now,
            "sent_at": now,
        },
    )
    if stdout:
        stdout.write(f"Library: {created} demo documents created ({len(DOCUMENTS)} in all).")
