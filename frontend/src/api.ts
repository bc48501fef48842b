// AI-Org API client: every HTTP call of the front end goes through this module.
//
// Auth: a token may arrive once in the URL as ?token=...; it is kept in sessionStorage,
// removed from the URL, and sent as "Authorization: Bearer <token>" on every request.
// A tenant picked in the switcher is sent as "X-Tenant: <tenant>".

export type TaskId = string;
export type TaskStatus = 'todo' | 'doing' | 'done' | 'failed';
export const TASK_STATUSES: readonly TaskStatus[] = ['todo', 'doing', 'done', 'failed'];
export type Role = 'architect' | 'planner' | 'dev' | 'qa' | 'ux_ui' | 'telemetry' | 'research';
export const ROLES: readonly Role[] = ['architect', 'planner', 'dev', 'qa', 'ux_ui', 'telemetry', 'research'];

export interface Me {
  subject: string;
  tenant: string;
  tenants: string[];
}

export interface Budget {
  limit_usd: number;
  spent_usd: number;
  reserved_usd: number;
  remaining_usd: number;
}

export interface TopUpRequest {
  amount_usd: number;
  idempotency_key: string;
}

export type StatusCounts = Record<TaskStatus, number>;

export interface Task {
  id: TaskId;
  description: string;
  status: TaskStatus;
  role: Role | string | null;
  role_source: string | null;
  owner: string | null;
  est_value: number | null;
  /** 1k-token blocks */
  tokens_plan: number | null;
  /** 1k-token blocks */
  tokens_actual: number | null;
  purpose_relevance: number | null;
  relevance_source: string | null;
  value_density: number | null;
  depends_on: TaskId[];
  hold_reason: string | null;
  output: string | null;
  model: string | null;
  latency_ms: number | null;
  attempts: number | null;
  error: string | null;
  /** exact token counts */
  tokens_in: number | null;
  tokens_out: number | null;
  created_at: string | null;
  updated_at: string | null;
}

export type SortField =
  | 'created_at'
  | 'est_value'
  | 'tokens_plan'
  | 'purpose_relevance'
  | 'value_density'
  | 'status'
  | 'role';
export type SortOrder = 'asc' | 'desc';

export interface TaskQuery {
  status?: TaskStatus | '';
  role?: Role | '';
  sort?: SortField;
  order?: SortOrder;
  limit?: number;
  offset?: number;
}

export interface TaskPage {
  items: Task[];
  total: number;
}

export interface CreateTaskRequest {
  description: string;
  value?: number;
  depends_on: TaskId[];
  /** 1k-token blocks */
  tokens_plan?: number;
  role?: Role;
}

export interface ProblemFieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as returned by the service on 4xx/5xx. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: ProblemFieldError[];
}

export interface BlockedTask {
  id: TaskId;
  description: string;
  blocked_by: TaskId[];
  reason: string;
}

export interface CriticalPath {
  ids: TaskId[];
  length: number;
  /** sum of tokens_plan along the path, in 1k-token blocks */
  tokens: number;
}

export interface Alert {
  at: string;
  kind: string;
  task_id: TaskId | null;
  message: string;
}

export interface Insights {
  blocked: BlockedTask[];
  waiting_count: number;
  ready_count: number;
  critical_path: CriticalPath;
  alerts: Alert[];
}

export interface GraphNode {
  id: TaskId;
  label: string;
  status: TaskStatus;
  business_value: number;
  tokens_plan: number;
  tokens_actual: number;
  purpose_relevance: number;
  depends_on: TaskId[];
  role: string | null;
  hold_reason?: string | null;
  blocked: boolean;
  critical: boolean;
}

/** source = the dependency, target = the dependant. */
export interface GraphEdge {
  id: string;
  source: TaskId;
  target: TaskId;
  /** optional; when absent an edge between two critical nodes is drawn as critical */
  critical?: boolean;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphQuery {
  status?: TaskStatus[];
  around?: TaskId;
  depth?: number;
}

export type LiveEventName = 'task' | 'budget' | 'alert';
/** A `task` event: a change in the serving process, or (`elsewhere`) what other processes changed since the last one. */
export interface TaskEvent {
  id?: TaskId;
  change: 'created' | 'updated' | 'deleted' | 'elsewhere';
  ids?: TaskId[];
  count?: number;
}

// ---------------------------------------------------------------------------------------------
// Credentials (token + tenant)

const TOKEN_KEY = 'aiorg.token';
const TENANT_KEY = 'aiorg.tenant';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return storage()?.getItem(TOKEN_KEY) || null;
}

export function setToken(token: string | null): void {
  const s = storage();
  if (!s) return;
  const t = token?.trim();
  if (t) s.setItem(TOKEN_KEY, t);
  else s.removeItem(TOKEN_KEY);
  notifyCredentials();
}

export function getTenant(): string | null {
  return storage()?.getItem(TENANT_KEY) || null;
}

export function setTenant(tenant: string | null): void {
  const s = storage();
  if (!s) return;
  if (tenant) s.setItem(TENANT_KEY, tenant);
  else s.removeItem(TENANT_KEY);
  notifyCredentials();
}

/**
 * Moves a one-off ?token=... from the address bar into sessionStorage and strips it from the
 * URL (history.replaceState), keeping other parameters and the hash. Returns true if found.
 */
export function captureTokenFromUrl(): boolean {
  if (typeof window === 'undefined') return false;
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return false;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  if (token.trim()) setToken(token);
  return true;
}

type Listener = () => void;
const credentialListeners = new Set<Listener>();
const unauthorizedListeners = new Set<Listener>();
let credentialsVersion = 0;

function notifyCredentials() {
  credentialsVersion++;
  credentialListeners.forEach((l) => l());
}

/** Subscribe to token/tenant changes (for useSyncExternalStore). */
export function onCredentialsChange(l: Listener): () => void {
  credentialListeners.add(l);
  return () => credentialListeners.delete(l);
}
export function getCredentialsVersion(): number {
  return credentialsVersion;
}

/** Subscribe to 401 responses. */
export function onUnauthorized(l: Listener): () => void {
  unauthorizedListeners.add(l);
  return () => unauthorizedListeners.delete(l);
}

export function authHeaders(): Record<string, string> {
  const h: Record<string, string> = {};
  const token = getToken();
  if (token) h['Authorization'] = `Bearer ${token}`;
  const tenant = getTenant();
  if (tenant) h['X-Tenant'] = tenant;
  return h;
}

/** URL for the EventSource stream (EventSource cannot set headers, so the token goes in the query). */
export function eventsUrl(): string {
  const p = new URLSearchParams();
  const token = getToken();
  if (token) p.set('access_token', token);
  const tenant = getTenant();
  if (tenant) p.set('tenant', tenant);
  const q = p.toString();
  return '/api/events' + (q ? `?${q}` : '');
}

// ---------------------------------------------------------------------------------------------
// Transport

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      const body = JSON.parse(text) as unknown;
      if (body && typeof body === 'object') {
        const p = body as Record<string, unknown>;
        return {
          type: typeof p.type === 'string' ? p.type : undefined,
          title: typeof p.title === 'string' ? p.title : undefined,
          status: typeof p.status === 'number' ? p.status : res.status,
          detail: typeof p.detail === 'string' ? p.detail : undefined,
          errors: Array.isArray(p.errors)
            ? p.errors
                .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
                .map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? '') }))
            : undefined,
        };
      }
    } catch {
      /* not JSON */
    }
  }
  return { status: res.status, title: res.statusText || `HTTP ${res.status}`, detail: text.slice(0, 300) || undefined };
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json, application/problem+json');
  for (const [k, v] of Object.entries(authHeaders())) headers.set(k, v);
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) unauthorizedListeners.forEach((l) => l());
  if (!res.ok) throw new ApiError(res.status, await readProblem(res));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

// ---------------------------------------------------------------------------------------------
// Normalisers: tolerate numbers serialised as strings (BigDecimal) and numeric ids.

const num = (v: unknown, d = 0): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : d;
};
const numOrNull = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : num(v, NaN)) as number | null;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const ids = (v: unknown): TaskId[] => (Array.isArray(v) ? v.map((x) => String(x)) : []);

export function normaliseTask(raw: Record<string, unknown>): Task {
  return {
    id: String(raw.id),
    description: String(raw.description ?? ''),
    status: String(raw.status ?? 'todo') as TaskStatus,
    role: strOrNull(raw.role),
    role_source: strOrNull(raw.role_source),
    owner: strOrNull(raw.owner),
    est_value: numOrNull(raw.est_value),
    tokens_plan: numOrNull(raw.tokens_plan),
    tokens_actual: numOrNull(raw.tokens_actual),
    purpose_relevance: numOrNull(raw.purpose_relevance),
    relevance_source: strOrNull(raw.relevance_source),
    value_density: numOrNull(raw.value_density),
    depends_on: ids(raw.depends_on),
    hold_reason: strOrNull(raw.hold_reason),
    output: strOrNull(raw.output),
    model: strOrNull(raw.model),
    latency_ms: numOrNull(raw.latency_ms),
    attempts: numOrNull(raw.attempts),
    error: strOrNull(raw.error),
    tokens_in: numOrNull(raw.tokens_in),
    tokens_out: numOrNull(raw.tokens_out),
    created_at: strOrNull(raw.created_at),
    updated_at: strOrNull(raw.updated_at),
  };
}

function normaliseBudget(raw: Record<string, unknown>): Budget {
  const limit = num(raw.limit_usd ?? raw.limit);
  const spent = num(raw.spent_usd ?? raw.spent);
  const reserved = num(raw.reserved_usd ?? raw.reserved);
  const remRaw = raw.remaining_usd ?? raw.remaining;
  return {
    limit_usd: limit,
    spent_usd: spent,
    reserved_usd: reserved,
    remaining_usd: remRaw === undefined || remRaw === null ? Math.max(0, limit - spent - reserved) : num(remRaw),
  };
}

function normaliseGraph(raw: { nodes?: unknown[]; edges?: unknown[] }): Graph {
  const nodes = (raw.nodes ?? []).map((x) => {
    const n = x as Record<string, unknown>;
    return {
      id: String(n.id),
      label: String(n.label ?? n.description ?? n.id),
      status: String(n.status ?? 'todo') as TaskStatus,
      business_value: num(n.business_value),
      tokens_plan: num(n.tokens_plan),
      tokens_actual: num(n.tokens_actual),
      purpose_relevance: num(n.purpose_relevance),
      depends_on: ids(n.depends_on),
      role: strOrNull(n.role),
      hold_reason: strOrNull(n.hold_reason),
      blocked: n.blocked === true,
      critical: n.critical === true,
    };
  });
  const edges = (raw.edges ?? []).map((x) => {
    const e = x as Record<string, unknown>;
    const source = String(e.source);
    const target = String(e.target);
    const edge: GraphEdge = { id: e.id === undefined || e.id === null ? `${source}->${target}` : String(e.id), source, target };
    if (typeof e.critical === 'boolean') edge.critical = e.critical;
    return edge;
  });
  return { nodes, edges };
}

// ---------------------------------------------------------------------------------------------
// Endpoints

type Opt = { signal?: AbortSignal };

export async function getMe(opt: Opt = {}): Promise<Me> {
  const raw = await request<Record<string, unknown>>('/api/me', opt);
  const tenants = Array.isArray(raw.tenants)
    ? raw.tenants.map((t) => (t && typeof t === 'object' ? String((t as Record<string, unknown>).id ?? '') : String(t)))
    : [];
  return { subject: String(raw.subject ?? ''), tenant: String(raw.tenant ?? ''), tenants };
}

export async function getBudget(opt: Opt = {}): Promise<Budget> {
  return normaliseBudget(await request<Record<string, unknown>>('/budget', opt));
}

export async function topUpBudget(amountUsd: number, idempotencyKey: string = crypto.randomUUID()): Promise<Budget | undefined> {
  const body: TopUpRequest = { amount_usd: amountUsd, idempotency_key: idempotencyKey };
  const raw = await request<Record<string, unknown> | undefined>('/budget/topup', { method: 'POST', body: JSON.stringify(body) });
  return raw && typeof raw === 'object' && ('limit_usd' in raw || 'limit' in raw) ? normaliseBudget(raw) : undefined;
}

export async function getCounts(opt: Opt = {}): Promise<StatusCounts> {
  const raw = await request<Record<string, unknown>>('/api/tasks/counts', opt);
  const src = (raw.counts && typeof raw.counts === 'object' ? raw.counts : raw) as Record<string, unknown>;
  return { todo: num(src.todo), doing: num(src.doing), done: num(src.done), failed: num(src.failed) };
}

export async function listTasks(q: TaskQuery = {}, opt: Opt = {}): Promise<TaskPage> {
  const raw = await request<{ items?: Record<string, unknown>[]; total?: unknown }>(
    '/api/tasks' + qs({ status: q.status, role: q.role, sort: q.sort, order: q.order, limit: q.limit, offset: q.offset }),
    opt,
  );
  const items = (raw.items ?? []).map(normaliseTask);
  return { items, total: num(raw.total, items.length) };
}

export async function getTask(id: TaskId, opt: Opt = {}): Promise<Task> {
  return normaliseTask(await request<Record<string, unknown>>(`/task/${encodeURIComponent(id)}`, opt));
}

export async function createTask(body: CreateTaskRequest): Promise<Task> {
  const raw = await request<Record<string, unknown>>('/task', { method: 'POST', body: JSON.stringify(body) });
  return normaliseTask(raw ?? {});
}

export async function getInsights(opt: Opt = {}): Promise<Insights> {
  const raw = await request<Partial<Insights> & Record<string, unknown>>('/api/insights', opt);
  const cp = (raw.critical_path ?? {}) as Partial<CriticalPath>;
  return {
    blocked: (raw.blocked ?? []).map((b) => ({
      id: String(b.id),
      description: String(b.description ?? ''),
      blocked_by: ids(b.blocked_by),
      reason: String(b.reason ?? ''),
    })),
    waiting_count: num(raw.waiting_count),
    ready_count: num(raw.ready_count),
    critical_path: { ids: ids(cp.ids), length: num(cp.length, ids(cp.ids).length), tokens: num(cp.tokens) },
    alerts: (raw.alerts ?? []).map((a) => ({
      at: String(a.at ?? ''),
      kind: String(a.kind ?? ''),
      task_id: a.task_id === null || a.task_id === undefined ? null : String(a.task_id),
      message: String(a.message ?? ''),
    })),
  };
}

export async function getGraph(q: GraphQuery = {}, opt: Opt = {}): Promise<Graph> {
  const raw = await request<{ nodes?: unknown[]; edges?: unknown[] }>(
    '/api/graph' +
      qs({
        status: q.status && q.status.length ? q.status.join(',') : undefined,
        around: q.around,
        depth: q.around ? q.depth : undefined,
      }),
    opt,
  );
  return normaliseGraph(raw ?? {});
}

/** Field name of a problem error, without index/path suffix: "depends_on[0]" -> "depends_on". */
export function baseField(field: string): string {
  return field.split(/[.[]/)[0] ?? field;
}
