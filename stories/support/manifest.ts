/**
 * Autodocs lists an element's attributes, events, parts and custom properties from the Custom Elements Manifest,
 * each with a control. The stories drive the widget through its properties (camelCase args), so these rows are
 * documentation only: this turns their controls off.
 */
import manifest from 'virtual:custom-elements-manifest';

interface Named {
  name: string;
}
interface Declaration {
  tagName?: string;
  attributes?: Named[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
  slots?: Named[];
}

export function documentationOnly(tagName: string, keep: string[] = []): Record<string, { control: false }> {
  const modules = manifest.modules as { declarations?: Declaration[] }[];
  const declaration = modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tagName);
  if (!declaration) return {};
  const rows = [
    ...(declaration.attributes ?? []),
    ...(declaration.events ?? []),
    ...(declaration.cssParts ?? []),
    ...(declaration.cssProperties ?? []),
    ...(declaration.slots ?? []),
  ];
  return Object.fromEntries(
    rows.filter((row) => !keep.includes(row.name)).map((row) => [row.name, { control: false as const }]),
  );
}
