import type { TaskStatus } from './api';

export interface StatusColor {
  /** node fill / minimap colour */
  fill: string;
  /** node border (normal state) */
  border: string;
  /** text colour on the fill */
  text: string;
  /** Tailwind classes for a badge */
  badge: string;
  label: string;
}

// todo slate, doing blue, done green, failed red (Tailwind palette values).
export const STATUS_COLORS: Record<TaskStatus, StatusColor> = {
  todo: { fill: '#64748b', border: '#334155', text: '#ffffff', badge: 'bg-slate-200 text-slate-800', label: 'To do' },
  doing: { fill: '#3b82f6', border: '#1d4ed8', text: '#ffffff', badge: 'bg-blue-100 text-blue-800', label: 'Doing' },
  done: { fill: '#22c55e', border: '#15803d', text: '#ffffff', badge: 'bg-green-100 text-green-800', label: 'Done' },
  failed: { fill: '#ef4444', border: '#b91c1c', text: '#ffffff', badge: 'bg-red-100 text-red-800', label: 'Failed' },
};

const UNKNOWN: StatusColor = { fill: '#a1a1aa', border: '#52525b', text: '#ffffff', badge: 'bg-zinc-100 text-zinc-700', label: 'Unknown' };

export function statusColor(status: string | null | undefined): StatusColor {
  return (status && (STATUS_COLORS as Record<string, StatusColor>)[status]) || UNKNOWN;
}

/** Critical-path highlight (amber) and blocked marker (red). */
export const CRITICAL_COLOR = '#f59e0b';
export const BLOCKED_COLOR = '#dc2626';
