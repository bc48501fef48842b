import type { GraphEdge, GraphNode } from '../api';

// Node size rule for the graph: a square-root scale of business value, clamped.
export const MIN_NODE_PX = 28;
export const MAX_NODE_PX = 90;

/**
 * Diameter in px for a node of `value` when the largest value in the graph is `maxValue`.
 * sqrt scale (area grows linearly with value) between MIN_NODE_PX and MAX_NODE_PX; values <= 0,
 * NaN or a non-positive maxValue give the minimum; values above maxValue give the maximum.
 */
export function nodeSize(value: number, maxValue: number, min = MIN_NODE_PX, max = MAX_NODE_PX): number {
  if (!Number.isFinite(value) || !Number.isFinite(maxValue) || maxValue <= 0 || value <= 0) return min;
  const t = Math.min(1, value / maxValue);
  return Math.round(min + (max - min) * Math.sqrt(t));
}

/** Width reserved for a node's label under the circle; the box is at least this wide. */
export const LABEL_W = 120;
export const LABEL_H = 30;

export function boxFor(size: number): { width: number; height: number } {
  return { width: Math.max(size, LABEL_W), height: size + LABEL_H };
}

/** A string that changes only when the layout would change (ids, sizes, edges). */
export function topologyKey(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const maxValue = nodes.reduce((m, n) => Math.max(m, n.business_value || 0), 0);
  const ns = nodes.map((n) => `${n.id}:${nodeSize(n.business_value, maxValue)}`).join(',');
  const es = edges.map((e) => `${e.source}>${e.target}`).join(',');
  return `${ns}|${es}`;
}
