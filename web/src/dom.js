// A tiny element builder. Text goes in as text (never as HTML), so nothing the log holds can
// become markup; styling is by class only (the Content-Security-Policy allows no inline style).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Replaces the children of `el`; like h(), it skips null and false and flattens arrays.
export function vervang(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

// A table: `kolommen` [{label, class?}], `rijen` arrays of cells (each a node, text or {text, class, veld}).
export function tabel(kolommen, rijen, { leeg = 'Niets om te tonen.' } = {}) {
  if (rijen.length === 0) return h('p', { class: 'leeg' }, leeg);
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, kolommen.map((k) => h('th', { class: k.class }, k.label)))),
    h('tbody', {}, rijen),
  );
}

// One cell: {text, class, veld} or plain content; `veld` names the API field the cell shows.
export function cel(inhoud, { class: klasse, veld } = {}) {
  return h('td', { class: klasse, 'data-veld': veld }, inhoud);
}
