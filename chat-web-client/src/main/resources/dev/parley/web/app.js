// Placeholder entry module; the web client (issue 16) replaces this file.
// It proves that a same-origin ES module runs under the gate's Content-Security-Policy.
const status = document.getElementById('status');
status.textContent = 'Parley web client loaded';
document.documentElement.dataset.app = 'ready';
