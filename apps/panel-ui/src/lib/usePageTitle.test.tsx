import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { usePageTitle } from './usePageTitle';

function Titled({ title, kind, children }: { title: string; kind?: 'page' | 'thing'; children?: React.ReactNode }) {
  usePageTitle(title, kind);
  return <>{children}</>;
}

describe('page titles', () => {
  it("names the page, lets a part inside it name what it shows, and gives the page's title back when that part goes", () => {
    const view = render(
      <Titled title="Files">
        <Titled title="flask_app.py" kind="thing" />
      </Titled>,
    );
    expect(document.title).toBe('flask_app.py — Panel');
    view.rerender(<Titled title="Files" />);
    expect(document.title).toBe('Files — Panel');
    view.rerender(
      <>
        <Titled title="Web" />
        <Titled title="alice.apps.example.com" kind="thing" />
      </>,
    );
    expect(document.title, 'whatever the order of the parts').toBe('alice.apps.example.com — Panel');
    view.unmount();
    expect(document.title).toBe('Panel');
  });
});
