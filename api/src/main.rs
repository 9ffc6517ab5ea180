//! The `kinmap` binary; everything is in the library.

// glibc's allocator spends much of a large network's request consolidating and moving
// memory across threads; mimalloc measured markedly faster here (see bench/README.md).
// Its `override` feature also takes over C's malloc, so that the SQLite compiled in, which
// allocates every value of every row it returns, uses it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match api::cli::run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kinmap: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
