//! The `prepoll` binary: all the work is in the library.

fn main() {
    std::process::exit(prepoll::cli::main());
}
