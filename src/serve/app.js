// prepoll serve: the page's script. It sends the draft to this same server
// and draws the answer; every piece of the draft is added as text, never as
// markup, so a draft cannot inject anything into the page.
'use strict';

const $ = (id) => document.getElementById(id);
let findings = [];

async function loadConfig() {
  const res = await fetch('/api/config');
  const config = await res.json();
  $('version').textContent = config.version;
  // Left empty, a document is judged at its own date (front matter, page
  // metadata, Word properties), else today; the placeholder says which day.
  $('date').title = `Empty: the document's own date, else today (${config.today})`;
  const select = $('election');
  const any = document.createElement('option');
  any.value = '';
  any.textContent = config.elections.length ? 'Every election in the config' : 'No election configured';
  select.appendChild(any);
  for (const e of config.elections) {
    const option = document.createElement('option');
    option.value = e.id;
    option.textContent = `${e.id} (polling day ${e.polling_day}, period from ${e.notice_of_election})`;
    select.appendChild(option);
  }
  if (config.elections.length === 1) select.value = config.elections[0].id;
}

async function check(body, name) {
  const params = new URLSearchParams({ name, date: $('date').value, election: $('election').value });
  $('check').disabled = true;
  try {
    const res = await fetch('/api/check?' + params.toString(), { method: 'POST', body });
    let answer;
    try {
      answer = await res.json();
    } catch (_) {
      answer = { errors: [`The server answered ${res.status} ${res.statusText}.`] };
    }
    render(answer);
  } catch (e) {
    render({ errors: ['The check could not be sent: ' + e.message] });
  } finally {
    $('check').disabled = false;
  }
}

function render(answer) {
  $('result').hidden = false;
  const summary = $('summary');
  summary.textContent = answer.verdict || 'The draft could not be checked.';
  summary.className = answer.status || 'unsafe';
  const errors = $('errors');
  errors.replaceChildren();
  errors.hidden = !(answer.errors && answer.errors.length);
  for (const e of answer.errors || []) {
    const p = document.createElement('p');
    p.textContent = (answer.name ? answer.name + ': ' : '') + e;
    errors.appendChild(p);
  }
  findings = answer.findings || [];
  drawDocument(answer.text || '');
  drawList();
  $('detail').replaceChildren(hint());
}

function hint() {
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent = findings.length
    ? 'Select a highlighted passage to see the rule, the reason and how to fix it.'
    : 'Nothing to highlight.';
  return p;
}

// The text with each finding wrapped in a <mark>. Offsets are UTF-16 code
// units, as JavaScript counts them.
function drawDocument(text) {
  const doc = $('document');
  doc.replaceChildren();
  let at = 0;
  const order = findings.map((f, i) => [f, i]).sort((a, b) => a[0].start - b[0].start);
  for (const [f, i] of order) {
    if (f.start < at) continue; // overlapping: the earlier one is shown
    doc.appendChild(document.createTextNode(text.slice(at, f.start)));
    const mark = document.createElement('mark');
    mark.className = f.severity;
    mark.dataset.index = String(i);
    mark.dataset.rule = f.rule;
    mark.tabIndex = 0;
    mark.title = `${f.severity}: ${f.title}`;
    mark.textContent = text.slice(f.start, Math.max(f.end, f.start + 1));
    mark.addEventListener('click', () => select(i));
    mark.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(i); });
    doc.appendChild(mark);
    at = Math.max(f.end, f.start + 1);
  }
  doc.appendChild(document.createTextNode(text.slice(at)));
}

function drawList() {
  const list = $('list');
  list.replaceChildren();
  findings.forEach((f, i) => {
    const li = document.createElement('li');
    li.dataset.index = String(i);
    const sev = document.createElement('span');
    sev.className = 'sev ' + f.severity;
    sev.textContent = f.severity;
    li.append(sev, ` ${f.where}: ${f.message} (${f.rule})`);
    li.addEventListener('click', () => select(i));
    list.appendChild(li);
  });
}

function section(title, text, link) {
  const frag = document.createDocumentFragment();
  const h = document.createElement('h3');
  h.textContent = title;
  const p = document.createElement('p');
  p.textContent = text;
  if (link) {
    p.append(' ');
    const a = document.createElement('a');
    a.href = link;
    a.textContent = '(source)';
    a.rel = 'noreferrer';
    p.appendChild(a);
  }
  frag.append(h, p);
  return frag;
}

function select(i) {
  const f = findings[i];
  for (const m of document.querySelectorAll('mark.selected')) m.classList.remove('selected');
  const mark = document.querySelector(`mark[data-index="${i}"]`);
  if (mark) {
    mark.classList.add('selected');
    mark.scrollIntoView({ block: 'nearest' });
  }
  const detail = $('detail');
  detail.replaceChildren();
  const h = document.createElement('h2');
  const sev = document.createElement('span');
  sev.className = 'sev ' + f.severity;
  sev.textContent = f.severity;
  h.append(sev, ' ' + f.title);
  const code = document.createElement('p');
  code.className = 'hint';
  code.textContent = `${f.rule} · ${f.where} · “${f.text}”`;
  detail.append(h, code,
    section('What was found', f.message),
    section('Why it matters', f.why),
    section('The rule', f.citation, f.source),
    section('How to fix it', f.fix));
  detail.id = 'detail';
  detail.dataset.rule = f.rule;
}

function setUpDrop() {
  const drop = $('drop');
  const file = $('file');
  file.addEventListener('change', () => {
    if (file.files.length) check(file.files[0], file.files[0].name);
  });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer.files[0];
    if (f) check(f, f.name);
  });
}

document.addEventListener('DOMContentLoaded', () => {
  $('check').addEventListener('click', () => {
    check(new Blob([$('draft').value], { type: 'text/plain;charset=utf-8' }), $('kind').value);
  });
  setUpDrop();
  loadConfig().catch((e) => render({ errors: ['Could not load the configuration: ' + e.message] }));
});
