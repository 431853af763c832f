// Sign in, sign up with the mailed code (resend respects the cooldown) and reset password.

import { $ } from './dom.js';
import { gateCall } from './parley-client.js';

const MESSAGES = {
  INVALID_EMAIL: 'That is not a valid email address.',
  INVALID_NAME: 'Names are 3–32 letters, digits, _ . - in one script.',
  WEAK_PASSWORD: 'The password is too weak: use 8 to 128 characters.',
  EMAIL_TAKEN: 'That email already has an account.',
  NAME_TAKEN: 'That name is taken.',
  INVALID_CODE: 'The code is wrong or expired.',
  INVALID_CREDENTIALS: 'Wrong email or password.',
  RATE_LIMITED: 'Too many attempts; please wait.',
  NO_CHAT_NODE: 'No chat server is up; try again shortly.',
  UNAVAILABLE: 'The server cannot be reached.',
  ACCOUNT_DISABLED: 'This account is disabled.',
  BAD_REQUEST: 'Please fill in every field.',
};

/** A human sentence for an error code (falls back to the server's message). */
export function explain(e) {
  return MESSAGES[e.code] || e.message || String(e.code);
}

const DEFAULT_COOLDOWN_S = 60;
const FIELDS = { signin: ['email', 'password'], signup: ['email', 'name', 'code', 'password'], reset: ['email', 'code', 'password'] };
const SUBMIT = { signin: 'Sign in', signup: 'Create account', reset: 'Set new password' };

/** Wires the auth screen; {@code onSession} gets the gate's 200 of POST /sessions. */
export function setUpAuth({ deviceId, onSession }) {
  const form = $('#auth-form');
  const error = $('#auth-error');
  const info = $('#auth-info');
  const sendCode = $('#send-code');
  let mode = 'signin';
  let cooldownUntil = 0;
  let timer = null;

  const show = (m) => {
    mode = m;
    for (const label of form.querySelectorAll('label[data-field]')) label.hidden = !FIELDS[m].includes(label.dataset.field);
    for (const b of document.querySelectorAll('.auth-tabs button')) b.classList.toggle('active', b.dataset.mode === m);
    $('#auth-submit').textContent = SUBMIT[m];
    $('#password-label').textContent = m === 'reset' ? 'New password' : 'Password';
    error.textContent = '';
    delete error.dataset.code;
  };
  const fail = (e) => {
    error.textContent = explain(e);
    error.dataset.code = e.code || '';
    info.textContent = '';
  };
  const tick = () => {
    const left = Math.ceil((cooldownUntil - Date.now()) / 1000);
    if (left > 0) {
      sendCode.disabled = true;
      sendCode.textContent = `Resend in ${left} s`;
      sendCode.dataset.secondsLeft = String(left);
    } else {
      clearInterval(timer);
      sendCode.disabled = false;
      sendCode.textContent = 'Resend code';
      delete sendCode.dataset.secondsLeft;
    }
  };
  const cooldown = (seconds) => {
    cooldownUntil = Date.now() + seconds * 1000;
    clearInterval(timer);
    timer = setInterval(tick, 250);
    tick();
  };

  for (const b of document.querySelectorAll('.auth-tabs button')) b.addEventListener('click', () => show(b.dataset.mode));
  sendCode.addEventListener('click', async () => {
    const email = form.email.value.trim();
    try {
      await gateCall('/verification-codes', { email, purpose: mode === 'reset' ? 'RESET_PASSWORD' : 'REGISTER' });
      info.textContent = `A code was sent to ${email}.`;
      error.textContent = '';
      cooldown(DEFAULT_COOLDOWN_S);
    } catch (e) {
      fail(e);
      if (e.code === 'RATE_LIMITED' && e.retryAfterMs) cooldown(Math.ceil(e.retryAfterMs / 1000));
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = { email: form.email.value.trim(), name: form.name.value.trim(), code: form.code.value.trim(), password: form.password.value };
    const submit = $('#auth-submit');
    submit.disabled = true;
    try {
      if (mode === 'signup') await gateCall('/users', { email: v.email, name: v.name, password: v.password, code: v.code });
      if (mode === 'reset') {
        await gateCall('/password-resets', { email: v.email, code: v.code, newPassword: v.password });
        show('signin');
        info.textContent = 'Password changed. Sign in with the new one.';
        return;
      }
      const session = await gateCall('/sessions', { email: v.email, password: v.password, deviceId, platform: 'WEB', deviceName: 'Web browser' });
      form.password.value = '';
      onSession(session);
    } catch (e) {
      fail(e);
    } finally {
      submit.disabled = false;
    }
  });
  show('signin');
  return { show };
}
