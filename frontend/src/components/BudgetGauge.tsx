import { useState, type FormEvent } from 'react';
import { getBudget, topUpBudget, type Budget } from '../api';
import { useAsync } from '../useAsync';
import { invalidateNow, useVersion } from '../live';
import { useCredentialsVersion } from '../hooks';
import { usd } from '../format';
import { Card, ErrorBox, Spinner, errorText } from './common';

export type GaugeLevel = 'green' | 'amber' | 'red';

/** red when remaining is zero (or less) or under 5% of the limit, amber under 20%, else green. */
export function gaugeLevel(limit: number, remaining: number): GaugeLevel {
  if (!(remaining > 0)) return 'red';
  if (!(limit > 0)) return 'green'; // money left but no limit set: nothing to warn about
  const share = remaining / limit;
  if (share < 0.05) return 'red';
  if (share < 0.2) return 'amber';
  return 'green';
}

const LEVEL_STYLE: Record<GaugeLevel, { bar: string; text: string; label: string }> = {
  green: { bar: 'bg-green-500', text: 'text-green-700', label: 'OK' },
  amber: { bar: 'bg-amber-500', text: 'text-amber-700', label: 'Low' },
  red: { bar: 'bg-red-600', text: 'text-red-700', label: 'Critical' },
};

export function BudgetGauge({ budget }: { budget: Budget }) {
  const { limit_usd: limit, spent_usd: spent, reserved_usd: reserved, remaining_usd: remaining } = budget;
  const level = gaugeLevel(limit, remaining);
  const s = LEVEL_STYLE[level];
  const pct = (v: number) => (limit > 0 ? Math.max(0, Math.min(100, (v / limit) * 100)) : 0);
  return (
    <div data-testid="budget-gauge" data-level={level}>
      <div className="flex items-baseline justify-between">
        <span className={`text-2xl font-semibold tabular-nums ${s.text}`} data-testid="budget-remaining">
          {usd(remaining)}
        </span>
        <span className={`rounded px-1.5 text-xs font-semibold ${s.text}`}>{s.label}</span>
      </div>
      <div
        className="mt-1 flex h-3 w-full overflow-hidden rounded bg-slate-200"
        role="meter"
        aria-label="Budget remaining"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={remaining}
        aria-valuetext={`${usd(remaining)} of ${usd(limit)} remaining`}
      >
        <div className="bg-slate-500" style={{ width: `${pct(spent)}%` }} title={`spent ${usd(spent)}`} />
        <div className="bg-slate-400" style={{ width: `${pct(reserved)}%` }} title={`reserved ${usd(reserved)}`} />
        <div className={s.bar} style={{ width: `${pct(remaining)}%` }} title={`remaining ${usd(remaining)}`} />
      </div>
      <dl className="mt-2 grid grid-cols-4 gap-1 text-xs">
        {(
          [
            ['Limit', limit],
            ['Spent', spent],
            ['Reserved', reserved],
            ['Remaining', remaining],
          ] as const
        ).map(([k, v]) => (
          <div key={k}>
            <dt className="text-slate-500">{k}</dt>
            <dd className="font-mono tabular-nums">{usd(v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function TopUpForm() {
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(amount);
    if (!amount.trim() || !Number.isFinite(n) || n <= 0) {
      setMsg({ ok: false, text: 'Enter a positive amount in USD.' });
      return;
    }
    setBusy(true);
    setMsg(null);
    try {
      await topUpBudget(n, crypto.randomUUID());
      setAmount('');
      setMsg({ ok: true, text: `Added ${usd(n)}.` });
      invalidateNow('budget');
    } catch (err) {
      setMsg({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="mt-3 flex flex-wrap items-center gap-2 text-sm" noValidate>
      <label htmlFor="topup-amount" className="text-slate-600">
        Top up (USD)
      </label>
      <input
        id="topup-amount"
        type="number"
        min="0"
        step="0.01"
        inputMode="decimal"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        className="input w-24"
      />
      <button type="submit" className="btn" disabled={busy}>
        {busy ? 'Adding…' : 'Top up'}
      </button>
      {msg ? (
        <span role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'text-green-700' : 'text-red-700'}>
          {msg.text}
        </span>
      ) : null}
    </form>
  );
}

export function BudgetPanel() {
  const cred = useCredentialsVersion();
  const v = useVersion('budget');
  const budget = useAsync((signal) => getBudget({ signal }), [cred, v]);
  return (
    <Card title="Budget" id="budget">
      {budget.loading ? (
        <Spinner />
      ) : budget.data ? (
        <BudgetGauge budget={budget.data} />
      ) : (
        <ErrorBox error={budget.error} onRetry={() => invalidateNow('budget')} />
      )}
      {budget.error && budget.data ? <p className="mt-1 text-xs text-red-700">Refresh failed: {errorText(budget.error)}</p> : null}
      <TopUpForm />
    </Card>
  );
}
