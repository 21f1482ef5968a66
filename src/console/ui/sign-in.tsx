import { useState } from "preact/hooks";
import { api, ApiError, type Agent } from "./api.js";

/** Sign-in by agent id or e-mail and password. */
export function SignIn(props: { title: string; onSignedIn(agent: Agent, csrf: string): void }) {
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.signIn(login, password);
      props.onSignedIn(r.agent, r.csrfToken);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "The hub did not answer; try again.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="auth">
      <form class="card auth-form" onSubmit={submit} data-testid="sign-in">
        <h1>{props.title}</h1>
        <p class="muted">Sign in to the agent console.</p>
        <label>
          Agent id or e-mail
          <input name="login" autocomplete="username" required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
        <p class="muted small">
          No password yet? Ask an admin for an invite link (<code>threadline agents invite ID</code>).
        </p>
      </form>
    </main>
  );
}

/** The invite link's page: the token is in the URL fragment (never sent to the server in a request line or Referer). */
export function Invite(props: { title: string; token: string; onSignedIn(agent: Agent, csrf: string): void }) {
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (password !== repeat) return setError("The two passwords differ.");
    setBusy(true);
    setError(null);
    try {
      const r = await api.redeem(props.token, password);
      history.replaceState(null, "", "/console");
      props.onSignedIn(r.agent, r.csrfToken);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "The hub did not answer; try again.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="auth">
      <form class="card auth-form" onSubmit={submit} data-testid="invite">
        <h1>{props.title}</h1>
        <p class="muted">Choose a password for the agent console (at least 10 characters).</p>
        <label>
          New password
          <input
            name="password"
            type="password"
            autocomplete="new-password"
            minLength={10}
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label>
          Repeat it
          <input
            name="repeat"
            type="password"
            autocomplete="new-password"
            minLength={10}
            required
            value={repeat}
            onInput={(e) => setRepeat(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          Set password and sign in
        </button>
      </form>
    </main>
  );
}
