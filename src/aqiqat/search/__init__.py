"""Person search across scripts: an in-memory index of records, ranked. No Django here.

    index = SearchIndex()
    index.add([Entry("r1", "Тоқаев", "Нұрлан", "Ерланұлы", "M", 1995, 1995, "almaty")])
    hits = index.search(Query.read("Tokayev Nurlan", born="1995"))

The index holds what ranking needs (name parts as written, sex, birth years, place) and
nothing sensitive; callers turn record ids back into what a user may see.
"""

from aqiqat.search.index import Entry, Hit, SearchIndex
from aqiqat.search.query import MAX_QUERY_LENGTH, Query, QueryError

__all__ = ["MAX_QUERY_LENGTH", "Entry", "Hit", "Query", "QueryError", "SearchIndex"]
