//! `notification-recorder [--log FILE]`: serves until killed, printing `ready` once it owns
//! the notification service on the session bus.

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut file = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--log" => file = args.next().map(PathBuf::from),
            _ => {
                eprintln!("usage: notification-recorder [--log FILE]");
                std::process::exit(2);
            }
        }
    }
    zbus::block_on(async {
        match plumbline_notification_recorder::Recorder::start(None, file).await {
            Ok(_recorder) => {
                println!("ready");
                std::future::pending::<()>().await;
            }
            Err(e) => {
                eprintln!("notification-recorder: cannot own the notification service: {e}");
                std::process::exit(1);
            }
        }
    });
}
