// libzstd's stable API only (no ZSTD_STATIC_LINKING_ONLY): it works with any libzstd >= 1.4.
#include <zstd.h>
#include <zstd_errors.h>
