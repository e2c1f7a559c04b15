use crate::helpers::*;

#[tokio::test]
async fn the_demo_user_gets_tokens_by_password() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    let claims = jwt_claims(t["access_token"].as_str().unwrap());
    assert_eq!(claims["client_id"], DEMO_CLIENT);
    assert_eq!(claims["iss"], app.base.as_str());
    assert!(t["refresh_token"].as_str().unwrap().starts_with("rt_"));
}
