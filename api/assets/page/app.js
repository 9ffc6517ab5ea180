// The coordinator's page: a client of the public GraphQL API and nothing else. It shows
// what the API answers for the token's holder, so a viewer's page has no contact details
// because the API gives them none. Every value is put in with textContent, never as HTML.

import { ApiError, gql, subscribe, token } from './api.js';

/** The filters' values, as the schema names them (a test checks each against it). */
export const ENUMS = {
  FamilySide: [
    ['MATERNAL', 'maternal'],
    ['PATERNAL', 'paternal'],
    ['BOTH', 'both sides'],
    ['NONE', 'neither side'],
  ],
  Circle: [
    ['INNER', 'inner'],
    ['MIDDLE', 'middle'],
    ['OUTER', 'outer'],
  ],
  ConnectionStatus: [
    ['ACTIVE', 'in touch'],
    ['REESTABLISHED', 'back in touch'],
    ['NOT_YET_CONTACTED', 'not yet contacted'],
    ['LOST', 'lost'],
    ['DECLINED', 'declined'],
    ['DECEASED', 'deceased'],
  ],
};

const ME = `{ me { user { subject name } organisation roles } }`;

const CASELOAD = `query Caseload($after: String) {
  children(first: 100, after: $after) {
    edges { node { id caseReference status person { displayName birthDate } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CHILD = `query Child($id: ID!) {
  child(id: $id) {
    id caseReference status
    person { id displayName birthDate }
    network {
      members {
        id connectionStatus side circle roles restriction restrictionReason
        knownToChildAs lastContactOn childView
        person { id displayName birthDate deceased area contact { phone email address } }
        kinship { label paths { label distance people { id displayName } } }
        searchActivities { searchedOn source outcome notes }
      }
      leads(first: 10) { rank relation reasons person { id displayName } }
      gaps { kind side nextStep size target parent { displayName } }
      health {
        members
        byStatus { status count }
        cutPoints { person { id displayName } cutOff { id } }
      }
    }
  }
}`;

const PICTURE = {
  ecomap: `query Ecomap($id: ID!, $side: FamilySide, $circle: Circle, $status: ConnectionStatus, $highlight: ID) {
    child(id: $id) { network { svg: ecomapSvg(side: $side, circle: $circle, status: $status, highlight: $highlight) } }
  }`,
  genogram: `query Genogram($id: ID!, $side: FamilySide, $circle: Circle, $status: ConnectionStatus, $highlight: ID) {
    child(id: $id) { network { svg: genogramSvg(side: $side, circle: $circle, status: $status, highlight: $highlight) } }
  }`,
};

// Each committed change to the open child's network, so that the page follows the work
// of others without being reloaded.
const CHANGES = `subscription Changes($id: ID!) { networkChanged(childId: $id) { sequence } }`;

const state = {
  // Ends the open child's subscription.
  unfollow: null,
  // A change's redraw waits this long for the changes that come with it.
  redraw: null,
  children: [],
  child: null,
  members: new Map(),
  cutPoints: new Set(),
  picture: 'ecomap',
  highlight: null,
  // The picture's width as a share of the frame's: 1 fits it.
  zoom: 1,
  // A request's answer is drawn only if no later one was asked for meanwhile.
  drawing: 0,
};

const $ = (id) => document.getElementById(id);

/** An element with text (never HTML) and classes. */
function el(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined && text !== null) element.textContent = String(text);
  if (className) element.className = className;
  return element;
}

function words(value) {
  return String(value ?? '').toLowerCase().replaceAll('_', ' ');
}

/** A value as the pictures' legends name it: ACTIVE is "in touch". */
function label(kind, value) {
  const found = ENUMS[kind].find(([name]) => name === value);
  return found ? found[1] : words(value);
}

function say(message, problem = false) {
  const status = $('status');
  status.textContent = message;
  status.classList.toggle('problem', problem);
}

function failed(error) {
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
    signOut('Your token was refused or has expired: sign in again.');
    return;
  }
  say(error.message || String(error), true);
}

// Signing in and out.

async function signIn(value) {
  token.set(value.trim());
  try {
    const { me } = await gql(ME);
    $('who').textContent = `${me.user.name ?? me.user.subject} · ${me.roles.join(', ')} · ${me.organisation}`;
    $('sign-in').hidden = true;
    $('app').hidden = false;
    $('sign-out').hidden = false;
    say('');
    await loadCaseload();
  } catch (error) {
    token.clear();
    showSignIn();
    say(error instanceof ApiError && error.code === 'UNAUTHENTICATED'
      ? 'That token was not accepted.'
      : error.message, true);
  }
}

function showSignIn() {
  $('app').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('sign-in').hidden = false;
  $('token').focus();
}

function signOut(message = 'Signed out.') {
  if (state.unfollow) state.unfollow();
  token.clear();
  Object.assign(state, { unfollow: null, children: [], child: null, members: new Map(), highlight: null });
  // The next person to sign in starts afresh.
  for (const select of document.querySelectorAll('select[data-enum]')) select.value = '';
  $('search').value = '';
  showPicture('ecomap');
  $('children').replaceChildren();
  $('picture').replaceChildren();
  $('child').hidden = true;
  closePanel();
  showSignIn();
  say(message);
}

// The caseload.

async function loadCaseload() {
  const children = [];
  let after = null;
  do {
    const { children: page } = await gql(CASELOAD, { after });
    children.push(...page.edges.map((edge) => edge.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  state.children = children;
  renderCaseload();
}

function renderCaseload() {
  const search = $('search').value.trim().toLowerCase();
  const shown = state.children.filter((child) =>
    !search
    || child.person.displayName.toLowerCase().includes(search)
    || child.caseReference.toLowerCase().includes(search));
  const items = shown.map((child) => {
    const item = el('li');
    const button = el('button', child.person.displayName, 'child-link');
    button.type = 'button';
    button.dataset.child = child.id;
    if (state.child && state.child.id === child.id) button.setAttribute('aria-current', 'true');
    button.append(el('span', child.caseReference, 'muted'));
    button.addEventListener('click', () => openChild(child.id).catch(failed));
    item.append(button);
    return item;
  });
  if (items.length === 0) {
    items.push(el('li', state.children.length ? 'No child matches.' : 'No children on your caseload.', 'muted'));
  }
  $('children').replaceChildren(...items);
}

// One child.

/** Follows the open child's network: a change made by anyone redraws it. */
function follow(id) {
  if (state.unfollow) state.unfollow();
  state.unfollow = subscribe(CHANGES, { id }, () => {
    clearTimeout(state.redraw);
    state.redraw = setTimeout(() => {
      if (state.child && state.child.id === id) refreshChild().catch(failed);
    }, 250);
  });
}

/** Reads the open child again and redraws the lists and the picture. */
async function refreshChild() {
  const { child } = await gql(CHILD, { id: state.child.id });
  showChild(child);
  await drawPicture();
}

async function openChild(id) {
  say('Loading…');
  const { child } = await gql(CHILD, { id });
  state.highlight = null;
  closePanel();
  showChild(child);
  follow(child.id);
  await drawPicture();
  say('');
}

function showChild(child) {
  state.child = child;
  state.members = new Map(child.network.members.map((member) => [member.person.id, member]));
  state.cutPoints = new Set(child.network.health.cutPoints
    .filter((cut) => cut.person)
    .map((cut) => cut.person.id));
  $('child').hidden = false;
  $('child-name').textContent = child.person.displayName;
  $('child-reference').textContent = `${child.caseReference} · ${words(child.status)} · ${child.network.members.length} people in the network`;
  renderCaseload();
  renderLists(child.network);
}

function filters() {
  const value = (id) => $(id).value || null;
  return { side: value('filter-side'), circle: value('filter-circle'), status: value('filter-status') };
}

async function drawPicture() {
  if (!state.child) return;
  const ticket = ++state.drawing;
  const data = await gql(PICTURE[state.picture], {
    id: state.child.id,
    ...filters(),
    highlight: state.highlight,
  });
  if (ticket !== state.drawing) return;
  const parsed = new DOMParser().parseFromString(data.child.network.svg, 'image/svg+xml');
  const svg = parsed.documentElement;
  if (svg.nodeName !== 'svg' || parsed.querySelector('parsererror')) {
    throw new Error('The picture could not be read.');
  }
  const picture = document.importNode(svg, true);
  picture.classList.add(state.picture);
  for (const group of picture.querySelectorAll('[data-person]')) {
    const id = group.dataset.person;
    const title = group.querySelector('title');
    group.setAttribute('tabindex', '0');
    group.setAttribute('role', 'button');
    if (title) group.setAttribute('aria-label', title.textContent);
    if (state.cutPoints.has(id)) group.classList.add('cut-point');
    if (id === state.highlight) group.classList.add('selected');
    group.addEventListener('click', () => openPerson(id));
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        openPerson(id);
      }
    });
  }
  $('picture').replaceChildren(picture);
  zoom(state.zoom);
  $('clear-highlight').hidden = !state.highlight;
}

function zoom(level) {
  state.zoom = Math.min(4, Math.max(1, level));
  const svg = $('picture').querySelector('svg');
  // Through the CSSOM, which the page's policy allows (a style attribute it would not).
  if (svg) svg.style.width = `${state.zoom * 100}%`;
  $('zoom-out').disabled = state.zoom === 1;
  $('zoom-in').disabled = state.zoom === 4;
}

function personButton(person) {
  if (!person) return el('span', '(not shown)', 'muted');
  const button = el('button', person.displayName, 'link');
  button.type = 'button';
  if (state.members.has(person.id)) {
    button.addEventListener('click', () => openPerson(person.id));
  } else {
    button.disabled = true;
  }
  return button;
}

function renderLists(network) {
  const leads = network.leads.map((lead) => {
    const item = el('li');
    item.append(personButton(lead.person));
    const about = [lead.relation, ...lead.reasons.map(words)].filter(Boolean).join(' · ');
    item.append(el('span', ` ${about}`, 'muted'));
    return item;
  });
  $('leads').replaceChildren(...(leads.length ? leads : [el('li', 'No leads.', 'muted')]));

  const gaps = network.gaps.map((gap) => {
    const item = el('li');
    const what = [words(gap.kind), gap.side ? words(gap.side) : null, gap.parent ? `through ${gap.parent.displayName}` : null]
      .filter(Boolean).join(', ');
    item.append(el('strong', what));
    if (gap.size !== null && gap.target !== null) item.append(el('span', ` (${gap.size} of ${gap.target})`, 'muted'));
    item.append(el('div', gap.nextStep));
    return item;
  });
  $('gaps').replaceChildren(...(gaps.length ? gaps : [el('li', 'No gaps found.', 'muted')]));

  const health = network.health;
  const parts = [el('p', `${health.members} members: ${health.byStatus.map((s) => `${s.count} ${label('ConnectionStatus', s.status)}`).join(', ')}.`)];
  if (health.cutPoints.length) {
    parts.push(el('p', 'Cut points, outlined on the picture: the network falls apart without them.'));
    const list = el('ul');
    for (const cut of health.cutPoints) {
      const item = el('li');
      item.append(personButton(cut.person), el('span', ` holds ${cut.cutOff.length} ${cut.cutOff.length === 1 ? 'person' : 'people'} to the child`, 'muted'));
      list.append(item);
    }
    parts.push(list);
  } else {
    parts.push(el('p', 'No cut points: no one person holds the network together alone.', 'muted'));
  }
  $('health').replaceChildren(...parts);
}

// One person.

function row(list, term, value) {
  if (value === null || value === undefined || value === '') return;
  list.append(el('dt', term), el('dd', value));
}

async function openPerson(id) {
  const member = state.members.get(id);
  if (!member) return;
  const person = member.person;
  $('panel-name').textContent = person.displayName;
  const body = [];
  const facts = el('dl');
  row(facts, 'Relation', member.kinship?.label || 'no family relation recorded');
  row(facts, 'Known to the child as', member.knownToChildAs);
  row(facts, 'Status', label('ConnectionStatus', member.connectionStatus));
  row(facts, 'Side', label('FamilySide', member.side));
  row(facts, 'Circle', label('Circle', member.circle));
  row(facts, 'Roles', member.roles.map(words).join(', ') || 'none recorded');
  row(facts, 'What the child says', words(member.childView));
  row(facts, 'Restriction', member.restriction === 'NONE' ? 'none' : words(member.restriction));
  row(facts, 'Why', member.restrictionReason);
  row(facts, 'Last contact', member.lastContactOn ?? 'not recorded');
  row(facts, 'Born', person.birthDate);
  row(facts, 'Area', person.area);
  row(facts, 'Phone', person.contact?.phone);
  row(facts, 'Email', person.contact?.email);
  row(facts, 'Address', person.contact?.address);
  body.push(facts);
  if (!person.contact) body.push(el('p', 'No contact details are shown.', 'muted'));

  const paths = member.kinship?.paths ?? [];
  if (paths.length) {
    body.push(el('h3', 'How they are related'));
    const list = el('ul');
    for (const path of paths) {
      list.append(el('li', `${path.label}: ${path.people.map((p) => p.displayName).join(' → ')}`));
    }
    body.push(list);
  }
  body.push(el('h3', 'Searches'));
  const searches = el('ul');
  for (const search of member.searchActivities) {
    searches.append(el('li', `${search.searchedOn} · ${words(search.source)} · ${words(search.outcome)}${search.notes ? ` · ${search.notes}` : ''}`));
  }
  if (!member.searchActivities.length) searches.append(el('li', 'No searches recorded.', 'muted'));
  body.push(searches);
  body.push(el('p', 'The introduction path to them is drawn on the picture.', 'muted'));
  $('panel-body').replaceChildren(...body);
  $('panel').hidden = false;
  $('close-panel').focus();
  state.highlight = id;
  await drawPicture().catch(failed);
}

function closePanel() {
  $('panel').hidden = true;
}

// Wiring.

function fillFilters() {
  for (const select of document.querySelectorAll('select[data-enum]')) {
    const options = [el('option', 'all')];
    options[0].value = '';
    for (const [value, label] of ENUMS[select.dataset.enum]) {
      const option = el('option', label);
      option.value = value;
      options.push(option);
    }
    select.replaceChildren(...options);
    select.addEventListener('change', () => drawPicture().catch(failed));
  }
}

function showPicture(kind) {
  state.picture = kind;
  $('show-ecomap').setAttribute('aria-pressed', String(kind === 'ecomap'));
  $('show-genogram').setAttribute('aria-pressed', String(kind === 'genogram'));
  drawPicture().catch(failed);
}

function start() {
  fillFilters();
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value);
    $('token').value = '';
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('search').addEventListener('input', renderCaseload);
  $('show-ecomap').addEventListener('click', () => showPicture('ecomap'));
  $('show-genogram').addEventListener('click', () => showPicture('genogram'));
  $('close-panel').addEventListener('click', closePanel);
  $('zoom-in').addEventListener('click', () => zoom(state.zoom + 0.5));
  $('zoom-out').addEventListener('click', () => zoom(state.zoom - 0.5));
  $('zoom-fit').addEventListener('click', () => zoom(1));
  $('clear-highlight').addEventListener('click', () => {
    state.highlight = null;
    drawPicture().catch(failed);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !$('panel').hidden) closePanel();
  });
  if (token.get()) {
    signIn(token.get());
  } else {
    showSignIn();
  }
}

start();
