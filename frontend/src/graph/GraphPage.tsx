import { useCallback, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { ROLES, TASK_STATUSES, getGraph, type Graph, type TaskStatus } from '../api';
import { useAsync } from '../useAsync';
import { useVersion } from '../live';
import { useCredentialsVersion } from '../hooks';
import { CRITICAL_COLOR, STATUS_COLORS, statusColor } from '../status';
import { topologyKey } from './sizing';
import { useLayout } from './useLayout';
import { BlockedIcon, nodeTypes, type TaskFlowNode } from './TaskNode';
import { ErrorBox, Spinner } from '../components/common';

/** Above this many nodes only the nodes and edges in the viewport are rendered. */
export const VIRTUALISE_ABOVE = 200;

const EDGE_COLOR = '#94a3b8';
const normalMarker = { type: MarkerType.ArrowClosed, width: 14, height: 14, color: EDGE_COLOR };
const criticalMarker = { type: MarkerType.ArrowClosed, width: 12, height: 12, color: CRITICAL_COLOR };

export interface GraphPageProps {
  onOpenTask: (id: string) => void;
}

export default function GraphPage(props: GraphPageProps) {
  return (
    <ReactFlowProvider>
      <GraphView {...props} />
    </ReactFlowProvider>
  );
}

function sameData(a: TaskFlowNode['data'], b: TaskFlowNode['data']): boolean {
  for (const k of Object.keys(b) as (keyof TaskFlowNode['data'])[]) if (a[k] !== b[k]) return false;
  return true;
}

export function filterGraph(g: Graph | undefined, statuses: ReadonlySet<string>, role: string): Graph {
  if (!g) return { nodes: [], edges: [] };
  const nodes = g.nodes.filter(
    (n) => statuses.has(n.status) && (role === '' || (role === '(none)' ? !n.role : n.role === role)),
  );
  if (nodes.length === g.nodes.length) return g;
  const keep = new Set(nodes.map((n) => n.id));
  return { nodes, edges: g.edges.filter((e) => keep.has(e.source) && keep.has(e.target)) };
}

function GraphView({ onOpenTask }: GraphPageProps) {
  const cred = useCredentialsVersion();
  const version = useVersion('graph');
  const [around, setAround] = useState<{ id: string; depth: number } | null>(null);
  const graph = useAsync(
    (signal) => getGraph(around ? { around: around.id, depth: around.depth } : {}, { signal }),
    [cred, version, around?.id, around?.depth],
  );

  const [statuses, setStatuses] = useState<ReadonlySet<TaskStatus>>(() => new Set(TASK_STATUSES));
  const [role, setRole] = useState('');
  const [query, setQuery] = useState('');
  const [depth, setDepth] = useState(2);
  const [found, setFound] = useState<string | null>(null);
  const [searchMsg, setSearchMsg] = useState<string | null>(null);

  const filtered = useMemo(() => filterGraph(graph.data, statuses as ReadonlySet<string>, role), [graph.data, statuses, role]);
  const key = useMemo(() => topologyKey(filtered.nodes, filtered.edges), [filtered]);
  const layout = useLayout(filtered.nodes, filtered.edges, key);

  // Reuse unchanged node objects so a live update re-renders only the nodes that changed.
  const nodeCache = useRef(new Map<string, TaskFlowNode>());
  const rfNodes = useMemo<TaskFlowNode[]>(() => {
    const boxes = layout.result?.boxes;
    if (!boxes) return [];
    const prev = nodeCache.current;
    const next = new Map<string, TaskFlowNode>();
    const out: TaskFlowNode[] = [];
    for (const n of filtered.nodes) {
      const b = boxes.get(n.id);
      if (!b) continue; // new node: appears when its layout is ready
      const data: TaskFlowNode['data'] = {
        label: n.label,
        status: n.status,
        size: b.size,
        boxWidth: b.width,
        critical: n.critical,
        blocked: n.blocked,
        highlighted: n.id === found,
        businessValue: n.business_value,
        tokensPlan: n.tokens_plan,
        holdReason: n.hold_reason ?? null,
      };
      const old = prev.get(n.id);
      const node: TaskFlowNode =
        old && old.position.x === b.x && old.position.y === b.y && old.height === b.height && sameData(old.data, data)
          ? old
          : {
              id: n.id,
              type: 'task',
              position: { x: b.x, y: b.y },
              width: b.width,
              height: b.height,
              draggable: false,
              connectable: false,
              data,
            };
      next.set(n.id, node);
      out.push(node);
    }
    nodeCache.current = next;
    return out;
  }, [filtered.nodes, layout.result, found]);

  const rfEdges = useMemo<Edge[]>(() => {
    const boxes = layout.result?.boxes;
    if (!boxes) return [];
    const critical = new Set(filtered.nodes.filter((n) => n.critical).map((n) => n.id));
    const explicit = filtered.edges.some((e) => e.critical !== undefined);
    return filtered.edges
      .filter((e) => boxes.has(e.source) && boxes.has(e.target))
      .map((e) => {
        const isCritical = explicit ? e.critical === true : critical.has(e.source) && critical.has(e.target);
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          focusable: false,
          selectable: false,
          zIndex: isCritical ? 1 : 0,
          className: isCritical ? 'critical-edge' : undefined,
          style: isCritical ? { stroke: CRITICAL_COLOR, strokeWidth: 4 } : { stroke: EDGE_COLOR, strokeWidth: 1.25 },
          markerEnd: isCritical ? criticalMarker : normalMarker,
          data: { critical: isCritical },
        };
      });
  }, [filtered, layout.result]);

  const flow = useReactFlow();
  const onFind = (e: FormEvent) => {
    e.preventDefault();
    const id = query.trim();
    if (!id) {
      setFound(null);
      setSearchMsg(null);
      return;
    }
    const node = rfNodes.find((n) => n.id === id) ?? rfNodes.find((n) => n.id.toLowerCase() === id.toLowerCase());
    if (!node) {
      setFound(null);
      setSearchMsg(`No task "${id}" in this view`);
      return;
    }
    setFound(node.id);
    setSearchMsg(null);
    void flow.setCenter(node.position.x + (node.width ?? 0) / 2, node.position.y + (node.height ?? 0) / 2, {
      zoom: Math.max(flow.getZoom(), 1),
      duration: 300,
    });
  };

  const toggleStatus = (s: TaskStatus) =>
    setStatuses((prev) => {
      const next = new Set(prev);
      if (next.has(s)) next.delete(s);
      else next.add(s);
      return next;
    });

  const onNodeClick = useCallback((_: unknown, node: TaskFlowNode) => onOpenTask(node.id), [onOpenTask]);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = e.target as HTMLElement;
    if ((e.key === 'Enter' || e.key === ' ') && el.classList.contains('react-flow__node')) {
      const id = el.getAttribute('data-id');
      if (id) {
        e.preventDefault();
        onOpenTask(id);
      }
    }
  };

  const criticalCount = filtered.nodes.reduce((c, n) => c + (n.critical ? 1 : 0), 0);
  const blockedCount = filtered.nodes.reduce((c, n) => c + (n.blocked ? 1 : 0), 0);
  const total = graph.data?.nodes.length ?? 0;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <fieldset className="flex items-center gap-2">
          <legend className="sr-only">Status</legend>
          {TASK_STATUSES.map((s) => (
            <label key={s} className="flex cursor-pointer items-center gap-1">
              <input type="checkbox" checked={statuses.has(s)} onChange={() => toggleStatus(s)} className="focus-ring" />
              <span className="inline-block h-3 w-3 rounded-full" style={{ background: STATUS_COLORS[s].fill }} aria-hidden />
              {s}
            </label>
          ))}
        </fieldset>
        <label className="flex items-center gap-1">
          Role
          <select value={role} onChange={(e) => setRole(e.target.value)} className="input py-0.5">
            <option value="">all</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
            <option value="(none)">(none)</option>
          </select>
        </label>
        <form onSubmit={onFind} className="flex items-center gap-1" role="search">
          <label htmlFor="graph-search" className="sr-only">
            Find task by id
          </label>
          <input
            id="graph-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Task id"
            className="input w-28 py-0.5"
          />
          <button type="submit" className="btn py-0.5">
            Find
          </button>
          {found ? (
            <>
              <button type="button" className="btn py-0.5" onClick={() => onOpenTask(found)}>
                Open
              </button>
              <label className="flex items-center gap-1">
                depth
                <input
                  type="number"
                  min={1}
                  max={10}
                  value={depth}
                  onChange={(e) => setDepth(Math.max(1, Math.min(10, Number(e.target.value) || 1)))}
                  className="input w-12 py-0.5"
                />
              </label>
              <button type="button" className="btn py-0.5" onClick={() => setAround({ id: found, depth })}>
                Neighbourhood
              </button>
            </>
          ) : null}
          {around ? (
            <button type="button" className="btn py-0.5" onClick={() => setAround(null)}>
              Show all (now around {around.id}, depth {around.depth})
            </button>
          ) : null}
          {searchMsg ? (
            <span role="status" className="text-red-700">
              {searchMsg}
            </span>
          ) : null}
        </form>
        <div className="ml-auto flex items-center gap-3 text-slate-600" data-testid="graph-stats">
          <span>
            <strong data-testid="node-count">{filtered.nodes.length}</strong>
            {filtered.nodes.length !== total ? ` of ${total}` : ''} nodes · {filtered.edges.length} edges
          </span>
          <span>
            {criticalCount} critical · {blockedCount} blocked
          </span>
          <span data-testid="layout-ms">
            {layout.busy ? 'laying out…' : layout.result ? `layout took ${Math.round(layout.ms)} ms (${layout.result.engine})` : ''}
          </span>
        </div>
      </div>
      <div className="relative min-h-0 flex-1" onKeyDown={onKeyDown}>
        {graph.loading ? (
          <div className="p-6">
            <Spinner label="Loading graph…" />
          </div>
        ) : graph.error && !graph.data ? (
          <div className="p-6">
            <ErrorBox error={graph.error} />
          </div>
        ) : total === 0 ? (
          <p className="p-6 text-slate-600">No tasks yet. Create one on the dashboard.</p>
        ) : filtered.nodes.length === 0 ? (
          <p className="p-6 text-slate-600">No tasks match the filters.</p>
        ) : !layout.result && layout.error ? (
          <div className="p-6">
            <ErrorBox error={new Error(layout.error)} />
          </div>
        ) : !layout.result ? (
          <div className="p-6">
            <Spinner label={`Laying out ${filtered.nodes.length} tasks…`} />
          </div>
        ) : (
          <ReactFlow<TaskFlowNode, Edge>
            nodes={rfNodes}
            edges={rfEdges}
            nodeTypes={nodeTypes}
            onNodeClick={onNodeClick}
            onlyRenderVisibleElements={rfNodes.length > VIRTUALISE_ABOVE}
            nodesDraggable={false}
            nodesConnectable={false}
            edgesFocusable={false}
            elementsSelectable
            fitView
            fitViewOptions={{ padding: 0.1, minZoom: rfNodes.length > VIRTUALISE_ABOVE ? 0.25 : 0.1 }}
            minZoom={0.05}
            maxZoom={2.5}
            proOptions={{ hideAttribution: true }}
            aria-label="Task dependency graph"
          >
            <Background gap={24} size={1} color="#e2e8f0" />
            <Controls showInteractive={false} position="bottom-left" />
            <MiniMap
              pannable
              zoomable
              position="bottom-right"
              nodeColor={(n) => statusColor((n.data as { status?: string }).status).fill}
              nodeStrokeColor={(n) => ((n.data as { critical?: boolean }).critical ? CRITICAL_COLOR : 'transparent')}
              nodeStrokeWidth={8}
              maskColor="rgba(241,245,249,0.7)"
            />
          </ReactFlow>
        )}
        {graph.error && graph.data ? (
          <div className="absolute left-2 top-2 rounded bg-red-50 px-2 py-1 text-xs text-red-800">
            Refresh failed: {graph.error.message}
          </div>
        ) : null}
      </div>
      <Legend />
    </div>
  );
}

function Legend() {
  return (
    <div className="flex flex-wrap items-center gap-4 border-t border-slate-200 bg-white px-4 py-1 text-xs text-slate-600">
      {TASK_STATUSES.map((s) => (
        <span key={s} className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-full" style={{ background: STATUS_COLORS[s].fill }} aria-hidden />
          {s}
        </span>
      ))}
      <span className="flex items-center gap-1">
        <span className="inline-block h-3 w-3 rounded-full" style={{ boxShadow: `0 0 0 3px ${CRITICAL_COLOR}` }} aria-hidden />
        critical path
      </span>
      <span className="flex items-center gap-1">
        <span className="inline-block h-3 w-3 rounded-full border-2 border-dashed border-red-600" aria-hidden />
        <BlockedIcon /> blocked
      </span>
      <span>size ∝ √ business value</span>
    </div>
  );
}
