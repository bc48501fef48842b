// Runs dagre off the main thread so a 2,000-node layout does not freeze the page.
import type { GraphEdge, GraphNode } from '../api';
import { layoutGraph } from './layout';

export interface LayoutRequest {
  seq: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const ctx = self as unknown as {
  postMessage(m: unknown): void;
  onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null;
};

ctx.onmessage = (e) => {
  const { seq, nodes, edges } = e.data;
  try {
    const r = layoutGraph(nodes, edges);
    ctx.postMessage({ seq, boxes: [...r.boxes], ms: r.ms, engine: r.engine });
  } catch (err) {
    ctx.postMessage({ seq, error: String(err) });
  }
};
