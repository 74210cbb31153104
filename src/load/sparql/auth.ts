// Answers 401 challenges with digest (preferred) or basic auth, per origin, and reuses an origin's last challenge
// pre-emptively.

import type { Credentials } from './credentials.js';
import type { AuthFailureReason } from './failures.js';
import { basicAuthorization, digestAuthorization, digestSupported, parseChallenges, type Challenge } from './digest.js';

export type ChallengeOutcome = { retry: true } | { retry: false; reason: AuthFailureReason; schemes: string[] };

/** What one origin (scheme, host, port) asked for: a 401 from one server never changes how another is answered. */
interface OriginAuth {
  challenge: Challenge | undefined;
  nc: number;
  /** Set once a Digest challenge from this origin was answered: Basic is refused from then on. */
  digestAnswered: boolean;
}

export class Authenticator {
  private readonly origins = new Map<string, OriginAuth>();

  constructor(private readonly credentials: Credentials | undefined) {}

  /** The Authorization header for a request to `url`, from its origin's last challenge; none before its first 401. */
  header(method: string, url: URL): string | undefined {
    const { credentials } = this;
    const state = this.origins.get(url.origin);
    const challenge = state?.challenge;
    if (!credentials || !state || !challenge) return undefined;
    if (challenge.scheme === 'basic') return basicAuthorization(credentials.user, credentials.password);
    state.nc += 1;
    return digestAuthorization({
      challenge,
      method,
      uri: `${url.pathname}${url.search}`,
      user: credentials.user,
      password: credentials.password,
      nc: state.nc,
    });
  }

  /**
   * Takes the WWW-Authenticate of a 401 from `url`. `answeredFresh` is true when the request that got it already
   * answered a challenge received for that same request: a second refusal then means wrong credentials, unless the
   * server says the nonce was merely stale.
   */
  onUnauthorized(url: URL, wwwAuthenticate: string | string[] | undefined, answeredFresh: boolean): ChallengeOutcome {
    const challenges = parseChallenges(wwwAuthenticate);
    const schemes = challenges.map((c) => c.scheme);
    const { credentials } = this;
    if (!credentials) return { retry: false, reason: 'no-credentials', schemes };
    const state = this.originState(url.origin);
    const digest = challenges.find((c) => c.scheme === 'digest' && digestSupported(c));
    if (digest) {
      const stale = digest.params.stale?.toLowerCase() === 'true';
      if (answeredFresh && !stale) return { retry: false, reason: 'rejected', schemes };
      Object.assign(state, { challenge: digest, nc: 0, digestAnswered: true });
      return { retry: true };
    }
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (!basic) return { retry: false, reason: 'unsupported', schemes };
    // Whoever asks for Basic after Digest worked (a proxy, one odd path) does not get the password in base64,
    // and the Digest challenge stays in use for this origin's other requests.
    if (state.digestAnswered) return { retry: false, reason: 'downgrade', schemes };
    if (url.protocol === 'http:' && !isLoopback(url.hostname) && credentials.basicOverHttp !== true)
      return { retry: false, reason: 'basic-in-clear', schemes };
    if (answeredFresh) return { retry: false, reason: 'rejected', schemes };
    Object.assign(state, { challenge: basic, nc: 0 });
    return { retry: true };
  }

  private originState(origin: string): OriginAuth {
    let state = this.origins.get(origin);
    if (!state) {
      state = { challenge: undefined, nc: 0, digestAnswered: false };
      this.origins.set(origin, state);
    }
    return state;
  }
}

/** This machine (a WHATWG URL's hostname: IPv4 dotted, IPv6 compressed in brackets): Basic to it crosses no network. */
export function isLoopback(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(name)
  );
}
