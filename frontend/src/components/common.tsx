import type { ReactNode } from 'react';
import { ApiError } from '../api';

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" className="flex items-center gap-2 text-sm text-slate-500">
      <span className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-slate-600" aria-hidden />
      {label}
    </p>
  );
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const p = error.problem;
    const head = p.title && p.detail && p.title !== p.detail ? `${p.title}: ${p.detail}` : p.detail || p.title || error.message;
    return `${head} (HTTP ${error.status})`;
  }
  if (error instanceof TypeError) return `Network error: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {errorText(error)}
      {onRetry ? (
        <button type="button" className="btn ml-2 py-0" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Card({ title, children, right, className = '', id }: { title: string; children: ReactNode; right?: ReactNode; className?: string; id?: string }) {
  const hid = id ? `${id}-title` : undefined;
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-3 shadow-sm ${className}`} aria-labelledby={hid} id={id}>
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id={hid} className="text-sm font-semibold uppercase tracking-wide text-slate-600">
          {title}
        </h2>
        {right}
      </div>
      {children}
    </section>
  );
}
