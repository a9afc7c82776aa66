"""Demo support organisations and their services across the provinces, marked DÉMO; idempotent."""

from actors.models import Actor
from mess_portal.models import Commune, LegalFamily, Province
from support.models import (
    AccessMode,
    Need,
    OrientationRequest,
    ProjectStage,
    Public,
    SupportKind,
    SupportService,
)

DEMO_SOURCE = "DÉMO : données fictives"

# (slug, French name, Arabic name, legal family, commune code, description)
ORGANISATIONS = [
    (
        "demo-centre-accompagnement-tanger",
        "DÉMO · Centre d'accompagnement des coopératives de Tanger",
        "تجريبي · مركز مواكبة التعاونيات بطنجة",
        "association",
        "01.511.01.0",
        "Association de démonstration qui accueille les porteurs de projet et les coopératives de la préfecture.",
    ),
    (
        "demo-fonds-solidaire-tetouan",
        "DÉMO · Fonds solidaire de Tétouan",
        "تجريبي · الصندوق التضامني بتطوان",
        "fondation",
        "01.571.01.11",
        "Fondation de démonstration qui finance les jeunes structures de l'ESS.",
    ),
    (
        "demo-reseau-femmes-chefchaouen",
        "DÉMO · Réseau des femmes entrepreneures de Chefchaouen",
        "تجريبي · شبكة النساء المقاولات بشفشاون",
        "union-federation",
        "01.151.01.01",
        "Réseau de démonstration qui forme et accompagne les coopératives féminines.",
    ),
    (
        "demo-maison-numerique-larache",
        "DÉMO · Maison du numérique solidaire de Larache",
        "تجريبي · دار الرقمنة التضامنية بالعرائش",
        "association",
        "01.331.01.03",
        "Association de démonstration : ateliers numériques pour les coopératives et associations.",
    ),
    (
        "demo-cabinet-juridique-al-hoceima",
        "DÉMO · Permanence juridique d'Al Hoceïma",
        "تجريبي · المداومة القانونية بالحسيمة",
        "association",
        "01.051.01.01",
        "Association de démonstration : aide aux démarches juridiques et administratives.",
    ),
]

# (slug, French name, Arabic name, provider slug, kinds, needs, stages, publics, cost, region_wide,
#  provinces, access modes)
SERVICES = [
    (
        "demo-permanence-creation-cooperative",
        "Permanence création de coopérative",
        "مداومة تأسيس التعاونيات",
        "demo-centre-accompagnement-tanger",
        ["information", "accompagnement"],
        ["creer-structure", "juridique-administratif"],
        ["idee", "creation"],
        [],
        "gratuit",
        False,
        ["01.511", "01.573"],
        ["se-presenter", "telephoner"],
    ),
    (
        "demo-formation-gestion-cooperative",
        "Formation à la gestion d'une coopérative",
        "تكوين في تدبير التعاونية",
        "demo-centre-accompagnement-tanger",
        ["formation"],
        ["gestion-gouvernance"],
        ["demarrage", "developpement"],
        ["cooperatives"],
        "gratuit",
        True,
        [],
        ["envoyer-un-courriel"],
    ),
    (
        "demo-pret-honneur-jeunes",
        "Prêt d'honneur pour jeunes porteurs de projet",
        "قرض شرف للشباب حاملي المشاريع",
        "demo-fonds-solidaire-tetouan",
        ["financement"],
        ["financement"],
        ["creation", "demarrage"],
        ["jeunes"],
        "gratuit",
        True,
        [],
        ["formulaire-en-ligne", "telephoner"],
    ),
    (
        "demo-subvention-equipement",
        "Aide à l'équipement des coopératives",
        "دعم تجهيز التعاونيات",
        "demo-fonds-solidaire-tetouan",
        ["aide-financiere", "aide-materielle"],
        ["financement", "commercialisation"],
        ["developpement"],
        ["cooperatives"],
        "gratuit",
        False,
        ["01.571", "01.573", "01.151"],
        ["envoyer-un-courriel"],
    ),
    (
        "demo-coaching-cooperatives-feminines",
        "Coaching des coopératives féminines",
        "مواكبة التعاونيات النسائية",
        "demo-reseau-femmes-chefchaouen",
        ["accompagnement"],
        ["commercialisation", "labels-certification"],
        ["demarrage", "developpement"],
        ["femmes"],
        "gratuit",
        False,
        ["01.151", "01.405"],
        ["se-presenter"],
    ),
    (
        "demo-atelier-vente-en-ligne",
        "Atelier vendre en ligne",
        "ورشة البيع عبر الإنترنت",
        "demo-maison-numerique-larache",
        ["atelier"],
        ["numerique", "commercialisation"],
        [],
        [],
        "payant",
        True,
        [],
        ["se-presenter", "formulaire-en-ligne"],
    ),
    (
        "demo-diagnostic-export",
        "Diagnostic export des produits du terroir",
        "تشخيص تصدير منتجات المجال",
        "demo-maison-numerique-larache",
        ["accompagnement"],
        ["export", "labels-certification"],
        ["developpement"],
        ["cooperatives"],
        "payant",
        True,
        [],
        ["envoyer-un-courriel"],
    ),
    (
        "demo-aide-statuts-association",
        "Aide à la rédaction des statuts",
        "المساعدة في صياغة القانون الأساسي",
        "demo-cabinet-juridique-al-hoceima",
        ["information", "accompagnement"],
        ["juridique-administratif", "creer-structure"],
        ["idee", "creation"],
        ["associations", "porteurs-de-projet"],
        "gratuit",
        False,
        ["01.051", "01.227"],
        ["se-presenter", "telephoner"],
    ),
    (
        "demo-information-porteurs-projet",
        "Réunion d'information des porteurs de projet",
        "لقاء إخباري لحاملي المشاريع",
        "demo-centre-accompagnement-tanger",
        ["information"],
        ["definir-projet"],
        ["idee"],
        ["porteurs-de-projet"],
        "gratuit",
        True,
        [],
        ["se-presenter"],
    ),
    (
        "demo-reseau-entrepreneurs-ess",
        "Rencontres mensuelles des entrepreneurs de l'ESS",
        "لقاءات شهرية لمقاولي الاقتصاد التضامني",
        "demo-reseau-femmes-chefchaouen",
        ["atelier"],
        ["reseau"],
        [],
        [],
        "gratuit",
        True,
        [],
        ["se-presenter"],
    ),
]


def clear() -> None:
    OrientationRequest.suggested_services.through.objects.filter(supportservice__is_demo=True).delete()
    SupportService.objects.filter(is_demo=True).delete()


def seed(*, stdout=None, **options) -> None:
    clear()
    families = {f.slug: f for f in LegalFamily.objects.all()}
    communes = {c.code: c for c in Commune.objects.filter(code__in=[o[4] for o in ORGANISATIONS])}
    if len(communes) < len(ORGANISATIONS):
        return  # territories not loaded (a flushed test database): nothing sensible to create
    providers = {}
    for slug, name_fr, name_ar, family, commune_code, description in ORGANISATIONS:
        providers[slug], _ = Actor.objects.update_or_create(
            slug=slug,
            defaults={
                "name_fr": name_fr,
                "name_ar": name_ar,
                "legal_family": families[family],
                "commune": communes[commune_code],
                "description_fr": description,
                "phone": "+212 5 39 00 00 00",
                "email": f"{slug}@demo.example.org",
                "status": Actor.Status.PUBLISHED,
                "source": DEMO_SOURCE,
                "is_demo": True,
            },
        )
    lists = {
        "kinds": {o.slug: o for o in SupportKind.objects.all()},
        "needs": {o.slug: o for o in Need.objects.all()},
        "stages": {o.slug: o for o in ProjectStage.objects.all()},
        "publics": {o.slug: o for o in Public.objects.all()},
        "access_modes": {o.slug: o for o in AccessMode.objects.all()},
    }
    provinces = {p.code: p for p in Province.objects.all()}
    for (
        slug,
        name_fr,
        name_ar,
        provider,
        kinds,
        needs,
        stages,
        publics,
        cost,
        region_wide,
        province_codes,
        modes,
    ) in SERVICES:
        service = SupportService.objects.create(
            slug=slug,
            name_fr=name_fr,
            name_ar=name_ar,
            provider=providers[provider],
            cost=cost,
            region_wide=region_wide,
            is_demo=True,
            description_fr=f"Service de démonstration proposé par {providers[provider].name_fr}. "
            + name_fr
            + ".",
            description_ar=f"خدمة تجريبية. {name_ar}.",
            cost_details_fr="Participation symbolique" if cost == "payant" else "",
        )
        service.kinds.set([lists["kinds"][s] for s in kinds if s in lists["kinds"]])
        service.needs.set([lists["needs"][s] for s in needs if s in lists["needs"]])
        service.stages.set([lists["stages"][s] for s in stages if s in lists["stages"]])
        service.publics.set([lists["publics"][s] for s in publics if s in lists["publics"]])
        service.access_modes.set([lists["access_modes"][s] for s in modes if s in lists["access_modes"]])
        service.eligible_provinces.set([provinces[c] for c in province_codes])
    if stdout:
        stdout.write(
            f"Support: {len(ORGANISATIONS)} organisations and {len(SERVICES)} services (marked DÉMO)."
        )
