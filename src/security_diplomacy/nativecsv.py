"""Split a large CSV file with Arrow's parser, when its bytes prove the csv module reads it alike.

The csv module (strict) stays the definition of how a data file reads: :mod:`.csvfile`. Arrow's
parser is about ten times faster, but more lenient (it reads a blank line as a row of empty
cells, text after a closing quote as part of the cell, skips a byte order mark), so its cells
are used only with a proof that the csv module would return the very same cells.

The proof is a round trip. The cells Arrow returns are written back in the formatter's
canonical form (:func:`.formatter.render`: a cell quoted only when it holds the delimiter, the
quote, a line break, or is the empty cell of a one-field record; quotes doubled). If that text
is the file, byte for byte, then the file *is* the canonical rendering of those cells, and the
csv module reads a canonical rendering back cell for cell, in a dialect whose delimiter, quote
and line ends all differ (the formatter's lossless guarantee; tests/test_nativecsv.py holds
both halves of the argument with random files). Any other file (one that is not canonical, or
that Arrow reads wrongly) fails the comparison and is read by the csv module, which also
reports what is wrong with it. ``make validate`` requires canonical files, so in practice
every large file takes this path.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

# Smaller files are read by the csv module alone: below this, importing pyarrow (about 0.3 s)
# costs more than it saves, and the real package stays quick to validate. Once a large file has
# brought pyarrow in, Arrow reads any file of MIN_BYTES_IMPORTED or more faster.
MIN_BYTES = 4 << 20
MIN_BYTES_IMPORTED = 64 << 10
_BLOCK = 1 << 20  # bytes parsed at a time (Arrow's default): about 8,000 citations


class Coded(NamedTuple):
    """A column of few distinct cells: each distinct text once, and which one each row holds.

    So the loader types each distinct text once and keeps one object per value, as it does for
    the repeating columns that the csv module reads (see :class:`.casts.Columns`).
    """

    values: list[str]
    codes: list[int]

    def expand(self, typed: Sequence[Any]) -> list[Any]:
        """The column's cells, given its distinct values typed (in the order of ``values``)."""
        return list(map(typed.__getitem__, self.codes))


Column = list[str] | Coded


def repeats(distinct: int, sample: int) -> bool:
    """Whether a column whose first ``sample`` cells hold ``distinct`` texts is worth sharing.

    At most half of them distinct: each value is then kept once, not once a row. The one rule
    for both readers (:func:`_column` here, :class:`.casts.Columns` for the csv module's).
    """
    return distinct * 2 <= sample


class Split(NamedTuple):
    """One batch of a file's records: the file's header, and the batch's cells by field."""

    header: tuple[str, ...]
    columns: list[Column]
    records: int  # records in the batch


class NotProven(Exception):
    """Arrow's cells are not shown to be the csv module's: read the file with the csv module.

    Raised before the first batch or after any of them; the batches taken so far are void.
    """


def split(data: bytes, options: Mapping[str, Any], cell_limit: int, sample: int) -> Iterator[Split]:
    """The file's records, a batch at a time, as the csv module would read them.

    ``options`` are the csv module's dialect arguments (delimiter, quotechar, doublequote). A
    file with a cell longer than ``cell_limit`` is left to the csv path, which reports it. A
    column of a batch whose first ``sample`` cells hold at most half as many distinct texts is
    :class:`Coded`. The last batch is followed by the proof that the batches cover the file.
    """
    delimiter, quote = str(options["delimiter"]), str(options["quotechar"])
    if len(data) < _threshold() or not options.get("doublequote", True):
        raise NotProven("small, or a dialect without doubled quotes")
    if not (delimiter + quote).isascii():
        raise NotProven("the quoting test reads single bytes")
    if len({delimiter, quote, "\r", "\n"}) < 4:
        # Where they collide, the csv module does not read a canonical rendering back as it was
        # written (a delimiter that is also the quote, say), so the round trip would prove nothing.
        raise NotProven("the delimiter, the quote and the line ends are not all different")
    import pyarrow as pa

    whole = pa.py_buffer(data)
    header: tuple[str, ...] | None = None
    position = 0  # where the next batch's records must start in the file
    # Arrow types a column that it is not told is text. The first line's delimiters name every
    # column of a file whose header holds no line break; a column typed otherwise is refused.
    width = data[: data.find(b"\n")].count(delimiter.encode()) + 1
    for batch in _batches(whole, width, delimiter, quote):
        try:
            if not _all_text(batch) or _too_long(batch, cell_limit):
                raise NotProven("a cell that is not text, or too long")
            position = _rendered_at(batch, whole, position, delimiter, quote)
            if header is None:
                header = tuple(column[0].as_py() for column in batch.columns)
                batch = batch.slice(1)
            columns = [_column(column, sample) for column in batch.columns]
        except (pa.ArrowException, ValueError, OverflowError) as error:
            # Whatever Arrow cannot do with a batch, the csv module does with the whole file.
            raise NotProven(f"Arrow failed on a batch: {error}") from error
        yield Split(header, columns, batch.num_rows)
    if header is None or position != whole.size:
        raise NotProven("the batches do not cover the file")


def _threshold() -> int:
    return min(MIN_BYTES, MIN_BYTES_IMPORTED) if _arrow_loaded() else MIN_BYTES


def _arrow_loaded() -> bool:
    return "pyarrow.csv" in sys.modules


def _column(column: pa.Array, sample: int) -> Column:
    """The column as a list, or :class:`Coded` when its first ``sample`` cells repeat."""
    if len(column) < sample or not repeats(len(column.slice(0, sample).unique()), sample):
        return column.to_pylist()  # identifiers, quotes: every cell its own
    encoded = column.dictionary_encode()
    return Coded(encoded.dictionary.to_pylist(), encoded.indices.to_pylist())


def _batches(data: pa.Buffer, width: int, delimiter: str, quote: str) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    # The header as the first row: the names are cells to prove like any other. One block at a
    # time, in this thread: the loader takes each batch as it comes.
    try:
        reader = pcsv.open_csv(
            pa.BufferReader(data),
            read_options=pcsv.ReadOptions(
                autogenerate_column_names=True, block_size=_BLOCK, use_threads=False
            ),
            parse_options=pcsv.ParseOptions(
                delimiter=delimiter,
                quote_char=quote,
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
        yield from reader
    except (pa.ArrowException, ValueError, OverflowError) as error:
        raise NotProven(f"Arrow cannot read it: {error}") from error


def _all_text(batch: pa.RecordBatch) -> bool:
    import pyarrow as pa

    return batch.num_rows > 0 and all(pa.types.is_string(t) for t in batch.schema.types)


def _too_long(batch: pa.RecordBatch, limit: int) -> bool:
    """Whether a cell has more than ``limit`` characters (the csv module's limit counts them).

    A cell has no more characters than bytes, so the characters are counted only in a column
    whose longest cell has more than ``limit`` bytes.
    """
    import pyarrow.compute as pc

    return any(
        _lengths(column).max(initial=0) > limit
        and (pc.max(pc.utf8_length(column)).as_py() or 0) > limit
        for column in batch.columns
    )


def _rendered_at(
    batch: pa.RecordBatch, data: pa.Buffer, position: int, delimiter: str, quote: str
) -> int:
    """Where the batch ends in ``data``, if its canonical rendering stands at ``position``."""
    import pyarrow.compute as pc

    alone = batch.num_columns == 1
    cells = [_canonical(column, delimiter, quote, alone) for column in batch.columns]
    lines = pc.binary_join_element_wise(*cells, delimiter) if len(cells) > 1 else cells[0]
    lines = pc.binary_join_element_wise(lines, "", "\n")  # each record and its line end
    bounds = _offsets(lines)
    start, size = int(bounds[0]), int(bounds[-1] - bounds[0])
    rendered = lines.buffers()[2].slice(start, size)
    if position + size > data.size or not rendered.equals(data.slice(position, size)):
        raise NotProven("the file is not the canonical rendering of Arrow's cells")
    return position + size


def _canonical(column: pa.Array, delimiter: str, quote: str, alone: bool) -> pa.Array:
    """Each cell as :func:`.formatter.render` writes it (the test suite holds them equal)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    special = _special(column, (delimiter + quote + "\r\n").encode())
    if alone:
        special |= _lengths(column) == 0
    if not special.any():
        return column  # the usual column: no cell needs quotes
    doubled = pc.replace_substring(column, quote, quote + quote)
    quoted = pc.binary_join_element_wise(quote, doubled, quote, "")
    return pc.if_else(pa.array(special), quoted, column)


def _special(column: pa.Array, characters: bytes) -> np.ndarray:
    """Which cells hold one of the (ASCII) ``characters``.

    A byte search per character tells, at memory speed, whether the column holds it at all
    (most columns hold none); only the bytes that are one of them are then put in their cells.
    """
    import numpy as np

    offsets = _offsets(column)
    text = np.frombuffer(column.buffers()[2] or b"", dtype=np.uint8)[offsets[0] : offsets[-1]]
    raw = text.tobytes()
    special = np.zeros(len(column), dtype=bool)
    starts = offsets[:-1] - offsets[0]
    for character in characters:
        if bytes((character,)) in raw:
            at = np.flatnonzero(text == character)
            special[np.searchsorted(starts, at, side="right") - 1] = True
    return special


def _lengths(column: pa.Array) -> np.ndarray:
    offsets = _offsets(column)
    return offsets[1:] - offsets[:-1]


def _offsets(column: pa.Array) -> np.ndarray:
    """The start of each cell's bytes and the end of the last (len(column) + 1 numbers)."""
    import numpy as np

    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)
    return offsets[column.offset : column.offset + len(column) + 1]
