import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Redirect, Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ConsoleApi } from './api/console-api';
import { AuthProvider, useAuth } from './auth/auth-context';
import { Shell } from './layout/shell';
import { SignInPage } from './pages/sign-in.page';
import { TenantPage } from './pages/tenant.page';
import { TenantsPage } from './pages/tenants.page';
import { UserNightsPage } from './pages/user-nights.page';
import { UsersPage } from './pages/users.page';

// The chart pages bring uPlot: loaded when first opened, not with the console.
const NightPage = lazy(() => import('./pages/night.page'));
const LiveNightPage = lazy(() => import('./pages/live-night.page'));
const TrendsPage = lazy(() => import('./pages/trends.page'));

function SignedIn() {
  return (
    <ConsoleApi>
      <Router hook={useHashLocation}>
        <Shell>
          <Suspense fallback={<p role="status">Loading…</p>}>
            <Switch>
              <Route path="/users" component={UsersPage} />
              <Route path="/users/:appUserId" component={UserNightsPage} />
              <Route path="/users/:appUserId/nights/:sessionId" component={NightPage} />
              <Route path="/users/:appUserId/live" component={LiveNightPage} />
              <Route path="/users/:appUserId/trends" component={TrendsPage} />
              <Route path="/tenant" component={TenantPage} />
              <Route path="/tenants" component={TenantsPage} />
              <Route>
                <Redirect to="/users" />
              </Route>
            </Switch>
          </Suspense>
        </Shell>
      </Router>
    </ConsoleApi>
  );
}

function Gate() {
  const { signedIn } = useAuth();
  return signedIn ? <SignedIn /> : <SignInPage />;
}

export function App() {
  // The sign-in page's own queries (the console's settings) need a client before any token exists.
  const [queryClient] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <Gate />
      </AuthProvider>
    </QueryClientProvider>
  );
}
