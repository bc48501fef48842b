#!/usr/bin/env node
// A tiny in-memory stand-in for the AI-Org service, for trying the front end and e2e/e2e.mjs
// before the Java service exists. It serves frontend/dist (SPA fallback) and the API shapes the
// front end relies on. Not used by `npm test`.
//
//   npm run build && node e2e/mock-server.mjs            # http://127.0.0.1:8765
//   MOCK_PORT=8000 MOCK_TOKEN=secret MOCK_TICK_MS=3000 node e2e/mock-server.mjs
//
// MOCK_TOKEN: require "Authorization: Bearer <token>" (or ?access_token= on /api/events).
// MOCK_TICK_MS: advance a task every N ms (todo -> doing -> done) to watch live updates.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(process.env.MOCK_DIST ?? join(here, '..', 'dist'));
const PORT = Number(process.env.MOCK_PORT ?? 8765);
const HOST = process.env.MOCK_HOST ?? '127.0.0.1';
const TOKEN = process.env.MOCK_TOKEN ?? '';
const TICK = Number(process.env.MOCK_TICK_MS ?? 0);
const ROLES = ['architect', 'planner', 'dev', 'qa', 'ux_ui', 'telemetry', 'research'];
const STATUSES = ['todo', 'doing', 'done', 'failed'];

// ------------------------------------------------------------------------------------------
// State per tenant

const tenants = new Map();

function tenantState(name) {
  if (!tenants.has(name)) tenants.set(name, seed(name));
  return tenants.get(name);
}

function seed(name) {
  const s = { tasks: new Map(), seq: 0, budget: { limit: 25, spent: 3.1416, reserved: 0.5 }, alerts: [], topups: new Set() };
  if (name !== 'demo') return s;
  const words = ['Define', 'Design', 'Implement', 'Test', 'Review', 'Document', 'Measure', 'Deploy'];
  const things = ['tenant model', 'task API', 'budget ledger', 'scheduler', 'graph view', 'SSE stream', 'auth', 'metrics', 'role router', 'prompt templates'];
  let r = 7;
  const rnd = () => ((r = (r * 16807) % 2147483647) / 2147483647);
  const t0 = Date.now() - 30 * 3600_000;
  for (let i = 1; i <= 30; i++) {
    const deps = [];
    if (i > 1) deps.push(`T-${Math.max(1, i - 1 - Math.floor(rnd() * 3))}`);
    if (i > 5 && rnd() < 0.4) deps.push(`T-${1 + Math.floor(rnd() * (i - 2))}`);
    if (i === 14 || i === 20) deps.push('T-9'); // blocked by the failed task
    const status = i <= 8 ? 'done' : i === 9 ? 'failed' : i <= 12 ? 'doing' : 'todo';
    addTask(s, {
      description: `${words[i % words.length]} ${things[i % things.length]}`,
      value: Math.round(1 + rnd() * 20),
      depends_on: [...new Set(deps)],
      tokens_plan: 1 + Math.round(rnd() * 12), // 1k-token blocks, as in the service
      role: ROLES[i % ROLES.length],
      status,
      created_at: new Date(t0 + i * 3600_000).toISOString(),
    });
  }
  s.alerts.push({ at: new Date().toISOString(), kind: 'task_failed', task_id: 'T-9', message: 'T-9 failed after 3 attempts' });
  return s;
}

function addTask(s, b) {
  const id = `T-${++s.seq}`;
  const now = new Date().toISOString();
  const done = b.status === 'done';
  const t = {
    id,
    description: b.description,
    status: b.status ?? 'todo',
    role: b.role ?? null,
    role_source: b.role ? 'user' : 'auto',
    owner: 'demo-user',
    est_value: b.value ?? 1,
    tokens_plan: b.tokens_plan ?? 1,
    tokens_actual: done ? Math.round((b.tokens_plan ?? 1) * 110) / 100 : 0,
    purpose_relevance: 0.75,
    depends_on: b.depends_on ?? [],
    hold_reason: null,
    output: done ? `Result of ${id}\n\n` + 'lorem ipsum '.repeat(40) : null,
    model: done ? 'gpt-mock-1' : null,
    latency_ms: done ? 1234 : null,
    attempts: done ? 1 : b.status === 'failed' ? 3 : 0,
    error: b.status === 'failed' ? 'upstream model timeout' : null,
    tokens_in: done ? 800 : null,
    tokens_out: done ? 400 : null,
    created_at: b.created_at ?? now,
    updated_at: now,
  };
  t.value_density = (t.est_value * t.purpose_relevance) / Math.max(0.001, t.tokens_plan);
  s.tasks.set(id, t);
  return t;
}

function blockedInfo(s, t) {
  if (t.status === 'done' || t.status === 'failed') return null;
  const failed = t.depends_on.filter((d) => s.tasks.get(d)?.status === 'failed');
  if (failed.length) return { blocked_by: failed, reason: 'dependency failed' };
  return null;
}

/** Longest open chain by tokens_plan (tasks not done). */
function criticalPath(s) {
  const open = [...s.tasks.values()].filter((t) => t.status !== 'done');
  const openIds = new Set(open.map((t) => t.id));
  const memo = new Map();
  const best = (id) => {
    if (memo.has(id)) return memo.get(id);
    const t = s.tasks.get(id);
    let bestPrev = { ids: [], tokens: 0 };
    for (const d of t.depends_on) {
      if (!openIds.has(d)) continue;
      const p = best(d);
      if (p.tokens > bestPrev.tokens) bestPrev = p;
    }
    const r = { ids: [...bestPrev.ids, id], tokens: bestPrev.tokens + t.tokens_plan };
    memo.set(id, r);
    return r;
  };
  let top = { ids: [], tokens: 0 };
  for (const t of open) {
    const p = best(t.id);
    if (p.tokens > top.tokens) top = p;
  }
  return { ids: top.ids, length: top.ids.length, tokens: top.tokens };
}

function budgetView(s) {
  const b = s.budget;
  return { limit_usd: b.limit, spent_usd: b.spent, reserved_usd: b.reserved, remaining_usd: Math.max(0, b.limit - b.spent - b.reserved) };
}

// ------------------------------------------------------------------------------------------
// SSE

const streams = new Set();
function broadcast(tenant, event, data) {
  for (const c of streams) {
    if (c.tenant === tenant) c.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}
setInterval(() => {
  for (const c of streams) c.res.write(': keep-alive\n\n');
}, 15000).unref();

if (TICK > 0) {
  setInterval(() => {
    const s = tenantState('demo');
    const doing = [...s.tasks.values()].find((t) => t.status === 'doing');
    if (doing) {
      doing.status = 'done';
      doing.tokens_actual = doing.tokens_plan;
      doing.updated_at = new Date().toISOString();
      s.budget.spent += 0.0123;
      broadcast('demo', 'task', { id: doing.id, change: 'updated' });
      broadcast('demo', 'budget', {});
    }
    const next = [...s.tasks.values()].find(
      (t) => t.status === 'todo' && t.depends_on.every((d) => s.tasks.get(d)?.status === 'done'),
    );
    if (next) {
      next.status = 'doing';
      next.updated_at = new Date().toISOString();
      broadcast('demo', 'task', { id: next.id, change: 'updated' });
    }
  }, TICK).unref();
}

// ------------------------------------------------------------------------------------------
// HTTP

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
function problem(res, status, title, detail, errors) {
  send(res, status, { type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) }, 'application/problem+json');
}
async function readJson(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  return data ? JSON.parse(data) : {};
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };
async function serveStatic(res, pathname) {
  const safe = normalize(pathname).replace(/^(\.\.[/\\])+/, '');
  let file = join(DIST, safe);
  const isFile = await stat(file).then((st) => st.isFile(), () => false);
  if (!isFile) {
    if (extname(pathname)) return problem(res, 404, 'Not Found', pathname);
    file = join(DIST, 'index.html');
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    problem(res, 404, 'Not Found', `${file} (run npm run build first)`);
  }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host ?? 'localhost'}`);
  const p = url.pathname;
  const isApi = p === '/budget' || p.startsWith('/budget/') || p.startsWith('/api/') || p === '/task' || p.startsWith('/task/');
  if (!isApi) return serveStatic(res, p);

  const auth = String(req.headers.authorization ?? '');
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : url.searchParams.get('access_token') ?? '';
  if (TOKEN && token !== TOKEN) return problem(res, 401, 'Unauthorized', 'A valid bearer token is required');
  const tenant = String(req.headers['x-tenant'] ?? url.searchParams.get('tenant') ?? 'demo');
  const s = tenantState(tenant);

  try {
    if (req.method === 'GET' && p === '/api/me') return send(res, 200, { subject: 'dev@example.com', tenant, tenants: ['demo', 'acme'] });
    if (req.method === 'GET' && p === '/budget') return send(res, 200, budgetView(s));
    if (req.method === 'POST' && p === '/budget/topup') {
      const b = await readJson(req);
      if (!(typeof b.amount_usd === 'number' && b.amount_usd > 0))
        return problem(res, 400, 'Bad Request', 'Invalid top-up', [{ field: 'amount_usd', message: 'must be greater than 0' }]);
      if (!s.topups.has(b.idempotency_key)) {
        s.topups.add(b.idempotency_key);
        s.budget.limit += b.amount_usd;
        broadcast(tenant, 'budget', {});
      }
      return send(res, 200, budgetView(s));
    }
    if (req.method === 'GET' && p === '/api/tasks/counts') {
      const c = Object.fromEntries(STATUSES.map((st) => [st, 0]));
      for (const t of s.tasks.values()) c[t.status]++;
      return send(res, 200, { ...c, total: s.tasks.size });
    }
    if (req.method === 'GET' && p === '/api/tasks') {
      const q = url.searchParams;
      let items = [...s.tasks.values()];
      if (q.get('status')) items = items.filter((t) => t.status === q.get('status'));
      if (q.get('role')) items = items.filter((t) => t.role === q.get('role'));
      const sort = q.get('sort') ?? 'created_at';
      const dir = q.get('order') === 'asc' ? 1 : -1;
      items.sort((a, b) => {
        const x = a[sort] ?? '';
        const y = b[sort] ?? '';
        return (x < y ? -1 : x > y ? 1 : Number(a.id.slice(2)) - Number(b.id.slice(2))) * dir;
      });
      const offset = Number(q.get('offset') ?? 0);
      const limit = Math.min(500, Number(q.get('limit') ?? 50));
      return send(res, 200, { items: items.slice(offset, offset + limit), total: items.length });
    }
    const m = p.match(/^\/task\/([^/]+)$/);
    if (req.method === 'GET' && m) {
      const t = s.tasks.get(decodeURIComponent(m[1]));
      return t ? send(res, 200, t) : problem(res, 404, 'Not Found', `No task ${m[1]}`);
    }
    if (req.method === 'POST' && p === '/task') {
      const b = await readJson(req);
      const errors = [];
      if (typeof b.description !== 'string' || !b.description.trim()) errors.push({ field: 'description', message: 'must not be blank' });
      if (b.value !== undefined && !(typeof b.value === 'number' && b.value >= 0)) errors.push({ field: 'value', message: 'must be a number >= 0' });
      if (b.tokens_plan !== undefined && !(typeof b.tokens_plan === 'number' && b.tokens_plan >= 0))
        errors.push({ field: 'tokens_plan', message: 'must be >= 0' });
      if (b.role !== undefined && !ROLES.includes(b.role)) errors.push({ field: 'role', message: 'unknown role' });
      (b.depends_on ?? []).forEach((d, i) => {
        if (!s.tasks.has(String(d))) errors.push({ field: `depends_on[${i}]`, message: `unknown task ${d}` });
      });
      if (errors.length) return problem(res, 400, 'Bad Request', 'The task is invalid', errors);
      const t = addTask(s, { description: b.description.trim(), value: b.value, depends_on: (b.depends_on ?? []).map(String), tokens_plan: b.tokens_plan, role: b.role });
      res.setHeader('Location', `/task/${t.id}`);
      send(res, 201, t);
      broadcast(tenant, 'task', { id: t.id, change: 'created' });
      return;
    }
    if (req.method === 'GET' && p === '/api/insights') {
      const blocked = [];
      let waiting = 0;
      let ready = 0;
      for (const t of s.tasks.values()) {
        const bi = blockedInfo(s, t);
        if (bi) blocked.push({ id: t.id, description: t.description, ...bi });
        else if (t.status === 'todo') {
          if (t.depends_on.every((d) => s.tasks.get(d)?.status === 'done')) ready++;
          else waiting++;
        }
      }
      return send(res, 200, { blocked, waiting_count: waiting, ready_count: ready, critical_path: criticalPath(s), alerts: s.alerts.slice(-20).reverse() });
    }
    if (req.method === 'GET' && p === '/api/graph') {
      const crit = new Set(criticalPath(s).ids);
      let nodes = [...s.tasks.values()];
      const st = url.searchParams.get('status');
      if (st) nodes = nodes.filter((t) => st.split(',').includes(t.status));
      const around = url.searchParams.get('around');
      if (around && s.tasks.has(around)) {
        const depth = Number(url.searchParams.get('depth') ?? 2);
        const keep = new Set([around]);
        let frontier = [around];
        for (let i = 0; i < depth; i++) {
          const next = [];
          for (const id of frontier) {
            for (const d of s.tasks.get(id).depends_on) if (!keep.has(d)) keep.add(d), next.push(d);
            for (const t of s.tasks.values()) if (t.depends_on.includes(id) && !keep.has(t.id)) keep.add(t.id), next.push(t.id);
          }
          frontier = next;
        }
        nodes = nodes.filter((t) => keep.has(t.id));
      }
      const ids = new Set(nodes.map((t) => t.id));
      return send(res, 200, {
        nodes: nodes.map((t) => ({
          id: t.id,
          label: t.description,
          status: t.status,
          business_value: t.est_value,
          tokens_plan: t.tokens_plan,
          tokens_actual: t.tokens_actual,
          purpose_relevance: t.purpose_relevance,
          depends_on: t.depends_on,
          role: t.role,
          hold_reason: t.hold_reason,
          blocked: !!blockedInfo(s, t),
          critical: crit.has(t.id),
        })),
        edges: nodes.flatMap((t) => t.depends_on.filter((d) => ids.has(d)).map((d) => ({ id: `${d}->${t.id}`, source: d, target: t.id }))),
      });
    }
    if (req.method === 'GET' && p === '/api/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ tenant })}\n\n`);
      const c = { tenant, res };
      streams.add(c);
      req.on('close', () => streams.delete(c));
      return;
    }
    problem(res, 404, 'Not Found', `${req.method} ${p}`);
  } catch (e) {
    problem(res, 500, 'Internal Server Error', String(e));
  }
});

server.listen(PORT, HOST, () => console.log(`mock AI-Org on http://${HOST}:${PORT} (dist ${DIST})`));
