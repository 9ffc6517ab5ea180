//! Reading a GEDCOM file and working out what it brings, on royal92 (3,010 people, ANSEL):
//! the part of an import that runs before anything is written (issue target: a dry run of
//! royal92 under 300 ms).

use std::hint::black_box;

use api::imports::{gedcom, mapping};
use criterion::{Criterion, criterion_group, criterion_main};

fn royal92(c: &mut Criterion) {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/gedcom/samples/royal92.ged"
    ))
    .unwrap_or_else(|error| panic!("{error}"));
    c.bench_function("royal92/read", |b| {
        b.iter(|| gedcom::read(black_box(&bytes)))
    });
    let document = gedcom::read(&bytes).unwrap_or_else(|error| panic!("{error}"));
    c.bench_function("royal92/map", |b| {
        b.iter(|| mapping::network(black_box(&document)))
    });
}

criterion_group!(benches, royal92);
criterion_main!(benches);
