//! Relay connections: one page of a list, each record with its cursor, and where the page
//! stands in the whole list. Written here rather than taken from async-graphql, whose
//! connection types carry no description of what they list.

use async_graphql::SimpleObject;

/// Where a page stands in the whole list.
#[derive(SimpleObject, Clone, Debug, Default)]
pub struct PageInfo {
    /// Whether there are records before this page.
    pub has_previous_page: bool,
    /// Whether there are records after this page: ask again with `after: endCursor`.
    pub has_next_page: bool,
    /// The cursor of the first record on this page.
    pub start_cursor: Option<String>,
    /// The cursor of the last record on this page.
    pub end_cursor: Option<String>,
}

/// Declares a connection type and its edge type for one kind of record, each with its
/// description.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty, $connection_doc:literal, $edge_doc:literal) => {
        #[doc = $connection_doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $connection {
            /// The records on this page, each with its cursor.
            pub edges: Vec<$edge>,
            /// The records on this page, without cursors.
            pub nodes: Vec<$node>,
            /// Where this page stands in the whole list.
            pub page_info: $crate::schema::pages::PageInfo,
        }

        #[doc = $edge_doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $edge {
            /// The record.
            pub node: $node,
            /// Where the record stands: pass it as `after` for the records that follow.
            pub cursor: String,
        }

        impl $connection {
            /// The connection of one page.
            pub fn new(page: $crate::schema::pages::Page<$node>) -> Self {
                let $crate::schema::pages::Page {
                    records,
                    has_previous,
                    has_next,
                } = page;
                let page_info = $crate::schema::pages::PageInfo {
                    has_previous_page: has_previous,
                    has_next_page: has_next,
                    start_cursor: records.first().map(|(cursor, _)| cursor.clone()),
                    end_cursor: records.last().map(|(cursor, _)| cursor.clone()),
                };
                let nodes = records.iter().map(|(_, node)| node.clone()).collect();
                let edges = records
                    .into_iter()
                    .map(|(cursor, node)| $edge { node, cursor })
                    .collect();
                Self {
                    edges,
                    nodes,
                    page_info,
                }
            }
        }
    };
}

pub(crate) use connection;

/// One page of a list: its records, each with its cursor, and whether there are records
/// before and after it.
#[derive(Debug, Default)]
pub struct Page<T> {
    pub records: Vec<(String, T)>,
    pub has_previous: bool,
    pub has_next: bool,
}

/// One page of `records`, in the order given: the first `first` after the record whose id
/// is `after`, each with its id as its cursor; and whether there are records before and
/// after the page. An `after` that names no record of the list is `BAD_USER_INPUT`.
pub fn page<T>(
    records: Vec<T>,
    id: impl Fn(&T) -> uuid::Uuid,
    first: Option<i32>,
    default: i32,
    after: Option<&str>,
) -> Result<Page<T>, crate::error::ApiError> {
    let limit = crate::schema::people::first(first, default)?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let start = match after {
        None => 0,
        Some(cursor) => {
            let after = uuid::Uuid::parse_str(cursor).ok();
            let position = records
                .iter()
                .position(|record| Some(id(record)) == after)
                .ok_or_else(|| {
                    crate::error::ApiError::bad_input(
                        "after",
                        "after is not the cursor of a record in this list",
                    )
                })?;
            position + 1
        }
    };
    let total = records.len();
    let page: Vec<(String, T)> = records
        .into_iter()
        .skip(start)
        .take(limit)
        .map(|record| (id(&record).to_string(), record))
        .collect();
    let has_next = start + page.len() < total;
    Ok(Page {
        records: page,
        has_previous: start > 0,
        has_next,
    })
}

/// One page of rows read `limit + 1` at a time from the database (the extra row only says
/// there is more), each row made a record with its id as its cursor; `after` says whether
/// the page follows a cursor.
pub fn keyset_page<R, T>(
    mut rows: Vec<R>,
    limit: usize,
    after: bool,
    record: impl Fn(R) -> (uuid::Uuid, T),
) -> Page<T> {
    let has_next = rows.len() > limit;
    rows.truncate(limit);
    Page {
        records: rows
            .into_iter()
            .map(|row| {
                let (id, node) = record(row);
                (id.to_string(), node)
            })
            .collect(),
        has_previous: after,
        has_next,
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::page;

    #[test]
    fn pages_follow_one_another_to_the_end() {
        let ids: Vec<Uuid> = (0..5).map(|_| Uuid::now_v7()).collect();
        let first = page(ids.clone(), |id| *id, Some(2), 20, None).unwrap_or_default();
        assert_eq!(
            (first.records.len(), first.has_previous, first.has_next),
            (2, false, true)
        );
        let cursor = first.records[1].0.clone();
        let second = page(ids.clone(), |id| *id, Some(2), 20, Some(&cursor)).unwrap_or_default();
        let second_ids: Vec<Uuid> = second.records.iter().map(|(_, id)| *id).collect();
        assert_eq!(second_ids, ids[2..4]);
        assert!(second.has_previous && second.has_next);
        let cursor = second.records[1].0.clone();
        let last = page(ids.clone(), |id| *id, Some(2), 20, Some(&cursor)).unwrap_or_default();
        assert_eq!((last.records.len(), last.has_next), (1, false));
        assert!(page(ids, |id| *id, Some(2), 20, Some("nonsense")).is_err());
    }
}
