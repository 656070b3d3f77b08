import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/NotFoundPage';
import { ConsolePage } from './ConsolePage';
import { ConsolesListPage } from './ConsolesListPage';
import './consoles.css';

/** The Consoles tab: the list at /consoles, one console in its own page at /consoles/:id. */
export function ConsolesPage() {
  return (
    <Routes>
      <Route index element={<ConsolesListPage />} />
      <Route path=":id" element={<ConsolePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
