//! Serves the web form on `127.0.0.1`.
//!
//! ```text
//! cargo run --manifest-path examples/web-form/Cargo.toml [-- --port PORT]
//! ```
//!
//! The port comes from `--port`, else the environment variable `PORT`, else 3000;
//! port 0 takes any free port. The address is printed once the server listens (the
//! browser test reads it from there). Nothing else is ever printed: no request is
//! logged.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

const DEFAULT_PORT: u16 = 3000;
const USAGE: &str = "usage: cvm-rules-web-form [--port PORT]   (or the environment variable PORT; default 3000, 0 for any free port)";

fn main() -> ExitCode {
    let port = match port(std::env::args().skip(1), std::env::var("PORT").ok()) {
        Ok(Some(port)) => port,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
    let addr = listener.local_addr()?;
    println!("cvm-rules web form listening on http://{addr}/");
    axum::serve(listener, cvm_rules_web_form::app())
        .with_graceful_shutdown(shutdown())
        .await
}

/// Ctrl-C or SIGTERM: stop accepting, finish the answers in flight, exit.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// The port from the arguments or `PORT`; `Ok(None)` for `--help`.
fn port(
    mut args: impl Iterator<Item = String>,
    env: Option<String>,
) -> Result<Option<u16>, String> {
    let mut from_args = None;
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" | "-p" => args.next().ok_or_else(|| format!("{arg} needs a value"))?,
            _ => match arg.strip_prefix("--port=") {
                Some(value) => value.to_owned(),
                None => return Err(format!("unexpected argument {arg:?}")),
            },
        };
        from_args = Some(parse_port(&value, "--port")?);
    }
    match (from_args, env) {
        (Some(port), _) => Ok(Some(port)),
        (None, Some(env)) if !env.is_empty() => parse_port(&env, "PORT").map(Some),
        (None, _) => Ok(Some(DEFAULT_PORT)),
    }
}

fn parse_port(value: &str, what: &str) -> Result<u16, String> {
    value
        .parse()
        .map_err(|_| format!("{what} must be a port number from 0 to 65535, not {value:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str], env: Option<&str>) -> Result<Option<u16>, String> {
        port(args.iter().map(|s| s.to_string()), env.map(str::to_owned))
    }

    #[test]
    fn ports() {
        assert_eq!(run(&[], None), Ok(Some(3000)));
        assert_eq!(run(&[], Some("")), Ok(Some(3000)));
        assert_eq!(run(&[], Some("8080")), Ok(Some(8080)));
        assert_eq!(run(&["--port", "0"], Some("8080")), Ok(Some(0)));
        assert_eq!(run(&["--port=4000"], None), Ok(Some(4000)));
        assert_eq!(run(&["-p", "4001"], None), Ok(Some(4001)));
        assert_eq!(run(&["--help"], None), Ok(None));
        assert!(run(&["--port"], None).is_err());
        assert!(run(&["--port", "70000"], None).is_err());
        assert!(run(&[], Some("x")).is_err());
        assert!(run(&["serve"], None).is_err());
    }
}
