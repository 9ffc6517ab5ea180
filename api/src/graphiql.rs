//! GraphiQL for people, from files compiled into the binary (`api/assets/graphiql`): it
//! needs nothing from the internet, so it works offline and behind a strict proxy.

use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
};

const PAGE: &str = include_str!("../assets/graphiql/index.html");

/// (file name, media type, contents)
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/graphiql/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/react-dom.production.min.js"),
    ),
    (
        "start.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/start.js"),
    ),
];

/// The page, with the request headers GraphiQL starts with (the demo's token), if any.
pub fn page(headers: Option<&str>) -> Response {
    let mut response =
        Html(PAGE.replace("{{HEADERS}}", &attribute(headers.unwrap_or("")))).into_response();
    // A page that may hold a token is not kept by caches.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// One of the page's scripts or its style sheet.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, media, body)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(media)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `text` made safe inside a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => safe.push_str("&amp;"),
            '"' => safe.push_str("&quot;"),
            '\'' => safe.push_str("&#39;"),
            '<' => safe.push_str("&lt;"),
            '>' => safe.push_str("&gt;"),
            other => safe.push(other),
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    #[test]
    fn headers_cannot_break_out_of_their_attribute() {
        let page = super::PAGE.replace(
            "{{HEADERS}}",
            &super::attribute(r#"{"a":"\"><script>x</script>"}"#),
        );
        assert!(!page.contains("<script>x"));
        assert!(page.contains("&quot;&gt;&lt;script&gt;"));
    }
}
