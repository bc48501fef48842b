import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderHook } from '@testing-library/react';
import { DEBOUNCE_MS, getVersion, handleLiveEvent, useLiveEvents } from '../live';
import { setToken } from '../api';

afterEach(() => vi.useRealTimers());

describe('live events', () => {
  it('debounces a burst of events into one refresh', () => {
    vi.useFakeTimers();
    const tasks = getVersion('tasks');
    const graph = getVersion('graph');
    const budget = getVersion('budget');
    handleLiveEvent('task');
    handleLiveEvent('task');
    vi.advanceTimersByTime(DEBOUNCE_MS - 50);
    handleLiveEvent('task');
    expect(getVersion('tasks')).toBe(tasks);
    vi.advanceTimersByTime(DEBOUNCE_MS);
    expect(getVersion('tasks')).toBe(tasks + 1);
    expect(getVersion('graph')).toBe(graph + 1);
    expect(getVersion('budget')).toBe(budget);
    handleLiveEvent('budget');
    vi.advanceTimersByTime(DEBOUNCE_MS);
    expect(getVersion('budget')).toBe(budget + 1);
    expect(getVersion('tasks')).toBe(tasks + 1);
  });

  it('opens /api/events with the token and listens for named events', () => {
    setToken('sekret');
    const listeners: string[] = [];
    const urls: string[] = [];
    const fake = (url: string) => {
      urls.push(url);
      return { addEventListener: (n: string) => listeners.push(n), close: vi.fn(), readyState: 0 } as unknown as EventSource;
    };
    const { unmount } = renderHook(() => useLiveEvents(1, fake));
    expect(urls).toEqual(['/api/events?access_token=sekret']);
    expect(listeners.sort()).toEqual(['alert', 'budget', 'task']);
    unmount();
  });

  it('reconnects with back-off after the server closed the stream, then refreshes everything once', () => {
    vi.useFakeTimers();
    type FakeSource = { onopen: () => void; onerror: () => void; readyState: number; close: () => void };
    const made: FakeSource[] = [];
    const fake = () => {
      const es = { addEventListener: vi.fn(), close: vi.fn(), readyState: 0 } as unknown as FakeSource;
      made.push(es);
      return es as unknown as EventSource;
    };
    const { unmount } = renderHook(() => useLiveEvents(2, fake));
    made[0].onopen();
    const tasks = getVersion('tasks');
    const budget = getVersion('budget');

    // The server restarted: the browser reports an error and gives the stream up (CLOSED).
    made[0].readyState = 2;
    made[0].onerror();
    expect(made[0].close).toHaveBeenCalled();
    vi.advanceTimersByTime(999);
    expect(made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(made).toHaveLength(2);

    // Back: whatever changed meanwhile is fetched again, once.
    made[1].onopen();
    vi.advanceTimersByTime(DEBOUNCE_MS);
    expect(getVersion('tasks')).toBe(tasks + 1);
    expect(getVersion('budget')).toBe(budget + 1);
    unmount();
  });
});
