// Endpoint credentials: where they come from (two environment variables, never a flag or a URL) and their shape.
// A leaf module: options.ts, redact.ts, auth.ts and failures.ts all need it, and it needs none of them.

import { PipelineError } from '../../errors.js';

export interface Credentials {
  user: string;
  password: string;
  /**
   * Answer a Basic challenge over plain http to a host other than this machine (the password then crosses the
   * network readable by anyone on the path). Off unless PATHWAY_KG_ENDPOINT_BASIC_OVER_HTTP=allow.
   */
  basicOverHttp?: boolean;
}

export const USER_ENV = 'PATHWAY_KG_ENDPOINT_USER';
export const PASSWORD_ENV = 'PATHWAY_KG_ENDPOINT_PASSWORD';
export const BASIC_OVER_HTTP_ENV = 'PATHWAY_KG_ENDPOINT_BASIC_OVER_HTTP';

/** Both variables or neither; an empty value counts as unset. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials | undefined {
  const user = env[USER_ENV] ?? '';
  const password = env[PASSWORD_ENV] ?? '';
  if (user === '' && password === '') return undefined;
  if (user === '')
    throw new PipelineError('CONFIG_INVALID', `${PASSWORD_ENV} is set but ${USER_ENV} is not: set both or neither`, {
      key: USER_ENV,
    });
  if (password === '')
    throw new PipelineError('CONFIG_INVALID', `${USER_ENV} is set but ${PASSWORD_ENV} is not: set both or neither`, {
      key: PASSWORD_ENV,
    });
  if (user.includes(':'))
    throw new PipelineError('CONFIG_INVALID', `${USER_ENV} must not contain ":"`, { key: USER_ENV });
  const basic = env[BASIC_OVER_HTTP_ENV] ?? '';
  if (basic !== '' && basic !== 'allow') {
    throw new PipelineError(
      'CONFIG_INVALID',
      `Expected ${BASIC_OVER_HTTP_ENV} to be "allow" or unset, got ${JSON.stringify(basic)}`,
      { key: BASIC_OVER_HTTP_ENV },
    );
  }
  return basic === 'allow' ? { user, password, basicOverHttp: true } : { user, password };
}
