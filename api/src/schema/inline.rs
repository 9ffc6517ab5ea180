//! Resolving the network's many small objects without a boxed future for every field.
//!
//! async-graphql resolves an object by boxing one future per selected field, collecting
//! them and awaiting them (one after another for `#[Object(serial)]` types), then growing
//! a map of the answers. A network answer of 89 people and 252 relationships is about 3,400
//! field values in 850 objects; allocation (8%) and copying (7.6%) were the server's two
//! largest costs on that read, much of them under that boxing (bench/README.md, second
//! sitting). [`Inline`] resolves the same fields, through the same generated
//! `resolve_field` of the type, awaited in place; each object starts from its selection's
//! shape ([`Shapes`]) instead of hashing its keys, and [`InlineList`] answers a list of
//! them without a task for every item (bench/README.md, sixth sitting).

use std::{
    borrow::Cow,
    sync::{Arc, Mutex, PoisonError},
    task::Poll,
};

use async_graphql::{
    ContainerType, ContextSelectionSet, Name, OutputType, Positioned, ServerResult, Value,
    indexmap::IndexMap,
    parser::types::{Field, Selection, SelectionSet},
    registry::Registry,
    resolver_utils::resolve_list,
};
use futures_util::{FutureExt, StreamExt, stream::FuturesUnordered};

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
        match shape_of(ctx) {
            Some(shape) => Ok(fill(&self.0, ctx, IndexMap::clone(&shape)).await),
            None => self.0.resolve(ctx, field).await,
        }
    }
}

/// A list of `T`, each answered as [`Inline`] answers it: the items' shape is looked up
/// once for the list, and each item is polled as it is made, where async-graphql's list
/// gathers every item's future and then runs each as a task of its own in a
/// `FuturesOrdered` (a tenth of the instructions of the peers' network read went to that,
/// with the copying of each future into its task). Only an item that must wait (on a
/// loader, say) is kept, with the others that wait, and polled when woken; the items
/// still start in order, all before any is waited for, so their loads share batches as
/// before. The schema sees `[T!]!`.
pub struct InlineList<T>(pub Vec<T>);

impl<T: ContainerType> OutputType for InlineList<T> {
    fn type_name() -> Cow<'static, str> {
        <Vec<Inline<T>> as OutputType>::type_name()
    }

    fn qualified_type_name() -> String {
        <Vec<Inline<T>> as OutputType>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <Vec<Inline<T>> as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let Some(shape) = shape_of(ctx) else {
            return resolve_list(ctx, field, &self.0, Some(self.0.len())).await;
        };
        let items = self.0.iter().enumerate().map(|(at, item)| {
            let answer = IndexMap::clone(&shape);
            async move { fill(item, &ctx.with_index(at), answer).await }
        });
        Ok(Value::List(in_order(items).await))
    }
}

/// `item`'s answer to a plain selection: `answer` holds the selection's keys in order,
/// each with a null, and each field's value goes to its own index. A field that fails is
/// left out, as in async-graphql's own resolution: its error is the request's.
async fn fill<T: ContainerType>(
    item: &T,
    ctx: &ContextSelectionSet<'_>,
    mut answer: IndexMap<Name, Value>,
) -> Value {
    let mut failed = Vec::new();
    for (at, field) in fields(&ctx.item.node).enumerate() {
        let value = match field.node.name.node == "__typename" {
            true => Ok(Some(Value::String(
                item.introspection_type_name().into_owned(),
            ))),
            false => item.resolve_field(&ctx.with_field(field)).await,
        };
        match value {
            Ok(value) => {
                if let Some((_, slot)) = answer.get_index_mut(at) {
                    *slot = value.unwrap_or_default();
                }
            }
            Err(error) => {
                ctx.add_error(error);
                failed.push(at);
            }
        }
    }
    for at in failed.into_iter().rev() {
        answer.shift_remove_index(at);
    }
    match answer.is_empty() {
        true => Value::Null,
        false => Value::Object(answer),
    }
}

/// The values of `items`, in order: each polled once as it is made, and only those not
/// yet done kept, to be polled when woken.
async fn in_order<F: Future<Output = Value>>(
    items: impl ExactSizeIterator<Item = F>,
) -> Vec<Value> {
    let mut items = items;
    let mut values = Vec::with_capacity(items.len());
    let mut waiting = FuturesUnordered::new();
    std::future::poll_fn(|cx| {
        for item in items.by_ref() {
            let at = values.len();
            let mut item = Box::pin(item);
            match item.as_mut().poll(cx) {
                Poll::Ready(value) => values.push(value),
                Poll::Pending => {
                    values.push(Value::Null);
                    waiting.push(item.map(move |value| (at, value)));
                }
            }
        }
        while let Poll::Ready(Some((at, value))) = waiting.poll_next_unpin(cx) {
            values[at] = value;
        }
        match waiting.is_empty() {
            true => Poll::Ready(std::mem::take(&mut values)),
            false => Poll::Pending,
        }
    })
    .await
}

/// The fields of a selection that is all fields.
fn fields(selection: &SelectionSet) -> impl Iterator<Item = &Positioned<Field>> {
    selection.items.iter().filter_map(|item| match &item.node {
        Selection::Field(field) => Some(field),
        _ => None,
    })
}

/// The shapes of one request's answers: for each selection set answered in place, its
/// response keys in order, each with a null, made once and cloned for every object of that
/// selection. An object's map hashes each key it is given (SipHash, in async-graphql's
/// `IndexMap`), and those hashes were a fifth of the instructions of the peers' network
/// read; a clone copies the first object's table and hashes nothing.
///
/// Kept by the address of the selection set in the request's document, which lives, and
/// stays where it is, for as long as the request does: a `Shapes` must never outlive its
/// request. Without one in the request's data, every object is shaped afresh.
#[derive(Default)]
pub struct Shapes(Mutex<Vec<(usize, Shape)>>);

/// A selection set's empty answer, its keys in order each with a null; `None` when the
/// selection is not answered in place.
type Shape = Option<Arc<IndexMap<Name, Value>>>;

/// The shape of `ctx`'s selection set: from the request's shapes, or made now.
fn shape_of(ctx: &ContextSelectionSet<'_>) -> Shape {
    let selection = &ctx.item.node;
    let Some(shapes) = ctx.data_opt::<Shapes>() else {
        return shape(selection);
    };
    let key = std::ptr::from_ref(selection) as usize;
    let mut shapes = shapes.0.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, kept)) = shapes.iter().find(|(address, _)| *address == key) {
        return kept.clone();
    }
    let made = shape(selection);
    shapes.push((key, made.clone()));
    made
}

fn shape(selection: &SelectionSet) -> Shape {
    plain(selection).then(|| {
        Arc::new(
            fields(selection)
                .map(|field| (field.node.response_key().node.clone(), Value::Null))
                .collect(),
        )
    })
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
    use super::{Inline, InlineList, Shapes};
    use async_graphql::{
        Context, EmptyMutation, EmptySubscription, Object, Schema,
        dataloader::{DataLoader, Loader},
    };
    use std::{
        collections::HashMap,
        sync::{
            Arc,
            atomic::{AtomicUsize, Ordering},
        },
    };

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

        /// Waits once before it answers, as a field waiting on the database does.
        async fn later(&self) -> i32 {
            tokio::task::yield_now().await;
            self.0
        }

        /// Through a loader, as a member's consents are.
        async fn doubled(&self, ctx: &Context<'_>) -> Result<Option<i32>, Arc<str>> {
            match ctx.data_opt::<DataLoader<Doubling>>() {
                Some(loader) => loader.load_one(self.0).await,
                None => Ok(None),
            }
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

        async fn listing(&self) -> InlineList<Item> {
            InlineList((1..=3).map(Item).collect())
        }

        async fn many(&self) -> InlineList<Item> {
            InlineList((1..=200).map(Item).collect())
        }
    }

    /// Doubles its keys, counting the batches it is asked for.
    struct Doubling(Arc<AtomicUsize>);

    impl Loader<i32> for Doubling {
        type Value = i32;
        type Error = Arc<str>;

        async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, i32>, Arc<str>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(keys.iter().map(|key| (*key, key * 2)).collect())
        }
    }

    /// The same selection answered by the derived resolution and by `Inline`, errors and
    /// all (their paths name the list field, so both are asked for as `items`, and the
    /// two fields' names are of one length, so that errors point at the same columns).
    async fn both(selection: &str) -> serde_json::Result<(serde_json::Value, serde_json::Value)> {
        let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
        let ask = |field: &str, shaped: bool| {
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
            let mut request = async_graphql::Request::new(query);
            if shaped {
                request = request.data(Shapes::default());
            }
            let schema = schema.clone();
            async move { serde_json::to_value(schema.execute(request).await) }
        };
        let derived = ask("derived", false).await?;
        let inlined = ask("inlined", false).await?;
        // With the request's shapes, as the server asks it, and as a list answered in
        // place: the same answer.
        assert_eq!(ask("inlined", true).await?, inlined, "{selection}");
        assert_eq!(ask("listing", false).await?, inlined, "{selection}");
        assert_eq!(ask("listing", true).await?, inlined, "{selection}");
        Ok((derived, inlined))
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
            "{ n later label }",
            "{ later refusedAlways part { n item { later n } } }",
            "{ refused later __typename }",
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

    #[tokio::test]
    async fn the_items_of_a_list_answered_in_place_load_in_one_batch() -> serde_json::Result<()> {
        let batches = Arc::new(AtomicUsize::new(0));
        let loader = DataLoader::new(Doubling(batches.clone()), tokio::spawn);
        let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
            .data(loader)
            .finish();
        let request = async_graphql::Request::new("{ many { n later doubled } }");
        let answer = serde_json::to_value(schema.execute(request.data(Shapes::default())).await)?;
        let items = answer["data"]["many"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(items.len(), 200, "{answer}");
        for (at, item) in items.iter().enumerate() {
            let n = at as i64 + 1;
            assert_eq!(
                item,
                &serde_json::json!({ "n": n, "later": n, "doubled": 2 * n })
            );
        }
        assert_eq!(batches.load(Ordering::SeqCst), 1);
        Ok(())
    }

    #[test]
    fn the_schema_sees_the_type_itself() {
        let sdl = Schema::new(Query, EmptyMutation, EmptySubscription).sdl();
        assert!(sdl.contains("derived: [Item!]!"), "{sdl}");
        assert!(sdl.contains("inlined: [Item!]!"), "{sdl}");
        assert!(sdl.contains("listing: [Item!]!"), "{sdl}");
        assert!(sdl.contains("maybePart: Part\n"), "{sdl}");
        assert!(sdl.contains("part: Part!"), "{sdl}");
    }
}
