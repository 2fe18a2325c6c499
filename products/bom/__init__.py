"""Bills of materials: read an uploaded or pasted list, find its columns, answer line by line.

reading: files and pasted text into a small table of strings, within limits;
layout: the header row and the part and quantity columns, judged by their values;
staging: the table kept briefly in the cache between the steps of the page;
answer: every original line beside the candidates of its part, and its download.
"""

from .answer import (
    CANDIDATES_PER_LINE,
    Candidate,
    Line,
    answer,
    candidate_of,
    download_header,
    download_rows,
    summary,
)
from .layout import (
    PREVIEW_ROWS,
    Column,
    ColumnWarning,
    Layout,
    check_part_column,
    column_count,
    column_labels,
    column_letters,
    columns,
    guess_layout,
    header_names,
)
from .reading import (
    MAX_BYTES,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    BomError,
    read_bytes,
    read_text,
    read_upload,
)
from .staging import STAGE_MAX_CHARS, STAGE_SECONDS, stage, stage_size, staged

__all__ = [
    "CANDIDATES_PER_LINE", "MAX_BYTES", "MAX_CELL", "MAX_COLUMNS", "MAX_ROWS", "PREVIEW_ROWS",
    "STAGE_MAX_CHARS", "STAGE_SECONDS", "stage_size",
    "BomError", "Candidate", "Column", "ColumnWarning", "Layout", "Line", "answer",
    "candidate_of", "check_part_column", "column_count", "column_labels", "column_letters",
    "columns", "download_header", "download_rows", "guess_layout", "header_names",
    "read_bytes", "read_text", "read_upload", "stage", "staged", "summary",
]
