/**
 * The console's one script, served as a file (the CSP forbids inline script). Every 5 seconds
 * it asks how many escalations wait, sets the title ("(3) sira") and the badge, and on a new
 * urgent escalation shows the banner, flashes the title and beeps (Web Audio: no sound file).
 * Regions marked `data-live` are refetched when their `data-version` changed and swapped in
 * whole; forms sit outside them, so nothing being typed is lost. A failed poll waits longer.
 */
export const CONSOLE_JS = `'use strict';
(() => {
  const body = document.body;
  const poll = body.dataset.poll;
  const policy = window.trustedTypes
    ? window.trustedTypes.createPolicy('sira', { createHTML: (html) => html })
    : { createHTML: (html) => html };
  let audio = null;
  const soundButton = document.getElementById('sound');
  let soundOn = localStorage.getItem('sira-sound') !== 'off';
  const unlock = () => {
    try {
      audio = audio || new AudioContext();
      if (audio.state === 'suspended') audio.resume();
    } catch (e) {}
  };
  const showSound = () => {
    if (soundButton) soundButton.textContent = soundOn ? 'Sound: on' : 'Sound: off';
  };
  // Browsers start audio only after a gesture on the page: the first click anywhere does.
  document.addEventListener('click', unlock, { once: true });
  if (soundButton) {
    soundButton.addEventListener('click', () => {
      soundOn = !soundOn;
      localStorage.setItem('sira-sound', soundOn ? 'on' : 'off');
      showSound();
      if (soundOn) beep();
    });
  }
  showSound();
  function beep() {
    if (!soundOn) return;
    try {
      unlock();
      const t = audio.currentTime;
      for (const [start, freq] of [[0, 880], [0.25, 660], [0.5, 880]]) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.25, t + start);
        gain.gain.exponentialRampToValueAtTime(0.001, t + start + 0.22);
        osc.connect(gain).connect(audio.destination);
        osc.start(t + start);
        osc.stop(t + start + 0.22);
      }
    } catch (e) {}
  }
  let title = document.title;
  let flashing = null;
  function alertUrgent() {
    const banner = document.getElementById('alert');
    if (banner) banner.hidden = false;
    beep();
    if (flashing) return;
    let on = false;
    flashing = setInterval(() => {
      on = !on;
      document.title = on ? '(!) URGENT - sira' : title;
    }, 1000);
  }
  const stopFlashing = () => {
    if (!flashing || document.hidden) return;
    clearInterval(flashing);
    flashing = null;
    document.title = title;
  };
  document.addEventListener('visibilitychange', stopFlashing);
  window.addEventListener('focus', stopFlashing);
  if (!poll) return;
  let seen = new Set((body.dataset.urgent || '').split(' ').filter(Boolean));
  async function refresh(region) {
    const url = new URL(region.dataset.live, location.href);
    url.searchParams.set('live', '1');
    url.searchParams.set('v', region.dataset.version || '');
    const res = await fetch(url, { credentials: 'same-origin' });
    if (res.status !== 200) return;
    const doc = new DOMParser().parseFromString(policy.createHTML(await res.text()), 'text/html');
    const fresh = doc.getElementById(region.id);
    if (fresh) region.replaceWith(document.adoptNode(fresh));
  }
  async function tick() {
    let delay = 5000;
    try {
      const res = await fetch(poll, { credentials: 'same-origin' });
      if (res.status === 401) {
        location.href = '/console/login';
        return;
      }
      const state = await res.json();
      title = (state.waiting ? '(' + state.waiting + ') ' : '') + 'sira';
      if (!flashing) document.title = title;
      const badge = document.getElementById('badge');
      if (badge) {
        badge.textContent = String(state.waiting);
        badge.className = state.waiting ? 'badge' : 'badge empty';
      }
      if (state.urgent.some((id) => !seen.has(id))) alertUrgent();
      seen = new Set(state.urgent);
      for (const region of document.querySelectorAll('[data-live]')) await refresh(region);
      body.classList.remove('offline');
    } catch (e) {
      body.classList.add('offline');
      delay = 15000;
    }
    setTimeout(tick, delay);
  }
  setTimeout(tick, 5000);
})();
`;
