/// The store database's tables. Segments are files under `segments/`, each holding the blobs of
/// one save at 64-byte aligned offsets; an object references blobs as `segment@offset`.
enum StoreSchema {
    /// The store format this code reads and writes.
    static let formatVersion = "1"

    static let create = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS segments(
            key TEXT PRIMARY KEY, size INTEGER NOT NULL, refcount INTEGER NOT NULL, created REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS objects(
            id BLOB PRIMARY KEY, type_name TEXT NOT NULL, metadata BLOB NOT NULL, total_bytes INTEGER NOT NULL,
            created REAL NOT NULL, last_used REAL NOT NULL, pinned INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS object_segments(
            object_id BLOB NOT NULL, segment TEXT NOT NULL, PRIMARY KEY(object_id, segment));
        CREATE INDEX IF NOT EXISTS object_segments_by_segment ON object_segments(segment);
        CREATE TABLE IF NOT EXISTS names(name TEXT PRIMARY KEY, object_id BLOB NOT NULL, bound REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS names_by_object ON names(object_id);
        CREATE TABLE IF NOT EXISTS reservations(token TEXT PRIMARY KEY, pid INTEGER NOT NULL, bytes INTEGER NOT NULL);
        """
}
