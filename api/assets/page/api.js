// The public GraphQL API, with the token kept for this tab only (sessionStorage), never
// in the URL or in storage that outlives the tab.

const KEY = 'kinmap.token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An answer the API refused, with its stable code (`UNAUTHENTICATED`, `NOT_FOUND`, ...). */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** Runs one GraphQL operation and returns its data, or throws the first error. */
export async function gql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token.get() ?? ''}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status}.`, 'HTTP');
  }
  if (body.errors && body.errors.length > 0) {
    const [first] = body.errors;
    throw new ApiError(first.message, first.extensions?.code ?? 'ERROR');
  }
  return body.data;
}

/**
 * Follows a subscription over the WebSocket at /graphql (graphql-transport-ws), the token
 * sent in connection_init, never in the URL. Calls `onNext` with each result's data;
 * returns a function that ends it.
 */
export function subscribe(query, variables, onNext) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const socket = new WebSocket(url, 'graphql-transport-ws');
  socket.addEventListener('open', () => {
    socket.send(JSON.stringify({
      type: 'connection_init',
      payload: { Authorization: `Bearer ${token.get() ?? ''}` },
    }));
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'connection_ack') {
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
    } else if (message.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong' }));
    } else if (message.type === 'next' && message.payload.data) {
      onNext(message.payload.data);
    }
  });
  return () => socket.close(1000);
}
