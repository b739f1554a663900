/*!
 * Technology-needs assistant: web chat widget.
 *
 * Embed on any page with one line:
 *
 *   <script src="https://HOST/static/widget.js" data-rasa-url="https://RASA-HOST" defer></script>
 *
 * Attributes of that script tag (all optional but data-rasa-url):
 *   data-rasa-url       socket.io server (Rasa's socketio channel). Default: this page's
 *                       host on port 5005.
 *   data-socket-path    socket.io path on that server. Default: /socket.io
 *   data-lang           interface language (en, fr, es, pt, sw, ar, ha, am). Default:
 *                       the browser's language. Arabic turns the widget right-to-left.
 *   data-title          header title. Default: a translated "Technology needs assistant".
 *   data-open="true"    open the chat when the page loads.
 *   data-init-payload   message sent once when a new conversation opens (e.g. /greet).
 *
 * Any element of the page with a data-tna-open attribute opens the chat when clicked.
 *
 * The socket.io client is loaded on demand from vendor/socket.io.min.js next to this
 * file (socket.io-client 4.x; Rasa 3.6 speaks Engine.IO 4 through python-socketio 5).
 *
 * Protocol (Rasa's socketio channel with session_persistence: true):
 *   -> session_request {session_id: <stored id or null>}
 *   <- session_confirm <session id>            (kept in localStorage)
 *   The session id is issued and signed by the server: it is the only key to the
 *   conversation, sent back as it came. An id the server did not sign (an old or a
 *   guessed one) gets a new session, and the old transcript is dropped.
 *   -> user_uttered {message, session_id, metadata: {language}}
 *   <- bot_uttered {text?, quick_replies?: [{title, payload}], attachment?}
 *   <- bot_uttered {tna: "data_deleted"}        (after "delete my data": forget the transcript)
 *
 * Script API: window.TNAWidget.open(), .close(), .setLanguage("ar"), .setDirection("rtl"),
 * .newConversation().
 */
(function () {
  "use strict";

  if (window.TNAWidget) return;

  var MAX_CHARS = 4096;
  var COUNTER_FROM = 3600;
  var HISTORY_LIMIT = 60;
  var TYPING_TIMEOUT_MS = 20000;
  var SESSION_KEY = "tna.session";
  var HISTORY_KEY = "tna.history";
  var RTL_LANGUAGES = ["ar", "fa", "he", "ur"];
  var LINK = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'*]/g;
  // The catalogue marks titles *like this* (Telegram and WhatsApp render it too).
  var BOLD = /\*([^*\s](?:[^*\n]*[^*\s])?)\*/g;

  // Interface words only; the conversation itself is translated by the bot.
  var WORDS = {
    en: {
      title: "Technology needs assistant", open: "Chat with the assistant", close: "Close chat",
      log: "Conversation", label: "Your message", placeholder: "Type your message…", send: "Send",
      you: "You:", bot: "Assistant:", typing: "The assistant is typing…",
      connecting: "Connecting…", reconnecting: "Connection lost. Reconnecting…",
      offline: "You are offline. Messages will be sent when you are back online.",
      left: "{n} characters left", restart: "New conversation", welcome:
        "Hello! Tell me about a problem your organisation wants to solve with technology. You can write in your own language.",
      notSent: "Not sent yet"
    },
    fr: {
      title: "Assistant besoins technologiques", open: "Discuter avec l'assistant", close: "Fermer la discussion",
      log: "Conversation", label: "Votre message", placeholder: "Écrivez votre message…", send: "Envoyer",
      you: "Vous :", bot: "Assistant :", typing: "L'assistant écrit…",
      connecting: "Connexion…", reconnecting: "Connexion perdue. Reconnexion…",
      offline: "Vous êtes hors ligne. Vos messages partiront dès le retour de la connexion.",
      left: "{n} caractères restants", restart: "Nouvelle conversation", welcome:
        "Bonjour ! Décrivez un problème que votre organisation veut résoudre grâce à la technologie. Vous pouvez écrire dans votre langue.",
      notSent: "Pas encore envoyé"
    },
    es: {
      title: "Asistente de necesidades tecnológicas", open: "Hablar con el asistente", close: "Cerrar el chat",
      log: "Conversación", label: "Su mensaje", placeholder: "Escriba su mensaje…", send: "Enviar",
      you: "Usted:", bot: "Asistente:", typing: "El asistente está escribiendo…",
      connecting: "Conectando…", reconnecting: "Se perdió la conexión. Reconectando…",
      offline: "Está sin conexión. Los mensajes se enviarán cuando vuelva la conexión.",
      left: "Quedan {n} caracteres", restart: "Nueva conversación", welcome:
        "¡Hola! Cuénteme un problema que su organización quiere resolver con tecnología. Puede escribir en su propio idioma.",
      notSent: "Aún no enviado"
    },
    pt: {
      title: "Assistente de necessidades tecnológicas", open: "Conversar com o assistente", close: "Fechar a conversa",
      log: "Conversa", label: "Sua mensagem", placeholder: "Escreva sua mensagem…", send: "Enviar",
      you: "Você:", bot: "Assistente:", typing: "O assistente está escrevendo…",
      connecting: "Conectando…", reconnecting: "Conexão perdida. Reconectando…",
      offline: "Você está sem conexão. As mensagens serão enviadas quando a conexão voltar.",
      left: "Restam {n} caracteres", restart: "Nova conversa", welcome:
        "Olá! Conte-me um problema que sua organização quer resolver com tecnologia. Pode escrever na sua própria língua.",
      notSent: "Ainda não enviado"
    },
    sw: {
      title: "Msaidizi wa mahitaji ya teknolojia", open: "Ongea na msaidizi", close: "Funga mazungumzo",
      log: "Mazungumzo", label: "Ujumbe wako", placeholder: "Andika ujumbe wako…", send: "Tuma",
      you: "Wewe:", bot: "Msaidizi:", typing: "Msaidizi anaandika…",
      connecting: "Inaunganisha…", reconnecting: "Muunganisho umekatika. Inaunganisha upya…",
      offline: "Huko mtandaoni. Ujumbe utatumwa mtandao ukirudi.",
      left: "Herufi {n} zimebaki", restart: "Mazungumzo mapya", welcome:
        "Habari! Niambie tatizo ambalo shirika lako linataka kutatua kwa teknolojia. Unaweza kuandika kwa lugha yako.",
      notSent: "Bado haujatumwa"
    },
    ar: {
      title: "مساعد الاحتياجات التكنولوجية", open: "تحدث مع المساعد", close: "إغلاق المحادثة",
      log: "المحادثة", label: "رسالتك", placeholder: "اكتب رسالتك…", send: "إرسال",
      you: "أنت:", bot: "المساعد:", typing: "المساعد يكتب…",
      connecting: "جارٍ الاتصال…", reconnecting: "انقطع الاتصال. جارٍ إعادة الاتصال…",
      offline: "أنت غير متصل. ستُرسل الرسائل عند عودة الاتصال.",
      left: "تبقّى {n} حرفًا", restart: "محادثة جديدة", welcome:
        "مرحبًا! أخبرني عن مشكلة تريد مؤسستك حلها بالتكنولوجيا. يمكنك الكتابة بلغتك.",
      notSent: "لم تُرسل بعد"
    },
    ha: {
      title: "Mataimakin bukatun fasaha", open: "Yi hira da mataimaki", close: "Rufe hira",
      log: "Hira", label: "Saƙonka", placeholder: "Rubuta saƙonka…", send: "Aika",
      you: "Kai:", bot: "Mataimaki:", typing: "Mataimaki yana rubutu…",
      connecting: "Ana haɗawa…", reconnecting: "Haɗin ya katse. Ana sake haɗawa…",
      offline: "Ba ka kan layi. Za a aika saƙonni idan haɗin ya dawo.",
      left: "Sauran haruffa {n}", restart: "Sabuwar hira", welcome:
        "Sannu! Faɗa min matsalar da ƙungiyarku ke son magancewa da fasaha. Kana iya rubutu da harshenka.",
      notSent: "Ba a aika ba tukuna"
    },
    am: {
      title: "የቴክኖሎጂ ፍላጎት ረዳት", open: "ከረዳቱ ጋር ይወያዩ", close: "ውይይቱን ዝጋ",
      log: "ውይይት", label: "መልእክትዎ", placeholder: "መልእክትዎን ይጻፉ…", send: "ላክ",
      you: "እርስዎ፦", bot: "ረዳት፦", typing: "ረዳቱ እየጻፈ ነው…",
      connecting: "በመገናኘት ላይ…", reconnecting: "ግንኙነቱ ተቋርጧል። እንደገና በመገናኘት ላይ…",
      offline: "ከመስመር ውጭ ነዎት። ግንኙነቱ ሲመለስ መልእክቶቹ ይላካሉ።",
      left: "{n} ፊደላት ቀርተዋል", restart: "አዲስ ውይይት", welcome:
        "ሰላም! ድርጅትዎ በቴክኖሎጂ ሊፈታው የሚፈልገውን ችግር ይንገሩኝ። በራስዎ ቋንቋ መጻፍ ይችላሉ።",
      notSent: "ገና አልተላከም"
    }
  };

  var script = document.currentScript || document.querySelector("script[data-rasa-url]");
  var config = readConfig(script);
  var state = {
    language: config.language,
    words: wordsFor(config.language),
    socket: null,
    loading: false,
    everConnected: false,
    confirmed: false,
    outbox: [],
    history: loadHistory(),
    typingTimer: null,
    unread: 0,
    counterAnnounced: false
  };
  var ui;

  function readConfig(tag) {
    var data = (tag && tag.dataset) || {};
    var src = (tag && tag.src) || "";
    var url = data.rasaUrl || "";
    if (!url || url.indexOf("{{") !== -1) {
      url = location.protocol + "//" + location.hostname + ":5005";
    }
    var language = data.lang || navigator.language || "en";
    return {
      rasaUrl: url,
      socketPath: data.socketPath || "/socket.io",
      base: src ? src.slice(0, src.lastIndexOf("/") + 1) : "/static/",
      language: language,
      locale: language,
      title: data.title || "",
      open: data.open === "true",
      initPayload: data.initPayload || ""
    };
  }

  function primary(language) {
    return String(language || "en").toLowerCase().split(/[-_]/)[0];
  }

  function wordsFor(language) {
    return WORDS[primary(language)] || WORDS.en;
  }

  function storageGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function storageSet(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) { /* private mode or full: the chat still works */ }
  }

  function loadHistory() {
    try {
      var parsed = JSON.parse(storageGet(HISTORY_KEY) || "[]");
      return Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      return [];
    }
  }

  function remember(entry) {
    state.history.push(entry);
    if (state.history.length > HISTORY_LIMIT) state.history.splice(0, state.history.length - HISTORY_LIMIT);
    storageSet(HISTORY_KEY, JSON.stringify(state.history));
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function icon(path) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var shape = document.createElementNS("http://www.w3.org/2000/svg", "path");
    shape.setAttribute("d", path);
    svg.appendChild(shape);
    return svg;
  }

  function build() {
    var words = state.words;
    var root = el("div", { "class": "tna", lang: config.locale });
    var launcher = el("button", {
      type: "button", "class": "tna-launcher", "aria-expanded": "false", "aria-controls": "tna-panel"
    }, [
      icon("M4 4h16v12H7l-3 3V4zm3 4v2h10V8H7zm0 4v2h7v-2H7z"),
      el("span", { "class": "tna-launcher-label", text: words.open }),
      el("span", { "class": "tna-badge", hidden: "", "aria-hidden": "true" })
    ]);
    var title = el("h2", { "class": "tna-title", id: "tna-title", text: config.title || words.title });
    var restart = el("button", { type: "button", "class": "tna-icon-button tna-restart", title: words.restart, "aria-label": words.restart }, [
      icon("M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z")
    ]);
    var close = el("button", { type: "button", "class": "tna-icon-button tna-close", title: words.close, "aria-label": words.close }, [
      icon("M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z")
    ]);
    var status = el("p", { "class": "tna-status", role: "status", "aria-live": "polite" });
    var announce = el("p", { "class": "tna-sr", "aria-live": "polite" });
    var log = el("div", {
      "class": "tna-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-labelledby": "tna-log-label", tabindex: "0"
    });
    var logLabel = el("span", { id: "tna-log-label", "class": "tna-sr", text: words.log });
    var typing = el("div", { "class": "tna-typing", hidden: "" }, [
      el("span", { "class": "tna-dot", "aria-hidden": "true" }),
      el("span", { "class": "tna-dot", "aria-hidden": "true" }),
      el("span", { "class": "tna-dot", "aria-hidden": "true" }),
      el("span", { "class": "tna-sr", text: words.typing })
    ]);
    var input = el("textarea", {
      id: "tna-input", "class": "tna-input", rows: "1", maxlength: String(MAX_CHARS),
      placeholder: words.placeholder, autocomplete: "off", dir: "auto", "aria-describedby": "tna-counter"
    });
    var label = el("label", { "for": "tna-input", "class": "tna-sr", text: words.label });
    var counter = el("span", { id: "tna-counter", "class": "tna-counter", hidden: "" });
    var send = el("button", { type: "submit", "class": "tna-send", "aria-label": words.send, title: words.send }, [
      icon("M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z")
    ]);
    var form = el("form", { "class": "tna-form", novalidate: "" }, [label, input, send, counter]);
    var panel = el("div", {
      id: "tna-panel", "class": "tna-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "tna-title", hidden: ""
    }, [
      el("header", { "class": "tna-header" }, [title, restart, close]),
      status, announce, logLabel, log, typing, form
    ]);
    root.appendChild(panel);
    root.appendChild(launcher);

    ui = {
      root: root, launcher: launcher, badge: launcher.querySelector(".tna-badge"), panel: panel, title: title,
      restart: restart, close: close, status: status, announce: announce, log: log, logLabel: logLabel, typing: typing,
      input: input, label: label, counter: counter, send: send, form: form
    };

    launcher.addEventListener("click", function () { if (panel.hidden) open(); else hide(); });
    launcher.addEventListener("pointerenter", loadClient, { once: true });
    launcher.addEventListener("focus", loadClient, { once: true });
    close.addEventListener("click", hide);
    restart.addEventListener("click", newConversation);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitTyped();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submitTyped();
      }
    });
    input.addEventListener("input", function () {
      autosize();
      updateCounter();
    });
    window.addEventListener("online", function () {
      updateStatus();
      if (state.outbox.length) connect();
    });
    window.addEventListener("offline", updateStatus);

    applyLanguage(state.language);
    renderHistory();
    document.body.appendChild(root);
  }

  function renderHistory() {
    ui.log.textContent = "";
    if (!state.history.length) {
      ui.log.appendChild(el("p", { "class": "tna-welcome", text: state.words.welcome }));
      return;
    }
    state.history.forEach(function (entry) { renderMessage(entry, false); });
    var last = state.history[state.history.length - 1];
    var groups = ui.log.querySelectorAll(".tna-buttons");
    disableAllButtons();
    // After a reload the pending question keeps its buttons; older ones are spent.
    if (last.from === "bot" && last.buttons && last.buttons.length && groups.length) {
      Array.prototype.forEach.call(groups[groups.length - 1].children, function (node) { node.disabled = false; });
    }
  }

  function renderMessage(entry, live) {
    var welcome = ui.log.querySelector(".tna-welcome");
    if (welcome) welcome.remove();
    var fromBot = entry.from === "bot";
    var bubble = el("div", { "class": "tna-msg " + (fromBot ? "tna-msg-bot" : "tna-msg-user") }, [
      el("span", { "class": "tna-sr", text: fromBot ? state.words.bot : state.words.you })
    ]);
    if (entry.text) bubble.appendChild(formattedText(entry.text));
    if (entry.image) {
      bubble.appendChild(el("img", { src: entry.image, alt: entry.alt || "", loading: "lazy", "class": "tna-image" }));
    }
    if (entry.pending) {
      bubble.classList.add("tna-pending");
      bubble.appendChild(el("span", { "class": "tna-note", text: state.words.notSent }));
    }
    ui.log.appendChild(bubble);
    if (entry.buttons && entry.buttons.length) {
      var group = el("div", { "class": "tna-buttons", role: "group", "aria-label": entry.text ? entry.text.slice(0, 80) : "" });
      entry.buttons.forEach(function (button) {
        var node = el("button", { type: "button", "class": "tna-choice", "data-payload": button.payload, text: button.title });
        node.addEventListener("click", function (event) {
          choose(group, node, button, event.detail === 0);
        });
        group.appendChild(node);
      });
      ui.log.appendChild(group);
    }
    if (live) ui.log.scrollTop = ui.log.scrollHeight;
    return bubble;
  }

  function formattedText(text) {
    // Text nodes and elements built here only: bot text can never inject markup.
    // White space is kept by CSS. dir=auto: an English answer inside the Arabic
    // widget keeps its punctuation in place.
    var span = el("span", { "class": "tna-text", dir: "auto" });
    eachMatch(String(text), BOLD, function (plain) { appendLinks(span, plain); }, function (match) {
      var strong = el("strong");
      appendLinks(strong, match[1]);
      span.appendChild(strong);
    });
    return span;
  }

  function appendLinks(parent, text) {
    eachMatch(text, LINK, function (plain) { parent.appendChild(document.createTextNode(plain)); }, function (match) {
      parent.appendChild(el("a", { href: match[0], target: "_blank", rel: "noopener noreferrer", text: match[0] }));
    });
  }

  function eachMatch(text, pattern, onText, onMatch) {
    var last = 0;
    var match;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) onText(text.slice(last, match.index));
      onMatch(match);
      last = match.index + match[0].length;
    }
    if (last < text.length) onText(text.slice(last));
  }

  function disableAllButtons() {
    Array.prototype.forEach.call(ui.log.querySelectorAll(".tna-choice"), function (node) {
      node.disabled = true;
    });
  }

  function choose(group, node, button, byKeyboard) {
    disableAllButtons();
    node.classList.add("tna-chosen");
    node.setAttribute("aria-pressed", "true");
    sendMessage(button.payload, button.title);
    // A disabled button drops focus to the page: give keyboard users the input.
    if (byKeyboard || group.contains(document.activeElement)) ui.input.focus();
  }

  function submitTyped() {
    var text = ui.input.value.trim();
    if (!text) return;
    ui.input.value = "";
    autosize();
    updateCounter();
    disableAllButtons();
    sendMessage(text, text);
  }

  function sendMessage(payload, shown) {
    var entry = { from: "user", text: shown };
    var bubble = renderMessage(entry, true);
    state.outbox.push({ payload: payload, entry: entry, bubble: bubble });
    flush();
  }

  function flush() {
    if (!state.socket || !state.confirmed || !state.socket.connected) {
      state.outbox.forEach(function (item) { markPending(item.bubble, true); });
      connect();
      return;
    }
    var sessionId = storageGet(SESSION_KEY);
    while (state.outbox.length) {
      var item = state.outbox.shift();
      markPending(item.bubble, false);
      // Kept once sent, so that a reload never shows an unsent message as sent.
      remember(item.entry);
      state.socket.emit("user_uttered", {
        message: item.payload,
        session_id: sessionId,
        metadata: { language: state.language }
      });
      showTyping(true);
    }
  }

  function markPending(bubble, pending) {
    if (!bubble || bubble.classList.contains("tna-pending") === pending) return;
    bubble.classList.toggle("tna-pending", pending);
    var note = bubble.querySelector(".tna-note");
    if (pending && !note) bubble.appendChild(el("span", { "class": "tna-note", text: state.words.notSent }));
    if (!pending && note) note.remove();
  }

  function showTyping(on) {
    clearTimeout(state.typingTimer);
    ui.typing.hidden = !on;
    if (on) {
      state.typingTimer = setTimeout(function () { ui.typing.hidden = true; }, TYPING_TIMEOUT_MS);
      ui.log.scrollTop = ui.log.scrollHeight;
    }
  }

  // After "delete my data" the bot sends {tna: "data_deleted"} (actions/delete_data.py): the
  // server has forgotten the conversation, so the browser forgets its copy too. The
  // confirmation just shown stays on screen, unstored, so the user sees that it is done.
  function forgetTranscript() {
    var last = state.history[state.history.length - 1];
    state.history = [];
    storageSet(HISTORY_KEY, null);
    renderHistory();
    if (last && last.from === "bot") renderMessage({ from: "bot", text: last.text }, true);
  }

  function receive(message) {
    if (!message || typeof message !== "object") return;
    if (message.tna === "data_deleted") {
      forgetTranscript();
      return;
    }
    var language = message.language || (message.custom && message.custom.language);
    if (typeof language === "string") setLanguage(language);
    var entry = { from: "bot" };
    if (typeof message.text === "string") entry.text = message.text;
    var replies = message.quick_replies || message.buttons;
    if (Array.isArray(replies)) {
      entry.buttons = replies.filter(function (b) { return b && b.title; }).map(function (b) {
        return { title: String(b.title), payload: String(b.payload != null ? b.payload : b.title) };
      });
    }
    var attachment = message.attachment;
    var src = attachment && attachment.payload && attachment.payload.src;
    if (attachment && attachment.type === "image" && typeof src === "string" && /^https?:\/\//.test(src)) {
      entry.image = src;
    }
    if (!entry.text && !entry.image && !(entry.buttons && entry.buttons.length)) return;
    showTyping(false);
    if (entry.buttons && entry.buttons.length) disableAllButtons();
    renderMessage(entry, true);
    remember(entry);
    if (ui.panel.hidden) {
      state.unread += 1;
      ui.badge.textContent = String(state.unread);
      ui.badge.hidden = false;
    }
  }

  function loadClient(callback) {
    if (window.io) {
      if (typeof callback === "function") callback();
      return;
    }
    var existing = document.getElementById("tna-socketio");
    if (existing) {
      if (typeof callback === "function") existing.addEventListener("load", callback);
      return;
    }
    var tag = el("script", { id: "tna-socketio", src: config.base + "vendor/socket.io.min.js", async: "" });
    if (typeof callback === "function") tag.addEventListener("load", callback);
    tag.addEventListener("error", function () {
      // Offline on first open: forget the tag so that the next attempt loads it again.
      tag.remove();
      state.loading = false;
      updateStatus();
    });
    document.head.appendChild(tag);
  }

  function connect() {
    if (state.socket || state.loading) return;
    state.loading = true;
    updateStatus();
    loadClient(function () {
      state.loading = false;
      // WebSocket first: no polling round trips, and no CORS needed on the Rasa side.
      var socket = window.io(config.rasaUrl, {
        path: config.socketPath,
        transports: ["websocket", "polling"],
        tryAllTransports: true,
        reconnectionDelayMax: 10000
      });
      state.socket = socket;
      socket.on("connect", function () {
        state.everConnected = true;
        state.confirmed = false;
        socket.emit("session_request", { session_id: storageGet(SESSION_KEY) });
        updateStatus();
      });
      socket.on("session_confirm", function (sessionId) {
        var previous = storageGet(SESSION_KEY);
        storageSet(SESSION_KEY, String(sessionId));
        if (previous && previous !== String(sessionId)) {
          // The server started a new session: the old transcript no longer applies.
          state.history = [];
          storageSet(HISTORY_KEY, null);
        }
        state.confirmed = true;
        updateStatus();
        if (!state.history.length && !state.outbox.length && config.initPayload) {
          state.socket.emit("user_uttered", {
            message: config.initPayload, session_id: String(sessionId), metadata: { language: state.language }
          });
        }
        flush();
      });
      socket.on("bot_uttered", receive);
      socket.on("disconnect", function () {
        state.confirmed = false;
        showTyping(false);
        updateStatus();
      });
      socket.io.on("reconnect_attempt", updateStatus);
      socket.on("connect_error", updateStatus);
    });
  }

  function updateStatus() {
    if (!ui) return;
    var words = state.words;
    var message = "";
    if (!navigator.onLine) message = words.offline;
    else if (state.socket && !state.socket.connected && state.everConnected) message = words.reconnecting;
    else if (state.loading || (state.socket && !state.confirmed)) message = words.connecting;
    if (ui.status.textContent !== message) ui.status.textContent = message;
    ui.status.hidden = !message;
    ui.root.classList.toggle("tna-offline", !!message && message !== words.connecting);
  }

  function updateCounter() {
    var left = MAX_CHARS - ui.input.value.length;
    var near = ui.input.value.length >= COUNTER_FROM;
    ui.counter.hidden = !near;
    ui.counter.textContent = near ? state.words.left.replace("{n}", String(left)) : "";
    ui.counter.classList.toggle("tna-counter-full", left <= 0);
    if (near !== state.counterAnnounced) {
      // Tell screen readers once when the limit comes near, not on every keystroke.
      state.counterAnnounced = near;
      ui.announce.textContent = near ? ui.counter.textContent : "";
    }
  }

  function autosize() {
    var input = ui.input;
    input.style.height = "auto";
    var full = input.scrollHeight + (input.offsetHeight - input.clientHeight);
    input.style.height = Math.min(full, 160) + "px";
    input.style.overflowY = full > 160 ? "auto" : "hidden";
  }

  function open() {
    ui.panel.hidden = false;
    ui.root.classList.add("tna-is-open");
    ui.launcher.setAttribute("aria-expanded", "true");
    state.unread = 0;
    ui.badge.hidden = true;
    connect();
    ui.log.scrollTop = ui.log.scrollHeight;
    // On touch screens focusing the input would cover half the chat with a keyboard.
    var touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    (touch ? ui.log : ui.input).focus({ preventScroll: true });
  }

  function hide() {
    ui.panel.hidden = true;
    ui.root.classList.remove("tna-is-open");
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }

  function newConversation() {
    storageSet(SESSION_KEY, null);
    storageSet(HISTORY_KEY, null);
    state.history = [];
    state.outbox = [];
    renderHistory();
    if (state.socket && state.socket.connected) {
      state.confirmed = false;
      state.socket.emit("session_request", { session_id: null });
    }
    ui.input.focus();
  }

  function setDirection(direction) {
    ui.root.setAttribute("dir", direction === "rtl" ? "rtl" : "ltr");
  }

  function applyLanguage(language) {
    state.language = language;
    state.words = wordsFor(language);
    var words = state.words;
    ui.root.setAttribute("lang", language);
    setDirection(RTL_LANGUAGES.indexOf(primary(language)) !== -1 ? "rtl" : "ltr");
    ui.launcher.querySelector(".tna-launcher-label").textContent = words.open;
    if (!config.title) ui.title.textContent = words.title;
    ui.close.setAttribute("aria-label", words.close);
    ui.close.title = words.close;
    ui.restart.setAttribute("aria-label", words.restart);
    ui.restart.title = words.restart;
    ui.logLabel.textContent = words.log;
    ui.typing.querySelector(".tna-sr").textContent = words.typing;
    ui.label.textContent = words.label;
    ui.input.placeholder = words.placeholder;
    ui.send.setAttribute("aria-label", words.send);
    ui.send.title = words.send;
    var welcome = ui.log.querySelector(".tna-welcome");
    if (welcome) welcome.textContent = words.welcome;
    updateStatus();
  }

  function setLanguage(language) {
    if (language && language !== state.language) applyLanguage(language);
  }

  window.TNAWidget = {
    open: function () { open(); },
    close: function () { hide(); },
    setLanguage: function (language) { setLanguage(String(language)); },
    setDirection: function (direction) { setDirection(direction); },
    newConversation: function () { newConversation(); }
  };

  function start() {
    var css = el("link", { rel: "stylesheet", href: config.base + "widget.css" });
    document.head.appendChild(css);
    build();
    // Any element of the host page marked data-tna-open opens the chat.
    Array.prototype.forEach.call(document.querySelectorAll("[data-tna-open]"), function (node) {
      node.addEventListener("click", function () { open(); });
    });
    if (config.open) open();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
