// Drives the coordinator's page in Chromium with no internet, as a coordinator would: sign
// in with a token, find Mia on the caseload, open her ecomap, see it redrawn when someone
// else adds a person to her network, click her grandmother, read
// the panel, follow the keyboard, switch to the genogram, filter it, sign out; then sign in
// as a viewer and find no phone number. Fails on any console error, any request to another
// host, and any token left in the URL or in storage that outlives the tab.
// Usage: node page.js URL COORDINATOR_TOKEN VIEWER_TOKEN SCREENSHOT_DIR
const path = require('path');
const { launchOffline } = require('./offline');

const [url, coordinator, viewer, shots] = process.argv.slice(2);
const origin = new URL(url).origin;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function signIn(page, token) {
  await page.locator('#token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#children button', { hasText: 'Mia Hartley-Okafor' }).waitFor();
}

async function openMia(page) {
  await page.locator('#search').fill('mia');
  const listed = await page.locator('#children button').allInnerTexts();
  check(listed.length === 1 && listed[0].includes('Mia Hartley-Okafor'), `the search listed ${listed}`);
  await page.locator('#children button', { hasText: 'Mia Hartley-Okafor' }).click();
  await page.locator('#picture svg g.person').first().waitFor();
}

/** The drawn person whose title begins with `name`. */
function drawn(page, name) {
  return page.locator('#picture g[data-person]').filter({
    has: page.locator(`xpath=./*[local-name()="title"][starts-with(normalize-space(.), "${name}")]`),
  });
}

async function openCarol(page) {
  await drawn(page, 'Carol Hartley').click();
  await page.locator('#panel').waitFor({ state: 'visible' });
  const heading = await page.locator('#panel-name').innerText();
  check(heading === 'Carol Hartley', `the panel is of ${heading}`);
  // The introduction path to her is drawn over the picture.
  await page.locator('#picture svg g.path').waitFor();
  return page.locator('#panel').innerText();
}

/** Adds a person to Mia's network through the API, as another coordinator's page would. */
async function addElsewhere(token, givenName, familyName) {
  const ask = async (query, variables) => {
    const answer = await fetch(new URL('/graphql', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    }).then((response) => response.json());
    check(!answer.errors, `the API refused: ${JSON.stringify(answer.errors)}`);
    return answer.data;
  };
  const found = await ask('{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { id } } } }');
  await ask(
    'mutation($input: AddPersonToNetworkInput!) { addPersonToNetwork(input: $input) { member { id } } }',
    { input: { childId: found.children.edges[0].node.id, person: { givenName, familyName } } },
  );
}

(async () => {
  const browser = await launchOffline(url);
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = [];
    const elsewhere = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) elsewhere.push(request.url());
    });

    const response = await page.goto(url);
    check(response.ok(), `the page answered ${response.status()}`);
    const policy = response.headers()['content-security-policy'] || '';
    check(policy.includes("script-src 'self'") && !policy.includes('unsafe'), `policy: ${policy}`);

    // The coordinator.
    await signIn(page, coordinator);
    check(await page.evaluate(() => sessionStorage.getItem('kinmap.token')) === coordinator,
      'the token is kept for the tab');
    check(await page.evaluate(() => localStorage.length) === 0, 'nothing in localStorage');
    await openMia(page);
    const people = await page.locator('#picture svg g.person').count();
    check(people > 40, `the ecomap draws ${people} people`);
    check(await page.locator('#leads li').count() > 0, 'no leads listed');
    check(await page.locator('#gaps li').count() > 0, 'no gaps listed');
    check((await page.locator('#health').innerText()).includes('members'), 'no health');
    await page.screenshot({ path: path.join(shots, 'page-ecomap.png'), fullPage: true });
    const fitted = await page.locator('#picture svg').boundingBox();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = await page.locator('#picture svg').boundingBox();
    check(zoomed.width > fitted.width * 1.9, `zoom: ${fitted.width} then ${zoomed.width}`);

    // Someone else adds a person to Mia's network: the open page redraws with them in it.
    await addElsewhere(coordinator, 'Grace', 'Newcomer');
    await drawn(page, 'Grace Newcomer').waitFor({ timeout: 15000 });

    const panel = await openCarol(page);
    for (const expected of ['maternal grandmother', 'Nan', 'in touch', 'maternal', '07700 900123', 'Searches']) {
      check(panel.includes(expected), `the panel lacks "${expected}": ${panel}`);
    }
    await page.screenshot({ path: path.join(shots, 'page-panel.png'), fullPage: true });
    await page.getByRole('button', { name: 'Fit' }).click();

    // The keyboard: Escape closes the panel; a person takes focus and opens with Enter.
    await page.keyboard.press('Escape');
    await page.locator('#panel').waitFor({ state: 'hidden' });
    await drawn(page, 'Kelly Mills').focus();
    await page.keyboard.press('Enter');
    await page.locator('#panel-name', { hasText: 'Kelly Mills' }).waitFor();
    await page.keyboard.press('Escape');

    // The genogram, then only the maternal side of it.
    await page.getByRole('button', { name: 'Genogram' }).click();
    await page.locator('#picture svg.genogram g.person').first().waitFor();
    const family = await page.locator('#picture svg g.person').count();
    check(family > 30, `the genogram draws ${family} people`);
    await page.screenshot({ path: path.join(shots, 'page-genogram.png'), fullPage: true });
    await page.locator('#filter-side').selectOption('MATERNAL');
    await page.waitForFunction((before) => document.querySelectorAll('#picture svg g.person').length < before, family);

    // Signing out forgets the token.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#sign-in').waitFor();
    check(await page.evaluate(() => sessionStorage.length) === 0, 'the token outlived signing out');
    check(!page.url().includes(coordinator.slice(-16)), 'the token is in the URL');

    // A viewer: the same page, with no contact details, because the API gives none.
    await signIn(page, viewer);
    await openMia(page);
    check(await page.locator('#picture svg.ecomap').count() === 1, 'the next person starts on the ecomap');
    const seen = await openCarol(page);
    check(!seen.includes('07700'), `a viewer sees a phone number: ${seen}`);
    check(seen.includes('No contact details are shown.'), `the panel: ${seen}`);
    await page.screenshot({ path: path.join(shots, 'page-viewer.png'), fullPage: true });

    check(problems.length === 0, `console errors: ${problems.join('; ')}`);
    check(elsewhere.length === 0, `requests elsewhere: ${elsewhere.join(', ')}`);
    console.log(`page ok: ${people} on the ecomap, ${family} on the genogram`);
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
