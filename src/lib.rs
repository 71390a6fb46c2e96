//! communique: an archive of official statements, kept in SQLite and searched with tantivy.
//!
//! Modules in reading order: the vocabulary ([`model`]), then the two stores and the
//! [`archive`] that keeps them in step, then the ways in ([`ingest`]) and out ([`output`]).

pub mod archive;
pub mod cli;
pub mod commands;
pub mod config;
pub mod country;
pub mod extract;
pub mod fold;
pub mod gazetteer;
pub mod index;
pub mod ingest;
pub mod label;
pub mod language;
pub mod model;
pub mod output;
pub mod query;
pub mod quote;
mod stem_cache;
pub mod store;
pub mod suggest;
