import { useEffect, useState } from "react";
import type { Viewer } from "@parley/sdk";
import { Link, navigate, usePath } from "./router.js";
import { clientFor, hasScope, signOut, storedKey, type Session } from "./session.js";
import { AdminPage } from "./pages/admin.js";
import { KeysPage } from "./pages/keys.js";
import { ModelsPage } from "./pages/models.js";
import { OverviewPage } from "./pages/overview.js";
import { PlaygroundPage } from "./pages/playground.js";
import { SignInPage } from "./pages/sign-in.js";
import { TrainingPage } from "./pages/training.js";

interface Page {
  path: string;
  title: string;
  /** Whether the signed-in key may use the page; hidden otherwise. */
  allowed(viewer: Viewer): boolean;
  render(session: Session): React.ReactNode;
}

const PAGES: Page[] = [
  { path: "/", title: "Overview", allowed: (v) => hasScope(v, "READ"), render: (s) => <OverviewPage session={s} /> },
  { path: "/keys", title: "API keys", allowed: (v) => hasScope(v, "READ"), render: (s) => <KeysPage session={s} /> },
  { path: "/models", title: "Models", allowed: () => true, render: (s) => <ModelsPage session={s} /> },
  { path: "/training", title: "Training", allowed: (v) => hasScope(v, "TRAIN"), render: (s) => <TrainingPage session={s} /> },
  { path: "/playground", title: "Playground", allowed: (v) => hasScope(v, "TRANSLATE"), render: (s) => <PlaygroundPage session={s} /> },
  { path: "/admin", title: "Admin", allowed: (v) => v.scopes.includes("ADMIN"), render: (s) => <AdminPage session={s} /> },
];

export function App() {
  const path = usePath();
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => storedKey() !== null);

  // A key kept in this tab's sessionStorage signs in again after a reload.
  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    const client = clientFor(key);
    client.viewer().then(
      (viewer) => setSession({ client, viewer }),
      () => signOut(),
    ).finally(() => setRestoring(false));
  }, []);

  if (restoring) return <p className="loading">Loading…</p>;
  if (!session) return <SignInPage onSignedIn={setSession} />;

  const visible = PAGES.filter((page) => page.allowed(session.viewer));
  const page = visible.find((candidate) => candidate.path === path) ?? visible[0];
  const onSignOut = () => {
    signOut();
    setSession(null);
    navigate("/");
  };
  return (
    <div className="layout">
      <header className="top">
        <strong className="brand">Parley</strong>
        <nav aria-label="Console">
          <ul>
            {visible.map((entry) => (
              <li key={entry.path}>
                <Link to={entry.path} aria-current={entry === page ? "page" : undefined}>
                  {entry.title}
                </Link>
              </li>
            ))}
            <li>
              <a href="/console/graphql">GraphQL</a>
            </li>
          </ul>
        </nav>
        <div className="who">
          <span title="Tenant">{session.viewer.tenant.name}</span>
          <span className="muted"> · {session.viewer.apiKey.prefix}</span>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        {page ? (
          <>
            <h1>{page.title}</h1>
            {page.render(session)}
          </>
        ) : (
          <p>This key has no scope the console can use.</p>
        )}
      </main>
    </div>
  );
}
