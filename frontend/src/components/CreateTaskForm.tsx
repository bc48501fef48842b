import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, ROLES, baseField, createTask, listTasks, type CreateTaskRequest, type Role } from '../api';
import { useAsync } from '../useAsync';
import { invalidateNow, useVersion } from '../live';
import { useCredentialsVersion } from '../hooks';
import { Card, errorText } from './common';

/** Problem field names that have an input in this form. */
export const FORM_FIELDS = ['description', 'value', 'depends_on', 'tokens_plan', 'role'] as const;
type FormField = (typeof FORM_FIELDS)[number];
type FieldErrors = Partial<Record<FormField, string[]>>;
/** Other names the service might use for the same inputs. */
const FIELD_ALIASES: Record<string, FormField> = { est_value: 'value', business_value: 'value', dependencies: 'depends_on' };

interface Created {
  id: string;
}

function FieldError({ id, field, errors }: { id: string; field: FormField; errors: FieldErrors }) {
  const list = errors[field];
  if (!list?.length) return null;
  return (
    <p id={id} role="alert" data-field-error={field} className="mt-0.5 text-xs text-red-700">
      {list.join(' · ')}
    </p>
  );
}

function Field({ label, htmlFor, children, hint }: { label: string; htmlFor: string; children: ReactNode; hint?: string }) {
  return (
    <div className="flex flex-col" data-field={htmlFor}>
      <label htmlFor={htmlFor} className="text-xs font-medium text-slate-600">
        {label}
        {hint ? <span className="ml-1 font-normal text-slate-400">{hint}</span> : null}
      </label>
      {children}
    </div>
  );
}

export function CreateTaskForm() {
  const uid = useId();
  const ids = {
    description: `${uid}-description`,
    value: `${uid}-value`,
    depends_on: `${uid}-deps`,
    tokens_plan: `${uid}-tokens`,
    role: `${uid}-role`,
  } as const;
  const err = (f: FormField) => `${ids[f]}-error`;

  const [description, setDescription] = useState('');
  const [value, setValue] = useState('');
  const [deps, setDeps] = useState<string[]>([]);
  const [tokensPlan, setTokensPlan] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [topErrors, setTopErrors] = useState<string[]>([]);
  const [created, setCreated] = useState<Created | null>(null);

  const toNumber = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFieldErrors({});
    setTopErrors([]);
    setCreated(null);
    const body: CreateTaskRequest = { description, depends_on: deps };
    const v = toNumber(value);
    if (v !== undefined) body.value = v;
    const tp = toNumber(tokensPlan);
    if (tp !== undefined) body.tokens_plan = tp;
    if (role) body.role = role;
    try {
      const task = await createTask(body);
      setDescription('');
      setValue('');
      setDeps([]);
      setTokensPlan('');
      setRole('');
      setCreated({ id: task.id });
      invalidateNow('tasks', 'counts', 'insights', 'graph');
    } catch (error) {
      if (error instanceof ApiError) {
        const fe: FieldErrors = {};
        const unmatched: string[] = [];
        for (const { field, message } of error.problem.errors ?? []) {
          const base = baseField(field);
          const f = (FIELD_ALIASES[base] ?? base) as FormField;
          if ((FORM_FIELDS as readonly string[]).includes(f)) (fe[f] ??= []).push(message);
          else unmatched.push(field ? `${field}: ${message}` : message);
        }
        setFieldErrors(fe);
        const top: string[] = [];
        if (Object.keys(fe).length === 0) top.push(error.problem.detail || error.problem.title || errorText(error));
        setTopErrors([...top, ...unmatched]);
      } else {
        setTopErrors([errorText(error)]);
      }
    } finally {
      setBusy(false);
    }
  };

  const aria = (f: FormField) =>
    fieldErrors[f]?.length ? { 'aria-invalid': true as const, 'aria-describedby': err(f) } : {};

  return (
    <Card title="Create task" id="create-task">
      <form onSubmit={submit} noValidate className="flex flex-col gap-2" aria-label="Create task">
        {topErrors.length ? (
          <div role="alert" data-testid="form-error" className="rounded border border-red-200 bg-red-50 px-2 py-1 text-sm text-red-800">
            {topErrors.map((m, i) => (
              <p key={i}>{m}</p>
            ))}
          </div>
        ) : null}
        {created ? (
          <p role="status" className="rounded bg-green-50 px-2 py-1 text-sm text-green-800" data-testid="form-created">
            Created task <span className="font-mono">{created.id}</span>.
          </p>
        ) : null}
        <Field label="Description" htmlFor={ids.description}>
          <textarea
            id={ids.description}
            name="description"
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            className="input"
            {...aria('description')}
          />
          <FieldError id={err('description')} field="description" errors={fieldErrors} />
        </Field>
        <div className="grid grid-cols-3 gap-2">
          <Field label="Value" htmlFor={ids.value} hint="business value">
            <input
              id={ids.value}
              name="value"
              type="number"
              step="any"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              className="input"
              {...aria('value')}
            />
            <FieldError id={err('value')} field="value" errors={fieldErrors} />
          </Field>
          <Field label="Tokens plan" htmlFor={ids.tokens_plan} hint="1k blocks">
            <input
              id={ids.tokens_plan}
              name="tokens_plan"
              type="number"
              step="any"
              min="0"
              value={tokensPlan}
              onChange={(e) => setTokensPlan(e.target.value)}
              className="input"
              {...aria('tokens_plan')}
            />
            <FieldError id={err('tokens_plan')} field="tokens_plan" errors={fieldErrors} />
          </Field>
          <Field label="Role" htmlFor={ids.role}>
            <select id={ids.role} name="role" value={role} onChange={(e) => setRole(e.target.value as Role | '')} className="input" {...aria('role')}>
              <option value="">auto</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <FieldError id={err('role')} field="role" errors={fieldErrors} />
          </Field>
        </div>
        <DependencyPicker
          inputId={ids.depends_on}
          selected={deps}
          onChange={setDeps}
          describedBy={fieldErrors.depends_on?.length ? err('depends_on') : undefined}
        >
          <FieldError id={err('depends_on')} field="depends_on" errors={fieldErrors} />
        </DependencyPicker>
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create task'}
          </button>
        </div>
      </form>
    </Card>
  );
}

function DependencyPicker({
  inputId,
  selected,
  onChange,
  describedBy,
  children,
}: {
  inputId: string;
  selected: string[];
  onChange: (ids: string[]) => void;
  describedBy?: string;
  children?: ReactNode;
}) {
  const cred = useCredentialsVersion();
  const v = useVersion('tasks');
  const [filter, setFilter] = useState('');
  const candidates = useAsync((signal) => listTasks({ limit: 200, sort: 'created_at', order: 'desc' }, { signal }), [cred, v]);
  const items = candidates.data?.items ?? [];
  const byId = useMemo(() => new Map(items.map((t) => [t.id, t])), [items]);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q ? items.filter((t) => t.id.toLowerCase().includes(q) || t.description.toLowerCase().includes(q)) : items;
  }, [items, filter]);
  const toggle = (id: string) => onChange(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);

  return (
    <fieldset className="flex min-w-0 flex-col" data-field="depends_on" aria-describedby={describedBy}>
      <legend className="text-xs font-medium text-slate-600">
        Dependencies <span className="font-normal text-slate-400">({selected.length} selected)</span>
      </legend>
      {selected.length ? (
        <ul className="mb-1 flex flex-wrap gap-1" aria-label="Selected dependencies">
          {selected.map((id) => (
            <li key={id} className="flex items-center gap-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">
              <span className="font-mono">{id}</span>
              <span className="max-w-[10rem] truncate text-slate-500">{byId.get(id)?.description}</span>
              <button type="button" className="focus-ring rounded px-0.5 text-slate-500 hover:text-red-700" onClick={() => toggle(id)} aria-label={`Remove dependency ${id}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={inputId}
        type="search"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        placeholder="Search tasks by id or text"
        className="input"
        aria-label="Search dependencies"
      />
      <div className="mt-1 max-h-28 overflow-y-auto rounded border border-slate-200" role="group" aria-label="Candidate dependencies">
        {candidates.loading ? (
          <p className="px-2 py-1 text-xs text-slate-500">Loading tasks…</p>
        ) : candidates.error && !candidates.data ? (
          <p className="px-2 py-1 text-xs text-red-700">Could not load tasks: {errorText(candidates.error)}</p>
        ) : shown.length === 0 ? (
          <p className="px-2 py-1 text-xs text-slate-500">{items.length ? 'No match.' : 'No tasks yet.'}</p>
        ) : (
          shown.map((t) => (
            <label key={t.id} className="flex cursor-pointer items-center gap-2 px-2 py-0.5 text-xs hover:bg-slate-50">
              <input type="checkbox" checked={selected.includes(t.id)} onChange={() => toggle(t.id)} className="focus-ring" />
              <span className="font-mono">{t.id}</span>
              <span className="truncate text-slate-600">{t.description}</span>
            </label>
          ))
        )}
      </div>
      {children}
    </fieldset>
  );
}
