"""The errors of the datasetsdk package: each names the file, store, object or column at fault."""


class DatasetSDKError(Exception):
    """Base class of every error raised by datasetsdk."""


class FormatError(DatasetSDKError):
    """A container (`.dso`) failed one of the checks of docs/format.md, section 2."""


class CompressionError(DatasetSDKError):
    """A compressed container (`.dso.zst`) is not a valid zstd stream, or zstandard is missing."""


class ObjectError(DatasetSDKError):
    """An object's fields or blobs do not follow the rules of its type (docs/format.md, section 3),
    or a Python value cannot be stored."""


class StoreError(DatasetSDKError):
    """The shared-memory store cannot be opened or used, or the requested object is missing."""


class ObjectNotFoundError(StoreError, LookupError):
    """No object is bound to the name in the store."""
