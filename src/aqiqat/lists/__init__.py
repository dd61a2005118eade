"""Reading lists in any layout and encoding through a mapping. No Django here.

Used by import (services), linkage file mode and estimation alike.
"""

from aqiqat.lists.encoding import SUPPORTED_ENCODINGS, detect_encoding
from aqiqat.lists.errors import ListError, ListProblem, RowProblem
from aqiqat.lists.mapping import CANONICAL_COLUMNS, ListSpec, read_mapping, suggest_columns
from aqiqat.lists.pfif import PFIF_COLUMNS
from aqiqat.lists.readers import FORMATS, Table, guess_format, open_table
from aqiqat.lists.rows import ListReading, ListRow, read_list

__all__ = [
    "CANONICAL_COLUMNS",
    "FORMATS",
    "PFIF_COLUMNS",
    "SUPPORTED_ENCODINGS",
    "ListError",
    "ListProblem",
    "ListReading",
    "ListRow",
    "ListSpec",
    "RowProblem",
    "Table",
    "detect_encoding",
    "guess_format",
    "open_table",
    "read_list",
    "read_mapping",
    "suggest_columns",
]
