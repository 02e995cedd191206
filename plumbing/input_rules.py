"""Rules for any input, whichever noun it is about: text a database can store, structure a reader can walk, whole
numbers a column can hold."""

import re

# --- Any input: text a database can store, structure a reader can walk -------------------------------------------

# Every JSON body either API takes is a few levels deep (a job → its questions → one question's options).
INPUT_MAX_DEPTH = 32
UNREADABLE_TEXT_MESSAGE = "Must be valid text: an unpaired surrogate (\\ud800–\\udfff) cannot be stored."
# Decoded JSON joins a valid pair into one character, so any surrogate code point left in a str is unpaired; no
# UTF-8 encoder, PostgreSQL or the response encoder takes one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_unpaired_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def replace_unpaired_surrogates(text: str) -> str:
    """For output only: a string stored before the rule existed still renders, its bad characters as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


# Where in decoded JSON something sits: the keys and indexes from the top.
JSONPath = tuple[str | int, ...]


def input_problem(value: object, *, max_depth: int = INPUT_MAX_DEPTH) -> tuple[str, JSONPath] | None:
    """The first thing in decoded JSON no rule further on should meet: ("depth", path) for a container nested
    deeper than max_depth, ("text", path) for a string or key holding an unpaired surrogate. None when clean.

    The path lists the keys and indexes from the top (a bad key names the object holding it). Walked with an
    explicit stack, so no input depth can exhaust the interpreter's recursion.
    """
    stack: list[tuple[object, JSONPath, int]] = [(value, (), 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            if has_unpaired_surrogate(item):
                return "text", path
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth >= max_depth:
            return "depth", path
        if isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if isinstance(key, str) and has_unpaired_surrogate(key):
                    return "text", path
                stack.append((child, (*path, key), depth + 1))
        else:
            stack.extend((child, (*path, i), depth + 1) for i, child in reversed(list(enumerate(item))))
    return None


# --- Whole numbers a column can hold ----------------------------------------------------------------------------------

# The largest value of a bigint column (every primary key but a location's) and of an integer column (a location's
# GeoNames id, durations, vacancies). Past these, SQLite raises OverflowError and PostgreSQL an out-of-range error.
BIGINT_MAX = 2**63 - 1
INTEGER_MAX = 2**31 - 1
# Long enough for any bigint with its sign; a longer string of digits is out of range without reading it.
_INT_TEXT_MAX = 20
_ASCII_INT = re.compile(r"-?[0-9]+")


def parse_ascii_int(text: object) -> int | None:
    """A whole number written in ASCII digits (an optional leading minus), or None.

    str.isdigit() passes "²" (which int() refuses) and int() reads "١٢" as 12: neither is a number a client means,
    so both are refused like any other non-number, as is a string too long for any column.
    """
    if not isinstance(text, str) or len(text) > _INT_TEXT_MAX or not _ASCII_INT.fullmatch(text):
        return None
    return int(text)
