// A tiny DOM builder: every string child becomes a text node, never HTML, so text from the network
// can only ever show as text.

/** h('div', {class: 'x', dataset: {test: 'y'}, onclick: fn}, 'text', child, ...) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of {@code el}. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Initials for an avatar without a picture. */
export function initials(name) {
  const parts = String(name || '?').trim().split(/[\s._-]+/).filter(Boolean);
  const s = parts.length > 1 ? parts[0][0] + parts[1][0] : (parts[0] || '?').slice(0, 2);
  return s.toUpperCase();
}

/** An avatar: the URL's image when it is http(s), else initials on a colour picked from the id. */
export function avatar(name, url, id, extraClass = '') {
  if (url && /^https?:\/\//i.test(url)) {
    return h('img', { class: `avatar ${extraClass}`, src: url, alt: '', referrerpolicy: 'no-referrer' });
  }
  const hue = Number(BigInt(id || 0) % 8n);
  return h('span', { class: `avatar initials hue-${hue} ${extraClass}`, 'aria-hidden': 'true' }, initials(name));
}

/** "14:05" today, "Mon 14:05" this week, "2026-11-02" before. */
export function shortTime(ms) {
  const t = Number(ms || 0);
  if (!t) return '';
  const d = new Date(t);
  const now = new Date();
  const hm = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === now.toDateString()) return hm;
  if (now - d < 6 * 86400000) return `${d.toLocaleDateString([], { weekday: 'short' })} ${hm}`;
  return d.toISOString().slice(0, 10);
}
