/*
 * dso_info: opens a DatasetSDK container (.dso), checks it as docs/format.md section 2 says,
 * prints its metadata and, for every datasetsdk.Tensor it holds (the top-level object or a
 * member, e.g. a DataFrame's numeric columns), the sum of its elements.
 *
 *   make -C Examples/CReader            # or: cc -O2 -o dso_info dso_info.c generated/datasetsdk/v1/object.pb-c.c -Igenerated -lprotobuf-c -lz
 *   Examples/CReader/dso_info FILE.dso
 *
 * Output: one line per object ("object PATH type=... total_bytes=..."), its fields, its blobs,
 * "sum PATH = VALUE" for tensors (integers summed exactly as int64/uint64, floats as double,
 * null rows of a column skipped), and "values PATH = [...]" for timestamp, duration, date and
 * decimal columns (raw counts, days, decimal text; null rows as null; a dictionary column's
 * codes and categories are its members). Errors go to stderr with exit status 1.
 *
 * The metadata is decoded with protobuf-c (Debian: libprotobuf-c-dev, protobuf-c-compiler);
 * scripts/generate-python-protos regenerates generated/.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "datasetsdk/v1/object.pb-c.h"

static const unsigned char MAGIC[8] = {0x89, 'D', 'S', 'O', '\r', '\n', 0x1a, '\n'};

typedef struct {
    const char *path;
    const unsigned char *bytes;
    uint64_t size;
    uint64_t metadata_offset;
} Container;

static void fail(const Container *c, const char *what) {
    fprintf(stderr, "error: %s: %s\n", c->path, what);
    exit(1);
}

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t u64(const unsigned char *p) { return (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32; }

static uint32_t crc(const unsigned char *p, uint64_t n) {
    uLong value = crc32(0L, Z_NULL, 0);
    while (n > 0) { /* zlib takes at most UINT_MAX bytes at a time */
        uInt chunk = n > (1u << 30) ? (1u << 30) : (uInt)n;
        value = crc32(value, p, chunk);
        p += chunk;
        n -= chunk;
    }
    return (uint32_t)value;
}

/* The checks of docs/format.md, "Reading a container, step by step", 1-10. */
static Datasetsdk__V1__ObjectMeta *open_container(Container *c) {
    const unsigned char *b = c->bytes;
    uint64_t n = c->size;
    if (n < 8 || memcmp(b, MAGIC, 8) != 0) fail(c, "not a DatasetSDK container (bad magic)");
    if (n < 128) fail(c, "too small for a container");
    if (crc(b, 60) != u32(b + 60)) fail(c, "header checksum mismatch");
    if (u16(b + 8) != 1) fail(c, "unsupported container major version");
    if (u32(b + 12) != 0) fail(c, "unknown header flags");
    if (memcmp(b + n - 8, MAGIC, 8) != 0) fail(c, "truncated (the footer's magic is missing)");
    const unsigned char *footer = b + n - 64;
    uint64_t f = n - 64;
    if (crc(footer, 48) != u32(footer + 48)) fail(c, "footer checksum mismatch");
    if (u32(footer + 20) != 0) fail(c, "unknown footer flags");
    uint64_t m = u64(footer), l = u64(footer + 8);
    if (m < 64 || m % 64 != 0 || l > f || m != f - l) fail(c, "invalid metadata range");
    if (u16(footer + 24) != u16(b + 8)) fail(c, "footer and header versions differ");
    if (crc(b + m, l) != u32(footer + 16)) fail(c, "metadata checksum mismatch");
    Datasetsdk__V1__ObjectMeta *meta = datasetsdk__v1__object_meta__unpack(NULL, (size_t)l, b + m);
    if (meta == NULL) fail(c, "the metadata is not a valid ObjectMeta");
    if (meta->format_version / 1000 > 1) fail(c, "metadata format version is newer than this reader");
    c->metadata_offset = m;
    return meta;
}

static void print_value(const Datasetsdk__V1__Value *v) {
    if (v == NULL) { printf("null"); return; }
    switch (v->kind_case) {
    case DATASETSDK__V1__VALUE__KIND_BOOL_VALUE: printf(v->bool_value ? "true" : "false"); break;
    case DATASETSDK__V1__VALUE__KIND_INT_VALUE: printf("%" PRId64, v->int_value); break;
    case DATASETSDK__V1__VALUE__KIND_UINT_VALUE: printf("%" PRIu64, v->uint_value); break;
    case DATASETSDK__V1__VALUE__KIND_DOUBLE_VALUE: printf("%.17g", v->double_value); break;
    case DATASETSDK__V1__VALUE__KIND_STRING_VALUE: printf("\"%s\"", v->string_value); break;
    case DATASETSDK__V1__VALUE__KIND_BYTES_VALUE: printf("<%zu bytes>", v->bytes_value.len); break;
    case DATASETSDK__V1__VALUE__KIND_LIST_VALUE:
        printf("[");
        for (size_t i = 0; i < v->list_value->n_values; i++) { if (i) printf(", "); print_value(v->list_value->values[i]); }
        printf("]");
        break;
    case DATASETSDK__V1__VALUE__KIND_MAP_VALUE:
        printf("{");
        for (size_t i = 0; i < v->map_value->n_entries; i++) {
            if (i) printf(", ");
            printf("\"%s\": ", v->map_value->entries[i]->key);
            print_value(v->map_value->entries[i]->value);
        }
        printf("}");
        break;
    default: printf("null"); break;
    }
}

static const Datasetsdk__V1__Value *field(const Datasetsdk__V1__ObjectMeta *o, const char *name) {
    for (size_t i = 0; i < o->n_fields; i++) if (strcmp(o->fields[i]->key, name) == 0) return o->fields[i]->value;
    return NULL;
}

/* The bytes of blob `name` of `o`, after the step-12 bounds checks and (step 13) its CRC. */
static const unsigned char *blob(const Container *c, const Datasetsdk__V1__ObjectMeta *o, const char *name, uint64_t *size) {
    for (size_t i = 0; i < o->n_blobs; i++) {
        const Datasetsdk__V1__BlobRef *ref = o->blobs[i]->value;
        if (strcmp(o->blobs[i]->key, name) != 0 || ref == NULL) continue;
        if (ref->location_case != DATASETSDK__V1__BLOB_REF__LOCATION_CONTAINER_OFFSET) fail(c, "a blob has no container offset");
        uint64_t offset = ref->container_offset;
        if (offset < 64 || offset % 64 != 0 || ref->size > c->metadata_offset || offset > c->metadata_offset - ref->size)
            fail(c, "a blob lies outside the blob section");
        if (ref->checksum_kind == DATASETSDK__V1__CHECKSUM_KIND__CHECKSUM_KIND_CRC32 && crc(c->bytes + offset, ref->size) != ref->checksum)
            fail(c, "blob checksum mismatch (corrupted data)");
        *size = ref->size;
        return c->bytes + offset;
    }
    return NULL;
}

static int valid_row(const unsigned char *validity, uint64_t row) {
    return validity == NULL || (validity[row / 8] >> (row % 8)) & 1;
}

/* Prints "sum PATH = VALUE" for a tensor: exact integer sums, double sums for floats. */
static void sum_tensor(const Container *c, const Datasetsdk__V1__ObjectMeta *o, const char *path) {
    const Datasetsdk__V1__Value *dtype = field(o, "dtype");
    if (dtype == NULL || dtype->kind_case != DATASETSDK__V1__VALUE__KIND_STRING_VALUE) fail(c, "a tensor has no dtype");
    const char *t = dtype->string_value;
    uint64_t size = 0, validity_size = 0;
    const unsigned char *data = blob(c, o, "data", &size);
    if (data == NULL) fail(c, "a tensor has no data blob");
    const unsigned char *validity = blob(c, o, "validity", &validity_size);
    int width = strstr(t, "64") ? 8 : strstr(t, "32") ? 4 : strstr(t, "16") ? 2 : 1;
    uint64_t count = size / (uint64_t)width;
    if (validity != NULL && validity_size * 8 < count) fail(c, "a validity bitmap is too short");
    if (t[0] == 'f') {
        double total = 0;
        for (uint64_t i = 0; i < count; i++) {
            if (!valid_row(validity, i)) continue;
            if (width == 8) { double x; memcpy(&x, data + i * 8, 8); total += x; }
            else { float x; memcpy(&x, data + i * 4, 4); total += x; }
        }
        printf("sum %s = %.17g\n", path, total);
    } else if (t[0] == 'u' || t[0] == 'b') {
        uint64_t total = 0;
        for (uint64_t i = 0; i < count; i++) {
            if (!valid_row(validity, i)) continue;
            const unsigned char *p = data + i * (uint64_t)width;
            total += width == 8 ? u64(p) : width == 4 ? u32(p) : width == 2 ? u16(p) : p[0];
        }
        printf("sum %s = %" PRIu64 "\n", path, total);
    } else {
        uint64_t total = 0; /* two's complement: wraps like int64 addition, without signed overflow */
        for (uint64_t i = 0; i < count; i++) {
            if (!valid_row(validity, i)) continue;
            const unsigned char *p = data + i * (uint64_t)width;
            int64_t x = width == 8 ? (int64_t)u64(p) : width == 4 ? (int32_t)u32(p) : width == 2 ? (int16_t)u16(p) : (int8_t)p[0];
            total += (uint64_t)x;
        }
        printf("sum %s = %" PRId64 "\n", path, (int64_t)total);
    }
}

/* The decimal text of the 128-bit two's-complement integer at p (little-endian) times 10^-scale. */
static void print_decimal(const unsigned char *p, int64_t scale) {
    unsigned __int128 v = (unsigned __int128)u64(p + 8) << 64 | u64(p);
    int negative = (int)(p[15] >> 7);
    if (negative) v = ~v + 1;
    char digits[48];
    int n = 0;
    do { digits[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v != 0);
    if (negative) putchar('-');
    if (scale <= 0) {
        for (int i = n - 1; i >= 0; i--) putchar(digits[i]);
        if (!(n == 1 && digits[0] == '0')) for (int64_t i = 0; i < -scale; i++) putchar('0');
        return;
    }
    while (n <= scale) digits[n++] = '0'; /* at least one digit before the point */
    for (int i = n - 1; i >= 0; i--) {
        putchar(digits[i]);
        if (i == scale) putchar('.');
    }
}

/* Prints "values PATH = [...]" for the fixed-width column types of docs/format.md section 3:
 * the raw counts of timestamps and durations (with their unit and zone), the days of dates, the
 * text of decimals; null rows print as null. */
static void print_typed_column(const Container *c, const Datasetsdk__V1__ObjectMeta *o, const char *path) {
    int width = strcmp(o->type_name, "datasetsdk.DateArray") == 0 ? 4 : strcmp(o->type_name, "datasetsdk.DecimalArray") == 0 ? 16 : 8;
    const Datasetsdk__V1__Value *length = field(o, "length");
    if (length == NULL || length->kind_case != DATASETSDK__V1__VALUE__KIND_INT_VALUE || length->int_value < 0) fail(c, "a column has no length");
    uint64_t count = (uint64_t)length->int_value, size = 0, validity_size = 0;
    const unsigned char *data = blob(c, o, "data", &size);
    if (data == NULL || size / (uint64_t)width != count || size % (uint64_t)width != 0) fail(c, "a column's data blob has the wrong size");
    const unsigned char *validity = blob(c, o, "validity", &validity_size);
    if (validity != NULL && validity_size * 8 < count) fail(c, "a validity bitmap is too short");
    int64_t scale = 0;
    if (width == 16) {
        const Datasetsdk__V1__Value *s = field(o, "scale");
        if (s == NULL || s->kind_case != DATASETSDK__V1__VALUE__KIND_INT_VALUE) fail(c, "a decimal column has no scale");
        scale = s->int_value;
        if (scale < -38 || scale > 38) fail(c, "a decimal column's scale is outside -38 to 38");
    }
    printf("values %s = [", path);
    for (uint64_t i = 0; i < count; i++) {
        if (i) printf(", ");
        const unsigned char *p = data + i * (uint64_t)width;
        if (!valid_row(validity, i)) printf("null");
        else if (width == 4) printf("%" PRId32, (int32_t)u32(p));
        else if (width == 8) printf("%" PRId64, (int64_t)u64(p));
        else print_decimal(p, scale);
    }
    printf("]\n");
}

static void describe(const Container *c, const Datasetsdk__V1__ObjectMeta *o, const char *path) {
    printf("object %s type=%s total_bytes=%" PRIu64 "\n", path, o->type_name, o->total_bytes);
    for (size_t i = 0; i < o->n_fields; i++) {
        printf("  field %s = ", o->fields[i]->key);
        print_value(o->fields[i]->value);
        printf("\n");
    }
    for (size_t i = 0; i < o->n_blobs; i++) {
        const Datasetsdk__V1__BlobRef *ref = o->blobs[i]->value;
        printf("  blob %s size=%" PRIu64 " offset=%" PRIu64 "\n", o->blobs[i]->key, ref ? ref->size : 0, ref ? ref->container_offset : 0);
    }
    for (size_t i = 0; i < o->n_labels; i++) printf("  label %s = %s\n", o->labels[i]->key, o->labels[i]->value);
    if (strcmp(o->type_name, "datasetsdk.Tensor") == 0) sum_tensor(c, o, path);
    if (strcmp(o->type_name, "datasetsdk.TimestampArray") == 0 || strcmp(o->type_name, "datasetsdk.DurationArray") == 0 ||
        strcmp(o->type_name, "datasetsdk.DateArray") == 0 || strcmp(o->type_name, "datasetsdk.DecimalArray") == 0)
        print_typed_column(c, o, path);
    for (size_t i = 0; i < o->n_members; i++) {
        char child[1024];
        snprintf(child, sizeof child, "%s%s%s", strcmp(path, "/") == 0 ? "" : path, "/", o->members[i]->key);
        if (o->members[i]->value != NULL) describe(c, o->members[i]->value, child);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.dso\n", argv[0]);
        return 2;
    }
    Container c = {.path = argv[1]};
    int fd = open(c.path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { fprintf(stderr, "error: %s: %s\n", c.path, strerror(errno)); return 1; }
    struct stat info;
    if (fstat(fd, &info) != 0) { fprintf(stderr, "error: %s: %s\n", c.path, strerror(errno)); return 1; }
    c.size = (uint64_t)info.st_size;
    if (c.size == 0) fail(&c, "not a DatasetSDK container (empty file)");
    void *map = mmap(NULL, (size_t)c.size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED) { fprintf(stderr, "error: %s: mmap: %s\n", c.path, strerror(errno)); return 1; }
    c.bytes = map;
    Datasetsdk__V1__ObjectMeta *meta = open_container(&c);
    printf("file %s size=%" PRIu64 " format_version=%u\n", c.path, c.size, meta->format_version);
    describe(&c, meta, "/");
    datasetsdk__v1__object_meta__free_unpacked(meta, NULL);
    munmap(map, (size_t)c.size);
    return 0;
}
