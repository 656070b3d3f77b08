/** A short confirmation next to a Save button. */
export function Saved({ text = 'Saved. Reload the web app to use the change.' }: { text?: string }) {
  return (
    <span role="status" className="saved small">
      ✓ {text}
    </span>
  );
}
