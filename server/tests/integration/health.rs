use crate::support::{json, spawn_app};

#[tokio::test]
async fn healthz_checks_the_database() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn healthz_reports_a_closed_database() {
    let app = spawn_app().await;
    app.db.clone().close().await.unwrap();
    let res = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 503);
}
