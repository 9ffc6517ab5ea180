// Starts GraphiQL against this server. The request headers to begin with (the demo's
// token, with `serve --demo`) come from the page, in data-headers.
(function () {
  var root = document.getElementById('graphiql');
  var headers = root.getAttribute('data-headers') || '';
  var fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: headers ? 'headers' : false,
      headers: headers || undefined,
      shouldPersistHeaders: false,
      defaultQuery:
        '# The children you may see. Open Docs for everything else.\n' +
        '{\n  children(first: 5) {\n    edges { node { id caseReference person { displayName } } }\n  }\n}\n'
    })
  );
})();
