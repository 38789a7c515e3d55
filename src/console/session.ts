import type { Role } from '../store/staff';

/** The logged-in staff member a request acts as. */
export interface Me {
  username: string;
  role: Role;
  /** The session's form token. */
  csrf: string;
  /** The session's id in the store (the digest of the cookie). */
  session: string;
}
