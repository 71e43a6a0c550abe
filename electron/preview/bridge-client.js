// Preview only (never shipped): gives the page the same `window.ropo` the Electron preload
// gives, carried over HTTP to the preview server's real core instead of over IPC.
(() => {
  // This run's token, which the server put into the page: every POST carries it.
  const token = document.querySelector('meta[name="usageplace-preview-token"]')?.content ?? '';
  const listeners = new Map();
  const source = new EventSource('/__preview/events');
  source.onmessage = (message) => {
    const { event, payload } = JSON.parse(message.data);
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const download = (fileName) => {
    const link = document.createElement('a');
    link.href = `/__preview/exports/${encodeURIComponent(fileName)}`;
    link.download = fileName;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
  };
  const ropo = {
    async invoke(channel, request) {
      try {
        const res = await fetch(`/__preview/ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-preview-token': token },
          body: JSON.stringify({ request }),
        });
        const result = await res.json();
        // In the app the main process saved the export where the clerk chose; here the
        // preview saved it in its own folder, and the browser downloads it from there.
        if (channel === 'reports:exportCsv' && result.ok && result.value.kind === 'saved') download(result.value.fileName);
        return result;
      } catch (err) {
        return { ok: false, error: { code: 'internal_error', message: `The preview server did not answer: ${err}` } };
      }
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
  };
  Object.defineProperty(window, 'ropo', { value: Object.freeze(ropo), writable: false });
})();
