import { useState, type FormEvent } from 'react';
import { setToken } from '../api';

/** Shown after a 401: paste a bearer token; it is kept in sessionStorage for this tab. */
export function SignInPanel() {
  const [token, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) setToken(token.trim());
  };
  return (
    <div className="flex justify-center p-8">
      <form onSubmit={submit} className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-5 shadow" aria-labelledby="signin-title" data-testid="sign-in">
        <h2 id="signin-title" className="text-lg font-semibold">
          Sign in
        </h2>
        <p className="mt-1 text-sm text-slate-600">The service needs an access token. Paste it here; it is kept only for this browser tab.</p>
        <label htmlFor="signin-token" className="mt-3 block text-xs font-medium text-slate-600">
          Access token
        </label>
        <textarea id="signin-token" rows={3} value={token} onChange={(e) => setValue(e.target.value)} className="input w-full font-mono text-xs" autoFocus />
        <button type="submit" className="btn btn-primary mt-3" disabled={!token.trim()}>
          Sign in
        </button>
      </form>
    </div>
  );
}
