// A page bundled by Vite from the installed package: the elements, German preloaded, token mode.
import '@hexnode-offboard/elements/locales/de/preload';
import '@hexnode-offboard/elements';

const provider = document.querySelector('hexnode-offboard-provider')!;
provider.fetchSessionToken = async () => {
  const response = await fetch('/token?employee=sam.shift%40acme.example');
  return response.text();
};
// Typed through HTMLElementEventMap: event.detail is the OffboardCompleteEvent's.
provider.addEventListener('hexnode-offboard-complete', (event) => {
  document.body.dataset.complete = event.detail.status;
});
