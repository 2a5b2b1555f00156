"""Byte sizes as catalog options write them (docs/catalog.md, "Sizes"): one grammar for every
size option of the Python package (the store's ``size:``, PickleDataset's ``frame_size``, ...),
the same as the Swift side's ``ByteSize``; both are checked against
``Tests/Vectors/byte-sizes.json``.

- A whole number of bytes: ``1048576`` (an int, or a string of digits).
- A number (with an optional fraction) and a unit, with optional spaces between: binary ``Ki``,
  ``Mi``, ``Gi``, ``Ti`` or ``KiB``, ``MiB``, ``GiB``, ``TiB`` (powers of 1024); decimal
  ``K``/``k``, ``M``, ``G``, ``T`` or ``KB``/``kB``, ``MB``, ``GB``, ``TB`` (powers of 1000);
  ``B`` for bytes. The result must be a whole number of bytes below 2^62.
"""

from __future__ import annotations

EXPECTED = "a size such as 8Gi, 16MiB, 500M or a number of bytes"
LIMIT = 1 << 62

# Longest suffixes first, so that "KiB" is not read as "B".
UNITS = (("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
         ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40),
         ("KB", 1000), ("kB", 1000), ("MB", 10**6), ("GB", 10**9), ("TB", 10**12),
         ("K", 1000), ("k", 1000), ("M", 10**6), ("G", 10**9), ("T", 10**12),
         ("B", 1))


def try_parse_size(value) -> int | None:
    """The bytes `value` names, or None when it is not a size (see the module's grammar)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value) if 0 <= value < LIMIT else None
    if not isinstance(value, str):
        return None
    text = value.strip(" ")
    if not text:
        return None
    number, factor = text, 1
    for suffix, unit in UNITS:
        if text.endswith(suffix):
            number, factor = text[:-len(suffix)].rstrip(" "), unit
            break
    whole, dot, fraction = number.partition(".")
    if not whole or not (whole.isascii() and whole.isdigit()) or (dot and not (fraction.isascii() and fraction.isdigit())):
        return None
    total = int(whole) * factor
    if fraction:
        if len(fraction) > 12:
            return None
        scaled = int(fraction) * factor
        denominator = 10 ** len(fraction)
        if scaled % denominator:
            return None  # not a whole number of bytes
        total += scaled // denominator
    return total if total < LIMIT else None


def parse_size(value, what: str = "size") -> int:
    """The bytes `value` names; raises ValueError naming `what` (the option) otherwise."""
    parsed = try_parse_size(value)
    if parsed is None:
        raise ValueError(f"{what}: expected {EXPECTED}, found {value!r}")
    return parsed


def format_size(count: int) -> str:
    """`count` bytes for people: ``512 B``, ``1.5 KiB``, ``530 MiB``, ``8 GiB`` (powers of 1024,
    one decimal when it is not zero), as the Swift side prints them."""
    names = ("B", "KiB", "MiB", "GiB", "TiB")
    unit, scaled = 0, float(count)
    while scaled >= 1024 and unit < len(names) - 1:
        scaled /= 1024
        unit += 1
    if unit == 0:
        return f"{count} B"
    tenths = int(scaled * 10 + 0.5)  # Swift's rounded(): halves away from zero
    return f"{tenths // 10} {names[unit]}" if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10} {names[unit]}"
