import { statusColor } from '../status';

export function StatusBadge({ status }: { status: string }) {
  const c = statusColor(status);
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${c.badge}`}>{status}</span>;
}
