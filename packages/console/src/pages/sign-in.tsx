import { useState, type FormEvent } from "react";
import { ErrorText } from "../components/error-text.js";
import { signIn, type Session } from "../session.js";

/** Sign in with an API key; it is kept in this tab's sessionStorage only. */
export function SignInPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(key));
    } catch (thrown) {
      setError(thrown);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Parley console</h1>
      <form method="post" onSubmit={submit}>
        <label>
          API key
          <input
            type="password"
            name="apiKey"
            autoComplete="off"
            placeholder="pk_…"
            required
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <ErrorText error={error} />
        <p className="muted">The key stays in this browser tab (sessionStorage) until you sign out or close the tab.</p>
      </form>
    </main>
  );
}
