//! End-to-end tests: the real server on a real database (SQLite, and PostgreSQL when
//! `KINMAP_TEST_POSTGRES_URL` is set), driven over HTTP with signed JWTs.

mod access;
mod auth;
mod clients;
mod conferences;
mod consent;
mod exports;
mod finding;
mod imports;
mod limits;
mod live;
mod merges;
mod migrations;
mod mutations;
mod network_cache;
mod nothing_lost;
mod oracles;
mod outage;
mod own_postgres;
mod peers;
mod pictures;
mod records;
mod safer_writes;
mod statements;
mod storage_faults;
mod support;
