/**
 * The store's schema, as numbered migrations applied in order on open. A migration is never
 * edited once released: a change is a new migration. Instants are ISO-8601 UTC text of one
 * width (`Date.toISOString`), so they sort and compare as text on both engines.
 */
/**
 * The key of an outcome in `outcomes` (an SQL expression over its jsonb `body`): computed by the
 * database, so migration 6 and recording key an outcome alike however its JSON text was written.
 */
export const OUTCOME_KEY = "encode(sha256(convert_to(body::text, 'UTF8')), 'hex')";

export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql:
      `
CREATE TABLE tenet_schema (version integer PRIMARY KEY, applied_at text NOT NULL, tool text NOT NULL);
-- The policy sources (and facts schema) of a run, so the run can be replayed.
CREATE TABLE policy_sets (hash text PRIMARY KEY, bundle jsonb NOT NULL);
CREATE TABLE tenant_settings (hash text PRIMARY KEY, settings jsonb NOT NULL);
-- Device snapshots (and membership files), content-addressed: sha256 of canonical JSON, stored once however many runs saw it.
CREATE TABLE snapshots (hash text PRIMARY KEY, body text NOT NULL);
CREATE TABLE runs (
  id integer PRIMARY KEY,
  at text NOT NULL,
  tenant text,
  policy_set_hash text NOT NULL REFERENCES policy_sets (hash),
  tenant_hash text REFERENCES tenant_settings (hash),
  -- The group memberships the run resolved assignments with (NDJSON text, kept with the snapshots).
  groups_hash text REFERENCES snapshots (hash),
  engine_version text NOT NULL,
  devices integer NOT NULL,
  counts jsonb NOT NULL,
  -- sha256 over the run's (device, snapshot, outcome) triples: the rows below, for this run.
  content_hash text NOT NULL,
  previous_hash text NOT NULL,
  row_hash text NOT NULL UNIQUE
);
-- One row per device and change: the outcome (state per policy, failing rules and reasons,
-- grace period, actions, next state) holds from from_run until to_run (exclusive), or on.
CREATE TABLE device_spans (
  device_id text NOT NULL,
  from_run integer NOT NULL REFERENCES runs (id),
  to_run integer,
  snapshot_hash text NOT NULL REFERENCES snapshots (hash),
  outcome_hash text NOT NULL,
  platform text,
  state text NOT NULL,
  outcome jsonb NOT NULL,
  PRIMARY KEY (device_id, from_run)
);
CREATE INDEX device_spans_open ON device_spans (device_id) WHERE to_run IS NULL;
CREATE INDEX device_spans_runs ON device_spans (from_run, to_run);
-- Left by retention: runs up to through_run were pruned; the chain continues from last_hash.
CREATE TABLE retention_markers (id integer PRIMARY KEY, at text NOT NULL, through_run integer NOT NULL, ` +
      `last_hash text NOT NULL, days integer NOT NULL);
`,
  },
  {
    version: 2,
    sql:
      `
-- Per-run counts by platform, policy and control, so a year's trend reads a few thousand rows.
CREATE TABLE run_tallies (run_id integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE, dimension text NOT ` +
      `NULL, key text NOT NULL, state text NOT NULL, devices integer NOT NULL, PRIMARY KEY (run_id, dimension, key, ` +
      `state));
-- Runs recorded by a version-1 store get their platform and policy tallies from their spans.
INSERT INTO run_tallies (run_id, dimension, key, state, devices)
  SELECT r.id, 'platform', coalesce(s.platform, ''), s.state, count(*)::int
  FROM runs r JOIN device_spans s ON s.from_run <= r.id AND (s.to_run IS NULL OR s.to_run > r.id)
  GROUP BY r.id, coalesce(s.platform, ''), s.state;
INSERT INTO run_tallies (run_id, dimension, key, state, devices)
  SELECT r.id, 'policy', p->>'policy', p->>'state', count(*)::int
  FROM runs r JOIN device_spans s ON s.from_run <= r.id AND (s.to_run IS NULL OR s.to_run > r.id)
  CROSS JOIN LATERAL jsonb_array_elements(s.outcome->'policies') p
  GROUP BY r.id, p->>'policy', p->>'state';
`,
  },
  {
    version: 3,
    sql: `
-- Retention drops old runs but keeps the rows that began before the cut and still hold.
ALTER TABLE device_spans DROP CONSTRAINT device_spans_from_run_fkey;
`,
  },
  {
    version: 4,
    sql:
      `
-- Fields that move at every check-in (lastSyncDateTime, ...) are kept out of the deduplicated
-- snapshots: per run, one gzipped line per device in device-id order. The run's content hash covers them.
CREATE TABLE run_volatile (run_id integer PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE, hash text NOT NULL, body bytea NOT NULL);
-- A run recorded under --redact stored personal values as [redacted]; its content hash says so too.
ALTER TABLE runs ADD COLUMN redacted boolean NOT NULL DEFAULT false;
-- What \`history at\` shows of an outcome, as columns: reading and parsing 100,000 outcomes took seconds.
ALTER TABLE device_spans ADD COLUMN name text, ADD COLUMN failing text, ADD COLUMN first_found text;
UPDATE device_spans SET name = outcome->>'name',
  failing = (SELECT string_agg((p->>'policy') || ':' || (p->>'state'), ' ' ORDER BY o) FROM ` +
      `jsonb_array_elements(outcome->'policies') WITH ORDINALITY AS x(p, o)
    WHERE p->>'state' IN ('noncompliant', 'inGracePeriod', 'error')),
  first_found = (SELECT min(p->>'since') FROM jsonb_array_elements(outcome->'policies') AS p);
`,
  },
  {
    version: 5,
    sql: `
-- Control tallies now count a device as \`tenet report\` does: pass, waived (passing only thanks to
-- a waiver) or fail (a rule failed, erred or was unknown). Runs recorded before counted waived and
-- unknown rules as passing; their pass rows are relabelled so a trend never mixes the two meanings.
UPDATE run_tallies SET state = 'passOrWaived' WHERE dimension = 'control' AND state = 'pass';
`,
  },
  {
    version: 6,
    sql:
      `
-- Each distinct outcome is stored once. A device row held its whole outcome (about 1 KB), yet a
-- fleet has few distinct outcomes once the device's name and platform (kept in their own columns)
-- are set aside: 20 among 119,705 rows of the benchmark store. The outcome without them lives in
-- \`outcomes\`, keyed by the sha256 of its jsonb text; a device row refers to it. \`outcome_hash\`
-- stays the hash of the whole outcome (name and platform put back), which the run hashes cover.
CREATE TABLE outcomes (hash text PRIMARY KEY, body jsonb NOT NULL);
INSERT INTO outcomes (hash, body)
  SELECT DISTINCT ON (hash) hash, body FROM (SELECT ${OUTCOME_KEY.replaceAll("body", "(outcome - 'name' - 'platform')")} AS hash, ` +
      `outcome - 'name' - 'platform' AS body FROM device_spans) o;
-- The table is written anew (a dropped column would keep its bytes in every row until rewritten),
-- with the names its keys and indexes had, which recording drops and makes again on a first run.
CREATE TABLE device_spans_6 (
  device_id text NOT NULL,
  from_run integer NOT NULL,
  to_run integer,
  snapshot_hash text NOT NULL,
  outcome_hash text NOT NULL,
  outcome_ref text NOT NULL,
  platform text,
  state text NOT NULL,
  name text,
  failing text,
  first_found text
);
INSERT INTO device_spans_6 SELECT device_id, from_run, to_run, snapshot_hash, outcome_hash, ` +
      `${OUTCOME_KEY.replaceAll("body", "(outcome - 'name' - 'platform')")}, platform, state, name, failing, first_found FROM device_spans;
DROP TABLE device_spans;
ALTER TABLE device_spans_6 RENAME TO device_spans;
ALTER TABLE device_spans ADD CONSTRAINT device_spans_pkey PRIMARY KEY (device_id, from_run),
  ADD CONSTRAINT device_spans_snapshot_hash_fkey FOREIGN KEY (snapshot_hash) REFERENCES snapshots (hash),
  ADD CONSTRAINT device_spans_outcome_ref_fkey FOREIGN KEY (outcome_ref) REFERENCES outcomes (hash);
CREATE INDEX device_spans_open ON device_spans (device_id) WHERE to_run IS NULL;
CREATE INDEX device_spans_runs ON device_spans (from_run, to_run);
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
