// The version printed by --version and by `serve`, taken from package.json at build time.
import { version as packageVersion } from '../../../package.json';

export const version: string = packageVersion;
