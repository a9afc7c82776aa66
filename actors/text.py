"""Kept for the imports that name it: the normalisation lives in mess_portal.search, shared by the
directory, the support catalogue and the library."""

from mess_portal.search import normalize

__all__ = ["normalize"]
