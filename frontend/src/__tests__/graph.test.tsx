import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { MAX_NODE_PX, MIN_NODE_PX, boxFor, nodeSize, topologyKey } from '../graph/sizing';
import { STATUS_COLORS, statusColor } from '../status';
import GraphPage, { filterGraph } from '../graph/GraphPage';
import { json, mockFetch } from '../test/fetchMock';
import type { GraphNode } from '../api';

describe('nodeSize (sqrt scale, clamped 28..90 px)', () => {
  it('maps 0, max and above max to the bounds', () => {
    expect(nodeSize(0, 100)).toBe(MIN_NODE_PX);
    expect(nodeSize(100, 100)).toBe(MAX_NODE_PX);
    expect(nodeSize(1000, 100)).toBe(MAX_NODE_PX);
    expect(MIN_NODE_PX).toBe(28);
    expect(MAX_NODE_PX).toBe(90);
  });
  it('uses a square-root scale', () => {
    expect(nodeSize(25, 100)).toBe(Math.round(28 + 62 * 0.5)); // sqrt(0.25) = 0.5
    expect(nodeSize(1, 100)).toBe(Math.round(28 + 62 * 0.1));
  });
  it('is monotonic', () => {
    let prev = 0;
    for (let v = 0; v <= 50; v += 5) {
      const s = nodeSize(v, 50);
      expect(s).toBeGreaterThanOrEqual(prev);
      prev = s;
    }
  });
  it('falls back to the minimum for bad input', () => {
    expect(nodeSize(-5, 100)).toBe(MIN_NODE_PX);
    expect(nodeSize(Number.NaN, 100)).toBe(MIN_NODE_PX);
    expect(nodeSize(10, 0)).toBe(MIN_NODE_PX);
  });
  it('reserves label room in the layout box', () => {
    expect(boxFor(90).width).toBeGreaterThanOrEqual(90);
    expect(boxFor(28).height).toBeGreaterThan(28);
  });
});

describe('status colours', () => {
  it('maps todo slate, doing blue, done green, failed red', () => {
    expect(STATUS_COLORS.todo.fill).toBe('#64748b'); // slate-500
    expect(STATUS_COLORS.doing.fill).toBe('#3b82f6'); // blue-500
    expect(STATUS_COLORS.done.fill).toBe('#22c55e'); // green-500
    expect(STATUS_COLORS.failed.fill).toBe('#ef4444'); // red-500
    expect(STATUS_COLORS.todo.badge).toContain('slate');
    expect(STATUS_COLORS.doing.badge).toContain('blue');
    expect(STATUS_COLORS.done.badge).toContain('green');
    expect(STATUS_COLORS.failed.badge).toContain('red');
  });
  it('gives unknown statuses a neutral colour distinct from all statuses', () => {
    const fills = Object.values(STATUS_COLORS).map((c) => c.fill);
    expect(new Set(fills).size).toBe(4);
    expect(fills).not.toContain(statusColor('weird').fill);
    expect(statusColor('doing')).toBe(STATUS_COLORS.doing);
  });
});

const node = (id: string, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  label: `Task ${id}`,
  status: 'todo',
  business_value: 5,
  tokens_plan: 100,
  tokens_actual: 0,
  purpose_relevance: 0.5,
  depends_on: [],
  role: 'dev',
  blocked: false,
  critical: false,
  ...extra,
});

describe('topologyKey', () => {
  it('ignores status changes but not new edges', () => {
    const a = [node('A'), node('B')];
    const k = topologyKey(a, []);
    expect(topologyKey([node('A', { status: 'done' }), node('B')], [])).toBe(k);
    expect(topologyKey(a, [{ id: 'e', source: 'A', target: 'B' }])).not.toBe(k);
  });
});

describe('GraphPage', () => {
  it('renders nodes with status, critical and blocked markers', async () => {
    const graph = {
      nodes: [
        node('A', { critical: true, status: 'done', business_value: 10 }),
        node('B', { critical: true, status: 'doing', depends_on: ['A'] }),
        node('C', { blocked: true, depends_on: ['B'] }),
      ],
      edges: [
        { id: 'A-B', source: 'A', target: 'B' },
        { id: 'B-C', source: 'B', target: 'C' },
      ],
    };
    const { calls } = mockFetch((c) => (c.url.startsWith('/api/graph') ? json(graph) : undefined));
    const onOpen = vi.fn();
    const { container } = render(
      <div style={{ width: 1000, height: 600 }}>
        <GraphPage onOpenTask={onOpen} />
      </div>,
    );
    await waitFor(() => expect(container.querySelector('[data-task-id="C"]')).not.toBeNull(), { timeout: 3000 });
    expect(calls[0].url).toBe('/api/graph');
    const critical = [...container.querySelectorAll('[data-critical="true"]')].map((e) => e.getAttribute('data-task-id'));
    expect(critical.sort()).toEqual(['A', 'B']);
    const blocked = [...container.querySelectorAll('[data-blocked="true"]')].map((e) => e.getAttribute('data-task-id'));
    expect(blocked).toEqual(['C']);
    expect(container.querySelector('[data-task-id="B"]')).toHaveAttribute('data-status', 'doing');
    expect(screen.getByTestId('node-count')).toHaveTextContent('3');
    expect(screen.getByTestId('layout-ms')).toHaveTextContent(/layout took \d+ ms/);

    (container.querySelector('[data-task-id="B"]') as HTMLElement).click();
    expect(onOpen).toHaveBeenCalledWith('B');
  });

  it('shows an empty state for an empty graph', async () => {
    mockFetch((c) => (c.url.startsWith('/api/graph') ? json({ nodes: [], edges: [] }) : undefined));
    render(<GraphPage onOpenTask={() => {}} />);
    expect(await screen.findByText(/No tasks yet/)).toBeInTheDocument();
  });
});

describe('layout engines', () => {
  // A chain with a long skip edge plus a diamond: A -> B -> C -> D, A -> D, B -> E, E -> D.
  const nodes = ['A', 'B', 'C', 'D', 'E'].map((id) => node(id, { business_value: id === 'D' ? 50 : 5 }));
  const edges = [
    ['A', 'B'],
    ['B', 'C'],
    ['C', 'D'],
    ['A', 'D'],
    ['B', 'E'],
    ['E', 'D'],
  ].map(([source, target]) => ({ id: `${source}-${target}`, source, target }));

  const checkLeftToRight = (boxes: Map<string, { x: number; y: number; width: number; height: number }>) => {
    expect(boxes.size).toBe(5);
    for (const e of edges) expect(boxes.get(e.source)!.x + boxes.get(e.source)!.width).toBeLessThan(boxes.get(e.target)!.x);
    // no two boxes overlap
    const list = [...boxes.values()];
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
  };

  it('dagre puts every dependency left of its dependant', async () => {
    const { dagreLayout } = await import('../graph/layout');
    checkLeftToRight(dagreLayout(nodes, edges));
  });

  it('the layered layout for big graphs does too', async () => {
    const { layeredLayout } = await import('../graph/layout');
    const boxes = layeredLayout(nodes, edges);
    checkLeftToRight(boxes);
    expect(boxes.get('D')!.width).toBeGreaterThanOrEqual(boxFor(nodeSize(50, 50)).width);
  });

  it('layered layout survives a cycle and ignores edges to filtered-out nodes', async () => {
    const { layeredLayout } = await import('../graph/layout');
    const boxes = layeredLayout(
      [node('X'), node('Y')],
      [
        { id: '1', source: 'X', target: 'Y' },
        { id: '2', source: 'Y', target: 'X' },
        { id: '3', source: 'X', target: 'GONE' },
      ],
    );
    expect(boxes.size).toBe(2);
  });

  it('switches to the layered layout above DAGRE_MAX_NODES', async () => {
    const { layoutGraph, DAGRE_MAX_NODES } = await import('../graph/layout');
    expect(layoutGraph(nodes, edges).engine).toBe('dagre');
    const many = Array.from({ length: DAGRE_MAX_NODES + 1 }, (_, i) => node(`N${i}`));
    const chain = many.slice(1).map((n, i) => ({ id: `c${i}`, source: many[i].id, target: n.id }));
    const r = layoutGraph(many, chain);
    expect(r.engine).toBe('layered');
    expect(r.boxes.get('N1')!.x).toBeGreaterThan(r.boxes.get('N0')!.x);
  });
});

describe('filterGraph', () => {
  const all = new Set(['todo', 'doing', 'done', 'failed']);
  const g = {
    nodes: [node('a', { status: 'done', role: 'dev' }), node('b', { role: 'qa' }), node('c', { role: null }),
      node('d', { status: 'failed', role: 'dev' })],
    edges: [
      { id: 'a->b', source: 'a', target: 'b' },
      { id: 'b->c', source: 'b', target: 'c' },
      { id: 'a->d', source: 'a', target: 'd' },
    ],
  };

  it('keeps the statuses asked for and only the edges between kept nodes', () => {
    const f = filterGraph(g, new Set(['todo']), '');
    expect(f.nodes.map((n) => n.id)).toEqual(['b', 'c']);
    expect(f.edges.map((e) => e.id)).toEqual(['b->c']);
  });

  it('filters by role; (none) means tasks without one', () => {
    expect(filterGraph(g, all, 'dev').nodes.map((n) => n.id)).toEqual(['a', 'd']);
    expect(filterGraph(g, all, '(none)').nodes.map((n) => n.id)).toEqual(['c']);
  });

  it('returns the graph itself when nothing is filtered out, and an empty one for no graph', () => {
    expect(filterGraph(g, all, '')).toBe(g);
    expect(filterGraph(undefined, all, '')).toEqual({ nodes: [], edges: [] });
  });
});
