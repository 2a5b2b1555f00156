"""The built-in types of docs/format.md, section 3, as Python values.

| type name                | Python value                                               |
|--------------------------|------------------------------------------------------------|
| `datasetsdk.Tensor`      | ``numpy.ndarray`` (a read-only view of the blob)            |
| `datasetsdk.StringArray` | :class:`StringArray` (views of the offsets and bytes blobs) |
| `datasetsdk.DataFrame`   | ``pandas.DataFrame`` (see :mod:`datasetsdk.frames`)         |
| `datasetsdk.Series`      | ``pandas.Series`` (see :mod:`datasetsdk.frames.series`)     |
| `datasetsdk.TimestampArray`, `DurationArray`, `DateArray`, `DecimalArray`, `DictionaryArray` | the classes of :mod:`datasetsdk.arrays` (views of the blobs) |
| `datasetsdk.Record`      | ``dict``                                                    |
| `datasetsdk.Bytes`       | ``memoryview`` (read-only view; ``bytes(v)`` copies)        |
| `datasetsdk.Codable`     | ``dict`` of fields and members (arrays as ``numpy.ndarray``) |
| anything else            | the :class:`StoredObject` itself                            |
"""

from __future__ import annotations

import numpy as np

from .errors import ObjectError
from .objects import StoredObject, as_blob

TENSOR, STRING_ARRAY, DATA_FRAME = "datasetsdk.Tensor", "datasetsdk.StringArray", "datasetsdk.DataFrame"
SERIES = "datasetsdk.Series"
RECORD, BYTES, CODABLE = "datasetsdk.Record", "datasetsdk.Bytes", "datasetsdk.Codable"

DTYPES = {name: np.dtype(name).newbyteorder("<") for name in
          ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64")}


def dtype_name(dtype: np.dtype, where: str) -> str:
    """The format's name of a numpy dtype (numpy's own names), or an error naming `where`."""
    dtype = np.dtype(dtype)
    if dtype.kind in "biuf" and dtype.name in DTYPES:
        return dtype.name
    raise ObjectError(f"{where}: dtype {dtype} cannot be stored; DatasetSDK stores {', '.join(DTYPES)}")


# ---------------------------------------------------------------------------------------------
# Tensor


def tensor_to_numpy(obj: StoredObject, trusted: bool = False) -> np.ndarray:
    """The tensor's elements as a read-only array viewing the `data` blob (no copy)."""
    name = obj.field("dtype")
    if name not in DTYPES:
        raise ObjectError(f"{obj.type_name}: field 'dtype' must be one of {', '.join(DTYPES)}, found {name!r}")
    shape = obj.field("shape")
    if not isinstance(shape, list) or any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in shape):
        raise ObjectError(f"{obj.type_name}: field 'shape' must be a list of non-negative ints, found {shape!r}")
    dtype = DTYPES[name]
    data = obj.blob("data")
    count = int(np.prod(shape, dtype=object)) if shape else 1
    if data.nbytes != count * dtype.itemsize:
        raise ObjectError(f"{obj.type_name}: shape {shape} of {name} needs {count * dtype.itemsize} bytes, "
                          f"blob 'data' has {data.nbytes}")
    if name == "bool" and not trusted and data.nbytes and np.frombuffer(data, np.uint8).max() > 1:
        raise ObjectError(f"{obj.type_name}: a bool element is neither 0 nor 1")
    array = np.frombuffer(data, dtype=dtype, count=count).reshape(shape)
    return array.astype(array.dtype.newbyteorder("=")) if not array.dtype.isnative else array


def numpy_to_tensor(array: np.ndarray, where: str = "array") -> StoredObject:
    """A tensor object viewing `array`'s bytes (copied only when not C-contiguous or not
    little-endian)."""
    name = dtype_name(array.dtype, where)
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    return StoredObject(TENSOR, fields={"dtype": name, "shape": [int(n) for n in array.shape]},
                        blobs={"data": as_blob(array)})


# ---------------------------------------------------------------------------------------------
# StringArray


class StringArray:
    """UTF-8 strings in Arrow's large-string layout: ``offsets`` (n + 1 int64) into ``data``
    (bytes), optionally with a validity mask (``valid``, numpy bool array; None: no nulls).

    Views of the stored blobs: building one from a loaded object copies nothing; strings are
    decoded when accessed (``arr[i]``, ``to_list()``, ``to_numpy()``).
    """

    __slots__ = ("offsets", "data", "valid")

    def __init__(self, offsets: np.ndarray, data, valid: np.ndarray | None = None):
        self.offsets = offsets
        self.data = memoryview(data).cast("B") if not isinstance(data, memoryview) or data.format != "B" else data
        self.valid = valid

    @classmethod
    def from_strings(cls, strings) -> "StringArray":
        """A string array holding `strings` (None entries become nulls, stored as "")."""
        values = list(strings)
        valid = np.fromiter((s is not None for s in values), dtype=bool, count=len(values))
        encoded = []
        for index, value in enumerate(values):
            if value is None:
                encoded.append(b"")
            elif isinstance(value, str):
                try:
                    encoded.append(value.encode("utf-8"))
                except UnicodeEncodeError as error:
                    raise ObjectError(f"string {index} is not valid Unicode ({error.reason})") from None
            else:
                raise ObjectError(f"string {index}: expected str or None, found {type(value).__name__} {value!r}")
        offsets = np.zeros(len(values) + 1, dtype="<i8")
        np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
        return cls(offsets, b"".join(encoded), None if valid.all() else valid)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index: int):
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"string index {index} out of range 0..<{len(self)}")
        if self.valid is not None and not self.valid[index]:
            return None
        return bytes(self.data[self.offsets[index]:self.offsets[index + 1]]).decode("utf-8", "replace")

    def __iter__(self):
        return iter(self.to_list())

    def __eq__(self, other) -> bool:
        return isinstance(other, StringArray) and self.to_list() == other.to_list()

    def __repr__(self) -> str:
        shown = self.to_list()[:5]
        return f"StringArray({shown}{', ...' if len(self) > 5 else ''}, count={len(self)})"

    def to_list(self) -> list:
        """The strings (None for nulls)."""
        raw = bytes(self.data)
        offsets = self.offsets.tolist()
        if raw.isascii():  # byte offsets are character offsets: decode once, slice
            text = raw.decode("ascii")
            values = [text[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]
        else:
            values = [raw[offsets[i]:offsets[i + 1]].decode("utf-8", "replace") for i in range(len(offsets) - 1)]
        if self.valid is not None:
            for index in np.flatnonzero(~self.valid).tolist():
                values[index] = None
        return values

    def to_numpy(self) -> np.ndarray:
        """The strings as an object array (None for nulls)."""
        array = np.empty(len(self), dtype=object)
        array[:] = self.to_list()
        return array


def string_array_from(obj: StoredObject, trusted: bool = False) -> StringArray:
    """Views a `datasetsdk.StringArray` object's blobs, checking the offsets as the spec says."""
    offsets_blob = obj.blob("offsets")
    data = obj.blob("bytes")
    if offsets_blob.nbytes % 8 or offsets_blob.nbytes == 0:
        raise ObjectError(f"{obj.type_name}: blob 'offsets' has {offsets_blob.nbytes} bytes, not (n + 1) x 8")
    offsets = np.frombuffer(offsets_blob, dtype="<i8")
    count = len(offsets) - 1
    if "length" in obj.fields and obj.fields["length"] != count:
        raise ObjectError(f"{obj.type_name}: field 'length' is {obj.fields['length']!r} but the offsets describe {count} strings")
    if trusted:
        bad = offsets[0] < 0 or offsets[-1] > data.nbytes
    else:
        bad = offsets[0] < 0 or offsets[-1] > data.nbytes or bool((np.diff(offsets) < 0).any())
    if bad:
        raise ObjectError(f"{obj.type_name}: blob 'offsets' is not non-decreasing within 0...{data.nbytes}")
    if not trusted:
        check_utf8(offsets, data, obj.type_name)
    valid = validity_mask(obj.blobs["validity"], count, obj.type_name) if "validity" in obj.blobs else None
    return StringArray(offsets, data, valid)


def check_utf8(offsets: np.ndarray, data: memoryview, where: str) -> None:
    """Refuses strings that are not each valid UTF-8 (docs/format.md, section 3), as Swift does:
    the bytes the strings cover, ``data[offsets[0]:offsets[-1]]``, must be valid UTF-8 and no
    offset may split a character. One pass over the bytes (pyarrow's validation when installed,
    else Python's decoder) and one gather of the offsets; an ASCII column is one ``max``."""
    first, last = int(offsets[0]), int(offsets[-1])
    covered = np.frombuffer(data, dtype=np.uint8)[first:last]
    if covered.size == 0 or int(covered.max()) < 0x80:
        return
    bad = _invalid_utf8(data[first:last])
    if bad is not None:
        row = int(np.searchsorted(offsets, first + bad, side="right")) - 1
        raise ObjectError(f"{where}: blob 'bytes': byte {first + bad} (0x{covered[bad]:02x}, in string {row}) is not "
                          "valid UTF-8; strings must be UTF-8")
    inner = offsets[1:-1]
    inner = inner[:int(np.searchsorted(inner, last))]  # the offsets before `last` (they never decrease)
    splits = np.frombuffer(data, dtype=np.int8)[inner] < -64  # continuation bytes: 0x80...0xbf
    if splits.any():
        index = int(np.argmax(splits)) + 1
        raise ObjectError(f"{where}: blob 'bytes': offset {index} ({int(offsets[index])}) splits a UTF-8 character; "
                          "each string must be valid UTF-8 by itself")


def _invalid_utf8(covered: memoryview) -> int | None:
    """The index of the first byte of `covered` that is not valid UTF-8, or None."""
    try:
        import pyarrow
    except ImportError:
        pyarrow = None
    if pyarrow is not None:
        whole = pyarrow.LargeStringArray.from_buffers(1, pyarrow.py_buffer(np.array([0, covered.nbytes], dtype="<i8")),
                                                     pyarrow.py_buffer(covered))
        try:
            whole.validate(full=True)
            return None
        except pyarrow.ArrowInvalid:
            pass  # where: Python's decoder says
    try:
        str(covered, "utf-8")
        return None
    except UnicodeDecodeError as error:
        return error.start


def string_array_to_object(strings: StringArray) -> StoredObject:
    offsets = np.ascontiguousarray(strings.offsets, dtype="<i8")
    obj = StoredObject(STRING_ARRAY, fields={"length": len(strings)}, blobs={"offsets": offsets, "bytes": strings.data})
    if strings.valid is not None and not strings.valid.all():
        # Swift's StringArray has no nulls and ignores these; Python reads them back.
        obj.blobs["validity"] = memoryview(validity_blob(strings.valid))
        obj.fields["null_count"] = int(len(strings.valid) - np.count_nonzero(strings.valid))
    return obj


# ---------------------------------------------------------------------------------------------
# Validity bitmaps


def validity_mask(blob: memoryview, count: int, where: str, name: str = "validity") -> np.ndarray:
    """The bitmap as a bool array of `count` entries (True: present); `name` is the blob's path
    in errors."""
    needed = (count + 7) // 8
    if blob.nbytes < needed:
        raise ObjectError(f"{where}: blob '{name}' has {blob.nbytes} bytes, {count} rows need {needed}")
    bits = np.frombuffer(blob, dtype=np.uint8, count=needed)
    return np.unpackbits(bits, bitorder="little", count=count).astype(bool)


def validity_blob(valid: np.ndarray) -> np.ndarray:
    return np.packbits(np.asarray(valid, dtype=bool), bitorder="little")


# ---------------------------------------------------------------------------------------------
# Record, Bytes, Codable


def codable_to_python(obj: StoredObject):
    """A `datasetsdk.Codable` object as a dict (a single non-keyed root value unwrapped)."""
    result = dict(obj.fields)
    for name, member in obj.members.items():
        result[name] = tensor_to_numpy(member) if member.type_name == TENSOR else codable_to_python(member)
    if obj.labels.get("datasetsdk.codable.root") == "single":
        return result.get("value")
    return result


# ---------------------------------------------------------------------------------------------
# Dispatch


def decode(obj: StoredObject, trusted: bool = False, **options):
    """The Python value of a stored object (see the module's table); `options` go to
    :func:`datasetsdk.frames.to_pandas` for data frames (``arrow_strings``, ``use_pyarrow``)."""
    if obj.type_name == TENSOR:
        return tensor_to_numpy(obj, trusted)
    if obj.type_name == STRING_ARRAY:
        return string_array_from(obj, trusted)
    if obj.type_name == DATA_FRAME:
        from .frames import to_pandas
        return to_pandas(obj, trusted=trusted, **options)
    if obj.type_name == SERIES:
        from .frames import to_series
        return to_series(obj, trusted=trusted, **options)
    if obj.type_name == RECORD:
        return dict(obj.fields)
    if obj.type_name == BYTES:
        return obj.blob("data")
    if obj.type_name == CODABLE:
        return codable_to_python(obj)
    from . import arrays
    if obj.type_name in arrays.COLUMN_TYPES:
        return arrays.read_column(obj, trusted)[0]
    return obj


def encode(value) -> StoredObject:
    """The stored object for a Python value: a :class:`StoredObject` as is, a numpy array as a
    tensor, a :class:`StringArray` or an array of :mod:`datasetsdk.arrays`, a pandas DataFrame
    as a data frame, a pandas Series as a series, a dict as a record, bytes-like values as
    bytes."""
    if isinstance(value, StoredObject):
        return value
    from . import arrays
    if isinstance(value, arrays.TYPED):
        return value.to_object()
    if isinstance(value, np.ndarray):
        return numpy_to_tensor(value)
    if isinstance(value, StringArray):
        return string_array_to_object(value)
    if isinstance(value, dict):
        obj = StoredObject(RECORD, fields=value)
        obj.to_meta(lambda *_: None)  # checks every value now, naming the bad key
        return obj
    if isinstance(value, (bytes, bytearray, memoryview)):
        return StoredObject(BYTES, blobs={"data": value})
    if type(value).__module__.startswith("pandas"):
        names = {cls.__name__ for cls in type(value).__mro__}
        if "DataFrame" in names:
            from .frames import from_pandas
            return from_pandas(value)
        if "Series" in names:
            from .frames import from_series
            return from_series(value)
    raise ObjectError(f"cannot store a {type(value).__module__}.{type(value).__name__}; DatasetSDK stores numpy arrays, "
                      "pandas DataFrames and Series, StringArray, dict (Record), bytes, or a StoredObject")
