// Opens GraphiQL as a newcomer would, in Chromium with no internet: the page must load
// from the kinmap server alone, run its first query with the token it was given, and
// show the schema's docs, and follow a subscription over the WebSocket. Usage: node
// graphiql.js URL SCREENSHOT
const { launchOffline } = require('./offline');

const [url, screenshot] = process.argv.slice(2);
const origin = new URL(url).origin;

/** One operation over HTTP, from outside the page. */
async function ask(token, query, variables = {}) {
  const answer = await fetch(new URL('/graphql', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  }).then((response) => response.json());
  if (answer.errors) throw new Error(`the API refused: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

(async () => {
  const browser = await launchOffline(url);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const outside = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) outside.push(request.url());
    });
    await page.goto(url);
    await page.waitForSelector('.graphiql-container', { timeout: 30000 });
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () => document.querySelector('.result-window')?.innerText.includes('caseReference'),
      null,
      { timeout: 30000 },
    );
    const result = await page.locator('.result-window').innerText();
    if (result.includes('"errors"')) throw new Error(`the first query failed: ${result}`);
    await page.click('[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer', { timeout: 30000 });
    await page.getByText('query: Query').waitFor({ timeout: 30000 });
    // A subscription runs over the WebSocket; a change made elsewhere shows in the result.
    const token = await page.evaluate(() => {
      const headers = document.getElementById('graphiql').getAttribute('data-headers') || '{}';
      return JSON.parse(headers).Authorization.replace(/^Bearer /, '');
    });
    const child = await ask(token, '{ children(first: 1) { edges { node { id } } } }')
      .then((data) => data.children.edges[0].node.id);
    await page.evaluate((id) => {
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(
        `subscription { networkChanged(childId: "${id}") { sequence recordType record { id } } }`);
    }, child);
    await page.waitForTimeout(300);
    await page.click('.graphiql-execute-button');
    // The subscription starts when the socket is acknowledged; a change is made until one shows.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await ask(token, 'mutation($input: AddPersonToNetworkInput!) { addPersonToNetwork(input: $input) { member { id } } }',
        { input: { childId: child, person: { givenName: `Visitor ${attempt}` } } });
      const shown = await page.waitForFunction(
        () => document.querySelector('.result-window')?.innerText.includes('recordType'),
        null, { timeout: 1000 },
      ).then(() => true, () => false);
      if (shown) break;
    }
    const streamed = await page.locator('.result-window').innerText();
    if (!streamed.includes('MEMBER') && !streamed.includes('PERSON')) {
      throw new Error(`no event in GraphiQL: ${streamed}`);
    }
    if (screenshot) await page.screenshot({ path: screenshot });
    if (outside.length > 0) throw new Error(`requests left the server: ${outside.join(', ')}`);
    console.log('graphiql ok');
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
