from django.utils.text import slugify


def unique_slug(instance, text: str, *, max_length: int, fallback: str) -> str:
    """A slug made from ``text`` that no other row of the instance's model has (``-2``, ``-3``... added)."""
    base = slugify(text)[: max_length - 8].strip("-") or fallback
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, n = base, 1
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
