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
            /// A page of `records`, each with its cursor.
            pub fn new(records: Vec<(String, $node)>, has_previous: bool, has_next: bool) -> Self {
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
