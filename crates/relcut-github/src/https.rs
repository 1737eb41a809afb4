//! The one plain HTTP(S) client every non-GitHub call is made with: hyper over rustls (ring,
//! webpki roots compiled in, so no certificate store is read at start-up), HTTP/1, `http://`
//! allowed for local stand-ins. The client for prow, GCS and testgrid and the release's
//! outside probes both build theirs here.

use std::sync::Arc;
use std::time::Duration;

/// A hyper client over rustls, with `String` request bodies.
pub(crate) type Plain = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    String,
>;

/// A client that gives up connecting after `connect_timeout`. The error is the TLS set-up's,
/// worded for the caller's own error type.
pub(crate) fn client(connect_timeout: Duration) -> Result<Plain, String> {
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(connect_timeout));
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(provider)
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Ok(
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build(https),
    )
}
