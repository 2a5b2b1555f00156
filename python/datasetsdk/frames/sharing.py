"""What makes loaded frames ordinary pandas frames that save cheaply.

- **Copy-on-write**: loaded columns view read-only memory (the mapped file or store segment,
  or a read-only array built once). pandas writes in place into a column that nothing else
  references, which would raise "assignment destination is read-only"; :func:`protect` adds a
  reference to every block of a loaded frame, so that pandas' copy-on-write copies the column
  first, as it does for any view. The copy is an ordinary writable array.
- **Structural sharing**: :data:`LOADED` remembers, for each column array a load built (numpy,
  masked, or Arrow-backed for the dtypes of :mod:`.arrow_dtypes`), the stored column it came
  from. Saving a frame whose column is still that array (read-only or immutable Arrow, so
  unchanged) stores the same member again: the store references its blobs, it rebuilds nothing.
"""

from __future__ import annotations

import weakref

import numpy as np

from ..objects import StoredObject

_KEEPER = []  # one block, alive for the process: the extra reference of every loaded block


def protect(frame) -> None:
    """Makes pandas copy a column of `frame` before writing to it (see the module)."""
    try:
        if not _KEEPER:
            import pandas as pd
            _KEEPER.append(pd.DataFrame({"keeper": [0]})._mgr.blocks[0])
        for block in frame._mgr.blocks:
            block.refs.add_reference(_KEEPER[0])
    except AttributeError:  # a pandas without copy-on-write references: nothing to do
        pass


def signature(values):
    """What identifies a column's array: its memory (address, length, element type); None for
    arrays this module does not track."""
    if isinstance(values, np.ndarray):
        if values.ndim != 1 or (len(values) > 1 and values.strides[0] != values.itemsize):
            return None
        return ("ndarray", values.__array_interface__["data"][0], len(values), values.dtype.str)
    mask = getattr(values, "_mask", None)
    data = getattr(values, "_data", None)
    if isinstance(mask, np.ndarray) and isinstance(data, np.ndarray):
        return ("masked", mask.__array_interface__["data"][0], data.__array_interface__["data"][0], len(values),
                data.dtype.str)
    chunks = getattr(getattr(values, "_pa_array", None), "chunks", None)  # pandas' ArrowExtensionArray
    if chunks is not None and len(chunks) == 1:
        chunk = chunks[0]
        return ("arrow", str(chunk.type), chunk.offset, len(chunk),
                tuple(0 if buffer is None else buffer.address for buffer in chunk.buffers()))
    return None


class _Loaded:
    def __init__(self):
        self._entries: dict = {}

    def remember(self, values, member: StoredObject, memory=None) -> None:
        """`values` (a column array viewing or built from `member`) came from `member`, as long
        as the memory `values` lives in does: the object at the end of its `.base` chain (for a
        view of stored bytes, numpy's own memoryview, which `member` does not reference, so
        remembering never keeps a mapping alive). `memory` is the numpy array an Arrow-backed
        `values` views (its data buffer), whose chain is followed instead."""
        key = signature(values)
        if key is None:
            return
        holder = memory if memory is not None else getattr(values, "_mask", values)
        while isinstance(holder, np.ndarray) and holder.base is not None:
            holder = holder.base
        entries = self._entries

        def forget(_, key=key):
            entry = entries.get(key)
            if entry is not None and entry[0]() is None:
                del entries[key]

        entries[key] = (weakref.ref(holder, forget), member)

    def recall(self, values) -> StoredObject | None:
        """A copy of the stored column `values` still is, or None."""
        key = signature(values)
        entry = self._entries.get(key) if key is not None else None
        if entry is None or entry[0]() is None:
            return None
        member = entry[1]
        return StoredObject(member.type_name, member.fields, member.members, member.blobs, member.labels)


LOADED = _Loaded()
