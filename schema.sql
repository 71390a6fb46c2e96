-- communique archive schema, version 1.
--
-- This database is the single source of truth. The full-text index in index/ is derived
-- from it and can always be rebuilt (`communique reindex`). Open it with sqlite3 or
-- Datasette: `statement_view` joins everything a reader needs.

CREATE TABLE archive_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- ISO 3166-1, so that a country code can be read as a name in SQL.
CREATE TABLE countries (
    code   TEXT PRIMARY KEY CHECK (length(code) = 2),  -- alpha-2, upper case
    alpha3 TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL
) STRICT;

CREATE TABLE organizations (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE  -- folded name: case, diacritics and punctuation ignored
) STRICT;

CREATE TABLE speakers (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'institution')),
    role            TEXT,  -- the most recent role seen
    organization_id INTEGER REFERENCES organizations (id),
    country         TEXT REFERENCES countries (code)
) STRICT;

-- Every name a speaker goes by, including the display name. alias_key is the folded form
-- used for matching; a name can be shared by speakers of different countries.
CREATE TABLE speaker_aliases (
    speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    alias_key  TEXT NOT NULL,
    PRIMARY KEY (alias_key, speaker_id)
) STRICT;

-- The roles a speaker held, with when: `--role "Kremlin spokesperson"` finds whoever held
-- the role on a statement's date.
CREATE TABLE speaker_roles (
    id              INTEGER PRIMARY KEY,
    speaker_id      INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations (id),
    country         TEXT REFERENCES countries (code),
    start_date      TEXT,  -- YYYY, YYYY-MM or YYYY-MM-DD; NULL: not known
    end_date        TEXT   -- NULL: still held, or not known
) STRICT;
CREATE INDEX speaker_roles_by_speaker ON speaker_roles (speaker_id);

-- The gazetteer: places and every name they go by, in any script, with whose official
-- usage a name is. A search for one name finds them all.
CREATE TABLE places (
    id      TEXT PRIMARY KEY,  -- a stable slug: kapan, nerkin-hand
    name    TEXT NOT NULL,     -- the display name
    country TEXT REFERENCES countries (code),
    kind    TEXT,              -- city, town, village, district, region
    region  TEXT
) STRICT;

CREATE TABLE place_names (
    place_id TEXT NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL,    -- folded name
    language TEXT,             -- en, hy, az, ru …
    used_by  TEXT,             -- the country whose official usage this name is
    PRIMARY KEY (place_id, name)
) STRICT;
CREATE INDEX place_names_by_key ON place_names (name_key);

CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,
    outlet    TEXT,
    url       TEXT,
    published TEXT  -- YYYY, YYYY-MM or YYYY-MM-DD
) STRICT;
CREATE INDEX sources_by_url ON sources (url);

CREATE TABLE statements (
    id              INTEGER PRIMARY KEY,
    external_id     TEXT UNIQUE,           -- the id the input gave, if any
    content_key     TEXT NOT NULL UNIQUE,  -- hash of speaker, date and text as first ingested:
                                           -- the duplicate check; edits leave it, so re-ingesting
                                           -- the original is recognised as the curated statement
    speaker_id      INTEGER NOT NULL REFERENCES speakers (id),
    date            TEXT NOT NULL,         -- YYYY, YYYY-MM or YYYY-MM-DD as known
    date_precision  TEXT NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    date_start      TEXT NOT NULL,         -- first day of the period the date covers
    date_end        TEXT NOT NULL,         -- last day of that period
    kind            TEXT NOT NULL CHECK (kind IN ('statement', 'quote', 'paraphrase')),
    role            TEXT,                  -- the speaker's role as the statement gives it
    organization_id INTEGER REFERENCES organizations (id),
    channel         TEXT,
    language        TEXT NOT NULL,
    title           TEXT,
    text            TEXT NOT NULL,
    source_id       INTEGER REFERENCES sources (id),
    ingested_at     TEXT NOT NULL,         -- RFC 3339, UTC
    deleted_at      TEXT,                  -- set: a tombstone, kept but out of search
    deleted_reason  TEXT
) STRICT;
CREATE INDEX statements_by_speaker ON statements (speaker_id, date_start);
CREATE INDEX statements_by_date ON statements (date_start);

CREATE TABLE statement_tags (
    statement_id INTEGER NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    tag          TEXT NOT NULL,
    PRIMARY KEY (statement_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX statement_tags_by_tag ON statement_tags (tag);

-- Every correction to a statement: what changed, from what to what, when and why.
CREATE TABLE statement_history (
    id           INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES statements (id),
    at           TEXT NOT NULL,                 -- RFC 3339, UTC
    action       TEXT NOT NULL CHECK (action IN ('edit', 'delete', 'restore')),
    field        TEXT,                          -- the field edited; NULL for delete/restore
    old_value    TEXT,
    new_value    TEXT,
    reason       TEXT NOT NULL
) STRICT;
CREATE INDEX statement_history_by_statement ON statement_history (statement_id, id);

-- Statements changed since the index last committed. Each write appends here in the same
-- transaction as the change; the index commit records the last sequence number it reflects
-- and the rows up to it are then removed. AUTOINCREMENT keeps numbers growing after that.
CREATE TABLE index_changes (
    sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
    statement_id INTEGER NOT NULL
) STRICT;

CREATE VIEW statement_view AS
SELECT s.id,
       s.date,
       s.date_precision,
       sp.name AS speaker,
       sp.kind AS speaker_kind,
       s.role,
       o.name AS organization,
       sp.country,
       c.name AS country_name,
       s.channel,
       s.kind,
       s.language,
       s.title,
       s.text,
       src.outlet AS source_outlet,
       src.url AS source_url,
       src.published AS source_published,
       (SELECT group_concat(tag, ';') FROM statement_tags t WHERE t.statement_id = s.id) AS tags,
       s.external_id,
       s.ingested_at
FROM statements s
JOIN speakers sp ON sp.id = s.speaker_id
LEFT JOIN organizations o ON o.id = s.organization_id
LEFT JOIN countries c ON c.code = sp.country
LEFT JOIN sources src ON src.id = s.source_id
WHERE s.deleted_at IS NULL;
