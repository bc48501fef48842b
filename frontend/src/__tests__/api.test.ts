import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  captureTokenFromUrl,
  createTask,
  eventsUrl,
  getBudget,
  getToken,
  listTasks,
  onUnauthorized,
  setTenant,
  setToken,
  topUpBudget,
} from '../api';
import { json, mockFetch } from '../test/fetchMock';

const budget = { limit_usd: 10, spent_usd: 2.5, reserved_usd: 0.5, remaining_usd: 7 };

describe('API client headers', () => {
  it('sends Authorization and X-Tenant when a token and tenant are set', async () => {
    const { calls } = mockFetch(() => json(budget));
    setToken('tok-123');
    setTenant('acme');
    await getBudget();
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/budget');
    expect(calls[0].headers.get('Authorization')).toBe('Bearer tok-123');
    expect(calls[0].headers.get('X-Tenant')).toBe('acme');
  });

  it('sends neither header when no token or tenant is set', async () => {
    const { calls } = mockFetch(() => json(budget));
    await getBudget();
    expect(calls[0].headers.has('Authorization')).toBe(false);
    expect(calls[0].headers.has('X-Tenant')).toBe(false);
  });

  it('sends the headers on POSTs too, with a JSON body', async () => {
    const { calls } = mockFetch(() => json({ id: 'T-9', description: 'x', status: 'todo' }, 201));
    setToken('tok-9');
    setTenant('beta');
    const t = await createTask({ description: 'x', depends_on: ['T-1'], value: 3 });
    expect(t.id).toBe('T-9');
    expect(calls[0].method).toBe('POST');
    expect(calls[0].url).toBe('/task');
    expect(calls[0].headers.get('Authorization')).toBe('Bearer tok-9');
    expect(calls[0].headers.get('X-Tenant')).toBe('beta');
    expect(calls[0].headers.get('Content-Type')).toBe('application/json');
    expect(calls[0].body).toEqual({ description: 'x', depends_on: ['T-1'], value: 3 });
  });

  it('top-up posts amount_usd and an idempotency key', async () => {
    const { calls } = mockFetch(() => json(budget));
    await topUpBudget(5, 'key-1');
    expect(calls[0].url).toBe('/budget/topup');
    expect(calls[0].body).toEqual({ amount_usd: 5, idempotency_key: 'key-1' });
  });
});

describe('API client behaviour', () => {
  it('builds the task list query, skipping empty filters', async () => {
    const { calls } = mockFetch(() => json({ items: [{ id: 7, description: 'a', status: 'todo', depends_on: [3] }], total: 1 }));
    const page = await listTasks({ status: '', role: 'dev', sort: 'est_value', order: 'asc', limit: 25, offset: 50 });
    expect(calls[0].url).toBe('/api/tasks?role=dev&sort=est_value&order=asc&limit=25&offset=50');
    expect(page.total).toBe(1);
    expect(page.items[0].id).toBe('7');
    expect(page.items[0].depends_on).toEqual(['3']);
  });

  it('turns problem+json into an ApiError with field errors', async () => {
    mockFetch(() =>
      json(
        { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid task', errors: [{ field: 'value', message: 'must be >= 0' }] },
        400,
        'application/problem+json',
      ),
    );
    const err = await createTask({ description: 'x', depends_on: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).problem.errors).toEqual([{ field: 'value', message: 'must be >= 0' }]);
  });

  it('notifies 401 listeners', async () => {
    mockFetch(() => json({ title: 'Unauthorized', status: 401 }, 401, 'application/problem+json'));
    const l = vi.fn();
    const off = onUnauthorized(l);
    await expect(getBudget()).rejects.toBeInstanceOf(ApiError);
    off();
    expect(l).toHaveBeenCalledTimes(1);
  });

  it('moves ?token= from the URL into sessionStorage and strips it', () => {
    window.history.replaceState(null, '', '/graph?token=abc&x=1#h');
    expect(captureTokenFromUrl()).toBe(true);
    expect(getToken()).toBe('abc');
    expect(window.location.pathname + window.location.search + window.location.hash).toBe('/graph?x=1#h');
    window.history.replaceState(null, '', '/');
  });

  it('passes the token to EventSource as access_token', () => {
    expect(eventsUrl()).toBe('/api/events');
    setToken('a b');
    expect(eventsUrl()).toBe('/api/events?access_token=a+b');
  });
});
