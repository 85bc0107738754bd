import { HexnodeOffboardButton } from './offboard-button.js';
import { HexnodeOffboardProvider } from './offboard-provider.js';

function define(tag: string, element: CustomElementConstructor): void {
  if (customElements.get(tag)) {
    console.warn(`<${tag}> is already defined (is the widget loaded twice?); keeping the first definition.`);
    return;
  }
  customElements.define(tag, element);
}

/**
 * Registers `<hexnode-offboard-provider>` and `<hexnode-offboard-button>`. Safe to call again: an existing
 * definition is kept with a warning. Does nothing where there is no `customElements` (no DOM).
 */
export function defineOffboardElements(): void {
  if (typeof customElements === 'undefined') return;
  define('hexnode-offboard-provider', HexnodeOffboardProvider);
  define('hexnode-offboard-button', HexnodeOffboardButton);
}

defineOffboardElements();
