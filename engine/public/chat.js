// The minimal chat page: pick an animal, chat with streamed replies. The real web app lives in
// web/; this page exists so `npm start` gives a person something to talk to on any machine.
const $ = (id) => document.getElementById(id);
const state = { conversationId: null, replies: new Map(), activeReplyId: null };
const localeSelect = $('locale');
localeSelect.value = localStorage.getItem('cmz.locale') ?? 'en';

const socket = io({
  transports: ['websocket'],
  auth: { protocolVersion: 1, guestToken: localStorage.getItem('cmz.guestToken') ?? undefined },
});
socket.on('session:ready', ({ guestToken }) => {
  if (guestToken) localStorage.setItem('cmz.guestToken', guestToken);
});
socket.on('connect_error', (error) => setStatus(`Cannot connect: ${error.message}`));
socket.on('disconnect', () => setStatus('Reconnecting…'));
socket.on('connect', () => {
  setStatus('');
  if (state.animalId) join(state.animalId);
});

async function loadAnimals() {
  const response = await fetch(`/engine/animals?locale=${localeSelect.value}`);
  const { animals } = await response.json();
  $('animals').replaceChildren(
    ...animals.map((animal) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.innerHTML = `<span class="emoji" aria-hidden="true"></span><strong></strong><br /><small></small>`;
      button.querySelector('.emoji').textContent = animal.emoji;
      button.querySelector('strong').textContent = `${animal.name} · ${animal.species}`;
      button.querySelector('small').textContent = animal.tagline;
      button.addEventListener('click', () => join(animal.id));
      item.append(button);
      return item;
    }),
  );
}

function join(animalId) {
  state.animalId = animalId;
  socket.emit('conversation:join', { animalId, locale: localeSelect.value }, (ack) => {
    if (!ack.ok) return setStatus(ack.message);
    state.conversationId = ack.conversationId;
    $('picker').hidden = true;
    $('chat').hidden = false;
    $('animal-name').textContent =
      `${ack.animal.emoji} ${ack.animal.name} the ${ack.animal.species}`;
    $('messages').replaceChildren(
      ...ack.history.map((message) =>
        renderMessage(message.role, message.text, message.citations, message.status),
      ),
    );
    if (ack.activeReply)
      startReply(ack.activeReply.replyId, ack.activeReply.text, ack.activeReply.seq);
    $('text').focus();
  });
}

function renderMessage(role, text, citations = [], status) {
  const item = document.createElement('li');
  item.className = `${role}${status === 'stopped' ? ' stopped' : ''}`;
  item.append(document.createTextNode(text));
  if (citations?.length) item.append(renderCitations(citations));
  return item;
}

function renderCitations(citations) {
  const box = document.createElement('div');
  box.className = 'citations';
  for (const citation of citations) {
    const card = document.createElement('span');
    card.className = 'citation';
    card.title = citation.text;
    card.textContent = `📇 ${citation.title}`;
    box.append(card);
  }
  return box;
}

function startReply(replyId, text = '', seq = 0) {
  if (state.replies.has(replyId)) return state.replies.get(replyId);
  const element = renderMessage('assistant', text);
  element.classList.add('streaming');
  $('messages').append(element);
  const reply = { element, text, seq };
  state.replies.set(replyId, reply);
  state.activeReplyId = replyId;
  $('stop').hidden = false;
  $('suggestions').replaceChildren();
  return reply;
}

socket.on('message:new', ({ conversationId, message }) => {
  if (conversationId !== state.conversationId || message.role !== 'user') return;
  $('messages').append(renderMessage('user', message.text));
});
socket.on('reply:start', ({ conversationId, replyId }) => {
  if (conversationId === state.conversationId) startReply(replyId);
});
socket.on('reply:delta', ({ conversationId, replyId, seq, text }) => {
  if (conversationId !== state.conversationId) return;
  const reply = startReply(replyId);
  if (seq <= reply.seq) return; // already shown (duplicate after a rejoin)
  reply.seq = seq;
  reply.text += text;
  reply.element.firstChild.textContent = reply.text;
});
socket.on(
  'reply:end',
  ({ conversationId, replyId, text, citations, suggestions, finishReason }) => {
    if (conversationId !== state.conversationId) return;
    const reply = startReply(replyId);
    reply.element.firstChild.textContent = text;
    reply.element.classList.remove('streaming');
    if (finishReason === 'aborted') reply.element.classList.add('stopped');
    if (citations.length) reply.element.append(renderCitations(citations));
    finishReply(suggestions);
  },
);
socket.on('reply:error', ({ conversationId, replyId, message, temporary }) => {
  if (conversationId !== state.conversationId) return;
  const reply = startReply(replyId);
  reply.element.classList.remove('streaming');
  setStatus(temporary ? `${message} Please try again.` : message);
  finishReply([]);
});

function finishReply(suggestions) {
  state.activeReplyId = null;
  $('stop').hidden = true;
  $('suggestions').replaceChildren(
    ...suggestions.map((suggestion) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = suggestion;
      button.addEventListener('click', () => send(suggestion));
      return button;
    }),
  );
}

function send(text) {
  setStatus('');
  socket.emit(
    'message:send',
    { conversationId: state.conversationId, clientMessageId: crypto.randomUUID(), text },
    (ack) => {
      if (!ack.ok) setStatus(ack.message);
    },
  );
}

function setStatus(text) {
  $('status').textContent = text;
}

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  $('text').value = '';
  send(text);
});
$('stop').addEventListener('click', () => {
  if (state.activeReplyId) socket.emit('reply:abort', { replyId: state.activeReplyId }, () => {});
});
$('back').addEventListener('click', () => {
  $('chat').hidden = true;
  $('picker').hidden = false;
  state.animalId = null;
});
localeSelect.addEventListener('change', () => {
  localStorage.setItem('cmz.locale', localeSelect.value);
  loadAnimals();
  if (state.animalId) join(state.animalId);
});
loadAnimals();
