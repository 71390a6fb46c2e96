-- communique archive schema, version 10.
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
    name_key TEXT NOT NULL UNIQUE  -- folded name (fold::fold): case, diacritics and punctuation
                                   -- ignored, soft hyphens and joiners inside words dropped
                                   -- (versions 5, 6 and 8 rewrote every key: 6 keeps kana
                                   -- voiced marks and parts words at ʼ, 8 folds Persian
                                   -- and Arabic letters as one, drops tatweels, ґ is г,
                                   -- keeps the vowel signs of Indic scripts, folds
                                   -- Hebrew final letters)
) STRICT;

CREATE TABLE speakers (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'institution')),
    role            TEXT,  -- the most recent role seen
    organization_id INTEGER REFERENCES organizations (id),
    country         TEXT REFERENCES countries (code)
) STRICT;

-- Every name a speaker goes by, including the display name, as written. alias_key is the
-- folded form used for matching (fold::fold; versions 5, 6 and 8 rewrote every key, as a soft hyphen
-- inside a word parted it before); a name can be shared by speakers of different
-- countries, and by two of one country whose names version 5 made one, until merged.
CREATE TABLE speaker_aliases (
    speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    alias_key  TEXT NOT NULL,
    PRIMARY KEY (alias_key, speaker_id)
) STRICT;
-- A speaker's aliases (`speakers show`, a merge, the cascade when a speaker is deleted),
-- which the primary key, led by the alias, cannot find without reading every row (added
-- in schema version 4; IF NOT EXISTS, as the upgrade applies it as it is).
CREATE INDEX IF NOT EXISTS speaker_aliases_by_speaker ON speaker_aliases (speaker_id);

-- Each word of each alias (and, for a name written with ə, of its reading with e), so
-- `--speaker peskov` finds "Dmitry Peskov" through an index instead of reading every
-- alias. Kept by the store wherever an alias is added (added in schema version 3).
CREATE TABLE speaker_alias_words (
    word       TEXT NOT NULL,
    speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    alias_key  TEXT NOT NULL,
    PRIMARY KEY (word, speaker_id, alias_key)
) STRICT, WITHOUT ROWID;

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
    name_key TEXT NOT NULL,    -- folded name (fold::fold, rewritten by versions 5, 6 and 8)
    language TEXT,             -- en, hy, az, ru …
    used_by  TEXT,             -- the country whose official usage this name is
    PRIMARY KEY (place_id, name)
) STRICT;
CREATE INDEX place_names_by_key ON place_names (name_key);

-- One row per write that added statements: an ingest of a file, `add`, an import.
CREATE TABLE ingests (
    id   INTEGER PRIMARY KEY,
    at   TEXT NOT NULL,  -- RFC 3339, UTC
    file TEXT NOT NULL   -- the file read, or <stdin>, <add>, <bundled corpus>
) STRICT;

CREATE TABLE statements (
    id               INTEGER PRIMARY KEY,
    external_id      TEXT,                  -- the id the input gave, if any
    content_key      INTEGER NOT NULL,      -- 64-bit hash of speaker, date and text as first
                                            -- ingested: the duplicate check; edits leave it, so
                                            -- re-ingesting the original is recognised as the
                                            -- curated statement; the text hashed in NFC
                                            -- (version 8 rekeyed the texts stored otherwise)
    speaker_id       INTEGER NOT NULL REFERENCES speakers (id),
    date             TEXT NOT NULL,         -- YYYY, YYYY-MM or YYYY-MM-DD as known
    date_start       INTEGER NOT NULL,      -- first day of the period the date covers, YYYYMMDD
    date_end         INTEGER NOT NULL,      -- last day of that period, YYYYMMDD
    kind             TEXT NOT NULL CHECK (kind IN ('statement', 'quote', 'paraphrase')),
    role             TEXT,                  -- the speaker's role as the statement gives it, or
                                            -- as a recorded role gives it (role_given_by)
    organization_id  INTEGER REFERENCES organizations (id),
    channel          TEXT,                  -- a label (model::normalize_label): lower case,
                                            -- without invisible format characters (version
                                            -- 10 rewrote the values stored with them)
    language         TEXT NOT NULL,
    title            TEXT,
    text             TEXT NOT NULL,
    source_outlet    TEXT,
    source_url       TEXT,
    source_published TEXT,                  -- YYYY, YYYY-MM or YYYY-MM-DD
    tags             TEXT,                  -- JSON array of tags (labels, as channel), sorted;
                                            -- NULL: none
    ingest_id        INTEGER NOT NULL REFERENCES ingests (id),
    deleted_at       TEXT,                  -- set: a tombstone, kept but out of search
    deleted_reason   TEXT,
    -- The recorded role (speaker_roles) that gave the statement its role, and the one that
    -- gave it its organisation, when the record gave none: NULL is the record's own value
    -- (or none). Removing a recorded role takes back what it gave, and only that (from
    -- version 7; its upgrade counted as given a role or organisation equal to that of a
    -- recorded role whose dates the statement's overlap, as earlier versions gave them).
    role_given_by         INTEGER REFERENCES speaker_roles (id),
    organization_given_by INTEGER REFERENCES speaker_roles (id),
    -- 1 when an edit cleared the role (`edit --set role=`), or the organisation: none, by
    -- the user's decision, which a recorded role does not fill, as it does not replace a
    -- role the statement gives itself (added in schema version 9).
    role_cleared          INTEGER NOT NULL DEFAULT 0 CHECK (role_cleared IN (0, 1)),
    organization_cleared  INTEGER NOT NULL DEFAULT 0 CHECK (organization_cleared IN (0, 1)),
    time                  TEXT     -- the time of day beside the date, on the clock of the
                                   -- speaker: HH:MM or HH:MM:SS, with the offset from UTC
                                   -- as written, as ±HH:MM (Z and UTC are +00:00); NULL: not
                                   -- known (added in schema version 11)
) STRICT;
CREATE UNIQUE INDEX statements_by_external_id ON statements (external_id)
    WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX statements_by_content_key ON statements (content_key);
CREATE INDEX statements_by_speaker ON statements (speaker_id, date_start);
CREATE INDEX statements_by_date ON statements (date_start);
-- The statements a recorded role gave their role or organisation: what its removal
-- changes, and what the foreign keys look up when a role is deleted (added in schema
-- version 7; IF NOT EXISTS, as the upgrade applies them as they are).
CREATE INDEX IF NOT EXISTS statements_by_role_given_by ON statements (role_given_by)
    WHERE role_given_by IS NOT NULL;
CREATE INDEX IF NOT EXISTS statements_by_organization_given_by ON statements (organization_given_by)
    WHERE organization_given_by IS NOT NULL;
-- The languages with subtags (ru-RU, zh-Hant): `--lang ru` is every ru-… the archive
-- holds, which this finds in a few lookups; statements in a plain language (most) are
-- not in it. IF NOT EXISTS: the upgrade to version 4 applies this statement as it is,
-- without asking first whether the index is there.
CREATE INDEX IF NOT EXISTS statements_by_language_with_subtags ON statements (language)
    WHERE instr(language, '-') > 0;

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

-- Statements changed since the index last committed, as ranges of ids: an ingest queues
-- one range, an edit one id. Each write appends here in the same transaction as the
-- change; the index commit records the last sequence number it reflects and the rows up
-- to it are then removed. AUTOINCREMENT keeps numbers growing after that.
CREATE TABLE index_changes (
    sequence      INTEGER PRIMARY KEY AUTOINCREMENT,
    first_id      INTEGER NOT NULL,
    last_id       INTEGER NOT NULL CHECK (last_id >= first_id)
) STRICT;

CREATE VIEW statement_view AS
SELECT s.id,
       s.date,
       CASE length(s.date) WHEN 4 THEN 'year' WHEN 7 THEN 'month' ELSE 'day' END AS date_precision,
       s.time,
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
       s.source_outlet,
       s.source_url,
       s.source_published,
       (SELECT group_concat(value, ';') FROM json_each(s.tags)) AS tags,
       s.external_id,
       i.at AS ingested_at
FROM statements s
JOIN speakers sp ON sp.id = s.speaker_id
JOIN ingests i ON i.id = s.ingest_id
LEFT JOIN organizations o ON o.id = s.organization_id
LEFT JOIN countries c ON c.code = sp.country
WHERE s.deleted_at IS NULL;
