import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useTRPC } from '../api/trpc';
import { useAuth } from '../auth/auth-context';
import { ThemeToggle, useTheme } from './theme-toggle';

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation();
  const current = location === href || location.startsWith(`${href}/`);
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** Header, navigation by role, theme, sign-out; the page below. */
export function Shell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.queryOptions());
  const { signOut } = useAuth();
  const [theme, setTheme] = useTheme();
  const role = me.data?.role;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <strong className="brand">Sleep console</strong>
        <nav aria-label="Main">
          {role !== 'operator' && <NavLink href="/users">Users</NavLink>}
          {me.data?.tenant && <NavLink href="/tenant">Tenant</NavLink>}
          {role === 'operator' && <NavLink href="/tenants">Tenants</NavLink>}
        </nav>
        <span className="who" data-testid="who">
          {me.data ? `${me.data.appUserId} · ${me.data.role} · ${me.data.tenantId}` : ''}
        </span>
        <ThemeToggle theme={theme} onChange={setTheme} />
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      {/* Charts take their colours when drawn: a new theme draws them again. */}
      <main id="main" key={theme} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
