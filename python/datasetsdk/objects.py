"""`StoredObject`: an object's metadata plus views of its blobs (docs/format.md, section 1)."""

from __future__ import annotations

import os
from typing import Callable, Iterator

import numpy as np

from .errors import ObjectError
from .values import fill_value, from_value
from .v1 import object_pb2 as pb

FORMAT_VERSION = 1000  # major * 1000 + minor


def as_blob(data) -> memoryview:
    """A flat, read-only byte view of `data` (bytes, bytearray, memoryview, mmap, numpy array)
    without copying. Non-contiguous numpy arrays are copied once into C order."""
    if isinstance(data, np.ndarray):
        if not data.flags.c_contiguous:
            data = np.ascontiguousarray(data)
        data = data.reshape(-1).view(np.uint8) if data.size else np.empty(0, np.uint8)
    view = memoryview(data)
    if not view.contiguous:
        view = memoryview(bytes(view))
    return view.cast("B") if view.format != "B" or view.ndim != 1 else view


def blob_address(view: memoryview) -> int:
    """The address of a blob's first byte (to recognise a blob stored twice)."""
    if view.nbytes == 0:
        return 0
    return np.frombuffer(view, dtype=np.uint8).__array_interface__["data"][0]


class StoredObject:
    """One object: a type name, fields, member objects, blobs and labels.

    Blobs are read-only ``memoryview`` objects; when the object was read from a container or
    the store they are views of the mapped file (nothing copied), and they keep the mapping
    alive. ``numpy.frombuffer(obj.blobs["data"], ...)`` views them without copying either.
    """

    __slots__ = ("type_name", "fields", "members", "blobs", "labels", "id", "format_version")

    def __init__(self, type_name: str, fields=None, members=None, blobs=None, labels=None,
                 id: bytes = b"", format_version: int = 0):  # noqa: A002 - the metadata's name
        self.type_name = type_name
        self.fields: dict = dict(fields or {})
        self.members: dict[str, StoredObject] = dict(members or {})
        self.blobs: dict[str, memoryview] = {name: as_blob(data) for name, data in (blobs or {}).items()}
        self.labels: dict[str, str] = dict(labels or {})
        self.id = id
        self.format_version = format_version

    def __repr__(self) -> str:
        return (f"StoredObject({self.type_name!r}, fields={sorted(self.fields)}, members={sorted(self.members)}, "
                f"blobs={sorted(self.blobs)}, total_bytes={self.total_bytes})")

    @property
    def total_bytes(self) -> int:
        """Bytes of every blob reference of this object and its members (a blob referenced twice
        counts twice)."""
        return sum(view.nbytes for _, view in self.iter_blobs())

    def iter_blobs(self, path: tuple = ()) -> Iterator[tuple[tuple, memoryview]]:
        """Every blob with its path (member names then blob name), depth-first in sorted name
        order: the object's own blobs, then each member's."""
        for name in sorted(self.blobs):
            yield path + (name,), self.blobs[name]
        for name in sorted(self.members):
            yield from self.members[name].iter_blobs(path + (name,))

    # ------------------------------------------------------------------------------------------
    # protobuf

    def to_meta(self, reference: Callable[[tuple, memoryview, pb.BlobRef], None], top: bool = True,
                path: tuple = (), object_id: bytes | None = None) -> pb.ObjectMeta:
        """The `ObjectMeta` of this object; `reference(path, view, ref)` fills each `BlobRef`'s
        location and checksum (its size is set already). `object_id` replaces the object's id
        (a store save gives every object a new one). One walk: `total_bytes` is summed on the way."""
        meta = pb.ObjectMeta()
        self._fill_meta(meta, reference, top, path, object_id)
        return meta

    def _fill_meta(self, meta: pb.ObjectMeta, reference, top: bool, path: tuple, object_id) -> int:
        meta.type_name = self.type_name
        if top:
            meta.format_version = FORMAT_VERSION
            identifier = object_id if object_id is not None else self.id
            meta.id = identifier if len(identifier) == 16 else os.urandom(16)
        where = "/".join(path) or "object"
        for name, value in self.fields.items():
            fill_value(meta.fields[name], value, f"{where}: field '{name}'")
        total = 0
        for name, member in self.members.items():
            total += member._fill_meta(meta.members[name], reference, False, path + (name,), None)
        for name, view in self.blobs.items():
            ref = meta.blobs[name]
            ref.size = view.nbytes
            total += view.nbytes
            reference(path + (name,), view, ref)
        for name, label in self.labels.items():
            meta.labels[name] = label
        meta.total_bytes = total
        return total

    @classmethod
    def from_meta(cls, meta: pb.ObjectMeta, resolve: Callable[[tuple, pb.BlobRef], memoryview],
                  path: tuple = ()) -> "StoredObject":
        """The object described by `meta`; `resolve(path, ref)` returns each blob's view."""
        obj = cls(meta.type_name, id=meta.id, format_version=meta.format_version)
        obj.fields = {name: from_value(value) for name, value in meta.fields.items()}
        obj.members = {name: cls.from_meta(member, resolve, path + (name,)) for name, member in meta.members.items()}
        obj.blobs = {name: resolve(path + (name,), ref) for name, ref in meta.blobs.items()}
        obj.labels = dict(meta.labels)
        return obj

    # ------------------------------------------------------------------------------------------
    # typed accessors used by the built-in types

    def field(self, name: str):
        if name not in self.fields:
            raise ObjectError(f"{self.type_name}: field '{name}' is missing")
        return self.fields[name]

    def int_field(self, name: str) -> int:
        value = self.field(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ObjectError(f"{self.type_name}: field '{name}' must be a non-negative int, found {value!r}")
        return int(value)

    def blob(self, name: str) -> memoryview:
        if name not in self.blobs:
            raise ObjectError(f"{self.type_name}: blob '{name}' is missing")
        return self.blobs[name]

    def member(self, name: str) -> "StoredObject":
        if name not in self.members:
            raise ObjectError(f"{self.type_name}: member '{name}' is missing")
        return self.members[name]
