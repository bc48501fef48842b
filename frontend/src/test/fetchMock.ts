import { vi } from 'vitest';

export interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response> | undefined;

export function json(body: unknown, status = 200, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

/** Stubs global fetch; `handler` answers by URL/method; unanswered calls get a 404. */
export function mockFetch(handler: Handler) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    const call: Call = { url, method: (init.method ?? 'GET').toUpperCase(), headers: new Headers(init.headers), body };
    calls.push(call);
    return (await handler(call)) ?? json({ title: 'Not Found', status: 404 }, 404, 'application/problem+json');
  });
  vi.stubGlobal('fetch', fn);
  return { calls, fn };
}
