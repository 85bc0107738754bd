// The directory's search filters the server-rendered list as you type (the form still works without script).
import './styles.css';

const input = document.querySelector<HTMLInputElement>('#q');
const people = [...document.querySelectorAll<HTMLLIElement>('#people > li')];
const count = document.querySelector<HTMLElement>('#result-count');

function filter(query: string): void {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const person of people) {
    const haystack = person.dataset.search ?? '';
    const match = terms.every((term) => haystack.includes(term));
    person.hidden = !match;
    if (match) shown++;
  }
  if (count)
    count.textContent =
      shown === people.length ? `${people.length} employees` : `${shown} of ${people.length} employees`;
  const url = new URL(location.href);
  if (query) url.searchParams.set('q', query);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
}

input?.addEventListener('input', () => filter(input.value));
