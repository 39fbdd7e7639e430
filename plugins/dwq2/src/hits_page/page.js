'use strict';
// The hits page: reads the hits embedded once as JSON (#hits-data) and draws only the rows in
// view. Every value reaches the page through textContent, never as markup.
(function () {
  var ROW = 24, OVERSCAN = 12, WRAP = 60;
  var data = JSON.parse(document.getElementById('hits-data').textContent);
  var h = data.hits, count = h.query.length;
  var collator = new Intl.Collator(undefined, { numeric: true });
  var repeats = new Set(h.repeat);
  var $ = function (id) { return document.getElementById(id); };
  var scroller = $('scroller'), table = $('hits'), tbody = table.tBodies[0], filter = $('filter');

  // Each distinct text's place in sorted order (equal texts share it).
  function sortedPlaces(values) {
    var order = values.map(function (_, i) { return i; });
    order.sort(function (a, b) { return collator.compare(values[a], values[b]); });
    var place = new Float64Array(values.length), p = 0;
    order.forEach(function (v, k) {
      if (k > 0 && collator.compare(values[order[k - 1]], values[v]) !== 0) p++;
      place[v] = p;
    });
    return place;
  }
  function numbers(values) {
    return Float64Array.from(values, function (v) { return v === '' ? -Infinity : Number(v); });
  }
  function perRow(index, perValue) {
    return function () {
      var places = perValue(), key = new Float64Array(count);
      for (var i = 0; i < count; i++) key[i] = places[index[i]];
      return key;
    };
  }
  // A column: its text per row (as downloaded), a sort key maker, and its width in em.
  function column(name, kind, width, text, key, lowIsBest) {
    return { name: name, kind: kind, width: width, text: text, key: key, lowIsBest: lowIsBest };
  }
  function fit(values, name) {
    var longest = values.reduce(function (n, v) { return Math.max(n, v.length); }, 0);
    return Math.min(22, Math.max(6, Math.ceil(longest * 0.6) + 2, Math.ceil(name.length * 0.6) + 2));
  }
  var columns = [
    column('query id', 'text', fit(data.queries, 'query id'), function (i) { return data.queries[h.query[i]]; },
      perRow(h.query, function () { return sortedPlaces(data.queries); })),
    column('reference id', 'text', fit(data.references, 'reference id'), function (i) { return data.references[h.reference[i]]; },
      perRow(h.reference, function () { return sortedPlaces(data.references); })),
    column('rank', 'number', 4, function (i) { return String(h.rank[i]); },
      function () { return Float64Array.from(h.rank); }, true),
    column('percent similarity', 'number', 7, function (i) { return h.similarity[i]; },
      function () { return numbers(h.similarity); }),
    column('alignment length', 'number', 6, function (i) { return String(h.length[i]); },
      function () { return Float64Array.from(h.length); }),
    column('score', 'number', 5, function (i) { return h.score[i]; },
      function () { return numbers(h.score); })
  ];
  // Similarities show two decimals (the full value on hover and in the download).
  columns[3].shown = function (text) { return Number(text).toFixed(2); };
  data.metadata.forEach(function (m) {
    columns.push(column(m.name, m.numeric ? 'number' : 'text', fit(m.values, m.name),
      function (i) { return m.values[h.reference[i]]; },
      perRow(h.reference, function () { return m.numeric ? numbers(m.values) : sortedPlaces(m.values); })));
  });
  columns.push(column('aligned query', 'seq', 14, function (i) { return h.alignedQuery[i]; }));
  columns.push(column('aligned reference', 'seq', 14, function (i) { return h.alignedReference[i]; }));

  // What is shown: all rows in the chosen order, then those matching every filter word.
  var order = Uint32Array.from({ length: count }, function (_, i) { return i; });
  var shown = order, sorted = null, drawn = {};
  var queryText = data.queries.map(function (q) { return q.toLowerCase(); });
  var referenceText = data.references.map(function (r, k) {
    return [r].concat(data.metadata.map(function (m) { return m.values[k]; })).join('\n').toLowerCase();
  });

  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      shown = order;
    } else {
      var inQuery = words.map(function (w) { return queryText.map(function (t) { return t.includes(w); }); });
      var inReference = words.map(function (w) { return referenceText.map(function (t) { return t.includes(w); }); });
      var out = new Uint32Array(count), n = 0;
      for (var k = 0; k < count; k++) {
        var i = order[k], all = true;
        for (var w = 0; w < words.length && all; w++) all = inQuery[w][h.query[i]] || inReference[w][h.reference[i]];
        if (all) out[n++] = i;
      }
      shown = out.subarray(0, n);
    }
    $('shown').textContent = shown.length === count ? count + ' hits' : shown.length + ' of ' + count + ' hits';
    scroller.scrollTop = 0;
    drawn = {};
    drawRows();
    drawPlots();
  }

  function sortBy(c, th) {
    var descending = sorted && sorted.column === c ? !sorted.descending : c.kind === 'number' && !c.lowIsBest;
    var key = c.key(), sign = descending ? -1 : 1;
    order = Uint32Array.from({ length: count }, function (_, i) { return i; });
    order.sort(function (a, b) { return sign * (key[a] - key[b]) || a - b; });
    sorted = { column: c, descending: descending };
    table.tHead.querySelectorAll('th').forEach(function (x) { x.classList.remove('sorted-asc', 'sorted-desc'); });
    th.classList.add(descending ? 'sorted-desc' : 'sorted-asc');
    applyFilter();
  }

  function cell(tag, text, className) {
    var e = document.createElement(tag);
    e.textContent = text;
    if (className) e.className = className;
    return e;
  }
  function spacer(height) {
    var tr = document.createElement('tr'), td = cell('td', '');
    tr.className = 'spacer';
    td.colSpan = columns.length;
    td.style.height = height + 'px';
    tr.appendChild(td);
    return tr;
  }
  function drawRows() {
    var top = scroller.scrollTop, height = scroller.clientHeight;
    var first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    var last = Math.min(shown.length, Math.ceil((top + height) / ROW) + OVERSCAN);
    if (drawn.first === first && drawn.last === last) return;
    drawn = { first: first, last: last };
    var rows = document.createDocumentFragment();
    rows.appendChild(spacer(first * ROW));
    for (var k = first; k < last; k++) {
      var i = shown[k], tr = document.createElement('tr');
      tr.dataset.row = i;
      tr.tabIndex = 0;
      if (repeats.has(i)) {
        tr.className = 'repeat';
        tr.title = 'The same hit as the row before it in the search results: kept once per tie.';
      }
      columns.forEach(function (c) {
        var text = c.text(i), td = cell('td', c.shown ? c.shown(text) : text, c.kind === 'text' ? '' : c.kind);
        if (c.kind === 'text' || c.shown) td.title = text;
        tr.appendChild(td);
      });
      rows.appendChild(tr);
    }
    rows.appendChild(spacer((shown.length - last) * ROW));
    tbody.replaceChildren(rows);
  }

  // The full alignment of hit `i`, wrapped, with a bar under each matching column.
  function showAlignment(i) {
    var a = h.alignedQuery[i], b = h.alignedReference[i], lines = [], at = [0, 0];
    var digits = String(Math.max(a.length, b.length)).length;
    var label = function (name, start, text, end) {
      return name.padEnd(10) + String(start).padStart(digits) + ' ' + text + ' ' + end;
    };
    for (var s = 0; s < Math.max(a.length, b.length); s += WRAP) {
      var x = a.slice(s, s + WRAP), y = b.slice(s, s + WRAP), bar = '';
      for (var j = 0; j < x.length; j++) bar += x[j] === y[j] && x[j] !== '-' ? '|' : ' ';
      var start = [at[0] + 1, at[1] + 1];
      at[0] += x.replace(/-/g, '').length;
      at[1] += y.replace(/-/g, '').length;
      lines.push(label('query', start[0], x, at[0]), ' '.repeat(11 + digits) + bar,
        label('reference', start[1], y, at[1]), '');
    }
    var dialog = $('alignment');
    dialog.querySelector('h2').textContent = data.queries[h.query[i]] + ' \u2192 ' + data.references[h.reference[i]];
    dialog.querySelector('p').textContent = 'Score ' + h.score[i] + ', rank ' + h.rank[i] + ', ' +
      h.similarity[i] + '% similarity over ' + h.length[i] + ' alignment columns.';
    dialog.querySelector('pre').textContent = lines.join('\n');
    dialog.showModal();
  }
  function rowOf(event) {
    var tr = event.target.closest('tr[data-row]');
    return tr ? Number(tr.dataset.row) : null;
  }

  // Plots of each shown query's best hit (its first shown row of rank 1).
  var svgNS = $('similarity-plot').namespaceURI;
  function svg(parent, tag, attributes, text) {
    var e = document.createElementNS(svgNS, tag);
    Object.keys(attributes).forEach(function (k) { e.setAttribute(k, attributes[k]); });
    if (text !== undefined) e.textContent = text;
    parent.appendChild(e);
    return e;
  }
  function bestHits() {
    var seen = new Set(), best = [];
    for (var k = 0; k < shown.length; k++) {
      var i = shown[k];
      if (h.rank[i] === 1 && !seen.has(h.query[i])) { seen.add(h.query[i]); best.push(i); }
    }
    return best;
  }
  function drawSimilarity(plot, best) {
    var W = 460, H = 180, left = 44, bottom = 34;
    plot.replaceChildren();
    plot.setAttribute('width', W); plot.setAttribute('height', H);
    var values = best.map(function (i) { return Number(h.similarity[i]); });
    if (values.length === 0) { svg(plot, 'text', { x: left, y: 40 }, 'No hits shown.'); return; }
    var low = Math.min(95, Math.floor(Math.min.apply(null, values) / 5) * 5);
    var width = [1, 2, 5, 10, 20].find(function (w) { return (100 - low) / w <= 20; });
    var bins = new Array(Math.ceil((100 - low) / width)).fill(0);
    values.forEach(function (v) { bins[Math.min(bins.length - 1, Math.floor((v - low) / width))]++; });
    var most = Math.max.apply(null, bins), step = (W - left - 10) / bins.length, top = 10;
    bins.forEach(function (n, k) {
      var barHeight = (H - bottom - top) * n / most;
      var bar = svg(plot, 'rect', { class: 'bar', x: left + k * step + 1, y: H - bottom - barHeight,
        width: step - 2, height: barHeight });
      svg(bar, 'title', {}, (low + k * width) + '\u2013' + (low + (k + 1) * width) + '%: ' + n + ' queries');
    });
    svg(plot, 'line', { class: 'axis', x1: left, x2: W - 10, y1: H - bottom, y2: H - bottom });
    svg(plot, 'line', { class: 'axis', x1: left, x2: left, y1: top, y2: H - bottom });
    svg(plot, 'text', { x: left - 4, y: top + 8, 'text-anchor': 'end' }, String(most));
    svg(plot, 'text', { x: left - 4, y: H - bottom, 'text-anchor': 'end' }, '0');
    var every = Math.ceil(bins.length / 10);
    for (var k = 0; k <= bins.length; k += every) {
      svg(plot, 'text', { x: left + k * step, y: H - bottom + 14, 'text-anchor': 'middle' }, String(low + k * width));
    }
    svg(plot, 'text', { x: (W + left) / 2, y: H - 4, 'text-anchor': 'middle' },
      'percent similarity (' + values.length + ' queries)');
  }
  var categorical = data.metadata.filter(function (m) { return !m.numeric; });
  function drawCategories(plot, best) {
    var m = categorical[Number($('category-column').value)], tally = new Map();
    best.forEach(function (i) {
      var v = m.values[h.reference[i]] || '(none)';
      tally.set(v, (tally.get(v) || 0) + 1);
    });
    var bars = Array.from(tally).sort(function (x, y) { return y[1] - x[1] || collator.compare(x[0], y[0]); });
    if (bars.length > 12) {
      var rest = bars.splice(11);
      bars.push([rest.length + ' others', rest.reduce(function (s, b) { return s + b[1]; }, 0)]);
    }
    var W = 460, left = 180, line = 18;
    plot.replaceChildren();
    plot.setAttribute('width', W); plot.setAttribute('height', Math.max(1, bars.length) * line + 8);
    var most = bars.reduce(function (m, b) { return Math.max(m, b[1]); }, 1);
    bars.forEach(function (b, k) {
      var y = 4 + k * line, length = (W - left - 40) * b[1] / most;
      var name = b[0].length > 28 ? b[0].slice(0, 27) + '\u2026' : b[0];
      svg(svg(plot, 'text', { x: left - 6, y: y + 12, 'text-anchor': 'end' }, name), 'title', {}, b[0]);
      svg(plot, 'rect', { class: 'bar', x: left, y: y + 2, width: length, height: line - 4 });
      svg(plot, 'text', { x: left + length + 4, y: y + 12 }, String(b[1]));
    });
  }
  function drawPlots() {
    var best = bestHits();
    drawSimilarity($('similarity-plot'), best);
    if (categorical.length) drawCategories($('category-plot'), best);
  }

  // The shown rows, in the shown order, as TSV with the table's columns.
  function download() {
    var lines = [columns.map(function (c) { return c.name; }).join('\t')];
    for (var k = 0; k < shown.length; k++) {
      var i = shown[k];
      lines.push(columns.map(function (c) { return c.text(i); }).join('\t'));
    }
    var link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/tab-separated-values' }));
    link.download = 'hits.tsv';
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  var colgroup = table.querySelector('colgroup'), header = table.tHead.rows[0], total = 0;
  columns.forEach(function (c) {
    var col = document.createElement('col');
    col.style.width = c.width + 'em';
    total += c.width;
    colgroup.appendChild(col);
    var th = cell('th', c.name, c.kind === 'seq' ? 'fixed' : '');
    th.dataset.type = c.kind;
    if (c.key) th.addEventListener('click', function () { sortBy(c, th); });
    header.appendChild(th);
  });
  table.style.width = total + 'em';
  if (categorical.length) {
    // The column with the most distinct values that still fit a plot (30), else the first.
    var pick = 0, most = 0;
    categorical.forEach(function (m, k) {
      var n = new Set(m.values).size;
      if (n <= 30 && n > most) { most = n; pick = k; }
    });
    categorical.forEach(function (m, k) {
      var option = cell('option', m.name);
      option.value = k;
      $('category-column').appendChild(option);
    });
    $('category-column').value = pick;
    $('category-column').addEventListener('change', drawPlots);
    $('category-figure').hidden = false;
  }
  var pending = false;
  scroller.addEventListener('scroll', function () {
    if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; drawRows(); }); }
  });
  tbody.addEventListener('click', function (e) { var i = rowOf(e); if (i !== null) showAlignment(i); });
  tbody.addEventListener('keydown', function (e) {
    var i = rowOf(e);
    if (e.key === 'Enter' && i !== null) showAlignment(i);
  });
  filter.addEventListener('input', applyFilter);
  $('download').addEventListener('click', download);
  applyFilter();
  // Drawn: the frame after the first rows and plots, for benchmarks and tests.
  requestAnimationFrame(function () {
    setTimeout(function () { document.documentElement.dataset.ready = Math.round(performance.now()); }, 0);
  });
})();
