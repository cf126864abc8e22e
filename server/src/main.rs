#![recursion_limit = "512"]
use std::process::ExitCode;

use clap::Parser;
use leptos::config::get_configuration;

use app::ssr::agents::{self, NewAgent};
use server::cli::{Cli, Command};
use server::config::Config;
use server::startup::{shutdown_signal, Server};
use server::{db, telemetry};

fn main() -> ExitCode {
    server::memory::return_large_blocks();
    match server::runtime::build() {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => {
            eprintln!("error: starting the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    let mut leptos = match get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(e) => {
            eprintln!("error: reading the Leptos configuration: {e}");
            return ExitCode::FAILURE;
        }
    };
    // cargo-leptos writes the hashed file names beside the binary it built; without them
    // (a plain `cargo build`) the names are unhashed.
    if !leptos.hash_files && hash_file_beside_exe(&leptos.hash_file) {
        leptos.hash_files = true;
    }
    let config = Config::from_env(&leptos);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, leptos).await,
        Command::Migrate => migrate(&config).await,
        Command::CreateAgent {
            email,
            name,
            password,
            admin,
        } => create_agent(&config, &email, &name, &password, admin).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn hash_file_beside_exe(name: &str) -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(name)))
        .is_some_and(|path| path.is_file())
}

async fn serve(config: Config, leptos: leptos::config::LeptosOptions) -> Result<(), String> {
    let server = Server::build(&config, leptos)
        .await
        .map_err(|e| e.to_string())?;
    let addr = server.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, "listening on http://{addr}");
    server
        .run(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
}

async fn migrate(config: &Config) -> Result<(), String> {
    db::connect_and_migrate(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    println!("migrations applied");
    Ok(())
}

async fn create_agent(
    config: &Config,
    email: &str,
    name: &str,
    password: &str,
    admin: bool,
) -> Result<(), String> {
    let new = NewAgent::parse(email, name, password, admin).map_err(|e| e.message().to_string())?;
    let db = db::connect_and_migrate(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let created = agents::create(&db, new)
        .await
        .map_err(|e| e.message().to_string())?;
    println!(
        "created {} {} <{}>",
        created.role.label().to_lowercase(),
        created.name,
        created.email
    );
    Ok(())
}
