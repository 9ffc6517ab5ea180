#!/usr/bin/env bash
# Refreshes the vendored GraphiQL and React production builds from npm.
#   api/assets/graphiql/update.sh 3.8.3
set -euo pipefail
version=${1:?usage: update.sh GRAPHIQL_VERSION}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent "graphiql@$version" react@18 react-dom@18
cp node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css "$here/"
cp node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js "$here/"
cp node_modules/graphiql/LICENSE "$here/LICENSE-graphiql"
cp node_modules/react/LICENSE "$here/LICENSE-react"
cp node_modules/react-dom/LICENSE "$here/LICENSE-react-dom"
sed -i 's|//# sourceMappingURL=.*$||' "$here/graphiql.min.js"
sed -i 's|/\*# sourceMappingURL=.*\*/||' "$here/graphiql.min.css"
