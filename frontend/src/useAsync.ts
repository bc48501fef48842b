import { useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** true until the first result (or error) arrives; refetches keep showing the old data. */
  loading: boolean;
  /** true while any request (including a refetch) is in flight. */
  refreshing: boolean;
}

/**
 * Runs `fn` whenever `deps` change; aborts the previous request. Keeps the last data while
 * refetching so live updates do not flicker.
 */
export function useAsync<T>(fn: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ data: undefined, error: undefined, loading: true, refreshing: true });
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, refreshing: true }));
    fnRef
      .current(ctrl.signal)
      .then((data) => {
        if (!ctrl.signal.aborted) setState({ data, error: undefined, loading: false, refreshing: false });
      })
      .catch((error: unknown) => {
        if (ctrl.signal.aborted) return;
        setState((s) => ({
          data: s.data,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
          refreshing: false,
        }));
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return state;
}
