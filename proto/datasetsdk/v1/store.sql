-- The shared-memory store's database protocol (docs/shared-memory.md): the schema and every
-- statement the Swift and Python stores run, in one place. scripts/generate-store-protocol turns
-- this file into Sources/Backends/SharedMemory/Generated/StoreStatements.swift and
-- python/datasetsdk/store_protocol.py; scripts/check-generated fails when they are out of date.
--
-- Each statement starts with a `-- name: snake_case_name` line; the comment lines after it
-- document it. Parameters are positional (`?` or `?N`), in the order the comment gives. Every
-- entry is exactly one statement, except `schema`, which is run as a script.
--
-- format_version: 1
-- schema_revision: 2

-- name: schema
-- Creates the tables when missing (revision 2 adds blobs, tier_segments and tier_objects;
-- a store of revision 1 gets them on its next open by a revision-2 writer).
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
CREATE TABLE IF NOT EXISTS blobs(
    segment TEXT NOT NULL, offset INTEGER NOT NULL, size INTEGER NOT NULL, crc32 INTEGER,
    PRIMARY KEY(segment, offset, size));
CREATE TABLE IF NOT EXISTS tier_segments(
    segment TEXT NOT NULL, tier TEXT NOT NULL, tier_segment TEXT NOT NULL, PRIMARY KEY(segment, tier));
CREATE INDEX IF NOT EXISTS tier_segments_by_tier_segment ON tier_segments(tier, tier_segment);
CREATE TABLE IF NOT EXISTS tier_objects(
    object_id BLOB NOT NULL, tier TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY(object_id, tier));

-- name: meta_all
-- Every meta row: key, value.
SELECT key, value FROM meta;

-- name: meta_insert
-- (key, value) when the key is missing.
INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?);

-- name: meta_set
-- (key, value), replacing.
INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?);

-- name: object_by_name
-- (name) -> metadata, id of the object bound to the name.
SELECT o.metadata, o.id FROM names n JOIN objects o ON o.id = n.object_id WHERE n.name = ?;

-- name: object_by_id
-- (id) -> metadata.
SELECT metadata FROM objects WHERE id = ?;

-- name: object_id_by_name
-- (name) -> object_id.
SELECT object_id FROM names WHERE name = ?;

-- name: name_exists
-- (name) -> a row when the name is bound.
SELECT 1 FROM names WHERE name = ?;

-- name: object_touch
-- (now, id): marks an object used, for least-recently-used eviction.
UPDATE objects SET last_used = ? WHERE id = ?;

-- name: reservations_all
-- Every reservation: token, pid.
SELECT token, pid FROM reservations;

-- name: reservation_insert
-- (token, pid, bytes).
INSERT INTO reservations(token, pid, bytes) VALUES (?, ?, ?);

-- name: reservation_delete
-- (token).
DELETE FROM reservations WHERE token = ?;

-- name: used_bytes
-- Bytes held by segments plus bytes reserved by saves in progress.
SELECT (SELECT COALESCE(SUM(size), 0) FROM segments) + (SELECT COALESCE(SUM(bytes), 0) FROM reservations);

-- name: eviction_victim_lru
-- The least recently used unnamed, unpinned object (`eviction: lru`) -> id.
SELECT id FROM objects WHERE pinned = 0 AND id NOT IN (SELECT object_id FROM names) ORDER BY last_used LIMIT 1;

-- name: eviction_victim_tier
-- The least recently used unpinned object whose current copy is safely in a tier
-- (`eviction: tier`), named or not -> id.
SELECT o.id FROM objects o WHERE o.pinned = 0 AND o.id IN (SELECT object_id FROM tier_objects) ORDER BY o.last_used LIMIT 1;

-- name: largest_objects
-- The largest objects, for "the store is full" messages -> name (or "(unnamed HEX)"), bytes.
SELECT COALESCE(n.name, '(unnamed ' || hex(o.id) || ')'), o.total_bytes
FROM objects o LEFT JOIN names n ON n.object_id = o.id ORDER BY o.total_bytes DESC LIMIT 10;

-- name: segment_exists
-- (key) -> a row when the segment has a row.
SELECT 1 FROM segments WHERE key = ?;

-- name: segment_insert
-- (key, size, now): a new segment, referenced by no object yet.
INSERT INTO segments(key, size, refcount, created) VALUES (?, ?, 0, ?);

-- name: segment_retain
-- (key): one more object references the segment.
UPDATE segments SET refcount = refcount + 1 WHERE key = ?;

-- name: segment_release
-- (key): one object less references the segment.
UPDATE segments SET refcount = refcount - 1 WHERE key = ?;

-- name: segment_refcount
-- (key) -> refcount.
SELECT refcount FROM segments WHERE key = ?;

-- name: segment_delete
-- (key): the segment's row (then segment_blobs_delete and segment_tiers_delete).
DELETE FROM segments WHERE key = ?;

-- name: segment_blobs_delete
-- (key): the rows of a deleted segment's blobs.
DELETE FROM blobs WHERE segment = ?;

-- name: segment_tiers_delete
-- (key): the tier rows of a deleted segment.
DELETE FROM tier_segments WHERE segment = ?;

-- name: object_insert
-- (id, type_name, metadata, total_bytes, now, now).
INSERT INTO objects(id, type_name, metadata, total_bytes, created, last_used) VALUES (?, ?, ?, ?, ?, ?);

-- name: object_segment_insert
-- (object_id, segment).
INSERT INTO object_segments(object_id, segment) VALUES (?, ?);

-- name: object_exists
-- (id) -> a row when the object exists.
SELECT 1 FROM objects WHERE id = ?;

-- name: object_is_kept
-- (id) -> a row when a name binds the object or it is pinned (then it is not dropped).
SELECT 1 FROM objects WHERE id = ?1 AND (pinned != 0 OR EXISTS (SELECT 1 FROM names WHERE object_id = ?1));

-- name: object_segments_of
-- (object_id) -> segment.
SELECT segment FROM object_segments WHERE object_id = ?;

-- name: object_segments_delete
-- (object_id): an object's segment references (release each segment first).
DELETE FROM object_segments WHERE object_id = ?;

-- name: object_delete
-- (id): the object's row (after object_segments_delete; then object_tiers_delete).
DELETE FROM objects WHERE id = ?;

-- name: object_tiers_delete
-- (object_id): the tier rows of a deleted object.
DELETE FROM tier_objects WHERE object_id = ?;

-- name: name_bind
-- (name, object_id, now), replacing the previous binding.
INSERT OR REPLACE INTO names(name, object_id, bound) VALUES (?, ?, ?);

-- name: name_unbind
-- (name).
DELETE FROM names WHERE name = ?;

-- name: names_of_object_delete
-- (object_id): every name bound to the object (`eviction: tier` evicts named objects whose
-- current copy is in the tier).
DELETE FROM names WHERE object_id = ?;

-- name: blob_insert
-- (segment, offset, size, crc32 or null): a blob of a segment and its CRC-32.
INSERT OR IGNORE INTO blobs(segment, offset, size, crc32) VALUES (?, ?, ?, ?);

-- name: blob_checksum_set
-- (segment, offset, size, crc32): records a blob's CRC-32 computed later (a tier upload of an
-- allocation filled in place), replacing a row without one.
INSERT OR REPLACE INTO blobs(segment, offset, size, crc32) VALUES (?, ?, ?, ?);

-- name: blob_checksum
-- (segment, offset, size) -> crc32 (null when not recorded).
SELECT crc32 FROM blobs WHERE segment = ? AND offset = ? AND size = ?;

-- name: named_objects
-- For `ls`: name, type_name, total_bytes, bound, segments, segments shared with other objects.
SELECT n.name, o.type_name, o.total_bytes, n.bound,
       (SELECT COUNT(*) FROM object_segments s WHERE s.object_id = o.id),
       (SELECT COUNT(*) FROM object_segments s JOIN segments g ON g.key = s.segment WHERE s.object_id = o.id AND g.refcount > 1)
FROM names n JOIN objects o ON o.id = n.object_id ORDER BY n.name;

-- name: statistics
-- For `stats`: names, objects, segments, shared segments, bytes held by segments.
SELECT (SELECT COUNT(*) FROM names), (SELECT COUNT(*) FROM objects), (SELECT COUNT(*) FROM segments),
       (SELECT COUNT(*) FROM segments WHERE refcount > 1), (SELECT COALESCE(SUM(size), 0) FROM segments);

-- name: tier_traffic
-- For `stats`: bytes of segments this store uploaded to a tier (tier_segment = segment), bytes
-- of segments it fetched from one (a new local key).
SELECT (SELECT COALESCE(SUM(g.size), 0) FROM segments g JOIN tier_segments t ON t.segment = g.key WHERE t.tier_segment = g.key),
       (SELECT COALESCE(SUM(g.size), 0) FROM segments g JOIN tier_segments t ON t.segment = g.key WHERE t.tier_segment != g.key);

-- name: segment_keys
-- Every segment key.
SELECT key FROM segments;

-- name: dead_segments
-- Segments that no object references -> key.
SELECT key FROM segments WHERE refcount <= 0;

-- name: orphan_blobs_delete
-- Blob rows of deleted segments (left by writers that do not know revision 2's tables).
DELETE FROM blobs WHERE segment NOT IN (SELECT key FROM segments);

-- name: orphan_tier_segments_delete
-- Tier rows of deleted segments (likewise).
DELETE FROM tier_segments WHERE segment NOT IN (SELECT key FROM segments);

-- name: orphan_tier_objects_delete
-- Tier rows of deleted objects (likewise).
DELETE FROM tier_objects WHERE object_id NOT IN (SELECT id FROM objects);

-- name: tier_segment_of
-- (segment, tier) -> tier_segment: the tier segment holding this local segment's bytes.
SELECT tier_segment FROM tier_segments WHERE segment = ? AND tier = ?;

-- name: tier_segment_insert
-- (segment, tier, tier_segment).
INSERT OR REPLACE INTO tier_segments(segment, tier, tier_segment) VALUES (?, ?, ?);

-- name: tier_blob_location
-- (tier, tier_segment, offset, size) -> segment: a local segment holding that blob of a tier
-- segment, at the same offset.
SELECT t.segment FROM tier_segments t JOIN segments g ON g.key = t.segment
JOIN blobs b ON b.segment = t.segment AND b.offset = ?3 AND b.size = ?4
WHERE t.tier = ?1 AND t.tier_segment = ?2 LIMIT 1;

-- name: tier_object_insert
-- (object_id, tier, name): the object is the tier's current copy of the name.
INSERT OR REPLACE INTO tier_objects(object_id, tier, name) VALUES (?, ?, ?);

-- name: name_list
-- Every bound name, sorted -> name.
SELECT name FROM names ORDER BY name;

-- name: begin_write
-- Takes the write lock (waiting up to the busy timeout): reserve, publish, drop and collect run in it.
BEGIN IMMEDIATE;

-- name: begin_read
-- A read transaction: one consistent snapshot for a get.
BEGIN DEFERRED;

-- name: commit
-- Ends a transaction, keeping its changes.
COMMIT;

-- name: rollback
-- Ends a transaction, undoing its changes.
ROLLBACK;
