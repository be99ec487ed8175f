//! The address a request really came from. `X-Forwarded-For` is believed only when the socket peer is a
//! proxy listed in `TRUSTED_PROXIES`, so a client cannot dodge a rate limit by inventing the header.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::state::AppState;

pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        Ok(Self(resolve(
            peer,
            &parts.headers,
            &state.settings.server.trusted_proxies,
        )))
    }
}

/// Walks `X-Forwarded-For` from the right (the hop nearest us) past trusted proxies.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    hops.into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn untrusted_peer_header_is_ignored() {
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(resolve(peer, &headers("1.2.3.4"), &[]), peer);
    }

    #[test]
    fn trusted_proxy_header_is_walked_from_the_right() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let got = resolve(proxy, &headers("6.6.6.6, 198.51.100.7, 10.0.0.1"), &[proxy]);
        assert_eq!(got, "198.51.100.7".parse::<IpAddr>().unwrap());
    }
}
