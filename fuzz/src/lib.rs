//! The properties the fuzz targets check; `checks.rs` is also compiled into the stable
//! test suite (tests/reliability), which runs the same checks as a seeded random loop.

pub mod checks;
