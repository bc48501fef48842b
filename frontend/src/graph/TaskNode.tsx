import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { BLOCKED_COLOR, CRITICAL_COLOR, statusColor } from '../status';

export interface TaskNodeData extends Record<string, unknown> {
  label: string;
  status: string;
  size: number;
  boxWidth: number;
  critical: boolean;
  blocked: boolean;
  highlighted: boolean;
  businessValue: number;
  tokensPlan: number;
  holdReason: string | null;
}

export type TaskFlowNode = Node<TaskNodeData, 'task'>;

/** "No entry" sign, drawn inline (emoji fonts are often missing). */
export function BlockedIcon({ size = 12 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" role="img" aria-label="blocked">
      <circle cx="8" cy="8" r="7" fill="#dc2626" stroke="#fff" strokeWidth="1.5" />
      <rect x="3.5" y="6.75" width="9" height="2.5" rx="0.5" fill="#fff" />
    </svg>
  );
}

const hidden = { opacity: 0, width: 4, height: 4, minWidth: 0, minHeight: 0, border: 0 } as const;

/** Deliberately simple (no hooks, no effects): thousands of these may be on screen. */
function TaskNodeView({ id, data }: NodeProps<TaskFlowNode>) {
  const c = statusColor(data.status);
  const inset = (data.boxWidth - data.size) / 2;
  const shadows: string[] = [];
  if (data.critical) shadows.push(`0 0 0 5px ${CRITICAL_COLOR}`);
  if (data.highlighted) shadows.push(`0 0 0 ${data.critical ? 9 : 5}px #a855f7`);
  return (
    <div
      className="flex flex-col items-center"
      style={{ width: data.boxWidth }}
      data-task-id={id}
      data-status={data.status}
      data-critical={data.critical ? 'true' : undefined}
      data-blocked={data.blocked ? 'true' : undefined}
      title={`${id}: ${data.label}\nstatus ${data.status} · value ${data.businessValue} · plan ${data.tokensPlan}k tokens${data.critical ? ' · critical path' : ''}${data.blocked ? ' · blocked' : ''}${data.holdReason ? `\nhold: ${data.holdReason}` : ''}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} style={{ ...hidden, left: inset, top: data.size / 2 }} />
      <div
        className="flex items-center justify-center rounded-full text-[10px] font-semibold"
        style={{
          width: data.size,
          height: data.size,
          background: c.fill,
          color: c.text,
          border: data.blocked ? `3px dashed ${BLOCKED_COLOR}` : `2px solid ${c.border}`,
          boxShadow: shadows.length ? shadows.join(',') : undefined,
        }}
      >
        {data.blocked ? <BlockedIcon size={Math.max(12, data.size * 0.45)} /> : null}
      </div>
      <div className="mt-1 w-full text-center text-[10px] leading-tight text-slate-700">
        <span className="font-mono font-semibold">{id}</span>
        {data.blocked ? <span className="ml-1 font-semibold text-red-700">blocked</span> : null}
        <div className="truncate" >{data.label}</div>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} style={{ ...hidden, left: 'auto', right: inset, top: data.size / 2 }} />
    </div>
  );
}

export const TaskNode = memo(TaskNodeView);
export const nodeTypes = { task: TaskNode };
