from search import text
from search.documents import Document


def document(title, **fields):
    return Document(kind=fields.pop("kind", "item"), ref=fields.pop("ref", 1), url="/x/", title=title, **fields)


def tokens_of(doc, lexicon):
    found = text.document_tokens(doc, lexicon)
    return set(found.title.split()) | set(found.body.split())


def matches(query, doc, lexicon):
    """What both backends do with the compiled clauses: every clause has an alternative all of
    whose tokens the document holds."""
    held = tokens_of(doc, lexicon)
    compiled = text.compile_query(query, lexicon)
    return bool(compiled.clauses) and all(
        any(set(alternative) <= held for alternative in clause.alternatives) for clause in compiled.clauses
    )
