/** The Custom Elements Manifest (schema 2.x) of the elements, as JSON. */
export function buildManifest(): Promise<{ schemaVersion: string; modules: unknown[] }>;
/** The source files it is built from (absolute paths). */
export function manifestSources(): string[];
export const elementsSource: string;
