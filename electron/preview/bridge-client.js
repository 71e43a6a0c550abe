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
  // In the app, import:choose opens the main process's open dialog. Here the page shows a file
  // input instead, sends the chosen file to the preview server, and then asks as the app does.
  const chooseFile = () => new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.csv,.txt,text/csv';
    input.hidden = true;
    const done = (file) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => done(null));
    document.body.append(input);
    input.click();
  });
  // The file's first bytes (as many as the import takes, and one more to say it is too large),
  // as JSON with the run's token: the upload passes the server's guard as every POST does.
  const UPLOAD_MAX_BYTES = Number('__UPLOAD_MAX_BYTES__');
  const toBase64 = (bytes) => {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  };
  const uploaded = async () => {
    const file = await chooseFile();
    if (!file) return false;
    const bytes = new Uint8Array(await file.slice(0, UPLOAD_MAX_BYTES).arrayBuffer());
    const res = await fetch('/__preview/uploads', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-preview-token': token },
      body: JSON.stringify({ fileName: file.name, base64: toBase64(bytes) }),
    });
    return res.ok;
  };
  const ropo = {
    async invoke(channel, request) {
      try {
        if (channel === 'import:choose' && !(await uploaded())) return { ok: true, value: { kind: 'cancelled' } };
        const res = await fetch(`/__preview/ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-preview-token': token },
          body: JSON.stringify({ request }),
          // A draft saved as the page goes away (a reload) still reaches the server.
          keepalive: channel === 'drafts:save',
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
