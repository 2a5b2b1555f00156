"""The shared-memory store (docs/shared-memory.md): :class:`SharedMemoryStore` and its parts
(``layout``: folder, keys, names; ``database``: the protocol's steps over store.sqlite;
``segments``: mapping, planning and writing segment files)."""

from .database import StoreDatabase
from .layout import default_path, validate_name
from .segments import Segment
from .store import SharedMemoryStore

__all__ = ["Segment", "SharedMemoryStore", "StoreDatabase", "default_path", "validate_name"]
