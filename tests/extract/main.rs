//! End-to-end tests of `communique extract`, through the real binary in a hermetic
//! environment (cleared environment, HOME in a temporary directory, explicit `--archive`).
//!
//! Each article in `tests/data/articles/` is extracted and compared with its gold records
//! (the bundled corpus for the seed article); the precision and recall are printed:
//!
//! ```sh
//! cargo test --test extract -- --nocapture
//! ```

mod articles;
mod command;
mod evaluate;
mod seed;
mod support;
