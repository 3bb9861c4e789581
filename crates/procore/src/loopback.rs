//! The authorization-code redirect: a one-shot HTTP listener on 127.0.0.1 at the fixed port
//! registered with Procore, which checks `state` and hands back the code.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use url::Url;

use crate::{Endpoints, ProcoreError};

/// The loopback port Plumbline registers with Procore (`http://127.0.0.1:47613/callback`).
pub const PLUMBLINE_REDIRECT_PORT: u16 = 47_613;

/// An unguessable `state` value: 128 bits from the process's randomly keyed SipHash.
pub fn random_state() -> String {
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// The page to open in the system browser.
pub fn authorization_url(
    endpoints: &Endpoints,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
) -> Result<Url, ProcoreError> {
    let mut url = endpoints
        .login
        .join("oauth/authorize")
        .map_err(|e| ProcoreError::Invalid(e.to_string()))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("state", state);
    Ok(url)
}

/// Listens on 127.0.0.1 only (never on all interfaces) for the one redirect that completes
/// sign-in.
pub struct LoopbackListener {
    listener: TcpListener,
    port: u16,
}

const DONE_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Plumbline</title><body style=\"font-family:sans-serif;margin:4em\"><h1>Signed in</h1><p>You can close this tab and return to Plumbline.</p>";

impl LoopbackListener {
    /// Binds the port; 0 picks a free one (tests).
    pub async fn bind(port: u16) -> Result<Self, ProcoreError> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
            ProcoreError::SignIn(format!("port {port} on this computer is busy ({e}); close the program using it, or use the paste-the-code sign-in"))
        })?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
        Ok(Self { listener, port })
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/callback", self.port)
    }

    /// Waits for the redirect and returns the code. Requests for other paths (a browser's
    /// favicon) are answered 404 and ignored; a wrong `state` ends the sign-in.
    pub async fn wait_for_code(
        self,
        expected_state: &str,
        timeout: Duration,
    ) -> Result<String, ProcoreError> {
        tokio::time::timeout(timeout, async {
            loop {
                let (mut stream, _) = self.listener.accept().await.map_err(|e| ProcoreError::SignIn(e.to_string()))?;
                let mut buffer = vec![0u8; 8192];
                let n = stream.read(&mut buffer).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buffer[..n]);
                let target = head.lines().next().and_then(|l| l.split_whitespace().nth(1)).unwrap_or("/");
                let url = Url::parse(&format!("http://127.0.0.1{target}")).ok();
                let Some(url) = url.filter(|u| u.path() == "/callback") else {
                    let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
                    continue;
                };
                let param = |k: &str| url.query_pairs().find(|(key, _)| key == k).map(|(_, v)| v.into_owned());
                let (result, page) = match (param("code"), param("state"), param("error")) {
                    (_, _, Some(error)) => (Err(ProcoreError::SignIn(format!("Procore said {error}; try again and choose Authorize"))), "<h1>Sign-in cancelled</h1>"),
                    (Some(code), Some(state), None) if state == expected_state => (Ok(code), DONE_PAGE),
                    (Some(_), _, None) => (Err(ProcoreError::SignIn("the answer did not match this sign-in (state mismatch); start again from Plumbline".into())), "<h1>This sign-in did not come from Plumbline</h1>"),
                    _ => (Err(ProcoreError::SignIn("Procore's answer had no code".into())), "<h1>No code</h1>"),
                };
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                    page.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
                return result;
            }
        })
        .await
        .map_err(|_| ProcoreError::SignIn("no answer from the browser in time; start the sign-in again".into()))?
    }
}
