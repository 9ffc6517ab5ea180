//! The `kinmap` binary; everything is in the library.

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
