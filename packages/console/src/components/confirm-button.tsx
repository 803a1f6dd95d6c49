import { useRef, useState, type ReactNode } from "react";
import { ErrorText } from "./error-text.js";

interface ConfirmButtonProps {
  /** The button's label, e.g. "Archive". */
  label: string;
  /** What will happen, shown in the dialog. */
  question: ReactNode;
  /** Runs after the user confirms; its resolved text is shown as the result. */
  action: () => Promise<string>;
  danger?: boolean;
  disabled?: boolean;
}

/**
 * A button that asks first in a modal <dialog> (focus moves into it, Escape cancels),
 * then runs the action and shows its result or error.
 */
export function ConfirmButton({ label, question, action, danger = false, disabled = false }: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<unknown>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await action());
      dialog.current?.close();
    } catch (thrown) {
      setError(thrown);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={danger ? "danger" : undefined} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      {result ? (
        <span className="result" role="status">
          {result}
        </span>
      ) : null}
      <dialog ref={dialog} aria-label={label}>
        <p>{question}</p>
        <ErrorText error={error} />
        <div className="row">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className={danger ? "danger" : "primary"} disabled={busy} onClick={confirm}>
            {busy ? "Working…" : `Confirm: ${label}`}
          </button>
        </div>
      </dialog>
    </>
  );
}
