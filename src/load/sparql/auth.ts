// Answers 401 challenges with digest (preferred) or basic auth, and reuses the last challenge pre-emptively.

import type { Credentials } from './options.js';
import { basicAuthorization, digestAuthorization, digestSupported, parseChallenges, type Challenge } from './digest.js';

export type ChallengeOutcome =
  | { retry: true }
  | { retry: false; reason: 'no-credentials' | 'rejected' | 'unsupported'; schemes: string[] };

export class Authenticator {
  private challenge: Challenge | undefined;
  private nc = 0;

  constructor(private readonly credentials: Credentials | undefined) {}

  /** The Authorization header for a request, from the challenge seen last; none before the first 401. */
  header(method: string, uri: string): string | undefined {
    const { credentials, challenge } = this;
    if (!credentials || !challenge) return undefined;
    if (challenge.scheme === 'basic') return basicAuthorization(credentials.user, credentials.password);
    this.nc += 1;
    return digestAuthorization({ challenge, method, uri, user: credentials.user, password: credentials.password, nc: this.nc });
  }

  /**
   * Takes the WWW-Authenticate of a 401. `answeredFresh` is true when the request that got it already answered
   * a challenge received for that same request: a second refusal then means wrong credentials, unless the
   * server says the nonce was merely stale.
   */
  onUnauthorized(wwwAuthenticate: string | string[] | undefined, answeredFresh: boolean): ChallengeOutcome {
    const challenges = parseChallenges(wwwAuthenticate);
    const schemes = challenges.map((c) => c.scheme);
    if (!this.credentials) return { retry: false, reason: 'no-credentials', schemes };
    const digest = challenges.find((c) => c.scheme === 'digest' && digestSupported(c));
    const chosen = digest ?? challenges.find((c) => c.scheme === 'basic');
    if (!chosen) return { retry: false, reason: 'unsupported', schemes };
    const stale = chosen.scheme === 'digest' && chosen.params.stale?.toLowerCase() === 'true';
    if (answeredFresh && !stale) return { retry: false, reason: 'rejected', schemes };
    this.challenge = chosen;
    this.nc = 0;
    return { retry: true };
  }
}
