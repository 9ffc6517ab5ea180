//! Views: what the API shows of a row, read by position straight from the driver's row.
//!
//! A network is read in thousands of rows. sea-orm's derived decoding looks every column up
//! by name and, for every NULL it reads as `None`, formats an error message first and then
//! drops it; over a 2,000-person network that is about 86,000 name lookups and tens of
//! thousands of strings per request. `DerivePartialModel` selects a view's columns in the
//! order of its fields, so `view!` reads them back in that order, from one list of fields.

use sea_orm::{
    ActiveEnum, DbErr, QueryResult,
    sqlx::{self, Decode, Postgres, Row as _, Sqlite, Type, ValueRef as _},
};

/// Declares a view of an entity (its `View`, or a narrower one): a partial model of the
/// columns listed, read by position, and made from a whole `Model` by taking the same fields.
/// A view declared `within` a wider one is also made from that one by the same fields.
macro_rules! view {
    (
        $(#[$attr:meta])*
        pub struct $view:ident within $wider:ident {
            $(pub $field:ident: $ty:ty,)*
        }
    ) => {
        $crate::view::view! {
            $(#[$attr])*
            pub struct $view {
                $(pub $field: $ty,)*
            }
        }

        impl From<&$wider> for $view {
            fn from(wider: &$wider) -> Self {
                Self {
                    $($field: Clone::clone(&wider.$field),)*
                }
            }
        }
    };
    (
        $(#[$attr:meta])*
        pub struct $view:ident {
            $(pub $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, Eq, sea_orm::DerivePartialModel)]
        #[sea_orm(entity = "Entity", from_query_result = "false")]
        pub struct $view {
            $(pub $field: $ty,)*
        }

        impl sea_orm::FromQueryResult for $view {
            fn from_query_result(
                row: &sea_orm::QueryResult,
                prefix: &str,
            ) -> Result<Self, sea_orm::DbErr> {
                let mut cells = $crate::view::Cells::new(row, prefix)?;
                Ok(Self {
                    $($field: cells.next(stringify!($field))?,)*
                })
            }
        }

        impl From<Model> for $view {
            fn from(model: Model) -> Self {
                Self {
                    $($field: model.$field,)*
                }
            }
        }
    };
}
pub(crate) use view;

/// The driver's row, whichever database it came from.
#[derive(Clone, Copy)]
pub enum Row<'a> {
    Sqlite(&'a sqlx::sqlite::SqliteRow),
    Postgres(&'a sqlx::postgres::PgRow),
}

/// A row's cells, taken in order.
pub struct Cells<'a> {
    row: Row<'a>,
    next: usize,
}

impl<'a> Cells<'a> {
    /// The cells of `row`. A view is read on its own: nested in a larger select (a
    /// `prefix`), its columns would not start at the first.
    pub fn new(row: &'a QueryResult, prefix: &str) -> Result<Self, DbErr> {
        if !prefix.is_empty() {
            return Err(DbErr::Type(format!(
                "a view is read on its own, not nested under {prefix:?}"
            )));
        }
        let row = match (row.try_as_sqlite_row(), row.try_as_pg_row()) {
            (Some(row), _) => Row::Sqlite(row),
            (_, Some(row)) => Row::Postgres(row),
            _ => {
                return Err(DbErr::Type(
                    "a view is read from SQLite or PostgreSQL".into(),
                ));
            }
        };
        Ok(Self { row, next: 0 })
    }

    /// The next cell, as the field `name` (named in the error if it cannot be read).
    pub fn next<T: Cell>(&mut self, name: &str) -> Result<T, DbErr> {
        let index = self.next;
        self.next += 1;
        T::read(self.row, index)
            .map_err(|error| DbErr::Type(format!("column {index} ({name}): {error}")))
    }
}

/// A value a view's field can hold.
pub trait Cell: Sized {
    fn read(row: Row<'_>, index: usize) -> Result<Self, sqlx::Error>;
}

impl<T: Cell> Cell for Option<T> {
    fn read(row: Row<'_>, index: usize) -> Result<Self, sqlx::Error> {
        let null = match row {
            Row::Sqlite(row) => row.try_get_raw(index)?.is_null(),
            Row::Postgres(row) => row.try_get_raw(index)?.is_null(),
        };
        match null {
            true => Ok(None),
            false => T::read(row, index).map(Some),
        }
    }
}

/// A type both drivers decode themselves.
fn native<T>(row: Row<'_>, index: usize) -> Result<T, sqlx::Error>
where
    T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>,
{
    match row {
        Row::Sqlite(row) => row.try_get(index),
        Row::Postgres(row) => row.try_get(index),
    }
}

macro_rules! native_cells {
    ($($ty:ty),* $(,)?) => {
        $(impl Cell for $ty {
            fn read(row: Row<'_>, index: usize) -> Result<Self, sqlx::Error> {
                native(row, index)
            }
        })*
    };
}

native_cells!(
    uuid::Uuid,
    String,
    i32,
    bool,
    chrono::NaiveDate,
    serde_json::Value
);

/// An enumeration stored as its text.
fn text_enum<T: ActiveEnum<Value = String>>(row: Row<'_>, index: usize) -> Result<T, sqlx::Error> {
    let text: String = native(row, index)?;
    T::try_from_value(&text).map_err(|error| sqlx::Error::Decode(error.to_string().into()))
}

macro_rules! enum_cells {
    ($($ty:ty),* $(,)?) => {
        $(impl Cell for $ty {
            fn read(row: Row<'_>, index: usize) -> Result<Self, sqlx::Error> {
                text_enum(row, index)
            }
        })*
    };
}

enum_cells!(
    crate::enums::Sex,
    crate::enums::NameKind,
    crate::enums::ConnectionStatus,
    crate::enums::FamilySide,
    crate::enums::Circle,
    crate::enums::ChildView,
    crate::enums::Restriction,
    crate::enums::RelationshipKind,
    crate::enums::ParentKind,
    crate::enums::RelationshipQuality,
    crate::enums::Confidence,
);
