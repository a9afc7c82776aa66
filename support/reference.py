"""Starting values of the catalogue's reference lists, with their data·inclusion codes.

Loaded by a data migration; staff then rename, reorder or add entries in the admin. Functions take
the model classes so the migration can pass its historical models.
"""

# (slug, French, Arabic, English, data·inclusion code)
KINDS = [
    ("information", "Information", "الإخبار", "Information", "information"),
    ("accompagnement", "Accompagnement", "المواكبة", "Coaching and support", "accompagnement"),
    ("formation", "Formation", "التكوين", "Training", "formation"),
    ("atelier", "Atelier", "ورشة", "Workshop", "atelier"),
    ("aide-financiere", "Aide financière", "دعم مالي", "Financial aid", "aide-financiere"),
    (
        "financement",
        "Financement (crédit, prêt d'honneur)",
        "تمويل (قرض، قرض شرف)",
        "Financing (loan, honour loan)",
        "financement",
    ),
    ("aide-materielle", "Aide matérielle", "دعم مادي", "Material aid", "aide-materielle"),
]

NEEDS = [
    (
        "definir-projet",
        "Définir son projet",
        "تحديد المشروع",
        "Define a project",
        "creation-activite--definir-son-projet-de-creation-dentreprise",
    ),
    (
        "creer-structure",
        "Créer une coopérative ou une association",
        "تأسيس تعاونية أو جمعية",
        "Create a cooperative or an association",
        "creation-activite--structurer-son-projet-de-creation-dentreprise",
    ),
    (
        "financement",
        "Financer son projet",
        "تمويل المشروع",
        "Finance a project",
        "creation-activite--financer-son-projet",
    ),
    (
        "juridique-administratif",
        "Démarches juridiques et administratives",
        "الإجراءات القانونية والإدارية",
        "Legal and administrative matters",
        "acces-aux-droits-et-citoyennete--accompagnement-juridique",
    ),
    (
        "gestion-gouvernance",
        "Gestion et gouvernance",
        "التدبير والحكامة",
        "Management and governance",
        "creation-activite--developper-son-entreprise",
    ),
    (
        "commercialisation",
        "Commercialisation et vente",
        "التسويق والبيع",
        "Marketing and sales",
        "creation-activite--developper-son-entreprise",
    ),
    ("labels-certification", "Labels et certification", "العلامات والإشهاد", "Labels and certification", ""),
    ("numerique", "Numérique", "الرقمنة", "Digital", "numerique--creer-et-developper-mon-entreprise"),
    ("export", "Export", "التصدير", "Export", "souvrir-a-linternational"),
    (
        "reseau",
        "Se mettre en réseau",
        "الانخراط في الشبكات",
        "Networking",
        "creation-activite--reseautage-pour-createurs-dentreprise",
    ),
]

STAGES = [
    ("idee", "Idée", "فكرة", "Idea", ""),
    ("creation", "Création", "التأسيس", "Creation", ""),
    ("demarrage", "Démarrage", "الانطلاق", "Start-up", ""),
    ("developpement", "Développement", "التطوير", "Development", ""),
]

PUBLICS = [
    ("femmes", "Femmes", "النساء", "Women", "femmes"),
    ("jeunes", "Jeunes", "الشباب", "Young people", "jeunes"),
    ("cooperatives", "Coopératives", "التعاونيات", "Cooperatives", ""),
    ("associations", "Associations", "الجمعيات", "Associations", ""),
    ("porteurs-de-projet", "Porteurs de projet", "حاملو المشاريع", "Project holders", ""),
]

ACCESS_MODES = [
    ("se-presenter", "Se présenter sur place", "الحضور إلى المقر", "Visit in person", "se-presenter"),
    ("telephoner", "Téléphoner", "الاتصال هاتفياً", "Phone", "telephoner"),
    (
        "envoyer-un-courriel",
        "Envoyer un courriel",
        "إرسال بريد إلكتروني",
        "Send an e-mail",
        "envoyer-un-courriel",
    ),
    (
        "formulaire-en-ligne",
        "Formulaire en ligne",
        "استمارة على الإنترنت",
        "Online form",
        "utiliser-lien-mobilisation",
    ),
]


def load_reference_lists(SupportKind, Need, ProjectStage, Public, AccessMode) -> None:
    for model, rows in (
        (SupportKind, KINDS),
        (Need, NEEDS),
        (ProjectStage, STAGES),
        (Public, PUBLICS),
        (AccessMode, ACCESS_MODES),
    ):
        for position, (slug, fr, ar, en, code) in enumerate(rows, start=1):
            model.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_fr": fr,
                    "name_ar": ar,
                    "name_en": en,
                    "position": position * 10,
                    "datainclusion_code": code,
                },
            )


def load_all() -> None:
    from support.models import AccessMode, Need, ProjectStage, Public, SupportKind

    load_reference_lists(SupportKind, Need, ProjectStage, Public, AccessMode)
