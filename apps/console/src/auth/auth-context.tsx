import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';

const STORAGE_KEY = 'sleep-console.token';

interface Auth {
  /** Read by the API client before every request. */
  token: { readonly current: string | null };
  signedIn: boolean;
  /** Why the last session ended, shown on the sign-in page. */
  notice: string | null;
  signIn(token: string): void;
  signOut(notice?: string): void;
}

const AuthContext = createContext<Auth | null>(null);

/** The bearer token of this tab: pasted (development) or from the identity provider. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const token = useRef<string | null>(sessionStorage.getItem(STORAGE_KEY));
  const [signedIn, setSignedIn] = useState(token.current !== null);
  const [notice, setNotice] = useState<string | null>(null);
  const signIn = useCallback((value: string) => {
    token.current = value;
    sessionStorage.setItem(STORAGE_KEY, value);
    setNotice(null);
    setSignedIn(true);
  }, []);
  const signOut = useCallback((reason?: string) => {
    token.current = null;
    sessionStorage.removeItem(STORAGE_KEY);
    setNotice(reason ?? null);
    setSignedIn(false);
  }, []);
  const auth = useMemo(
    () => ({ token, signedIn, notice, signIn, signOut }),
    [signedIn, notice, signIn, signOut],
  );
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
