//! Links the `communique` binary as a position-dependent executable.
//!
//! A position-independent one is relocated by the loader at every start: some 29,000
//! addresses, a few hundred pages written, about a third of a millisecond of a search
//! that takes two. Address-space randomisation of the binary's own code is what is
//! given up; libraries and the stack are still randomised.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
    // `cargo build-static` hands the linker this list (.cargo/config.toml); cargo does not
    // know it is an input, and a binary built before the list changed would keep its old
    // layout. Rerunning this script when it changes relinks the binary.
    println!("cargo:rerun-if-changed=.cargo/search-symbols.txt");
}
