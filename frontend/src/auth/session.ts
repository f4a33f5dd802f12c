// The signed-in session, kept in localStorage so that a reload keeps the user signed in and every
// tab shares one refresh token (the API revokes a whole session when a rotated token is reused).
import type { Role } from "../gql/graphql";

export interface SessionUser {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  tenant: { id: string; name: string; slug: string };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  user: SessionUser;
}

const KEY = "izinhub.session";
type Listener = (session: Session | null) => void;

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.accessToken !== "string" || typeof s.refreshToken !== "string" || !s.user) {
      return null;
    }
    return s as Session;
  } catch {
    return null;
  }
}

class SessionStore {
  private current: Session | null = read();
  private listeners = new Set<Listener>();

  constructor() {
    if (typeof window !== "undefined") {
      // Another tab signed in, refreshed or signed out.
      window.addEventListener("storage", (e) => {
        if (e.key === KEY || e.key === null) this.reload();
      });
    }
  }

  get(): Session | null {
    return this.current;
  }

  /** Re-reads storage (another tab may have rotated the tokens) and returns the result. */
  reload(): Session | null {
    const fresh = read();
    if (fresh?.refreshToken !== this.current?.refreshToken || !fresh !== !this.current) {
      this.current = fresh;
      this.emit();
    }
    return this.current;
  }

  set(session: Session): void {
    this.current = session;
    try {
      localStorage.setItem(KEY, JSON.stringify(session));
    } catch {
      /* storage full or disabled: the session lives in memory only */
    }
    this.emit();
  }

  clear(): void {
    this.current = null;
    try {
      localStorage.removeItem(KEY);
    } catch {
      /* ignore */
    }
    this.emit();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l(this.current);
  }
}

export const sessionStore = new SessionStore();

/** Builds a session from an AuthPayload; `expiresIn` is in seconds. */
export function sessionFrom(payload: {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: SessionUser;
}): Session {
  return {
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    expiresAt: Date.now() + payload.expiresIn * 1000,
    user: {
      id: payload.user.id,
      email: payload.user.email,
      fullName: payload.user.fullName,
      role: payload.user.role,
      tenant: { ...payload.user.tenant },
    },
  };
}

/** Runs `fn` while holding a cross-tab lock when the browser has one. */
export async function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (locks?.request) return locks.request("izinhub-refresh", fn) as Promise<T>;
  return fn();
}
