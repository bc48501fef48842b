// Live updates: one EventSource on /api/events, and a tiny version store that data hooks depend
// on. An event marks resources stale; after a 300 ms quiet period their versions are bumped once,
// so a burst of events causes a single refetch.
import { useSyncExternalStore, useEffect } from 'react';
import { eventsUrl } from './api';

export type Resource = 'tasks' | 'counts' | 'budget' | 'insights' | 'graph' | 'me' | 'task';
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export const DEBOUNCE_MS = 300;

type Listener = () => void;

const versions: Record<Resource, number> = { tasks: 0, counts: 0, budget: 0, insights: 0, graph: 0, me: 0, task: 0 };
const listeners = new Set<Listener>();
const pending = new Set<Resource>();
let timer: ReturnType<typeof setTimeout> | null = null;
let status: LiveStatus = 'connecting';

function emit() {
  listeners.forEach((l) => l());
}

function subscribe(l: Listener) {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
}

/** Bump versions now (e.g. after this client created a task). */
export function invalidateNow(...rs: Resource[]) {
  rs.forEach((r) => versions[r]++);
  emit();
}

/** Mark resources stale; refetch happens after DEBOUNCE_MS without further events. */
export function invalidate(...rs: Resource[]) {
  rs.forEach((r) => pending.add(r));
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    pending.forEach((r) => versions[r]++);
    pending.clear();
    emit();
  }, DEBOUNCE_MS);
}

export function getVersion(r: Resource): number {
  return versions[r];
}

export function useVersion(r: Resource): number {
  return useSyncExternalStore(subscribe, () => versions[r], () => versions[r]);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribe, () => status, () => status);
}

function setStatus(s: LiveStatus) {
  if (s !== status) {
    status = s;
    emit();
  }
}

export function handleLiveEvent(name: string) {
  if (name === 'task') {
    // data: {id, change}; any change can alter counts, insights and the graph, so all are refreshed.
    invalidate('tasks', 'counts', 'insights', 'graph', 'task');
  } else if (name === 'budget') {
    invalidate('budget');
  } else if (name === 'alert') {
    invalidate('insights');
  }
}

type ESFactory = (url: string) => EventSource;

/**
 * Keeps one EventSource open for the lifetime of the component; reconnects (with back-off) when
 * the browser gives up (readyState CLOSED, e.g. after a 401/5xx). `key` changes (token/tenant)
 * reopen the stream.
 */
export function useLiveEvents(key: unknown, factory?: ESFactory) {
  useEffect(() => {
    const make: ESFactory | null =
      factory ?? (typeof EventSource === 'undefined' ? null : (u: string) => new EventSource(u));
    if (!make) return;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let closed = false;

    const open = () => {
      if (closed) return;
      es = make(eventsUrl());
      const onMsg = (name: string) => () => handleLiveEvent(name);
      es.addEventListener('task', onMsg('task'));
      es.addEventListener('budget', onMsg('budget'));
      es.addEventListener('alert', onMsg('alert'));
      es.onopen = () => {
        const wasDown = status === 'reconnecting';
        attempt = 0;
        setStatus('live');
        // We may have missed events while disconnected: refresh everything once.
        if (wasDown) invalidate('tasks', 'counts', 'insights', 'graph', 'budget', 'task');
      };
      es.onerror = () => {
        setStatus('reconnecting');
        if (es && es.readyState === 2 /* CLOSED */) {
          es.close();
          es = null;
          const delay = Math.min(30000, 1000 * 2 ** attempt++);
          retry = setTimeout(open, delay);
        }
      };
    };
    setStatus('connecting');
    open();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      es?.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}
