// mtaudit HTML review page. Everything shown comes from the JSON data
// block and is inserted as text nodes (textContent, createTextNode),
// never as markup: article text is untrusted.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('mtaudit-data').textContent);
  var report = data.report;
  var docs = report.documents;
  var VERDICTS = ['confirmed', 'rejected', 'fixed'];
  var storeKey = 'mtaudit-review:' + data.key;
  var state = { doc: -1, finding: -1 };
  var markEls = [];   // per finding of the current document: its <mark> elements
  var rowEls = [];    // per finding of the current document: its table row
  var docButtons = {};

  // el builds an element; children are nodes or strings (made text nodes).
  function el(tag, props, children) {
    var e = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        if (k === 'className') { e.className = props[k]; }
        else if (k === 'text') { e.textContent = props[k]; }
        else if (k.indexOf('data-') === 0 || k.indexOf('aria-') === 0 || k === 'type' || k === 'title' || k === 'tabindex') { e.setAttribute(k, props[k]); }
        else { e[k] = props[k]; }
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function findingsOf(d) { return docs[d].findings || []; }

  // --- verdicts kept in the browser until exported ---------------------
  function save() {
    var saved = {};
    docs.forEach(function (d) {
      (d.findings || []).forEach(function (f) {
        if (f.review && (f.review.verdict || f.review.note)) { saved[f.id] = f.review; }
      });
    });
    try { window.localStorage.setItem(storeKey, JSON.stringify(saved)); } catch (e) { /* storage unavailable */ }
  }

  function restore() {
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(storeKey) || 'null'); } catch (e) { saved = null; }
    if (!saved) { return; }
    docs.forEach(function (d) {
      (d.findings || []).forEach(function (f) {
        var r = saved[f.id];
        if (r && typeof r === 'object' && (r.verdict === '' || VERDICTS.indexOf(r.verdict) >= 0)) {
          f.review = { verdict: r.verdict, note: String(r.note || '') };
          if (r.reviewer) { f.review.reviewer = String(r.reviewer); }
        }
      });
    });
  }

  function reviewer() { return document.getElementById('reviewer').value.trim(); }

  function setVerdict(d, i, verdict) {
    var f = findingsOf(d)[i];
    if (!f.review) { f.review = { verdict: '', note: '' }; }
    f.review.verdict = (f.review.verdict === verdict) ? '' : verdict;
    if (reviewer()) { f.review.reviewer = reviewer(); }
    save();
    refreshFinding(d, i);
    updateProgress();
  }

  function setNote(d, i, note) {
    var f = findingsOf(d)[i];
    if (!f.review) { f.review = { verdict: '', note: '' }; }
    f.review.note = note;
    if (reviewer()) { f.review.reviewer = reviewer(); }
    save();
    updateProgress();
  }

  function updateProgress() {
    var total = 0, done = 0;
    docs.forEach(function (d) {
      (d.findings || []).forEach(function (f) {
        total++;
        if (f.review && f.review.verdict) { done++; }
      });
    });
    document.getElementById('reviewed').textContent = done + ' of ' + total + ' findings reviewed';
  }

  // --- export ------------------------------------------------------------
  // exportJSON returns the report (schema mtaudit.report/v1) with the
  // reviewers' verdicts, as `mtaudit review merge` and `stats` read it.
  function exportJSON() { return JSON.stringify(report, null, 2) + '\n'; }
  window.mtauditExport = exportJSON;

  document.getElementById('export').addEventListener('click', function () {
    var blob = new Blob([exportJSON()], { type: 'application/json' });
    var a = el('a', { href: URL.createObjectURL(blob), download: 'report.reviewed.json' });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
  });

  // --- document list -----------------------------------------------------
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  function countingFindings(d) {
    return (d.findings || []).filter(function (f) { return !f.advisory && !f.suppressed; }).length;
  }

  function buildList() {
    var ol = document.getElementById('docs');
    data.order.forEach(function (idx) {
      var d = docs[idx];
      var facts = 'score ' + d.score + ' \u00b7 ' + plural(countingFindings(d), 'finding') + ' \u00b7 ' + plural(d.words, 'word');
      if (d.errors && d.errors.length) { facts += ' \u00b7 ' + plural(d.errors.length, 'error'); }
      var b = el('button', { type: 'button', 'data-doc': String(idx) }, [
        el('span', { className: 'badge ' + (d.pass ? 'pass' : 'fail'), text: d.pass ? 'pass' : 'fail' }), ' ',
        el('span', { className: 'id', text: d.id }),
        el('span', { className: 'facts', text: facts })
      ]);
      b.addEventListener('click', function () { showDoc(idx, 0); });
      docButtons[idx] = b;
      ol.appendChild(el('li', null, [b]));
    });
  }

  // --- document view -----------------------------------------------------
  var SEV_RANK = { neutral: 0, minor: 1, major: 2, critical: 3 };

  // renderArticle splits the text at every finding boundary and wraps each
  // piece covered by findings in a <mark> of the worst severity.
  function renderArticle(d, pre) {
    var text = data.texts[d];
    var marks = data.marks[d] || [];
    var fs = findingsOf(d);
    markEls = fs.map(function () { return []; });
    var cuts = [0, text.length];
    marks.forEach(function (m) { cuts.push(m[0], m[1]); });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    function markFor(list, s) {
      var worst = list[0];
      list.forEach(function (i) { if (SEV_RANK[fs[i].severity] > SEV_RANK[fs[worst].severity]) { worst = i; } });
      var allSuppressed = list.every(function (i) { return fs[i].suppressed || fs[i].advisory; });
      var m = el('mark', {
        className: 'sev-' + fs[worst].severity + (allSuppressed ? ' suppressed' : '') + (s === '' ? ' empty' : ''),
        title: list.map(function (i) {
          var sug = (fs[i].suggestions || []).map(function (x) { return x.replacement === '' ? 'delete' : '\u2192 ' + x.replacement; });
          return fs[i].severity + ' ' + fs[i].rule + ': ' + fs[i].message + (sug.length ? ' (' + sug.join('; ') + ')' : '');
        }).join('\n'),
        'data-findings': list.join(' ')
      }, [s]);
      m.addEventListener('click', function (ev) {
        ev.stopPropagation();
        // the shortest covering finding is the most specific one
        var best = list[0];
        list.forEach(function (i) { if (marks[i][1] - marks[i][0] < marks[best][1] - marks[best][0]) { best = i; } });
        if (list.indexOf(state.finding) >= 0 && list.length > 1) {
          best = list[(list.indexOf(state.finding) + 1) % list.length];
        }
        selectFinding(d, best);
      });
      list.forEach(function (i) { markEls[i].push(m); });
      return m;
    }
    for (var c = 0; c < cuts.length; c++) {
      var pos = cuts[c];
      // empty findings (an insertion point) at pos
      var empty = [];
      marks.forEach(function (m, i) { if (m[0] === pos && m[1] === pos) { empty.push(i); } });
      if (empty.length) { pre.appendChild(markFor(empty, '')); }
      if (c + 1 >= cuts.length) { break; }
      var end = cuts[c + 1];
      var piece = text.slice(pos, end);
      var cover = [];
      marks.forEach(function (m, i) { if (m[0] <= pos && m[1] >= end && m[0] < m[1]) { cover.push(i); } });
      pre.appendChild(cover.length ? markFor(cover, piece) : document.createTextNode(piece));
    }
  }

  function verdictTag(f) {
    var v = f.review && f.review.verdict;
    return el('span', { className: 'verdict-tag ' + (v || ''), text: v || '' });
  }

  function showDoc(d, finding, noScroll) {
    state.doc = d;
    state.finding = -1;
    Object.keys(docButtons).forEach(function (k) { docButtons[k].classList.toggle('current', Number(k) === d); });
    var doc = docs[d];
    var view = document.getElementById('docview');
    clear(view);
    var facts = 'score ' + doc.score + ' \u00b7 ' + plural(doc.words, 'word') + ' \u00b7 ' + (doc.pass ? 'passes' : 'fails') + ' the gate';
    if (doc.path && doc.path !== doc.id) { facts += ' \u00b7 ' + doc.path + (doc.record ? ' line ' + doc.record : ''); }
    if (doc.meta) { Object.keys(doc.meta).sort().forEach(function (k) { facts += ' \u00b7 ' + k + ' ' + doc.meta[k]; }); }
    view.appendChild(el('h2', null, [el('span', { className: 'badge ' + (doc.pass ? 'pass' : 'fail'), text: doc.pass ? 'pass' : 'fail' }), ' ', doc.id]));
    view.appendChild(el('div', { className: 'facts', text: facts }));
    (doc.errors || []).forEach(function (e) {
      view.appendChild(el('p', { className: 'errors', text: (e.rule ? 'rule ' + e.rule + ' failed: ' : 'error: ') + e.message }));
    });
    var pre = el('pre', { className: 'article', id: 'article' });
    if (data.texts[d]) { renderArticle(d, pre); } else { pre.textContent = '(no text: the document could not be read)'; markEls = []; }
    view.appendChild(pre);

    var fs = findingsOf(d);
    rowEls = [];
    if (fs.length) {
      var tbody = el('tbody');
      fs.forEach(function (f, i) {
        var tr = el('tr', { 'data-finding': String(i) }, [
          el('td', null, [el('span', { className: 'badge sev-' + f.severity, text: f.severity })]),
          el('td', { text: f.line + ':' + f.column }),
          el('td', { text: f.rule }),
          el('td', { className: 'text', text: f.text }),
          el('td', { text: f.message + (f.suppressed ? ' (suppressed: ' + f.suppressed + ')' : '') + (f.advisory ? ' (advisory)' : '') }),
          el('td', null, [verdictTag(f)])
        ]);
        tr.addEventListener('click', function () { selectFinding(d, i); });
        rowEls.push(tr);
        tbody.appendChild(tr);
      });
      view.appendChild(el('table', { className: 'findings' }, [
        el('thead', null, [el('tr', null, ['severity', 'line:col', 'rule', 'text', 'message', 'verdict'].map(function (h) { return el('th', { text: h }); }))]),
        tbody
      ]));
    } else {
      view.appendChild(el('p', { className: 'none', text: 'No findings.' }));
    }
    clear(document.getElementById('detail'));
    if (fs.length && finding !== null && finding !== undefined) {
      selectFinding(d, finding < 0 ? fs.length - 1 : finding, noScroll);
    }
  }

  function refreshFinding(d, i) {
    if (state.doc !== d) { return; }
    var f = findingsOf(d)[i];
    var v = (f.review && f.review.verdict) || '';
    (markEls[i] || []).forEach(function (m) {
      VERDICTS.forEach(function (x) { m.classList.remove('v-' + x); });
      if (v) { m.classList.add('v-' + v); }
    });
    if (rowEls[i]) {
      var cell = rowEls[i].lastChild;
      clear(cell);
      cell.appendChild(verdictTag(f));
    }
    if (state.finding === i) {
      document.querySelectorAll('#detail .verdicts button').forEach(function (b) {
        b.setAttribute('aria-pressed', b.getAttribute('data-verdict') === v ? 'true' : 'false');
      });
    }
  }

  function selectFinding(d, i, noScroll) {
    if (state.doc !== d) { showDoc(d, null); }
    var fs = findingsOf(d);
    if (i < 0 || i >= fs.length) { return; }
    markEls.forEach(function (ms, j) { ms.forEach(function (m) { m.classList.toggle('current', j === i); }); });
    rowEls.forEach(function (r, j) { r.classList.toggle('current', j === i); });
    // a mark shared with the finding stays current
    (markEls[i] || []).forEach(function (m) { m.classList.add('current'); });
    state.finding = i;
    var f = fs[i];
    var detail = document.getElementById('detail');
    clear(detail);
    detail.appendChild(el('h3', null, [el('span', { className: 'badge sev-' + f.severity, text: f.severity }), ' ', f.rule]));
    detail.appendChild(el('p', { className: 'muted', text: (f.category || '') + ' \u00b7 line ' + f.line + ', column ' + f.column + ' \u00b7 finding ' + (i + 1) + ' of ' + fs.length }));
    if (f.suppressed) { detail.appendChild(el('p', { className: 'muted', text: 'Suppressed: ' + f.suppressed })); }
    if (f.advisory) { detail.appendChild(el('p', { className: 'muted', text: 'Advisory: does not count toward the score or the gate.' })); }
    detail.appendChild(el('p', { id: 'message', text: f.message }));
    detail.appendChild(el('p', null, ['Flagged: ', el('span', { className: 'flagged', text: f.text })]));
    if (f.suggestions && f.suggestions.length) {
      detail.appendChild(el('p', { text: 'Suggestions:' }));
      detail.appendChild(el('ul', null, f.suggestions.map(function (s) {
        var label = s.replacement === '' ? 'delete' : s.replacement;
        var who = s.source === 'llm' ? ' (' + (s.model || 'LLM') + ')' : '';
        return el('li', null, [el('span', { className: 'flagged', text: label }), who + (s.note ? ' \u2014 ' + s.note : '')]);
      })));
    }
    var verdictRow = el('div', { className: 'verdicts', role: 'group' });
    var current = (f.review && f.review.verdict) || '';
    VERDICTS.forEach(function (v) {
      var b = el('button', { type: 'button', className: 'verdict ' + v, 'data-verdict': v, 'aria-pressed': current === v ? 'true' : 'false', title: 'key ' + v.charAt(0), text: v });
      b.addEventListener('click', function () { setVerdict(d, i, v); });
      verdictRow.appendChild(b);
    });
    detail.appendChild(verdictRow);
    var note = el('textarea', { id: 'note', placeholder: 'note for this finding', 'aria-label': 'note' });
    note.value = (f.review && f.review.note) || '';
    note.addEventListener('input', function () { setNote(d, i, note.value); });
    detail.appendChild(note);
    var rule = data.rules[f.rule];
    if (rule) {
      detail.appendChild(el('div', { className: 'doc' }, [
        el('strong', { text: rule.title }),
        el('p', { text: rule.text }),
        el('div', { className: 'muted', text: 'Bad:' }), el('pre', { text: rule.bad }),
        el('div', { className: 'muted', text: 'Good:' }), el('pre', { text: rule.good })
      ]));
    }
    var first = (markEls[i] || [])[0];
    if (first && first.scrollIntoView && !noScroll) { first.scrollIntoView({ block: 'nearest' }); }
  }

  // move goes to the next (+1) or previous (-1) finding, crossing into the
  // next document with findings in worst-first order.
  function move(step) {
    var pos = data.order.indexOf(state.doc);
    if (pos < 0) {
      for (var k = 0; k < data.order.length; k++) {
        if (findingsOf(data.order[k]).length) { selectFinding(data.order[k], 0); return; }
      }
      return;
    }
    var i = state.finding + step;
    if (i >= 0 && i < findingsOf(state.doc).length) { selectFinding(state.doc, i); return; }
    for (var p = pos + step; p >= 0 && p < data.order.length; p += step) {
      var d = data.order[p];
      var n = findingsOf(d).length;
      if (n) { showDoc(d, step > 0 ? 0 : n - 1); return; }
    }
  }

  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) {
      if (ev.key === 'Escape') { t.blur(); }
      return;
    }
    var handled = true;
    switch (ev.key) {
      case 'j': case 'ArrowDown': case 'ArrowRight': move(1); break;
      case 'k': case 'ArrowUp': case 'ArrowLeft': move(-1); break;
      case 'c': case 'r': case 'f':
        if (state.doc >= 0 && state.finding >= 0) {
          setVerdict(state.doc, state.finding, { c: 'confirmed', r: 'rejected', f: 'fixed' }[ev.key]);
        }
        break;
      default: handled = false;
    }
    if (handled) { ev.preventDefault(); }
  });

  restore();
  buildList();
  updateProgress();
  if (data.order.length) { showDoc(data.order[0], findingsOf(data.order[0]).length ? 0 : null, true); }
  document.documentElement.setAttribute('data-ready', 'true');
}());
