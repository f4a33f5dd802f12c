import { createContext, useCallback, useContext, useMemo, useSyncExternalStore } from "react";
import type { ReactNode } from "react";
import { useClient } from "urql";
import { LogoutMutation } from "../graphql/operations";
import { sessionStore } from "./session";
import type { Session } from "./session";

interface Auth {
  session: Session | null;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const session = useSyncExternalStore(
    (cb) => sessionStore.subscribe(cb),
    () => sessionStore.get(),
  );
  const signOut = useCallback(async () => {
    const current = sessionStore.get();
    sessionStore.clear();
    if (current) {
      // Best effort: the local session is gone either way.
      await client
        .mutation(LogoutMutation, { refreshToken: current.refreshToken })
        .toPromise()
        .catch(() => undefined);
    }
  }, [client]);
  const value = useMemo(() => ({ session, signOut }), [session, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}
