#!/usr/bin/env node
// End-to-end check of the AI-Org web UI against a running service (not part of `npm test`).
//
//   AIORG_E2E_URL=http://127.0.0.1:8000 node e2e/e2e.mjs
//
// Environment:
//   AIORG_E2E_URL       base URL of the service (required), e.g. http://127.0.0.1:8000
//   AIORG_E2E_TOKEN     optional access token, passed once as ?token=... on each page
//   AIORG_E2E_OUT       screenshot directory (default ../target/e2e relative to frontend/)
//   AIORG_E2E_BIG=1     also measure first render and pan frame time with a 2,000-node graph
//                       (the graph response is synthesised in the browser; the service is not
//                       loaded with 2,000 tasks)
//   AIORG_E2E_MIN_NODES minimum node count expected for the demo backlog (default 20)
//   AIORG_E2E_TIMEOUT_MS per-wait timeout (default 20000)
//   CHROMIUM_PATH       browser binary (default /usr/bin/chromium)
//
// Exit code 0 only if every step passed; the last line is "N passed, N failed".
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.AIORG_E2E_URL ?? '').replace(/\/+$/, '');
const TOKEN = process.env.AIORG_E2E_TOKEN ?? '';
const OUT = process.env.AIORG_E2E_OUT ? resolve(process.env.AIORG_E2E_OUT) : resolve(here, '..', '..', 'target', 'e2e');
const BIG = process.env.AIORG_E2E_BIG === '1';
const MIN_NODES = Number(process.env.AIORG_E2E_MIN_NODES ?? 20);
const TIMEOUT = Number(process.env.AIORG_E2E_TIMEOUT_MS ?? 20000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let passed = 0;
let failed = 0;
const results = [];

function log(msg) {
  console.log(`[e2e] ${msg}`);
}

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    passed++;
    results.push({ name, ok: true });
    log(`PASS ${name} (${Date.now() - t0} ms)${detail ? ` — ${detail}` : ''}`);
    return true;
  } catch (e) {
    failed++;
    results.push({ name, ok: false });
    log(`FAIL ${name} (${Date.now() - t0} ms): ${e?.message?.split('\n')[0] ?? e}`);
    return false;
  }
}

function fail(msg) {
  throw new Error(msg);
}

function url(path) {
  const u = new URL(path, BASE + '/');
  if (TOKEN) u.searchParams.set('token', TOKEN);
  return u.toString();
}

/** Deterministic synthetic DAG: n nodes, each depending on up to 3 recent ones. */
function bigGraph(n) {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const statuses = ['todo', 'doing', 'done', 'failed'];
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    const id = `B-${i}`;
    const deps = new Set();
    const k = i === 0 ? 0 : 1 + Math.floor(rnd() * 2);
    for (let j = 0; j < k; j++) deps.add(`B-${Math.max(0, i - 1 - Math.floor(rnd() * 25))}`);
    deps.delete(id);
    for (const d of deps) edges.push({ id: `${d}->${id}`, source: d, target: id });
    nodes.push({
      id,
      label: `Synthetic task ${i}`,
      status: statuses[Math.floor(rnd() * 4)],
      business_value: Math.round(rnd() * 100),
      tokens_plan: 1000,
      tokens_actual: 0,
      purpose_relevance: 0.5,
      depends_on: [...deps],
      role: 'dev',
      blocked: rnd() < 0.03,
      critical: i % 97 === 0,
    });
  }
  return { nodes, edges };
}

async function main() {
  if (!BASE) {
    log('FAIL setup: AIORG_E2E_URL is not set (e.g. AIORG_E2E_URL=http://127.0.0.1:8000)');
    console.log('0 passed, 1 failed');
    process.exit(2);
  }
  await mkdir(OUT, { recursive: true });
  log(`base ${BASE}, screenshots in ${OUT}, browser ${CHROMIUM}`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const pageErrors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    context.setDefaultTimeout(TIMEOUT);
    const watch = (page, label) => {
      page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
    };

    // 1. Dashboard --------------------------------------------------------------------------
    const dash = await context.newPage();
    watch(dash, 'dashboard');
    const dashOk = await step('dashboard loads', async () => {
      const res = await dash.goto(url('/'), { waitUntil: 'domcontentloaded' });
      if (!res || !res.ok()) fail(`GET / returned ${res?.status()}`);
      await dash.getByText('AI-Org', { exact: true }).first().waitFor();
      if (await dash.getByTestId('sign-in').isVisible().catch(() => false)) fail('got the sign-in panel (401); set AIORG_E2E_TOKEN');
      await dash.getByTestId('task-table').waitFor();
      await dash.getByTestId('budget-gauge').waitFor();
      await dash.getByTestId('status-counts').waitFor();
      if (TOKEN && new URL(dash.url()).searchParams.has('token')) fail('token was not removed from the URL');
      const rows = await dash.locator('[data-testid="task-table"] tbody tr[data-task-id]').count();
      const level = await dash.getByTestId('budget-gauge').getAttribute('data-level');
      return `${rows} rows on page 1, budget ${level}`;
    });
    await step('dashboard live stream connects', async () => {
      await dash.locator('[data-testid="live-status"][data-live="live"]').waitFor();
    });

    // 2. Graph page opened before the task is created ----------------------------------------
    const graph = await context.newPage();
    watch(graph, 'graph');
    let graphOk = await step('graph renders the demo backlog with a critical-path node', async () => {
      await graph.goto(url('/graph'), { waitUntil: 'domcontentloaded' });
      await graph.bringToFront();
      await graph.locator('.react-flow__node').first().waitFor();
      await graph.getByTestId('layout-ms').getByText(/layout took \d+ ms/).waitFor();
      const count = Number(await graph.getByTestId('node-count').textContent());
      if (!(count >= MIN_NODES)) fail(`only ${count} nodes (expected at least ${MIN_NODES})`);
      const critical = await graph.locator('[data-critical="true"]').count();
      if (critical < 1) fail('no node has data-critical="true"');
      const blocked = await graph.locator('[data-blocked="true"]').count();
      const layout = await graph.getByTestId('layout-ms').textContent();
      return `${count} nodes, ${critical} critical, ${blocked} blocked, ${layout}`;
    });
    await step('graph live stream connects', async () => {
      await graph.locator('[data-testid="live-status"][data-live="live"]').waitFor();
      // Marker to prove later that the page was not reloaded.
      await graph.evaluate(() => {
        window.__aiorgE2eMarker = 42;
      });
    });
    if (graphOk) await graph.screenshot({ path: resolve(OUT, 'graph.png') });

    // 3. Bad entry: blank description ---------------------------------------------------------
    const form = dash.locator('form[aria-label="Create task"]');
    await step('blank description shows its field error', async () => {
      if (!dashOk) fail('dashboard did not load');
      await dash.bringToFront(); // background tabs get throttled animation frames
      await form.getByLabel('Description').fill('');
      await form.getByRole('button', { name: 'Create task' }).click();
      const err = form.locator('[data-field-error="description"]');
      await err.waitFor();
      const text = (await err.textContent())?.trim();
      if (!text) fail('description error is empty');
      const invalid = await form.getByLabel('Description').getAttribute('aria-invalid');
      if (invalid !== 'true') fail('description field is not marked aria-invalid');
      return `"${text}"`;
    });

    // 4. Create a task; it must appear in the table and, via live events, in the graph ---------
    const description = `e2e probe ${new Date().toISOString()}`;
    let newId = null;
    await step('create task via the form (201)', async () => {
      if (!dashOk) fail('dashboard did not load');
      await form.getByLabel('Description').fill(description);
      await form.getByLabel(/^Value/).fill('1');
      await form.getByLabel('Tokens plan').fill('1');
      const [res] = await Promise.all([
        dash.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/task'),
        form.getByRole('button', { name: 'Create task' }).click(),
      ]);
      if (res.status() !== 201) fail(`POST /task returned ${res.status()}: ${(await res.text()).slice(0, 200)}`);
      const body = await res.json();
      newId = String(body.id ?? '');
      if (!newId) fail('201 response has no id');
      await form.getByTestId('form-created').waitFor();
      const left = await form.getByLabel('Description').inputValue();
      if (left !== '') fail('form was not cleared');
      return `id ${newId}`;
    });
    await step('new task appears in the backlog table', async () => {
      if (!newId) fail('no task was created');
      await dash.locator(`[data-testid="task-table"] tr[data-task-id="${newId}"]`).waitFor();
    });
    await step('new task appears in the open graph page without reload (live event)', async () => {
      if (!newId) fail('no task was created');
      if (!graphOk) fail('graph page did not load');
      // Stays in the background until the node shows up: only live events can bring it.
      const node = graph.locator(`.react-flow__node [data-task-id="${newId}"]`);
      try {
        await node.waitFor({ timeout: Math.min(TIMEOUT, 10000) });
      } catch {
        await graph.bringToFront();
        // Large graphs render only what is in view: centre the node via the id search.
        await graph.getByLabel('Find task by id').fill(newId);
        await graph.getByLabel('Find task by id').press('Enter');
        await node.waitFor();
      }
      const marker = await graph.evaluate(() => window.__aiorgE2eMarker);
      if (marker !== 42) fail('the graph page was reloaded');
    });
    await step('task drawer opens from the table and closes on Escape', async () => {
      if (!newId) fail('no task was created');
      await dash.bringToFront();
      await dash.locator(`[data-testid="task-table"] tr[data-task-id="${newId}"]`).click();
      const drawer = dash.getByTestId('task-drawer');
      // serve's workers may already have done the task: its output (which quotes the description) shows too.
      await drawer.getByText(description).first().waitFor();
      await dash.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
    });
    if (dashOk) await dash.screenshot({ path: resolve(OUT, 'dashboard.png'), fullPage: true });

    // 5. Optional: 2,000 nodes -----------------------------------------------------------------
    if (BIG) {
      const big = await context.newPage();
      await big.bringToFront();
      watch(big, 'big graph');
      const payload = JSON.stringify(bigGraph(2000));
      await big.route(
        (u) => u.pathname === '/api/graph',
        (route) => route.fulfill({ status: 200, contentType: 'application/json', body: payload }),
      );
      await step('2,000-node graph: first render', async () => {
        await big.goto(url('/graph'), { waitUntil: 'domcontentloaded' });
        await big.locator('.react-flow__node').first().waitFor({ timeout: Math.max(TIMEOUT, 60000) });
        const firstNodeAt = await big.evaluate(() => performance.now());
        await big.getByTestId('layout-ms').getByText(/layout took \d+ ms/).waitFor();
        const layout = await big.getByTestId('layout-ms').textContent();
        const count = await big.getByTestId('node-count').textContent();
        const rendered = await big.locator('.react-flow__node').count();
        const msg = `first nodes painted ${Math.round(firstNodeAt)} ms after navigation start; ${layout}; ${count} nodes, ${rendered} in the DOM`;
        log(`METRIC big-graph ${msg}`);
        return msg;
      });
      await step('2,000-node graph: pan frame time', async () => {
        const box = await big.locator('.react-flow').boundingBox();
        if (!box) fail('no .react-flow element');
        // Start the drag on empty pane, not on a node.
        const start = await big.evaluate(({ x, y, w, h }) => {
          for (let fy = 0.2; fy < 0.9; fy += 0.1)
            for (let fx = 0.2; fx < 0.8; fx += 0.05) {
              const px = x + w * fx;
              const py = y + h * fy;
              const el = document.elementFromPoint(px, py);
              if (el && el.classList.contains('react-flow__pane')) return { x: px, y: py };
            }
          return { x: x + w / 2, y: y + h / 2 };
        }, { x: box.x, y: box.y, w: box.width, h: box.height });
        await big.evaluate(() => {
          const w = window;
          w.__frames = [];
          w.__recording = true;
          let last = performance.now();
          const tick = (t) => {
            w.__frames.push(t - last);
            last = t;
            if (w.__recording) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        });
        await big.mouse.move(start.x, start.y);
        await big.mouse.down();
        for (let i = 1; i <= 60; i++) await big.mouse.move(start.x - i * 10, start.y - i * 4);
        for (let i = 59; i >= 0; i--) await big.mouse.move(start.x - i * 10, start.y - i * 4);
        await big.mouse.up();
        const frames = await big.evaluate(() => {
          window.__recording = false;
          return window.__frames.slice(1);
        });
        if (frames.length < 5) fail(`only ${frames.length} frames recorded`);
        const avg = frames.reduce((a, b) => a + b, 0) / frames.length;
        const sorted = [...frames].sort((a, b) => a - b);
        const p95 = sorted[Math.floor(sorted.length * 0.95)];
        const msg = `avg ${avg.toFixed(1)} ms/frame (${(1000 / avg).toFixed(0)} fps), p95 ${p95.toFixed(1)} ms, ${frames.length} frames`;
        log(`METRIC big-graph pan ${msg}`);
        return msg;
      });
      await big.screenshot({ path: resolve(OUT, 'graph-2000.png') });
      await big.close();
    }

    await step('no uncaught errors in the pages', async () => {
      if (pageErrors.length) fail(pageErrors.slice(0, 3).join(' | '));
    });
  } finally {
    await browser.close();
  }
}

main()
  .catch((e) => {
    failed++;
    log(`FAIL setup: ${e?.stack ?? e}`);
  })
  .finally(() => {
    if (failed) log(`failed steps: ${results.filter((r) => !r.ok).map((r) => r.name).join('; ') || 'setup'}`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
