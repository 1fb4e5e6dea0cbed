import { Link } from 'wouter';

/** The pages about one user, as a small local navigation. */
export function UserLinks({ appUserId }: { appUserId: string }) {
  const base = `/users/${encodeURIComponent(appUserId)}`;
  return (
    <nav aria-label={`Pages about ${appUserId}`} className="sub-nav">
      <Link href={base}>Nights</Link>
      <Link href={`${base}/live`}>Live night</Link>
      <Link href={`${base}/trends`}>Trends and reports</Link>
    </nav>
  );
}
