//! The `prepoll` binary: all the work is in the library.

// Extraction and the rules make many small, short-lived allocations on
// every core; mimalloc serves them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(prepoll::cli::main());
}
