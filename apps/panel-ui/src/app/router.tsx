import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { AccountPage } from '../features/account/AccountPage';
import { AdminPage } from '../features/admin/AdminPage';
import { LoginPage } from '../features/auth/LoginPage';
import { SignupPage } from '../features/auth/SignupPage';
import { ConsolesPage } from '../features/consoles/ConsolesPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { DatabasesPage } from '../features/databases/DatabasesPage';
import { EnvironmentDetailPage } from '../features/environments/EnvironmentDetailPage';
import { EnvironmentsPage } from '../features/environments/EnvironmentsPage';
import { FilesPage } from '../features/files/FilesPage';
import { TasksPage } from '../features/tasks/TasksPage';
import { WebAppsPage } from '../features/webapps/WebAppsPage';
import { AppLayout } from './AppLayout';
import { RequireAdmin, RequireAuth } from './guards';
import { NotFoundPage } from './NotFoundPage';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/signup', element: <SignupPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'consoles/*', element: <ConsolesPage /> },
          { path: 'files', element: <FilesPage /> },
          { path: 'environments', element: <EnvironmentsPage /> },
          { path: 'environments/:name', element: <EnvironmentDetailPage /> },
          { path: 'web', element: <WebAppsPage /> },
          { path: 'web/new', element: <WebAppsPage adding /> },
          { path: 'web/:domain', element: <WebAppsPage /> },
          { path: 'databases', element: <DatabasesPage /> },
          { path: 'tasks', element: <TasksPage /> },
          { path: 'account', element: <AccountPage /> },
          { element: <RequireAdmin />, children: [{ path: 'admin', element: <AdminPage /> }] },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
