// Two tabs of one browser profile share one WEB device id, and the server lets one session per
// device live (a newer login of the same device kicks the older: REPLACED_BY_SAME_DEVICE). So
// only one tab connects: it holds a Web Lock named after the device. A tab opened while another
// holds it waits briefly (a reload frees the lock as the old page goes), then shows "open in
// another tab" with "Use here", which asks the holder over a BroadcastChannel to let go; the
// holder then stops and shows the same notice. No two tabs ever fight over the session.

const WAIT_MS = 2000;

/** Claims the device's tab lock; calls onActive once held, onTakenOver when another tab took it. */
export function claimTab(deviceId, { onActive, onTakenOver, onWaiting }) {
  const name = `parley-device-${deviceId}`;
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel(name) : null;
  if (!navigator.locks) { // no Web Locks: connect anyway (the older tab gets REPLACED_BY_SAME_DEVICE)
    onActive();
    return;
  }
  let release = null;
  const hold = () => navigator.locks.request(name, () => {
    onActive();
    return new Promise((resolve) => { release = resolve; });
  });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), WAIT_MS);
  navigator.locks.request(name, { signal: controller.signal }, () => {
    clearTimeout(timer);
    onActive();
    return new Promise((resolve) => { release = resolve; });
  }).catch(() => {
    onWaiting();
    offerUseHere();
  });
  function offerUseHere() {
    document.getElementById('use-here').onclick = () => {
      if (channel) channel.postMessage({ type: 'take-over' });
      hold();
    };
  }
  if (channel) {
    channel.onmessage = (e) => {
      if (e.data && e.data.type === 'take-over' && release) {
        onTakenOver();
        offerUseHere();
        const r = release;
        release = null;
        r();
      }
    };
  }
}
