//! The `kinmap` binary; everything is in the library.

// glibc's allocator spends much of a large network's request consolidating and moving
// memory across threads; mimalloc measured markedly faster here (see bench/README.md).
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
