"""What a change to search's own data touches (core/changes.py): the synonym table changes how
every query is understood ("synonyms": the lexicon, search.lexicon.current, is built again).
The index rows themselves touch nothing: they follow the other apps' changes, and announcing
them would only call the indexing listener back."""
from .models import SynonymGroup


def topics_of(obj):
    if isinstance(obj, SynonymGroup):
        return {"synonyms"}
    return set()
