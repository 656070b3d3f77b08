import { useEffect, useId } from 'react';

/** The product's name in the browser tab, after what the page shows ("Files — Panel", "alice.apps.example.com — Panel"). */
export const PRODUCT_NAME = 'Panel';

/** What is shown: a page, or a thing inside a page (a console, an app, a file), which names the tab while it is shown. */
export type TitleKind = 'page' | 'thing';

const shown = new Map<string, { title: string; kind: TitleKind; order: number }>();
let counter = 0;

function apply() {
  const entries = [...shown.values()].sort((a, b) => (a.kind === b.kind ? a.order - b.order : a.kind === 'page' ? -1 : 1));
  const top = entries.at(-1);
  document.title = top?.title ? `${top.title} — ${PRODUCT_NAME}` : PRODUCT_NAME;
}

/**
 * Sets the tab's title: the page's, or while a console, app or file is shown inside it, that thing's name; when it
 * goes, the page's title comes back.
 */
export function usePageTitle(title: string | null | undefined, kind: TitleKind = 'page') {
  const id = useId();
  useEffect(() => {
    shown.set(id, { title: title ?? '', kind, order: counter++ });
    apply();
    return () => {
      shown.delete(id);
      apply();
    };
  }, [id, title, kind]);
}
