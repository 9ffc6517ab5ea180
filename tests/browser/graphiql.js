// Opens GraphiQL as a newcomer would, in Chromium with no internet: the page must load
// from the kinmap server alone, run its first query with the token it was given, and
// show the schema's docs. Usage: node graphiql.js URL SCREENSHOT
const { launchOffline } = require('./offline');

const [url, screenshot] = process.argv.slice(2);
const origin = new URL(url).origin;

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
