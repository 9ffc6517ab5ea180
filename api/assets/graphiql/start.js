// Starts GraphiQL against this server. The request headers to begin with (the demo's
// token, with `serve --demo`) come from the page, in data-headers. Queries and mutations go
// by POST; subscriptions over a WebSocket at the same path, speaking graphql-transport-ws,
// with the Authorization header in connection_init (never in the URL).
(function () {
  var root = document.getElementById('graphiql');
  var headers = root.getAttribute('data-headers') || '';
  var http = GraphiQL.createFetcher({ url: '/graphql' });
  var socketUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';

  // Whether the operation to run is a subscription, read from the text sent (GraphiQL's
  // parsed document may still be of the text before an edit): the keyword of each
  // operation at the top level, outside strings and comments.
  function isSubscription(params) {
    var text = params.query
      .replace(/"""[\s\S]*?"""/g, '""')
      .replace(/"(?:\\.|[^"\\])*"/g, '""')
      .replace(/#[^\n]*/g, '');
    var depth = 0;
    var top = '';
    for (var i = 0; i < text.length; i += 1) {
      var c = text[i];
      if (c === '{' || c === '(') depth += 1;
      else if (c === '}' || c === ')') depth -= 1;
      else if (depth === 0) top += c;
      if (depth > 0 && top.slice(-1) !== ' ') top += ' ';
    }
    var operation = /\b(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/g;
    var found;
    while ((found = operation.exec(top)) !== null) {
      if (!params.operationName || found[2] === params.operationName) {
        return found[1] === 'subscription';
      }
    }
    return false;
  }

  function authorization(opts) {
    var given = (opts && opts.headers) || {};
    for (var name in given) {
      if (name.toLowerCase() === 'authorization') return given[name];
    }
    return undefined;
  }

  // One socket per subscription: GraphiQL runs one at a time.
  function subscribe(params, opts) {
    var queue = [];
    var waiting = null;
    var done = false;
    var socket = new WebSocket(socketUrl, 'graphql-transport-ws');
    function push(item) {
      if (waiting) { var resolve = waiting; waiting = null; resolve(item); } else { queue.push(item); }
    }
    function finish(item) { done = true; push(item || { done: true, value: undefined }); }
    socket.onopen = function () {
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: authorization(opts) } }));
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: params }));
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'next') {
        push({ done: false, value: message.payload });
      } else if (message.type === 'error') {
        push({ done: false, value: { errors: message.payload } });
        finish();
      } else if (message.type === 'complete') {
        finish();
      }
    };
    socket.onclose = function (event) {
      if (!done) {
        push({ done: false, value: { errors: [{ message: 'the connection closed (' + event.code + ' ' + event.reason + ')' }] } });
        finish();
      }
    };
    var iterator = {
      next: function () {
        if (queue.length) return Promise.resolve(queue.shift());
        if (done) return Promise.resolve({ done: true, value: undefined });
        return new Promise(function (resolve) { waiting = resolve; });
      },
      return: function () {
        done = true;
        if (socket.readyState === WebSocket.OPEN) {
          socket.send(JSON.stringify({ id: '1', type: 'complete' }));
        }
        socket.close(1000);
        return Promise.resolve({ done: true, value: undefined });
      }
    };
    iterator[Symbol.asyncIterator] = function () { return iterator; };
    return iterator;
  }

  function fetcher(params, opts) {
    return isSubscription(params) ? subscribe(params, opts) : http(params, opts);
  }

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
