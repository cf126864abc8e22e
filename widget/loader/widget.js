// Helpdesk chat loader, embedded on customer sites:
//   <script src="https://HOST/widget.js" async data-color="#2f5bea" data-position="right"
//           data-title="Chat with us" data-greeting="Hi! How can we help?"></script>
// It draws the launcher in an open shadow root (page CSS cannot reach in) and loads the
// chat itself (HOST/widget/chat_widget.js + .wasm) on first open, or at once when this
// browser has a chat to resume. Hand-written and small: it runs on every page view.
// Keep whole-line comments only: scripts/build-widget strips them line by line.
(function () {
  var d = document;
  var script = d.currentScript || d.querySelector('script[src$="/widget.js"]');
  if (!script) return;
  // The chat server: where this file came from, without "/widget.js".
  var base = script.src.replace(/\/widget\.js([?#].*)?$/, '');
  var flag = 'helpdesk-chat@' + base;
  if (window[flag]) return;
  window[flag] = 1;
  // Settings → Widget: the server writes the saved look here as it serves this file. The
  // script tag's data- attributes win over it.
  var look = {/*look*/};
  var given = script.dataset;
  var data = {};
  ['color', 'position', 'title', 'greeting'].forEach(function (k) {
    data[k] = given[k] || look[k];
  });
  var root, launcher, loading, mounted;
  var wantOpen = false;
  var clicked = false;

  // Same keys as the wasm side (widget/src/storage.rs): helpdesk-chat:<what>@<base>.
  function stored(what) {
    try {
      return localStorage.getItem('helpdesk-chat:' + what + '@' + base);
    } catch (e) {
      return null;
    }
  }

  function load() {
    return loading || (loading = import(base + '/widget/chat_widget.js').then(function (m) {
      return m.default({ module_or_path: base + '/widget/chat_widget_bg.wasm' }).then(function () {
        return m;
      });
    }).catch(function (e) {
      loading = null;
      throw e;
    }));
  }

  // Fetch the chat while the pointer moves to the launcher: the click then opens at once.
  function warm() {
    load().catch(function () {});
  }

  function boot() {
    if (mounted) return;
    launcher.classList.add('busy');
    load().then(function (m) {
      launcher.classList.remove('busy');
      if (mounted) return;
      mounted = 1;
      // From here the wasm side owns the launcher.
      launcher.onclick = launcher.onpointerenter = launcher.onfocus = null;
      m.mount(root, { base: base, title: data.title, greeting: data.greeting, open: wantOpen, focus: clicked });
    }, function (e) {
      launcher.classList.remove('busy');
      console.error('helpdesk chat: could not load the chat', e);
    });
  }

  // White or dark text on the site's colour, whichever has the higher contrast (WCAG's
  // relative luminance; the browser parses any CSS colour for us).
  function ink(colour) {
    var probe = d.createElement('i');
    probe.style.color = colour;
    d.body.appendChild(probe);
    var rgb = getComputedStyle(probe).color.match(/[\d.]+/g) || [47, 91, 234];
    d.body.removeChild(probe);
    var l = [0, 1, 2].map(function (i) {
      var c = rgb[i] / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var lum = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    // Against white (1.0) and against #1f2430 (luminance about 0.017).
    return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.067 ? '#fff' : '#1f2430';
  }

  function draw() {
    var host = d.createElement('helpdesk-chat');
    var accent = data.color || '#2f5bea';
    host.style.setProperty('--hc', accent);
    host.style.setProperty('--hc-ink', ink(accent));
    root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>' +
      ':host{all:initial!important}' +
      '.hc{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2430}' +
      '.launcher{position:fixed;z-index:2147483000;bottom:20px;right:20px;width:60px;height:60px;padding:0;border:0;border-radius:50%;' +
      'background:var(--hc,#2f5bea);color:var(--hc-ink,#fff);cursor:pointer;display:grid;place-items:center;box-shadow:0 6px 24px rgba(15,23,42,.28);transition:transform .15s}' +
      '.hc-left .launcher{right:auto;left:20px}' +
      '.launcher:hover{transform:scale(1.06)}' +
      '.launcher:focus-visible{outline:3px solid var(--hc,#2f5bea);outline-offset:3px}' +
      '[hidden]{display:none!important}' +
      '.busy svg{animation:hc-p .7s ease-in-out infinite alternate}' +
      '@keyframes hc-p{to{opacity:.35}}' +
      '.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;' +
      'background:#e5484d;color:#fff;font:600 12px/20px system-ui,sans-serif;box-shadow:0 0 0 2px #fff}' +
      '</style><div class="hc' + (data.position === 'left' ? ' hc-left' : '') + '">' +
      '<button type="button" class="launcher" aria-label="Open chat" aria-haspopup="dialog">' +
      '<svg width="28" height="28" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">' +
      '<path d="M12 3C6.5 3 2 6.9 2 11.7c0 2.5 1.2 4.7 3.2 6.3L4.5 21.5l4-2.1c1.1.3 2.3.5 3.5.5 5.5 0 10-3.9 10-8.7S17.5 3 12 3z"/>' +
      '</svg><span class="badge" aria-hidden="true" hidden></span></button></div>';
    launcher = root.querySelector('.launcher');
    launcher.onclick = function () {
      wantOpen = clicked = true;
      boot();
    };
    launcher.onpointerenter = launcher.onfocus = warm;
    d.body.appendChild(host);
    // A chat to resume: load now and show the panel as it was before the reload. An
    // ended chat waits for a click unless its panel was open.
    if (stored('token') && (stored('open') === '1' || !stored('closed'))) {
      wantOpen = stored('open') === '1';
      boot();
    }
  }

  if (d.body) draw();
  else d.addEventListener('DOMContentLoaded', draw);
})();
