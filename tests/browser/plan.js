// Opens a conference's plan page in Chromium with no internet, as a coordinator would
// before printing it: it must render from the one response (nothing loaded from anywhere,
// nothing run), fit an A4 page's width, and print to A4. Usage: node plan.js URL TOKEN PDF
const { launchOffline } = require('./offline');

const [url, token, pdf] = process.argv.slice(2);

(async () => {
  const browser = await launchOffline(url);
  try {
    // A4 at 96 dpi is 794 px wide.
    const context = await browser.newContext({
      viewport: { width: 794, height: 1123 },
      extraHTTPHeaders: { Authorization: `Bearer ${token}` },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const requests = [];
    const problems = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(url);
    if (!response.ok()) throw new Error(`the page answered ${response.status()}`);
    const heading = await page.locator('h1').innerText();
    if (heading !== 'Family Group Conference plan') throw new Error(`heading: ${heading}`);
    const rows = await page.locator('table tbody tr').count();
    if (rows < 1) throw new Error('the plan has no rows');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    if (overflow > 0) throw new Error(`the page is ${overflow} px wider than A4`);
    if (requests.length !== 1) throw new Error(`the page made requests: ${requests.join(', ')}`);
    if (problems.length > 0) throw new Error(`console errors: ${problems.join('; ')}`);
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
    console.log(`plan ok: ${rows} rows`);
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
