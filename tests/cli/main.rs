//! End-to-end tests of the `communique` binary: every test runs the real program in a
//! hermetic environment (empty environment, HOME in a temporary directory, an explicit
//! `--archive`) against the small corpus in `tests/data/`.
//!
//! `tests/data/statements.jsonl` (also as `.json` and `.csv`) holds eight statements; after
//! ingesting it into an empty archive their ids are:
//!
//! | id | external id | speaker                           | country | date       | kind       | channel   | lang | tags                     |
//! |----|-------------|-----------------------------------|---------|------------|------------|-----------|------|--------------------------|
//! | 1  | t01         | Ministry of Defence of Armenia    | AM      | 2024-02-13 | statement  | telegram  | en   | border, casualties       |
//! | 2  | t02         | Ministry of Defence of Azerbaijan | AZ      | 2024-02-12 | statement  | telegram  | en   | border, tovuz            |
//! | 3  | t03         | Dmitry Peskov                     | RU      | 2024-02-13 | quote      | statement | en   | de-escalation            |
//! | 4  | t04         | Dmitry Peskov                     | RU      | 2024-02    | paraphrase | statement | ru   | de-escalation            |
//! | 5  | t05         | Nikol Pashinyan                   | AM      | 2023       | paraphrase |           | en   | peace-process            |
//! | 6  | t06         | Ilham Aliyev                      | AZ      | 2024-01-10 | paraphrase | statement | en   | peace-process            |
//! | 7  | t07         | Vaqif Dərgahlı                    | AZ      | 2024-02-14 | quote      | telegram  | en   | border                   |
//! | 8  | t08         | Maria Zakharova                   | RU      | 2024-03-01 | statement  | briefing  | en   | mediation, peace-process |
//!
//! Newest first (a month or year sorts at its first day): 8, 7, 3, 1, 2, 4, 6, 5.

mod support;

mod check_reindex;
mod counts;
mod curation;
mod export;
mod ingest;
mod ingest_formats;
mod init;
mod languages;
mod listings;
mod names;
mod places_names;
mod places_precision;
mod roles;
mod search;
mod show;
mod speakers;
mod stats;
