"""The store folder (docs/shared-memory.md, "Folder layout"): paths, keys, names, permissions."""

from __future__ import annotations

import os
import stat
import time

from ..errors import StoreError

MAX_NAME = 255


def default_path() -> str:
    """`$DATASETS_SHM_STORE`, else `/dev/shm/datasetsdk-<uid>/default` (as in Swift)."""
    return os.environ.get("DATASETS_SHM_STORE") or f"/dev/shm/datasetsdk-{os.getuid()}/default"


def new_key() -> str:
    """A segment key or token: 32 lowercase hexadecimal digits."""
    return os.urandom(16).hex()


def now() -> float:
    return time.time()


def blob_key(segment: str, offset: int) -> str:
    """A store key: `<segment>@<offset>` (docs/shared-memory.md, "Database")."""
    return f"{segment}@{offset}"


def split_blob_key(key: str) -> tuple[str, int] | None:
    """(segment, offset) of a well-formed store key, else None."""
    segment, at, offset = key.partition("@")
    if (not at or len(segment) != 32 or any(c not in "0123456789abcdef" for c in segment)
            or not offset.isascii() or not offset.isdigit() or (len(offset) > 1 and offset[0] == "0")):
        return None
    return segment, int(offset)


def validate_name(name: str) -> None:
    """The Swift side's name rules: 1-255 UTF-8 bytes, no '/', no '..', no control characters."""
    if not isinstance(name, str):
        raise StoreError(f"invalid object name {name!r}: it must be a string")
    raw = name.encode("utf-8", "surrogatepass")
    if not raw:
        raise StoreError(f"invalid object name '{name}': it is empty")
    if len(raw) > MAX_NAME:
        raise StoreError(f"invalid object name '{name[:40]}...': it is longer than {MAX_NAME} bytes")
    if b".." in raw:
        raise StoreError(f"invalid object name '{name}': '..' is not allowed")
    if b"/" in raw:
        raise StoreError(f"invalid object name '{name}': '/' is not allowed")
    if any(byte < 0x20 or byte == 0x7F for byte in raw):
        raise StoreError(f"invalid object name {name!r}: control characters are not allowed")
    if name == ".":
        raise StoreError(f"invalid object name '{name}': '.' is not allowed")


def prepare_folder(path: str) -> None:
    """Creates `path` (and parents) with mode 0700; an existing folder must be this user's and
    is tightened to 0700."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        parent = os.path.dirname(path.rstrip("/"))
        if parent and parent != path:
            prepare_folder(parent)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError as error:
            raise StoreError(f"shared-memory store {path} cannot be used: cannot create the folder: {error.strerror}") from None
        return
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"shared-memory store {path} cannot be used: it exists and is not a folder")
    if info.st_uid != os.getuid():
        raise StoreError(f"shared-memory store {path} cannot be used: it belongs to user {info.st_uid}, "
                         f"not to this user ({os.getuid()})")
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)


def is_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_tree(path: str) -> int:
    """Removes a file or a folder with its contents; returns how many entries went."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return 0
    if stat.S_ISDIR(info.st_mode):
        removed = sum(remove_tree(f"{path}/{entry}") for entry in os.listdir(path))
        os.rmdir(path)
        return removed + 1
    os.unlink(path)
    return 1


def remove_segment_files(store: str, segments) -> None:
    """Step 5 of a save (and of a drop): unlink the files of segments deleted in the commit."""
    for segment in segments:
        try:
            os.unlink(f"{store}/segments/{segment}")
        except FileNotFoundError:
            pass
