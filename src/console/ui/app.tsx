import { useEffect, useState } from "preact/hooks";
import { api, ApiError, setCsrfToken, type Agent } from "./api.js";
import { ConversationPage } from "./conversation.js";
import { Inbox } from "./inbox.js";
import { Invite, SignIn } from "./sign-in.js";

type State = { kind: "loading" } | { kind: "signed-out" } | { kind: "signed-in"; agent: Agent } | { kind: "error"; message: string };

/** Routes on the path: /console/invite#TOKEN, /console/c/:id, /console (inbox); signs in first when needed. */
export function App(props: { title: string }) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const path = location.pathname;
  const inviteToken = path === "/console/invite" ? location.hash.slice(1) : null;

  useEffect(() => {
    if (inviteToken) return;
    api.session().then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setState({ kind: "signed-in", agent: s.agent });
      },
      (err: unknown) => setState(err instanceof ApiError && err.status === 401 ? { kind: "signed-out" } : { kind: "error", message: String(err) }),
    );
  }, [inviteToken]);

  const signedIn = (agent: Agent, csrf: string) => {
    setCsrfToken(csrf);
    if (location.pathname === "/console/invite" || location.pathname === "/console/sign-in") history.replaceState(null, "", "/console");
    setState({ kind: "signed-in", agent });
  };

  if (inviteToken && state.kind !== "signed-in") return <Invite title={props.title} token={inviteToken} onSignedIn={signedIn} />;
  if (state.kind === "loading") return <p class="muted pad">Loading…</p>;
  if (state.kind === "error")
    return (
      <p class="error pad" role="alert">
        {state.message}
      </p>
    );
  if (state.kind === "signed-out") return <SignIn title={props.title} onSignedIn={signedIn} />;
  const match = /^\/console\/c\/([^/]+)$/.exec(location.pathname);
  return (
    <div class="shell">
      <header class="top">
        <a href="/console" class="brand">
          {props.title}
        </a>
        <span class="muted" data-testid="agent-name">
          {state.agent.name}
          {state.agent.role === "admin" ? " · admin" : ""}
        </span>
        <button type="button" class="link" data-testid="sign-out" onClick={() => void api.signOut().finally(() => location.assign("/console"))}>
          Sign out
        </button>
      </header>
      {match ? <ConversationPage id={decodeURIComponent(match[1]!)} /> : <Inbox />}
    </div>
  );
}
