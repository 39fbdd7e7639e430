//! The HTTP server of `qiime tools view`: hyper's HTTP/1 server on a single-threaded tokio
//! runtime, answering `GET` and `HEAD` for the files of one folder under a random token, to
//! clients that name this server in their `Host` header, with bounded requests and connections.

use std::convert::Infallible;
use std::io::Read;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;

/// Largest request head (request line and headers) read, in bytes.
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send a request's head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one connection may last.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(120);
/// Connections served at once; more are closed at once.
const MAX_CONNECTIONS: usize = 64;

/// What the server serves.
#[derive(Debug)]
pub(super) struct Site {
    /// The folder whose files are served.
    pub(super) root: PathBuf,
    /// The secret first path segment of every address served.
    pub(super) token: String,
    /// The port it listens on (for the `Host` check).
    pub(super) port: u16,
}

/// Serves `site` on `listener` until the process is stopped.
pub(super) fn serve(listener: TcpListener, site: Site) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let site = Arc::new(site);
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                continue; // Too many at once: this one is closed.
            };
            let site = Arc::clone(&site);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let response = answer(&site, &request);
                    async move { Ok::<_, Infallible>(response) }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEAD_TIMEOUT)
                    .max_buf_size(MAX_HEAD)
                    .serve_connection(TokioIo::new(stream), service);
                let _ = tokio::time::timeout(CONNECTION_TIMEOUT, connection).await;
                drop(slot);
            });
        }
    })
}

/// The response to one request.
fn answer(site: &Site, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    let head_only = match *request.method() {
        Method::GET => false,
        Method::HEAD => true,
        _ => return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n"),
    };
    if !names_this_server(site, request) {
        return plain(
            StatusCode::FORBIDDEN,
            "this server answers 127.0.0.1 only\n",
        );
    }
    let prefix = format!("/{}/", site.token);
    let Some(target) = request.uri().path().strip_prefix(&prefix) else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let Some((mut file, path)) = super::files::open_under(&site.root, target) else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let mut body = Vec::new();
    if file.read_to_end(&mut body).is_err() {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    }
    let length = body.len();
    let mut response = Response::new(Full::new(if head_only {
        Bytes::new()
    } else {
        Bytes::from(body)
    }));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(super::files::content_type(&path)),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    secure(response)
}

/// Whether the request's `Host` is this server (`127.0.0.1:<port>` or `localhost:<port>`): a
/// page elsewhere that rebinds a name of its own to 127.0.0.1 sends its own name.
fn names_this_server(site: &Site, request: &Request<Incoming>) -> bool {
    let Some(host) = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
    else {
        return false;
    };
    let port = site.port.to_string();
    host.rsplit_once(':')
        .is_some_and(|(name, p)| p == port && matches!(name, "127.0.0.1" | "localhost"))
}

/// A short plain-text response.
fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    }
    secure(response)
}

/// Adds the headers every response carries: nothing cached, no type sniffing, and no address
/// (with its token) sent to other sites as a referrer.
fn secure(mut response: Response<Full<Bytes>>) -> Response<Full<Bytes>> {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
