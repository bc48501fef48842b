import dagre from '@dagrejs/dagre';
import type { GraphEdge, GraphNode } from '../api';
import { boxFor, nodeSize } from './sizing';

export interface NodeBox {
  x: number; // top-left, React Flow convention
  y: number;
  width: number;
  height: number;
  size: number; // circle diameter
}

export interface LayoutResult {
  boxes: Map<string, NodeBox>;
  ms: number;
  engine: 'dagre' | 'layered';
}

/** Above this many nodes dagre gets too slow (seconds) and the fast layered layout is used. */
export const DAGRE_MAX_NODES = 600;

const RANKSEP = 70;
const NODESEP = 14;

/**
 * Left-to-right layout. Up to DAGRE_MAX_NODES nodes: dagre (network-simplex ranking up to 300
 * nodes, tight-tree above). Larger graphs: `layeredLayout`, because dagre's dummy nodes for long
 * edges make a deep 2,000-node backlog take 5-10 s. Edges whose ends are not in `nodes` are
 * ignored (filtered views). Pure apart from timing; callers memoise it on the topology.
 */
export function layoutGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): LayoutResult {
  const t0 = performance.now();
  const boxes = nodes.length > DAGRE_MAX_NODES ? layeredLayout(nodes, edges) : dagreLayout(nodes, edges);
  return { boxes, ms: performance.now() - t0, engine: nodes.length > DAGRE_MAX_NODES ? 'layered' : 'dagre' };
}

function sizesOf(nodes: readonly GraphNode[]): Map<string, number> {
  const maxValue = nodes.reduce((m, n) => Math.max(m, n.business_value || 0), 0);
  return new Map(nodes.map((n) => [n.id, nodeSize(n.business_value, maxValue)]));
}

export function dagreLayout(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Map<string, NodeBox> {
  const sizes = sizesOf(nodes);
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: 'LR',
    nodesep: NODESEP,
    ranksep: RANKSEP,
    marginx: 20,
    marginy: 20,
    ranker: nodes.length > 300 ? 'tight-tree' : 'network-simplex',
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, boxFor(sizes.get(n.id)!));
  for (const e of edges) {
    if (e.source !== e.target && sizes.has(e.source) && sizes.has(e.target)) g.setEdge(e.source, e.target);
  }
  dagre.layout(g);
  const boxes = new Map<string, NodeBox>();
  for (const n of nodes) {
    const l = g.node(n.id) as { x: number; y: number; width: number; height: number };
    boxes.set(n.id, { x: l.x - l.width / 2, y: l.y - l.height / 2, width: l.width, height: l.height, size: sizes.get(n.id)! });
  }
  return boxes;
}

/**
 * Fast layered layout for big graphs, O((V + E) log V): longest-path ranks from the sources
 * (a dependency is always left of its dependants), then a few barycentre sweeps to reduce
 * crossings, then each rank stacked vertically and centred. Cycles, should any exist, are
 * broken by ranking the remaining nodes after the acyclic part.
 */
export function layeredLayout(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Map<string, NodeBox> {
  const sizes = sizesOf(nodes);
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    succ[a].push(b);
    pred[b].push(a);
  }
  // Kahn's topological order; leftovers (cycles) follow in input order.
  const indeg = pred.map((p) => p.length);
  const order: number[] = [];
  const queue: number[] = [];
  indeg.forEach((d, i) => d === 0 && queue.push(i));
  for (let qi = 0; qi < queue.length; qi++) {
    const u = queue[qi];
    order.push(u);
    for (const v of succ[u]) if (--indeg[v] === 0) queue.push(v);
  }
  if (order.length < n) {
    const seen = new Set(order);
    for (let i = 0; i < n; i++) if (!seen.has(i)) order.push(i);
  }
  const placed = new Uint8Array(n);
  const rank = new Int32Array(n);
  for (const u of order) {
    let r = 0;
    for (const p of pred[u]) if (placed[p]) r = Math.max(r, rank[p] + 1);
    rank[u] = r;
    placed[u] = 1;
  }
  const maxRank = order.reduce((m, u) => Math.max(m, rank[u]), 0);
  const layers: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  for (const u of order) layers[rank[u]].push(u);

  // Barycentre sweeps (down using predecessors, up using successors).
  const pos = new Float64Array(n);
  const setPos = (layer: number[]) => layer.forEach((u, i) => (pos[u] = i));
  layers.forEach(setPos);
  const sweep = (layer: number[], nbrs: number[][]) => {
    const key = new Map<number, number>();
    for (const u of layer) {
      const ns = nbrs[u];
      if (ns.length === 0) key.set(u, pos[u]);
      else {
        let sum = 0;
        for (const v of ns) sum += pos[v];
        key.set(u, sum / ns.length);
      }
    }
    layer.sort((a, b) => key.get(a)! - key.get(b)! || pos[a] - pos[b]);
    setPos(layer);
  };
  for (let iter = 0; iter < 4; iter++) {
    for (let r = 1; r <= maxRank; r++) sweep(layers[r], pred);
    for (let r = maxRank - 1; r >= 0; r--) sweep(layers[r], succ);
  }

  // Coordinates.
  const boxes = new Map<string, NodeBox>();
  let x = 20;
  for (const layer of layers) {
    let width = 0;
    let height = 0;
    for (const u of layer) {
      const b = boxFor(sizes.get(nodes[u].id)!);
      width = Math.max(width, b.width);
      height += b.height + NODESEP;
    }
    let y = -height / 2;
    for (const u of layer) {
      const size = sizes.get(nodes[u].id)!;
      const b = boxFor(size);
      boxes.set(nodes[u].id, { x: x + (width - b.width) / 2, y, width: b.width, height: b.height, size });
      y += b.height + NODESEP;
    }
    x += width + RANKSEP;
  }
  return boxes;
}
