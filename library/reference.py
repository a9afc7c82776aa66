"""Starting themes of the library, which staff then edit in the admin. Idempotent."""

# (slug, French, Arabic, English)
THEMES = [
    ("financement", "Financement", "التمويل", "Funding"),
    ("commercialisation", "Commercialisation et marchés", "التسويق والأسواق", "Marketing and markets"),
    ("cadre-juridique", "Cadre juridique", "الإطار القانوني", "Legal framework"),
    ("gouvernance", "Gouvernance", "الحكامة", "Governance"),
    ("femmes", "Femmes et égalité", "النساء والمساواة", "Women and equality"),
    ("jeunes", "Jeunes et emploi", "الشباب والتشغيل", "Youth and employment"),
    ("formation", "Formation et accompagnement", "التكوين والمواكبة", "Training and support"),
    ("statistiques", "Statistiques et observation", "الإحصاء والرصد", "Statistics and observation"),
    ("territoires", "Développement territorial", "التنمية الترابية", "Territorial development"),
]


def load_themes(Theme) -> None:
    for position, (slug, fr, ar, en) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name_fr": fr, "name_ar": ar, "name_en": en, "position": position * 10}
        )
