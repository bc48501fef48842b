import { useEffect, useRef, useState } from 'react';
import type { GraphEdge, GraphNode } from '../api';
import type { LayoutResult, NodeBox } from './layout';
import type { LayoutRequest } from './layout.worker';

export interface LayoutState {
  /** layout for `key`, or the previous one while a new layout is computed */
  result: LayoutResult | null;
  key: string | null;
  /** wall time of the last layout including the worker round trip */
  ms: number;
  busy: boolean;
  error: string | null;
}

type Reply = { seq: number; boxes?: [string, NodeBox][]; ms?: number; engine?: LayoutResult['engine']; error?: string };

/**
 * Lays out the graph whenever `key` (its topology) changes; status-only changes reuse the last
 * layout. Uses a Web Worker when available, else runs dagre inline (tests, old browsers).
 */
export function useLayout(nodes: readonly GraphNode[], edges: readonly GraphEdge[], key: string): LayoutState {
  const [state, setState] = useState<LayoutState>({ result: null, key: null, ms: 0, busy: true, error: null });
  const workerRef = useRef<Worker | null>(null);
  const seqRef = useRef(0);
  const inputRef = useRef({ nodes, edges });
  inputRef.current = { nodes, edges };

  useEffect(() => {
    return () => {
      workerRef.current?.terminate();
      workerRef.current = null;
    };
  }, []);

  useEffect(() => {
    const seq = ++seqRef.current;
    const t0 = performance.now();
    const { nodes: ns, edges: es } = inputRef.current;
    setState((s) => ({ ...s, busy: true }));
    const done = (r: Reply) => {
      if (r.seq !== seqRef.current) return;
      if (r.error || !r.boxes) {
        setState((s) => ({ ...s, busy: false, error: r.error ?? 'layout failed' }));
        return;
      }
      setState({
        result: { boxes: new Map(r.boxes), ms: r.ms ?? 0, engine: r.engine ?? 'dagre' },
        key,
        ms: performance.now() - t0,
        busy: false,
        error: null,
      });
    };

    if (typeof Worker !== 'undefined') {
      if (!workerRef.current) {
        workerRef.current = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
      }
      const w = workerRef.current;
      w.onmessage = (e: MessageEvent<Reply>) => done(e.data);
      w.onerror = (e) => done({ seq, error: e.message || 'layout worker error' });
      const msg: LayoutRequest = { seq, nodes: [...ns], edges: [...es] };
      w.postMessage(msg);
    } else {
      void import('./layout').then(({ layoutGraph }) => {
        try {
          const r = layoutGraph(ns, es);
          done({ seq, boxes: [...r.boxes], ms: r.ms, engine: r.engine });
        } catch (err) {
          done({ seq, error: String(err) });
        }
      });
    }
  }, [key]);

  return state;
}
