//! The coordinator's page at `/`: plain HTML, CSS and JavaScript modules compiled into the
//! binary (`api/assets/page`), a client of the public GraphQL API with no endpoint of its
//! own. Its policy lets it load only its own files and speak only to this server.

use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

/// Nothing inline, nothing from elsewhere: scripts, styles and requests are this server's.
pub const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

const INDEX: &str = include_str!("../assets/page/index.html");

/// (file name, media type, contents)
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/page/app.js"),
    ),
    (
        "api.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/page/api.js"),
    ),
    (
        "styles.css",
        "text/css; charset=utf-8",
        include_str!("../assets/page/styles.css"),
    ),
];

fn respond(media: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media)),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(POLICY),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            // Asked again each time, so a new binary's page is never mixed with old files.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// `GET /`
pub async fn index() -> Response {
    respond("text/html; charset=utf-8", INDEX)
}

/// `GET /page/{file}`: one of the page's scripts or its style sheet.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, media, body)) => respond(media, body),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::{ASSETS, INDEX};

    fn asset(name: &str) -> &'static str {
        ASSETS
            .iter()
            .find(|(file, _, _)| *file == name)
            .map(|(_, _, body)| *body)
            .unwrap_or_default()
    }

    /// The page's filters name enum values; the schema is the one source of them.
    #[test]
    fn every_value_the_page_filters_by_is_in_the_schema() {
        let schema = include_str!("../schema.graphql");
        let app = asset("app.js");
        let start = app.find("export const ENUMS").unwrap_or_default();
        let end = start + app[start..].find("};").unwrap_or_default();
        let mut checked = 0;
        let mut current = "";
        for line in app[start..end].lines().map(str::trim) {
            if let Some(name) = line.strip_suffix(": [") {
                current = name;
                continue;
            }
            if let Some(value) = line.strip_prefix("['").and_then(|l| l.split('\'').next()) {
                let block = schema
                    .find(&format!("enum {current} {{"))
                    .map(|at| &schema[at..at + schema[at..].find('}').unwrap_or_default()])
                    .unwrap_or_else(|| panic!("no enum {current} in the schema"));
                assert!(
                    block.lines().any(|l| l.trim() == value),
                    "{current} has no value {value}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 13, "read {checked} values");
    }

    /// The policy forbids inline code and style, so the files must hold none.
    #[test]
    fn the_page_has_no_inline_script_or_style() {
        for script in INDEX.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap_or_default();
            assert!(tag.contains("src="), "an inline script: <script{tag}>");
        }
        assert!(!INDEX.contains("<style"));
        assert!(!INDEX.contains(" style="));
        let handler = INDEX.split(" on").skip(1).find(|after| {
            let name: String = after.chars().take_while(char::is_ascii_lowercase).collect();
            !name.is_empty() && after[name.len()..].starts_with('=')
        });
        assert!(handler.is_none(), "an inline event handler: on{handler:?}");
        for (name, _, body) in ASSETS {
            assert!(!body.contains("innerHTML"), "{name} writes HTML from text");
            assert!(
                !body.contains("localStorage"),
                "{name} keeps something beyond the tab"
            );
        }
    }
}
