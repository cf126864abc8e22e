//! The agent app's built files: cached forever when their names are hashed, compressed once
//! at build time.
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

use crate::support::spawn_app;

fn site_with_files() -> tempdir::Dir {
    let dir = tempdir::Dir::new();
    let pkg = dir.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("chat.abc123.js"), "console.log('plain')").unwrap();
    std::fs::write(pkg.join("chat.abc123.js.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("chat.abc123.js.gz"), b"gzip bytes").unwrap();
    dir
}

/// A throwaway folder (removed when dropped).
mod tempdir {
    use rand::Rng;
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new() -> Self {
            let n: u64 = rand::rng().random();
            let p = std::env::temp_dir().join(format!("chat_test_site_{n:016x}"));
            std::fs::create_dir_all(&p).unwrap();
            Self(p)
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[tokio::test]
async fn hashed_files_are_immutable_and_served_precompressed() {
    let app = spawn_app().await;
    let site = site_with_files();
    let state = app.server_state.clone();
    let router = server::site_assets::routes(site.path().to_str().unwrap(), "pkg", true)
        .with_state(state.clone());
    let get = |encoding: &'static str| {
        Request::get("/pkg/chat.abc123.js")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap()
    };
    let res = router.clone().oneshot(get("br, gzip")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let res = router.clone().oneshot(get("gzip")).await.unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    let res = router.clone().oneshot(get("identity")).await.unwrap();
    assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
    let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
    assert_eq!(&body[..], b"console.log('plain')");

    // Unhashed names (debug builds) are revalidated instead.
    let router =
        server::site_assets::routes(site.path().to_str().unwrap(), "pkg", false).with_state(state);
    let res = router.oneshot(get("br")).await.unwrap();
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
}
