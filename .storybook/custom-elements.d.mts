/** The Custom Elements Manifest (schema 2.x) of the elements, as JSON. */
export function buildManifest(): Promise<{ schemaVersion: string; modules: unknown[] }>;
/** The files it is built from (absolute paths): the sources and the analyzer config. */
export function manifestSources(): Promise<string[]>;
export const elementsDir: string;
