"""Starting values of the catalogue's reference lists, and how each exports to data·inclusion.

Loaded by data migrations; staff then rename, reorder or add entries in the admin, and edit the
data·inclusion mapping (``DataInclusionMapping``) there too. Functions take the model classes so the
migrations can pass their historical models.
"""

# (slug, French, Arabic, English)
KINDS = [
    ("information", "Information", "الإخبار", "Information"),
    ("accompagnement", "Accompagnement", "المواكبة", "Coaching and support"),
    ("formation", "Formation", "التكوين", "Training"),
    ("atelier", "Atelier", "ورشة", "Workshop"),
    ("aide-financiere", "Aide financière", "دعم مالي", "Financial aid"),
    (
        "financement",
        "Financement (crédit, prêt d'honneur)",
        "تمويل (قرض، قرض شرف)",
        "Financing (loan, honour loan)",
    ),
    ("aide-materielle", "Aide matérielle", "دعم مادي", "Material aid"),
]

NEEDS = [
    ("definir-projet", "Définir son projet", "تحديد المشروع", "Define a project"),
    (
        "creer-structure",
        "Créer une coopérative ou une association",
        "تأسيس تعاونية أو جمعية",
        "Create a cooperative or an association",
    ),
    ("financement", "Financer son projet", "تمويل المشروع", "Finance a project"),
    (
        "juridique-administratif",
        "Démarches juridiques et administratives",
        "الإجراءات القانونية والإدارية",
        "Legal and administrative matters",
    ),
    ("gestion-gouvernance", "Gestion et gouvernance", "التدبير والحكامة", "Management and governance"),
    ("commercialisation", "Commercialisation et vente", "التسويق والبيع", "Marketing and sales"),
    ("labels-certification", "Labels et certification", "العلامات والإشهاد", "Labels and certification"),
    ("numerique", "Numérique", "الرقمنة", "Digital"),
    ("export", "Export", "التصدير", "Export"),
    ("reseau", "Se mettre en réseau", "الانخراط في الشبكات", "Networking"),
]

STAGES = [
    ("idee", "Idée", "فكرة", "Idea"),
    ("creation", "Création", "التأسيس", "Creation"),
    ("demarrage", "Démarrage", "الانطلاق", "Start-up"),
    ("developpement", "Développement", "التطوير", "Development"),
]

PUBLICS = [
    ("femmes", "Femmes", "النساء", "Women"),
    ("jeunes", "Jeunes", "الشباب", "Young people"),
    ("cooperatives", "Coopératives", "التعاونيات", "Cooperatives"),
    ("associations", "Associations", "الجمعيات", "Associations"),
    ("porteurs-de-projet", "Porteurs de projet", "حاملو المشاريع", "Project holders"),
]

ACCESS_MODES = [
    ("se-presenter", "Se présenter sur place", "الحضور إلى المقر", "Visit in person"),
    ("telephoner", "Téléphoner", "الاتصال هاتفياً", "Phone"),
    ("envoyer-un-courriel", "Envoyer un courriel", "إرسال بريد إلكتروني", "Send an e-mail"),
    ("formulaire-en-ligne", "Formulaire en ligne", "استمارة على الإنترنت", "Online form"),
]

# How each local value exports to the official vocabularies of data·inclusion (data-inclusion-schema
# 1.0.10): (kind, local value, official values). A local value may map to several official ones.
# The reasons (docs/datainclusion.md): our needs are those of ESS structures and project holders, so most
# fall under "créer une entreprise"; our publics are persons or organisations, the latter exported as
# "actifs" (people working on their own account or in a structure); a project holder can be anyone,
# hence "tous-publics".
DATAINCLUSION_MAPPING = [
    ("type", "information", ["information"]),
    ("type", "accompagnement", ["accompagnement"]),
    ("type", "formation", ["formation"]),
    ("type", "atelier", ["atelier"]),
    ("type", "aide-financiere", ["aide-financiere"]),
    ("type", "financement", ["aide-financiere"]),
    ("type", "aide-materielle", ["aide-materielle"]),
    ("thematique", "definir-projet", ["creer-une-entreprise--definir-son-projet-de-creation-dentreprise"]),
    (
        "thematique",
        "creer-structure",
        ["creer-une-entreprise--structurer-son-projet-de-creation-dentreprise"],
    ),
    (
        "thematique",
        "financement",
        [
            "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",
            "creer-une-entreprise--developper-son-entreprise",
        ],
    ),
    (
        "thematique",
        "juridique-administratif",
        ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    ),
    ("thematique", "gestion-gouvernance", ["creer-une-entreprise--developper-son-entreprise"]),
    ("thematique", "commercialisation", ["creer-une-entreprise--developper-son-entreprise"]),
    ("thematique", "labels-certification", ["creer-une-entreprise--developper-son-entreprise"]),
    (
        "thematique",
        "numerique",
        [
            "creer-une-entreprise--developper-son-entreprise",
            "numerique--maitriser-les-fondamentaux-du-numerique",
        ],
    ),
    ("thematique", "export", ["creer-une-entreprise--developper-son-entreprise"]),
    ("thematique", "reseau", ["creer-une-entreprise--developper-son-entreprise"]),
    ("frais", "gratuit", ["gratuit"]),
    ("frais", "payant", ["payant"]),
    ("public", "femmes", ["femmes"]),
    ("public", "jeunes", ["jeunes"]),
    ("public", "cooperatives", ["actifs"]),
    ("public", "associations", ["actifs"]),
    ("public", "porteurs-de-projet", ["tous-publics"]),
    ("mode_accueil", "se-presenter", ["en-presentiel"]),
    ("mode_accueil", "telephoner", ["a-distance"]),
    ("mode_accueil", "envoyer-un-courriel", ["a-distance"]),
    ("mode_accueil", "formulaire-en-ligne", ["a-distance"]),
    ("mode_mobilisation", "se-presenter", ["se-presenter"]),
    ("mode_mobilisation", "telephoner", ["telephoner"]),
    ("mode_mobilisation", "envoyer-un-courriel", ["envoyer-un-courriel"]),
    ("mode_mobilisation", "formulaire-en-ligne", ["utiliser-lien-mobilisation"]),
]


def load_reference_lists(SupportKind, Need, ProjectStage, Public, AccessMode) -> None:
    for model, rows in (
        (SupportKind, KINDS),
        (Need, NEEDS),
        (ProjectStage, STAGES),
        (Public, PUBLICS),
        (AccessMode, ACCESS_MODES),
    ):
        for position, (slug, fr, ar, en) in enumerate(rows, start=1):
            model.objects.get_or_create(
                slug=slug,
                defaults={"name_fr": fr, "name_ar": ar, "name_en": en, "position": position * 10},
            )


def load_datainclusion_mapping(DataInclusionMapping) -> None:
    for kind, local_value, official_values in DATAINCLUSION_MAPPING:
        for official_value in official_values:
            DataInclusionMapping.objects.get_or_create(
                kind=kind, local_value=local_value, official_value=official_value
            )


def load_all() -> None:
    from support.models import AccessMode, DataInclusionMapping, Need, ProjectStage, Public, SupportKind

    load_reference_lists(SupportKind, Need, ProjectStage, Public, AccessMode)
    load_datainclusion_mapping(DataInclusionMapping)
