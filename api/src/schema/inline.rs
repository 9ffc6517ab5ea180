//! Resolving the network's many small objects without a boxed future for every field.
//!
//! async-graphql resolves an object by boxing one future per selected field, collecting
//! them and awaiting them (one after another for `#[Object(serial)]` types), then growing
//! a map of the answers. A network answer of 89 people and 252 relationships is about 3,400
//! field values in 850 objects; allocation (8%) and copying (7.6%) were the server's two
//! largest costs on that read, much of them under that boxing (bench/README.md, second
//! sitting). [`Inline`] resolves the same fields, through the same generated
//! `resolve_field` of the type, awaited in place.

use std::borrow::Cow;

use async_graphql::{
    ContainerType, ContextSelectionSet, OutputType, Positioned, ServerResult, Value,
    indexmap::IndexMap,
    parser::types::{Field, Selection, SelectionSet},
    registry::Registry,
};

/// `T`, answered with its fields resolved one after another in place, as an
/// `#[Object(serial)]` type would answer them. The schema sees `T` itself.
///
/// Only a selection of plain fields, each asked for once and with no directive left (the
/// executor has already applied `@skip` and `@include`), is resolved in place; anything
/// else (fragments, a field asked for twice, a directive) goes to `T`'s own resolution,
/// which merges and applies them. In place, as in async-graphql's own resolution when the
/// schema has no extensions, each field is `T::resolve_field`; the schema registers none
/// (`schema::build`), whose resolution hooks this would pass by.
#[derive(Clone)]
pub struct Inline<T>(pub T);

impl<T: ContainerType> OutputType for Inline<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        self.0.introspection_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let selection = &ctx.item.node;
        if !plain(selection) {
            return self.0.resolve(ctx, field).await;
        }
        let mut answer = IndexMap::with_capacity(selection.items.len());
        for field in selection.items.iter().filter_map(|item| match &item.node {
            Selection::Field(field) => Some(field),
            _ => None,
        }) {
            let name = field.node.response_key().node.clone();
            if field.node.name.node == "__typename" {
                let type_name = self.0.introspection_type_name().into_owned();
                answer.insert(name, Value::String(type_name));
                continue;
            }
            // As async-graphql does: an error is the request's, and the field is left out.
            match self.0.resolve_field(&ctx.with_field(field)).await {
                Ok(value) => {
                    answer.insert(name, value.unwrap_or_default());
                }
                Err(error) => ctx.add_error(error),
            }
        }
        Ok(match answer.is_empty() {
            true => Value::Null,
            false => Value::Object(answer),
        })
    }
}

/// Fields only, none with a directive, no response key twice.
fn plain(selection: &SelectionSet) -> bool {
    selection.items.iter().enumerate().all(|(at, item)| {
        let Selection::Field(field) = &item.node else {
            return false;
        };
        let key = field.node.response_key().node.as_str();
        field.node.directives.is_empty()
            && selection.items[..at]
                .iter()
                .all(|earlier| match &earlier.node {
                    Selection::Field(earlier) => earlier.node.response_key().node.as_str() != key,
                    _ => false,
                })
    })
}

#[cfg(test)]
mod tests {
    use super::Inline;
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

    #[derive(Clone)]
    struct Item(i32);

    #[Object(serial)]
    impl Item {
        async fn n(&self) -> i32 {
            self.0
        }

        async fn label(&self) -> String {
            format!("item {}", self.0)
        }

        async fn refused(&self) -> Result<Option<i32>, &'static str> {
            Err("refused")
        }

        async fn refused_always(&self) -> Result<i32, &'static str> {
            Err("refused always")
        }

        async fn part(&self) -> Inline<Part> {
            Inline(Part(self.0 + 1))
        }

        async fn maybe_part(&self) -> Option<Inline<Part>> {
            (self.0 % 2 == 0).then(|| Inline(Part(self.0 * 10)))
        }
    }

    /// Inside an item, answered in place; an item inside it is answered as derived (an
    /// `Inline` of a type within itself would be a future of endless size).
    #[derive(Clone)]
    struct Part(i32);

    #[Object(serial)]
    impl Part {
        async fn n(&self) -> i32 {
            self.0
        }

        async fn label(&self) -> String {
            format!("part {}", self.0)
        }

        async fn refused_always(&self) -> Result<i32, &'static str> {
            Err("refused always")
        }

        async fn item(&self) -> Item {
            Item(self.0 * 100)
        }
    }

    struct Query;

    #[Object]
    impl Query {
        async fn derived(&self) -> Vec<Item> {
            (1..=3).map(Item).collect()
        }

        async fn inlined(&self) -> Vec<Inline<Item>> {
            (1..=3).map(|n| Inline(Item(n))).collect()
        }
    }

    /// The same selection answered by the derived resolution and by `Inline`, errors and
    /// all (their paths name the list field, so both are asked for as `items`, and the
    /// two fields' names are of one length, so that errors point at the same columns).
    async fn both(selection: &str) -> serde_json::Result<(serde_json::Value, serde_json::Value)> {
        let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
        let ask = |field: &str| {
            let declared: Vec<_> = [("$yes", true), ("$no", false)]
                .into_iter()
                .filter(|(name, _)| selection.contains(name))
                .map(|(name, value)| format!("{name}: Boolean = {value}"))
                .collect();
            let variables = match declared.is_empty() {
                true => String::new(),
                false => format!("({})", declared.join(", ")),
            };
            let fragment = match selection.contains("...Parts") {
                true => "fragment Parts on Item { n label }",
                false => "",
            };
            let query = format!("query{variables} {{ items: {field} {selection} }} {fragment}");
            let schema = schema.clone();
            async move { serde_json::to_value(schema.execute(query).await) }
        };
        Ok((ask("derived").await?, ask("inlined").await?))
    }

    #[tokio::test]
    async fn inline_answers_as_the_derived_resolution_does() -> serde_json::Result<()> {
        for selection in [
            "{ n label }",
            "{ first: n second: label __typename }",
            "{ n part { n item { label part { label } } } maybePart { n } }",
            "{ n refused }",
            "{ n refusedAlways label }",
            "{ n part { refusedAlways } }",
            "{ n n label }",
            "{ n part { n } part { label } }",
            "{ ...Parts part { n label } }",
            "{ n ... on Item { label } }",
            "{ n label @skip(if: $yes) part @include(if: $no) { n } }",
            "{ n label @skip(if: $no) }",
            "{ __typename }",
        ] {
            let (derived, inline) = both(selection).await?;
            assert!(
                derived["data"]["items"].is_array(),
                "{selection}: {derived}"
            );
            assert_eq!(inline, derived, "{selection}");
        }
        Ok(())
    }

    #[test]
    fn the_schema_sees_the_type_itself() {
        let sdl = Schema::new(Query, EmptyMutation, EmptySubscription).sdl();
        assert!(sdl.contains("derived: [Item!]!"), "{sdl}");
        assert!(sdl.contains("inlined: [Item!]!"), "{sdl}");
        assert!(sdl.contains("maybePart: Part\n"), "{sdl}");
        assert!(sdl.contains("part: Part!"), "{sdl}");
    }
}
