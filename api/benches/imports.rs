//! Importing royal92 (3,010 people, ANSEL): reading the file and working out what it brings,
//! then the whole import on a real SQLite database, as a dry run and for real (issue
//! targets: the import under 1 s, the dry run under 300 ms).

use std::{
    hint::black_box,
    sync::Arc,
    time::{Duration, Instant},
};

use api::{
    config::Config,
    db::Db,
    demo,
    imports::{gedcom, mapping},
    metrics::Metrics,
    service::{identity, imports},
};
use criterion::{Criterion, criterion_group, criterion_main};

fn royal92_bytes() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/gedcom/samples/royal92.ged"
    ))
    .unwrap_or_else(|error| panic!("{error}"))
}

fn reading(c: &mut Criterion) {
    let bytes = royal92_bytes();
    c.bench_function("royal92/read", |b| {
        b.iter(|| gedcom::read(black_box(&bytes)))
    });
    let document = gedcom::read(&bytes).unwrap_or_else(|error| panic!("{error}"));
    c.bench_function("royal92/map", |b| {
        b.iter(|| mapping::network(black_box(&document)))
    });
}

/// Each import goes into a child of an organisation of its own, so that no import finds
/// the people an earlier one wrote.
fn importing(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|error| panic!("{error}"));
    let directory = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let url = format!(
        "sqlite://{}?mode=rwc",
        directory.path().join("bench.db").display()
    );
    let db = runtime.block_on(async {
        let db = Db::connect(&Config::for_database(url), Arc::new(Metrics::new()))
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        db.migrate().await.unwrap_or_else(|error| panic!("{error}"));
        db
    });
    let bytes = royal92_bytes();
    let mut organisations = 0;
    let mut run = |dry_run: bool, iterations: u64| -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..iterations {
            organisations += 1;
            let org = format!("bench-{organisations}");
            total += runtime.block_on(async {
                let child = demo::synthetic(&db, &org, "bench", 1)
                    .await
                    .unwrap_or_else(|error| panic!("{error}"));
                let viewer = identity::practitioner(&db.conn, &org, "bench")
                    .await
                    .unwrap_or_else(|error| panic!("{error}"));
                let input = imports::NewImport {
                    child_id: child.into(),
                    file: imports::ImportFile::Gedcom(bytes.clone()),
                    file_name: "royal92.ged".into(),
                    child_record: Some("@I115@".into()),
                    dry_run,
                };
                let start = Instant::now();
                let report = imports::import(&db, &viewer, input)
                    .await
                    .unwrap_or_else(|error| panic!("{error}"));
                let took = start.elapsed();
                assert_eq!(report.people.created, 3009);
                took
            });
        }
        total
    };
    let mut group = c.benchmark_group("royal92");
    group.sample_size(10);
    group.bench_function("dry run", |b| b.iter_custom(|n| run(true, n)));
    group.bench_function("import", |b| b.iter_custom(|n| run(false, n)));
    group.finish();
}

criterion_group!(benches, reading, importing);
criterion_main!(benches);
