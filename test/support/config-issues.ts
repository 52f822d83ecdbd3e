import { ConfigError, loadConfig } from '../../src/config.js';

/** The issues loadConfig names for `env`; fails the test when the configuration loads. */
export function configIssues(env: NodeJS.ProcessEnv): ConfigError['issues'] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
