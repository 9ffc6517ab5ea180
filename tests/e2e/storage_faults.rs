//! Storage that cannot take a write: a full disk under SQLite, a read-only PostgreSQL. A
//! write is acknowledged only once it is committed; every other answer is
//! SERVICE_UNAVAILABLE (never INTERNAL); /readyz says 503 meanwhile; and the server recovers
//! by itself when the storage does, without a restart.

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::Command,
    time::Duration,
};

use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tests::{Backend, TestApp};

use crate::{
    outage::status,
    own_postgres::OwnPostgres,
    support::{self, ADD_PERSON},
};

/// A small tmpfs mounted for one test and unmounted after it.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// Mounting needs root; CI runs as root, so only a developer's machine may skip.
    fn mount(megabytes: u32) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|output| output.status.success());
        if mounted {
            return Some(Self { dir });
        }
        assert!(
            std::env::var("CI").is_err(),
            "CI must be able to mount a tmpfs for the full-disk test"
        );
        eprintln!("skipped: cannot mount a tmpfs here (needs root); CI runs this test");
        None
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file until the disk is full.
    fn fill(&self) -> PathBuf {
        let path = self.path().join("filler");
        let mut file = std::fs::File::create(&path).unwrap_or_else(|error| panic!("{error}"));
        let block = vec![0u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        // The last bytes, smaller than a block.
        while file.write_all(&[0u8; 512]).is_ok() {}
        let _ = file.sync_all();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.path()).status();
    }
}

/// Adds a person; `Ok(member id)` when acknowledged, `Err(code)` otherwise.
async fn add(app: &TestApp, token: &str, child: &str, n: usize) -> Result<String, String> {
    let answer = app
        .gql(
            token,
            ADD_PERSON,
            json!({ "input": {
                "childId": child,
                "person": { "givenName": format!("Person {n}"), "familyName": "Filler",
                            "notes": "x".repeat(2000) },
                "membership": { "connectionStatus": "LOST" },
            }}),
        )
        .await;
    match answer.code() {
        None if answer.status == 200 => {
            Ok(answer.body["data"]["addPersonToNetwork"]["member"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned())
        }
        code => Err(code.unwrap_or("no code").to_owned()),
    }
}

/// Writes until one is refused, checking that each refusal is SERVICE_UNAVAILABLE;
/// returns the ids acknowledged on the way.
async fn write_until_refused(app: &TestApp, token: &str, child: &str) -> Vec<String> {
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for n in 0..200 {
        match add(app, token, child, n).await {
            Ok(id) => acknowledged.push(id),
            Err(code) => {
                assert_eq!(code, "SERVICE_UNAVAILABLE", "write {n} failed with {code}");
                refused += 1;
                if refused == 20 {
                    break;
                }
            }
        }
    }
    assert_eq!(refused, 20, "the full disk never refused a write");
    acknowledged
}

/// Waits for writes to be taken again; returns the id of the first one acknowledged.
async fn write_once_recovered(app: &TestApp, token: &str, child: &str) -> String {
    for n in 1000..1100 {
        match add(app, token, child, n).await {
            Ok(id) => return id,
            Err(code) => assert_eq!(code, "SERVICE_UNAVAILABLE", "write {n}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("writes did not recover");
}

async fn members_present(url: &str, ids: &[String]) -> usize {
    let db = Database::connect(url)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let mut present = 0;
    for id in ids {
        let literal = tests::uuid_literal(db.get_database_backend(), id);
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) FROM network_member WHERE id = {literal}"),
            ))
            .await
            .unwrap_or_else(|error| panic!("{error}"))
            .and_then(|row| row.try_get_by_index::<i64>(0).ok());
        present += usize::from(row == Some(1));
    }
    db.close().await.ok();
    present
}

#[tokio::test]
async fn a_full_disk_refuses_writes_loses_none_it_acknowledged_and_recovers() {
    let Some(disk) = SmallDisk::mount(4) else {
        return;
    };
    let url = format!(
        "sqlite://{}?mode=rwc",
        disk.path().join("kinmap.db").display()
    );
    let app = TestApp::spawn(Backend::Sqlite, {
        let url = url.clone();
        move |config| config.database_url = url.clone()
    })
    .await;
    let token = support::coordinator(&app);
    let (child, _) = support::create_child(&app, &token, "FULL-1").await;
    let mut acknowledged = vec![add(&app, &token, &child, 0).await.unwrap_or_else(|code| {
        panic!("a write before the disk filled failed: {code}");
    })];
    assert_eq!(status(&app, "/readyz").await, 200);

    let filler = disk.fill();
    acknowledged.extend(write_until_refused(&app, &token, &child).await);
    assert_eq!(status(&app, "/readyz").await, 503);
    assert_eq!(status(&app, "/healthz").await, 200);

    std::fs::remove_file(&filler).unwrap_or_else(|error| panic!("{error}"));
    acknowledged.push(write_once_recovered(&app, &token, &child).await);
    assert_eq!(status(&app, "/readyz").await, 200);

    // Every acknowledged member is in the network now, as another reader sees it, and
    // after the server is gone.
    let read = app
        .gql(
            &token,
            "query($id: ID!) { child(id: $id) { network { members { id } } } }",
            json!({ "id": child }),
        )
        .await;
    let listed: Vec<&str> = read.ok()["child"]["network"]["members"]
        .as_array()
        .map(|members| members.iter().filter_map(|m| m["id"].as_str()).collect())
        .unwrap_or_default();
    for id in &acknowledged {
        assert!(
            listed.contains(&id.as_str()),
            "acknowledged member {id} is not in the network"
        );
    }
    app.stop().await;
    assert_eq!(
        members_present(&url, &acknowledged).await,
        acknowledged.len()
    );
}

/// Sets `default_transaction_read_only` for the whole server and reloads its settings,
/// which reach the sessions already open too.
async fn set_read_only(url: &str, read_only: bool) {
    let admin = Database::connect(url)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let value = if read_only { "on" } else { "off" };
    for statement in [
        format!("ALTER SYSTEM SET default_transaction_read_only = {value}"),
        "SELECT pg_reload_conf()".to_owned(),
    ] {
        admin
            .execute_unprepared(&statement)
            .await
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
    admin.close().await.ok();
}

/// A network read, with the child's own record beside it.
const NETWORK: &str = r#"query($id: ID!) { child(id: $id) {
  caseReference person { givenName } network { members { id person { givenName } } }
} }"#;

#[tokio::test]
async fn a_read_only_database_refuses_writes_and_recovers_by_itself() {
    // The setting is the whole server's: this needs a PostgreSQL of its own.
    let Some(server) = OwnPostgres::start() else {
        return;
    };
    let app = TestApp::spawn(Backend::Postgres(server.url.clone()), |_| {}).await;
    let token = support::coordinator(&app);
    let (child, _) = support::create_child(&app, &token, "RO-1").await;
    let mut acknowledged = vec![add(&app, &token, &child, 0).await.unwrap_or_else(|code| {
        panic!("a write before the database became read-only failed: {code}");
    })];

    // Read once, so that the network's rows are kept: below, only the access row stands
    // between them and the answer.
    app.gql(&token, NETWORK, json!({ "id": child })).await.ok();

    set_read_only(&server.url, true).await;
    // The reload reaches each session a moment later.
    let mut refused = false;
    for n in 1..100 {
        match add(&app, &token, &child, n).await {
            Ok(id) => acknowledged.push(id),
            Err(code) => {
                assert_eq!(code, "SERVICE_UNAVAILABLE", "write {n} failed with {code}");
                refused = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(refused, "a read-only database took every write");
    assert_eq!(status(&app, "/readyz").await, 503);
    // A network read whose access row cannot be written fails, and nothing of the
    // network leaves with the failure, though its rows are kept.
    let refused_read = app.gql(&token, NETWORK, json!({ "id": child })).await;
    refused_read.error("SERVICE_UNAVAILABLE");
    let text = refused_read.body.to_string();
    assert!(!text.contains("members"), "the network left: {text}");
    for id in &acknowledged {
        assert!(!text.contains(id.as_str()), "a member left: {text}");
    }
    // What needs no write (no personal data read, so no access row) is still answered.
    let read: Value = app.gql(&token, "{ me { roles } }", json!({})).await.body;
    assert!(read.get("errors").is_none(), "{read}");

    set_read_only(&server.url, false).await;
    acknowledged.push(write_once_recovered(&app, &token, &child).await);
    assert_eq!(status(&app, "/readyz").await, 200);
    // Another connection, opened after the fault, sees every acknowledged member.
    assert_eq!(
        members_present(app.database_url(), &acknowledged).await,
        acknowledged.len()
    );
    app.stop().await;
}
