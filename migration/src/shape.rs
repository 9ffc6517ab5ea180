//! Column and table shapes the migrations share. A shape here never changes once a
//! migration has used it: a table that needs another shape gets a new function, so that an
//! old migration keeps meaning what it meant.

use sea_orm_migration::{prelude::*, schema::*};

/// A text column whose value must be one of `values`.
pub fn one_of(column: &'static str, values: &[&'static str]) -> ColumnDef {
    text(column)
        .check(Expr::col(column).is_in(values.iter().copied()))
        .take()
}

/// Like [`one_of`], but the column may be NULL.
pub fn one_of_null(column: &'static str, values: &[&'static str]) -> ColumnDef {
    text_null(column)
        .check(Expr::col(column).is_in(values.iter().copied()))
        .take()
}

/// The bookkeeping every mutable row carries: optimistic-locking version, who made and last
/// changed it, and the soft-delete marker (nothing is ever deleted for real).
pub fn with_bookkeeping(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table
        .col(integer("version").default(1))
        .col(timestamp_with_time_zone("created_at"))
        .col(uuid_null("created_by"))
        .col(timestamp_with_time_zone("updated_at"))
        .col(uuid_null("updated_by"))
        .col(timestamp_with_time_zone_null("deleted_at"))
        .col(uuid_null("deleted_by"))
}

pub fn fk(
    table: &'static str,
    column: &'static str,
    target: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table, column)
        .to(target, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

pub fn index(table: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement
        .name(format!("ix_{table}_{}", columns.join("_")))
        .table(table);
    for column in columns {
        statement.col(*column);
    }
    statement
}
