/* jiedui search: exact-substring full text over a sharded bigram index, and a school finder that
   understands pinyin and initials. No framework, no third-party request. The tokenizer and the key
   hash mirror src/search/tokenize.rs exactly. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var finderBox = document.getElementById("finder-results");
  var textBox = document.getElementById("text-results");
  if (!input || !status || !finderBox || !textBox) { return; }
  var cache = {};
  var PAGE_SIZE = 10;

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + "search/" + path).then(function (r) {
        if (!r.ok) { throw new Error(path + " " + r.status); }
        return r.json();
      });
    }
    return cache[path];
  }
  /* Bytes start..end of a file, by a range request. A host that ignores ranges answers 200 with
     the whole file: it is kept, and this and later ranges are cut from it. */
  var whole = {};
  function getRange(path, start, end) {
    if (whole[path]) { return whole[path].then(function (buffer) { return buffer.slice(start, end); }); }
    return fetch(base + "search/" + path, { headers: { Range: "bytes=" + start + "-" + (end - 1) } }).then(function (r) {
      if (!r.ok) { throw new Error(path + " " + r.status); }
      if (r.status === 206) {
        return r.arrayBuffer().then(function (buffer) {
          if (buffer.byteLength !== end - start) { throw new Error(path + " range " + start + "-" + end); }
          return buffer;
        });
      }
      whole[path] = whole[path] || r.arrayBuffer();
      return whole[path].then(function (buffer) { return buffer.slice(start, end); });
    });
  }
  /* bytes start..end of a file, read once and parsed by `parse` */
  function getPart(path, start, end, parse) {
    var id = path + "#" + start + "-" + end;
    if (!cache[id]) { cache[id] = getRange(path, start, end).then(parse); }
    return cache[id];
  }
  /* The texts' dictionary: the start of every stored text's zlib stream (t/dict.bin) and how
     many bytes it inflates to (meta.json's dict), fetched once; without one (dict 0) the
     stream starts with the zlib header alone */
  var dictionary = null;
  function getDictionary() {
    if (!dictionary) {
      dictionary = get("meta.json").then(function (meta) {
        if (!meta.dict) { return { bytes: 0, prefix: new Uint8Array([0x78, 0x01]) }; }
        return fetch(base + "search/t/dict.bin").then(function (r) {
          if (!r.ok) { throw new Error("t/dict.bin " + r.status); }
          return r.arrayBuffer();
        }).then(function (prefix) { return { bytes: meta.dict, prefix: prefix }; });
      });
    }
    return dictionary;
  }
  /* JSON in UTF-16LE deflated against the dictionary (a t/ entry or piece): the browser inflates
     dictionary prefix and text as one stream, and the dictionary's bytes are dropped */
  function inflate(buffer) {
    return getDictionary().then(function (dict) {
      var stream = new Blob([dict.prefix, buffer]).stream().pipeThrough(new DecompressionStream("deflate"));
      return new Response(stream).arrayBuffer().then(function (bytes) {
        return JSON.parse(new TextDecoder("utf-16le").decode(bytes.slice(dict.bytes)));
      });
    });
  }
  /* a document's text entry: bytes start..end of a t/ chunk (its entries one after another),
     [metadata, body head, number of the body's other pieces (if any)] */
  function getEntry(path, start, end) {
    return getPart(path, start, end, inflate);
  }
  /* a piece of a long body (t/s<doc>-<k>.bin) */
  function getPiece(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + "search/" + path).then(function (r) {
        if (!r.ok) { throw new Error(path + " " + r.status); }
        return r.arrayBuffer();
      }).then(inflate);
    }
    return cache[path];
  }
  /* a postings page (bytes start..end of a k/ file) as its numbers: LEB128 varints, 7 bits a
     byte, low bits first; a bitmap page (first number's low four bits 0) is expanded to the
     numbers the plain form writes (mirror of codec.rs) */
  function getNumbers(path, start, end) {
    return getPart(path, start, end, function (buffer) { return pageNumbers(new Uint8Array(buffer)); });
  }
  function pageNumbers(bytes) {
    var at = 0;
    function varint() {
      var v = 0, shift = 0;
      while (at < bytes.length) {
        var b = bytes[at++];
        v += (b & 0x7f) * Math.pow(2, shift);
        if (b < 0x80) { return v; }
        shift += 7;
      }
      return v;
    }
    var numbers = [];
    if (bytes.length === 0) { return numbers; }
    var head = varint();
    if (head % 16 !== 0) {
      numbers.push(head);
      while (at < bytes.length) { numbers.push(varint()); }
      return numbers;
    }
    var first = head / 16, span = varint() + 1, common = varint();
    var held = at, other = held + Math.ceil(span / 8), docs = [];
    for (var i = 0; i < span; i++) { if (bytes[held + (i >> 3)] & (1 << (i & 7))) { docs.push(first + i); } }
    at = other + Math.ceil(docs.length / 8);
    var previous = -1;
    docs.forEach(function (doc, k) {
      var flags = (bytes[other + (k >> 3)] & (1 << (k & 7))) ? varint() : common;
      numbers.push((previous < 0 ? doc : doc - previous) * 16 + flags);
      previous = doc;
      if (flags & 8) {
        var n = varint();
        numbers.push(n);
        for (var j = 0; j < n; j++) { numbers.push(varint()); }
      }
    });
    return numbers;
  }

  /* ---- tokenizer (mirror of tokenize.rs) ---- */
  function isCjk(code) {
    return (code >= 0x3400 && code <= 0x4DBF) || (code >= 0x4E00 && code <= 0x9FFF) ||
      (code >= 0xF900 && code <= 0xFAFF) || (code >= 0x20000 && code <= 0x2FFFF);
  }
  /* full-width to half-width, every bracket around a 文号's year (〔〕【】〖〗﹝﹞()（）) to [], ・ to ·, ASCII lower case */
  function normalise(ch) {
    var code = ch.codePointAt(0);
    if (code === 0xFF08 || code === 0x28 || code === 0x3014 || code === 0x3010 || code === 0x3016 || code === 0xFE5D) { ch = "["; }
    else if (code === 0xFF09 || code === 0x29 || code === 0x3015 || code === 0x3011 || code === 0x3017 || code === 0xFE5E) { ch = "]"; }
    else if (code >= 0xFF01 && code <= 0xFF5E) { ch = String.fromCodePoint(code - 0xFEE0); }
    else if (code === 0x3000) { ch = " "; }
    else if (code === 0x30FB || code === 0xFF65) { ch = "\u00B7"; }
    if (ch >= "A" && ch <= "Z") { ch = ch.toLowerCase(); }
    return ch;
  }
  /* the punctuation of 文号 and names is matched, not a separator */
  var KEPT = "[]\u300A\u300B\u3001\u2014\u00B7-/";
  function isKept(ch) { return ch.length === 1 && KEPT.indexOf(ch) >= 0; }
  function isWordChar(ch) { return (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9"); }
  /* units of text: {t, gap, start, end} with start/end as string indexes into text */
  function units(text) {
    var out = [];
    var word = "", wordStart = 0, wordGap = true, gap = true, i = 0;
    for (var it = 0; it < text.length; ) {
      var code = text.codePointAt(it);
      var raw = String.fromCodePoint(code);
      var ch = normalise(raw);
      var next = it + raw.length;
      if (isWordChar(ch)) {
        if (!word) { wordStart = it; wordGap = gap; }
        word += ch; gap = false;
      } else {
        if (word) { out.push({ t: word, gap: wordGap, start: wordStart, end: it }); word = ""; }
        if (isCjk(ch.codePointAt(0)) || isKept(ch)) { out.push({ t: ch, gap: gap, start: it, end: next }); gap = false; }
        else { gap = true; }
      }
      it = next; i += 1;
    }
    if (word) { out.push({ t: word, gap: wordGap, start: wordStart, end: text.length }); }
    return out;
  }
  function single(t) { return Array.from(t).length === 1 && isCjk(t.codePointAt(0)); }
  function bigramKey(a, b) { return single(a) && single(b) ? a + b : a + " " + b; }
  function fnv(key) {
    var bytes = new TextEncoder().encode(key);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  /* a query becomes phrases (runs of adjacent units), each looked up by some of its keys */
  /* offsets of the bigrams that cover a phrase (mirror of query.rs `cover`): every other one and
     the last; a document part holding them all is a candidate, which its text confirms */
  function cover(n) {
    var out = [];
    for (var i = 0; i + 1 < n; i += 2) { out.push(i); }
    if (n >= 2 && out[out.length - 1] !== n - 2) { out.push(n - 2); }
    return out;
  }
  /* of a cover, the keys read first (mirror of query.rs `chosen_keys`): the first, the last and
     others evenly between, at most MAX_KEYS; the rest only when these are all common (widen) */
  var MAX_KEYS = 4, WIDEN_PAGES = 2;
  function chosenKeys(all) {
    if (all.length <= MAX_KEYS) { return all.slice(); }
    var out = [], last = all.length - 1;
    for (var k = 0; k < MAX_KEYS; k++) { out.push(all[Math.floor((k * last + 1) / (MAX_KEYS - 1))]); }
    return out;
  }
  function phrases(query) {
    var list = [], current = [];
    units(query).forEach(function (u) {
      if (u.gap && current.length) { list.push(current); current = []; }
      current.push(u.t);
    });
    if (current.length) { list.push(current); }
    return list.map(function (p) {
      if (p.length === 1) { return { units: p, keys: [{ key: "1" + p[0] }], rest: [] }; }
      var all = cover(p.length), chosen = chosenKeys(all);
      function key(i) { return { key: bigramKey(p[i], p[i + 1]) }; }
      return { units: p, keys: chosen.map(key), rest: all.filter(function (i) { return chosen.indexOf(i) < 0; }).map(key) };
    });
  }

  /* ---- postings ---- */
  /* a page: per document (delta << 4 | flags), flags title 1, metadata 2, body head 4, pieces 8
     (then their count and numbers); decoded as the parts holding the key: title 0, metadata 1,
     body head 2, piece k at 2 + k (mirror of index.rs) */
  var HEAD = 2;
  function decode(numbers, into) {
    var i = 0, doc = 0, first = true;
    while (i < numbers.length) {
      var v = numbers[i], flags = v % 16, delta = (v - flags) / 16;
      doc = first ? delta : doc + delta; first = false;
      var parts = [];
      for (var b = 0; b < 3; b++) { if (flags & (1 << b)) { parts.push(b); } }
      i += 1;
      if (flags & 8) {
        var n = numbers[i], k = 0;
        for (var j = 0; j < n; j++) { k += numbers[i + 1 + j]; parts.push(HEAD + k); }
        i += 1 + n;
      }
      into.set(doc, parts);
    }
    return into;
  }
  /* the parts every list holds */
  function sharedParts(lists) {
    return lists[0].filter(function (p) { return lists.every(function (l) { return l.indexOf(p) >= 0; }); });
  }
  /* four common keys can share many documents without the phrase: then the rest of each phrase's
     cover is read too, and the rarest of all leads (mirror of query.rs) */
  function widen(meta, states, list) {
    if (states.some(function (s) { return s.pages === 0; })) { return states; }
    if (lead(states).count <= WIDEN_PAGES * meta.pageDocs) { return states; }
    var have = states.map(function (s) { return s.key; }), extra = [];
    list.forEach(function (p) {
      p.rest.forEach(function (k) { if (have.indexOf(k.key) < 0) { have.push(k.key); extra.push(k.key); } });
      p.keys = p.keys.concat(p.rest);
      p.rest = [];
    });
    return Promise.all(extra.map(function (k) { return loadKey(meta, k); })).then(function (more) {
      more.forEach(function (s) { states.push(s); });
      return states;
    });
  }
  /* state of one key: decoded postings so far, pages in order loaded, total pages, last doc of each
     page, pages loaded out of order (for a rarer key's documents), and how many documents it has */
  function loadKey(meta, key) {
    return get("s/" + (fnv(key) % meta.shards) + ".json").then(function (shard) {
      var entry = shard[key];
      var state = { key: key, map: new Map(), loaded: 0, pages: 1, last: null, file: null, have: {}, count: 0 };
      if (entry === undefined) { state.pages = 0; return state; }
      if (Array.isArray(entry)) { decode(entry, state.map); state.loaded = 1; state.count = state.map.size; return state; }
      state.pages = entry.n; state.file = entry.f; state.count = entry.n * meta.pageDocs;
      /* where each page starts in the key's file (after the keys packed before it, o), and where
         the last one ends */
      /* each page's last document (written as differences, the first whole) */
      var doc = 0;
      state.last = entry.last.map(function (d) { doc += d; return doc; });
      state.starts = [entry.o || 0];
      entry.b.forEach(function (length) { state.starts.push(state.starts[state.starts.length - 1] + length); });
      return state;
    });
  }
  function loadPageAt(state, i) {
    if (state.have[i]) { return state.have[i]; }
    state.have[i] = getNumbers("k/" + state.file + ".bin", state.starts[i], state.starts[i + 1]).then(function (numbers) { decode(numbers, state.map); });
    return state.have[i];
  }
  /* the page of a key that holds `doc` (documents are in rank order, so `last` ascends) */
  function pageOf(state, doc) {
    var lo = 0, hi = state.last.length - 1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (state.last[mid] >= doc) { hi = mid; } else { lo = mid + 1; } }
    return lo;
  }
  /* documents up to this id are complete for this key */
  function coverage(state) {
    if (state.loaded >= state.pages) { return Infinity; }
    return state.loaded === 0 ? -1 : state.last[state.loaded - 1];
  }
  /* The rarest key leads. Its documents are checked a window at a time, best ranked first: only
     the pages of the other keys that hold those documents are read (not every key's first page). */
  var WINDOW = 10;
  function lead(states) {
    return states.reduce(function (a, b) { return b.count < a.count ? b : a; });
  }
  function sortedDocs(state) {
    return Array.from(state.map.keys()).sort(function (a, b) { return a - b; });
  }
  /* documents up to this id are decided */
  function decided(states) {
    var first = lead(states);
    var docs = sortedDocs(first), checked = first.checked || 0;
    if (checked < docs.length) { return checked === 0 ? -1 : docs[checked - 1]; }
    return coverage(first);
  }
  function advance(states, list) {
    var first = lead(states);
    first.checked = first.checked || 0;
    var step = Promise.resolve();
    if (first.checked >= first.map.size && first.file !== null && first.loaded < first.pages) {
      step = loadPageAt(first, first.loaded).then(function () { first.loaded += 1; });
    }
    return step.then(function () {
      var window = sortedDocs(first).slice(first.checked, first.checked + WINDOW);
      first.checked += window.length;
      /* the other paged keys, rarest first, in two rounds (mirror of query.rs): the rarest alone,
         then the rest only for the documents that still match what is loaded */
      var others = states.filter(function (s) { return s !== first && s.file !== null; });
      others.sort(function (a, b) { return a.count - b.count || states.indexOf(a) - states.indexOf(b); });
      var loadedKeys = {}, byKey = {};
      states.forEach(function (s) { byKey[s.key] = s; if (s.file === null || s === first) { loadedKeys[s.key] = true; } });
      function load(round, docs) {
        var loads = [];
        round.forEach(function (s) {
          var pages = {};
          docs.forEach(function (doc) { if (doc <= s.last[s.last.length - 1]) { pages[pageOf(s, doc)] = true; } });
          Object.keys(pages).forEach(function (i) { loads.push(loadPageAt(s, Number(i))); });
        });
        return Promise.all(loads).then(function () {
          round.forEach(function (s) { loadedKeys[s.key] = true; });
          return docs.filter(function (doc) { return holdsLoaded(list, byKey, loadedKeys, doc); });
        });
      }
      return load(others.slice(0, 1), window).then(function (left) { return load(others.slice(1), left); })
        .then(function (left) { return judgeAll(states, list, left); });
    });
  }
  /* A phrase of one or two units is one key: the parts its postings give hold it. A longer one's
     parts are candidates, confirmed by their text (mirror of query.rs `rank`): title, metadata and
     body head (one entry), then a long body's pieces in order until one holds it. Each part
     holding a phrase adds its weight; the hit is the first phrase's first body part, else its
     metadata, else its title. */
  function judgeAll(states, list, docs) {
    var verdicts = verdictsOf(states);
    var byKey = {};
    states.forEach(function (s) { byKey[s.key] = s; });
    return Promise.all(docs.map(function (doc) {
      if (verdicts.has(doc)) { return null; }
      /* a text that cannot be read cannot confirm its match: left out, and the page says so */
      return judge(states.meta, list, byKey, doc).catch(function () { states.unreadable = true; return null; })
        .then(function (v) { verdicts.set(doc, v); });
    }));
  }
  function verdictsOf(states) {
    if (!states.verdicts) { states.verdicts = new Map(); }
    return states.verdicts;
  }
  function judge(meta, list, byKey, doc) {
    var score = 0, hit = null;
    function phraseAt(q) {
      if (q >= list.length) { return Promise.resolve({ score: score, hit: hit === null ? 0 : hit }); }
      var phrase = list[q];
      var candidates = sharedParts(phrase.keys.map(function (k) { return byKey[k.key].map.get(doc) || []; }));
      var exact = phrase.keys.length === 1, held = [];
      function partAt(i) {
        if (i >= candidates.length || (candidates[i] > HEAD && held.length)) { return Promise.resolve(); }
        var part = candidates[i];
        if (exact) { held.push(part); return partAt(i + 1); }
        return partText(meta, doc, part).then(function (text) {
          if (occurrences(text, phrase.units).length) { held.push(part); }
          return partAt(i + 1);
        });
      }
      return partAt(0).then(function () {
        if (!held.length) { return null; }
        held.forEach(function (p) { score += p === 0 ? 1000 : p === 1 ? 100 : 1; });
        if (q === 0) {
          var body = held.filter(function (p) { return p >= HEAD; });
          hit = body.length ? body[0] : held[held.length - 1];
        }
        return phraseAt(q + 1);
      });
    }
    return phraseAt(0);
  }
  /* the text of a part of `doc`: its title (d/ row), metadata or body head (t/ entry), or a piece */
  function partText(meta, doc, part) {
    return get("d/" + Math.floor(doc / meta.docChunk) + ".json").then(function (rows) {
      var row = rows[doc % meta.docChunk];
      if (part === 0) { return row[1]; }
      if (part > HEAD) { return getPiece("t/s" + doc + "-" + (part - HEAD) + ".bin"); }
      return getEntry("t/" + Math.floor(doc / meta.docChunk) + ".bin", row[5], row[6]).then(function (entry) { return entry[part - 1]; });
    }).then(function (text) { return typeof text === "string" ? text : ""; });
  }
  /* where the phrase's units stand together in `us` (the units of a text): their indexes */
  function occurrences(text, phrase) {
    var us = typeof text === "string" ? units(text) : text, out = [];
    for (var i = 0; i + phrase.length <= us.length; i++) {
      var j = 0;
      while (j < phrase.length && us[i + j].t === phrase[j] && (j === 0 || !us[i + j].gap)) { j++; }
      if (j === phrase.length) { out.push(i); }
    }
    return out;
  }
  /* whether `doc` can still hold every phrase, judged by the keys loaded so far: they share a part */
  function holdsLoaded(list, byKey, loadedKeys, doc) {
    return list.every(function (phrase) {
      var lists = [];
      for (var i = 0; i < phrase.keys.length; i++) {
        var k = phrase.keys[i];
        if (!loadedKeys[k.key]) { continue; }
        var l = byKey[k.key].map.get(doc);
        if (!l) { return false; }
        lists.push(l);
      }
      return !lists.length || sharedParts(lists).length > 0;
    });
  }

  /* ---- full text ---- */
  /* the judged documents of the lead key up to the decided one, best first */
  function evaluate(states) {
    if (states.some(function (s) { return s.pages === 0; })) { return { results: [], complete: true, limit: Infinity }; }
    var first = lead(states);
    var limit = decided(states);
    var verdicts = verdictsOf(states);
    var results = [];
    first.map.forEach(function (_, doc) {
      var v = doc <= limit ? verdicts.get(doc) : null;
      if (v) { results.push({ doc: doc, score: v.score, hit: v.hit }); }
    });
    results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return { results: results, complete: limit === Infinity, limit: limit };
  }

  /* ---- finder (mirror of finder.rs): sharded keys, each listing at most a few entries ---- */
  function grams(chars, n) {
    var out = [];
    for (var i = 0; i + n <= chars.length; i++) { out.push(chars.slice(i, i + n).join("")); }
    return out;
  }
  function finderGroups(q) {
    var chars = Array.from(q);
    if (!/^[a-z]+$/.test(q)) {
      return [chars.length === 1 ? ["c" + q] : grams(chars, 2).map(function (k) { return "c" + k; })];
    }
    var initials = chars.length >= 3 ? grams(chars, 3).map(function (k) { return "i" + k; }) : ["i" + q];
    var pinyin = chars.length >= 4 ? grams(chars, 4).map(function (k) { return "p" + k; }) : ["P" + q];
    return [initials, pinyin];
  }
  /* a finder row with its url in full: a school's or institution's own page is written short,
     "" or "-<tail>" after <finderBase>schools/<name> (mirror of finder.rs) */
  function fullRow(meta, r) {
    var section = r[1] === "学校" ? "schools/" : r[1] === "单位" ? "institutions/" : null;
    if (section && typeof meta.finderBase === "string" && (r[3] === "" || r[3].charAt(0) === "-")) {
      r[3] = meta.finderBase + section + r[0] + r[3] + "/";
    }
    return r;
  }
  /* the rows of the first alternative key whose list is complete (else the union of cut lists,
     marked incomplete) */
  function finderGroup(meta, keys) {
    var union = [];
    function next(i) {
      if (i >= keys.length) { return Promise.resolve({ rows: union, complete: false }); }
      var key = keys[i];
      return get("f/" + (fnv(key) % meta.finderShards) + ".json").then(function (shard) {
        var list = shard.k[key];
        if (!list) { return { rows: [], complete: true }; }
        var rows = list[1].map(function (n) { return fullRow(meta, shard.e[n]); });
        if (list[0] === 0) { return { rows: rows, complete: true }; }
        union = union.concat(rows);
        return next(i + 1);
      });
    }
    return next(0);
  }
  /* the name, initials and pinyin without the place's 市/县/区 (mirror of finder.rs
     `bare_spellings`): 东兴市京族学校 → 东兴京族学校, dxjzxx, dongxingjingzuxuexiao */
  function bareSpellings(name, initials, pinyin) {
    var chars = Array.from(name), at = -1;
    for (var i = 2; i <= 3; i++) {
      if (chars[i] !== undefined && "市县区".indexOf(chars[i]) >= 0 && chars.length > i + 2) { at = i; break; }
    }
    if (at < 0) { return ["", "", ""]; }
    var syllable = chars[at] === "市" ? "shi" : chars[at] === "县" ? "xian" : "qu";
    var letters = Array.from(initials);
    var found = pinyin.length >= at ? pinyin.slice(at).indexOf(syllable) : -1;
    return [
      chars.slice(0, at).concat(chars.slice(at + 1)).join(""),
      letters.slice(0, at).concat(letters.slice(at + 1)).join(""),
      found < 0 ? pinyin : pinyin.slice(0, at + found) + pinyin.slice(at + found + syllable.length)
    ];
  }
  /* The short forms of a name and their initials, joined by "|", when its row leaves them out
     (mirror of short_spellings.rs): long endings written short (完全小学 → 完小), 第一中学 → 一中,
     then without the place's 市/县/区, each character's initial carried along */
  var ENDINGS = [["完全小学", "完小", "wx"], ["中心小学", "中心校", "zxx"], ["实验小学", "实小", "sx"], ["民族中学", "民中", "mz"],
    ["初级中学", "初中", "cz"], ["高级中学", "高中", "gz"], ["职业中学", "职中", "zz"], ["中心幼儿园", "中心园", "zxy"]];
  function shortSpellings(name, initials) {
    var letters = Array.from(initials), k = 0;
    var tokens = Array.from(name).map(function (c) {
      return [c, /[\u3400-\u9fff]|[A-Za-z0-9]/.test(c) ? letters[k++] || "" : ""];
    });
    var text = function (ts) { return ts.map(function (t) { return t[0]; }).join(""); };
    var short = tokens;
    ENDINGS.forEach(function (e) {
      var long = Array.from(e[0]), brief = Array.from(e[1]).map(function (c, i) { return [c, e[2][i]]; }), out = [];
      for (var i = 0; i < short.length;) {
        if (text(short.slice(i, i + long.length)) === e[0]) { out = out.concat(brief); i += long.length; }
        else { out.push(short[i]); i += 1; }
      }
      short = out;
    });
    var ordinals = [];
    for (var i = 0; i < short.length;) {
      if (short[i][0] === "第") {
        var digits = 0;
        while (i + 1 + digits < short.length && "一二三四五六七八九十".indexOf(short[i + 1 + digits][0]) >= 0) { digits += 1; }
        var rest = text(short.slice(i + 1 + digits, i + 3 + digits));
        if (digits > 0 && (rest === "中学" || rest === "小学")) {
          ordinals = ordinals.concat(short.slice(i + 1, i + 2 + digits));
          i += 3 + digits;
          continue;
        }
      }
      ordinals.push(short[i]);
      i += 1;
    }
    short = ordinals;
    if (text(short) === name) { return ["", ""]; }
    var forms = [short];
    for (var at = 2; at <= 3; at++) {
      if (short[at] !== undefined && "市县区".indexOf(short[at][0]) >= 0 && short.length > at + 2) {
        forms.push(short.slice(0, at).concat(short.slice(at + 1)));
        break;
      }
    }
    return [
      forms.map(text).join("|"),
      forms.map(function (f) { return f.map(function (t) { return t[1]; }).join(""); }).join("|")
    ];
  }
  /* Words with spaces between them are one name typed in parts (东兴 京族): first as written
     together, and when that finds nothing, the names that hold every word. */
  function finder(query) {
    var words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return finderOne(words.join("")).then(function (together) {
      if (words.length < 2 || together.rows.length) { return together; }
      return Promise.all(words.map(finderOne)).then(function (each) {
        var urls = each.slice(1).map(function (f) { return new Set(f.rows.map(function (r) { return r[3]; })); });
        return {
          rows: each[0].rows.filter(function (r) { return urls.every(function (u) { return u.has(r[3]); }); }),
          complete: each.every(function (f) { return f.complete; })
        };
      });
    });
  }
  function finderOne(query) {
    var q = query.trim().toLowerCase().replace(/\s+/g, "");
    if (!q) { return Promise.resolve({ rows: [], complete: true }); }
    var latin = /^[a-z]+$/.test(q);
    return get("meta.json").then(function (meta) {
      return Promise.all(finderGroups(q).map(function (g) { return finderGroup(meta, g); }));
    }).then(function (groups) {
      var seen = {}, found = [], complete = true;
      groups.forEach(function (group) {
        complete = complete && group.complete;
        group.rows.forEach(function (r) {
          if (seen[r[3]]) { return; }
          seen[r[3]] = true;
          var name = r[0], pinyin = r[4], initials = r[5], rank = -1;
          var shorts = r.length > 7 ? [r[6], r[7]] : shortSpellings(name, initials);
          var short = shorts[0], shortInitials = shorts[1];
          var bare = bareSpellings(name, initials, pinyin);
          var written = function (n) { return n !== "" && n.indexOf(q) >= 0; };
          var begins = function (n) { return n !== "" && n.indexOf(q) === 0; };
          if (!latin) {
            if (name === q || short === q || bare[0] === q) { rank = 0; }
            else if (begins(name) || begins(short) || begins(bare[0])) { rank = 1; }
            else if (written(name) || written(short) || written(bare[0])) { rank = 2; }
          } else if (initials === q || shortInitials === q || bare[1] === q) { rank = 3; }
          else if (begins(initials) || begins(shortInitials) || begins(bare[1])) { rank = 4; }
          else if (q.length >= 2 && (written(initials) || written(shortInitials) || written(bare[1]))) { rank = 5; }
          else if (begins(pinyin) || begins(bare[2])) { rank = 6; }
          else if (q.length >= 4 && (written(pinyin) || written(bare[2]))) { rank = 7; }
          if (rank >= 0) { found.push({ rank: rank, row: r }); }
        });
      });
      found.sort(function (a, b) {
        return a.rank - b.rank || Array.from(a.row[0]).length - Array.from(b.row[0]).length || (a.row[0] < b.row[0] ? -1 : a.row[0] > b.row[0] ? 1 : 0);
      });
      return { rows: found.map(function (f) { return f.row; }), complete: complete };
    });
  }

  /* ---- rendering (textContent only) ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  /* The first FINDER_SHOWN names, and a button that shows them all. */
  var FINDER_SHOWN = 10;
  function renderFinder(found, all) {
    var rows = all ? found.rows : found.rows.slice(0, FINDER_SHOWN);
    var ol = finderBox.querySelector("ol");
    ol.textContent = "";
    Array.prototype.forEach.call(finderBox.querySelectorAll(".finder-all"), function (e) { e.remove(); });
    rows.forEach(function (r) {
      var li = el("li");
      var a = el("a", null, r[0]); a.href = r[3];
      li.appendChild(a);
      li.appendChild(el("span", "doc-meta", r[1] + (r[2] ? " · " + r[2] : "")));
      ol.appendChild(li);
    });
    if (rows.length < found.rows.length) {
      var more = el("button", "finder-all more-results", "显示全部 " + found.rows.length + (found.complete ? "" : "+") + " 个");
      more.type = "button";
      more.addEventListener("click", function () { renderFinder(found, true); ol.querySelector("li:nth-child(" + (FINDER_SHOWN + 1) + ") a").focus(); });
      finderBox.appendChild(more);
    }
    if (!found.complete) {
      var hint = el("p", "finder-all", "名称含有这几个字的很多，这里只列出前 " + found.rows.length + " 个；多输入几个字可以缩小范围。");
      finderBox.appendChild(hint);
    }
    finderBox.hidden = found.rows.length === 0;
  }
  /* the first phrase's first match in `text` (the part of the hit: metadata, body head or a
     piece of a long body), with some text around it; for a hit in the title only, the body's start */
  function snippet(entry, text, part) {
    text = typeof text === "string" ? text : "";
    var us = units(text);
    var phrase = phrases(current ? current.query : "")[0] || { units: [] };
    var found = phrase.units.length ? occurrences(us, phrase.units) : [];
    var frag = document.createDocumentFragment();
    if (part === 0 || !found.length) {
      var head = entry[2] || "";
      frag.appendChild(document.createTextNode(head.slice(0, 80) + (head.length > 80 ? "…" : "")));
      return frag;
    }
    var index = found[0];
    var start = us[index].start, end = us[Math.min(index + phrase.units.length - 1, us.length - 1)].end;
    var from = Math.max(0, start - 30), to = Math.min(text.length, end + 50);
    /* the hit, and every other word of the query where it stands in the shown text */
    var marks = [[start, end]];
    var lower = text.toLowerCase();
    (current ? current.query : "").toLowerCase().split(/\s+/).filter(Boolean).forEach(function (word) {
      for (var at = lower.indexOf(word, from); at >= 0 && at + word.length <= to; at = lower.indexOf(word, at + word.length)) {
        marks.push([at, at + word.length]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = from, first = true;
    marks.forEach(function (m) {
      if (m[0] < pos) { return; }
      var before = text.slice(pos, m[0]);
      frag.appendChild(document.createTextNode((first && from > 0 ? "…" : "") + (first ? before.replace(/^\n+/, "") : before)));
      frag.appendChild(el("mark", null, text.slice(m[0], m[1])));
      pos = m[1];
      first = false;
    });
    frag.appendChild(document.createTextNode(text.slice(pos, to) + (to < text.length ? "…" : "")));
    return frag;
  }

  /* The index format this script reads (meta.json's version, written by index.rs). A script kept
     in a browser's cache from before the site was updated does not read the new files wrongly: it
     asks for a reload. */
  var INDEX_VERSION = 8;
  var run = 0;
  var current = null;
  function search(query) {
    var mine = ++run;
    query = query.trim();
    if (!query) {
      finderBox.hidden = true; textBox.hidden = true; status.textContent = "";
      return Promise.resolve();
    }
    status.textContent = "正在搜索……";
    var list = phrases(query);
    var textSearch = list.length ? get("meta.json").then(function (meta) {
      if (meta.version !== INDEX_VERSION) { throw { stale: true }; }
      var keys = [];
      list.forEach(function (p) { p.keys.forEach(function (k) { if (keys.indexOf(k.key) < 0) { keys.push(k.key); } }); });
      return Promise.all(keys.map(function (k) { return loadKey(meta, k); })).then(function (states) {
        states.meta = meta;
        states.list = list;
        return widen(meta, states, list);
      }).then(function (states) {
        if (states.some(function (s) { return s.pages === 0; })) { return { meta: meta, states: states }; }
        return advance(states, list).then(function () { return { meta: meta, states: states }; });
      });
    }) : Promise.resolve(null);
    return Promise.all([finder(query), textSearch]).then(function (both) {
      if (mine !== run) { return; }
      var found = both[0], loaded = both[1];
      renderFinder(found, false);
      current = loaded ? { query: query, meta: loaded.meta, states: loaded.states, shown: 0, filters: {} } : null;
      return untilFound(mine).then(function () { return showText(mine); }).then(function (count) {
        if (mine !== run) { return; }
        var total = found.rows.length + count;
        var parts = [];
        if (found.rows.length) { parts.push(found.rows.length + (found.complete ? "" : "+") + " 个学校、单位或地区"); }
        if (count) { parts.push(count + (current && !current.complete ? "+" : "") + " 个页面"); }
        status.textContent = total ? "找到 " + parts.join("，") + "。" :
          "没有找到与“" + query + "”相关的结果。请换个说法，或只输入校名中的几个字。";
        if (current && current.states.unreadable) {
          status.textContent += typeof DecompressionStream === "undefined" ?
            "当前浏览器版本较旧，无法核对页面全文，较长的词可能查不全；请升级浏览器，或只输入一两个字。" :
            "有的页面全文未能读取，结果可能不全，请稍后重试。";
        }
      });
    }).catch(function (e) {
      if (mine === run) {
        status.textContent = e && e.stale ? "本站的搜索数据已更新，请刷新本页后再搜索。" : "搜索数据加载失败，请稍后重试。";
      }
    });
  }

  /* The first pages of common keys may hold no match of a rare phrase: read on until one is found
     or every posting is read, rather than wrongly saying "nothing found". */
  function untilFound(mine) {
    if (!current || mine !== run) { return Promise.resolve(); }
    var evaluated = evaluate(current.states);
    if (evaluated.results.length || evaluated.complete) { return Promise.resolve(); }
    status.textContent = "正在继续查找……";
    return advance(current.states, current.states.list).then(function () { return untilFound(mine); });
  }

  function showText(mine) {
    var ol = textBox.querySelector("ol");
    var more = textBox.querySelector(".more-results");
    ol.textContent = "";
    if (!current) { textBox.hidden = true; return Promise.resolve(0); }
    var evaluated = evaluate(current.states);
    current.complete = evaluated.complete;
    current.results = evaluated.results;
    var shown = evaluated.results.slice(0, Math.max(PAGE_SIZE, current.shown));
    current.shown = shown.length;
    var chunks = {};
    shown.forEach(function (r) { chunks[Math.floor(r.doc / current.meta.docChunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return get("d/" + c + ".json"); })).then(function () {
      if (mine !== run) { return 0; }
      return Promise.all(shown.map(function (r) {
        return get("d/" + Math.floor(r.doc / current.meta.docChunk) + ".json").then(function (rows) {
          r.row = rows[r.doc % current.meta.docChunk];
        });
      })).then(function () {
        renderFilters(shown);
        var visible = shown.filter(passes);
        visible.forEach(function (r) {
          var li = el("li");
          var a = el("a", null, r.row[1]); a.href = r.row[0];
          li.appendChild(a);
          li.appendChild(el("span", "doc-meta", [r.row[2], r.row[3] || "", r.row[4] || ""].filter(Boolean).join(" · ")));
          var p = el("p", "snippet");
          li.appendChild(p);
          ol.appendChild(li);
          /* every listed result has a snippet: a longer phrase's were read to confirm it */
          var meta = current.meta;
          getEntry("t/" + Math.floor(r.doc / meta.docChunk) + ".bin", r.row[5], r.row[6]).then(function (stored) {
            /* the title is the d/ row's */
            var entry = [r.row[1]].concat(stored);
            /* a long body keeps its head here; each later piece is a file of its own */
            var text = r.hit > HEAD ? getPiece("t/s" + r.doc + "-" + (r.hit - HEAD) + ".bin") : Promise.resolve(entry[r.hit]);
            return text.then(function (t) { p.appendChild(snippet(entry, t, r.hit)); });
          }).catch(function () {});
        });
        textBox.hidden = shown.length === 0;
        more.hidden = evaluated.results.length <= shown.length && evaluated.complete;
        return evaluated.results.length;
      });
    });
  }

  function passes(r) {
    var f = current.filters;
    return (!f.kind || r.row[2] === f.kind) && (!f.year || (r.row[3] || "").slice(0, 4) === f.year) &&
      (!f.region || (r.row[4] || "").indexOf(f.region) >= 0);
  }
  function renderFilters(shown) {
    var box = textBox.querySelector(".search-filters");
    box.textContent = "";
    [["kind", "类型", function (r) { return r.row[2]; }], ["year", "年份", function (r) { return (r.row[3] || "").slice(0, 4); }],
      ["region", "地区", function (r) { return (r.row[4] || "").split(" › ").slice(0, 2).join(" › "); }]].forEach(function (f) {
      var values = [];
      shown.forEach(function (r) { var v = f[2](r); if (v && values.indexOf(v) < 0) { values.push(v); } });
      if (values.length < 2) { return; }
      values.sort();
      var label = el("label", null, f[1] + " ");
      var select = el("select");
      var all = el("option", null, "全部"); all.value = ""; select.appendChild(all);
      values.forEach(function (v) { var o = el("option", null, v); o.value = v; if (current.filters[f[0]] === v) { o.selected = true; } select.appendChild(o); });
      select.addEventListener("change", function () { current.filters[f[0]] = select.value; showText(run); });
      label.appendChild(select);
      box.appendChild(label);
    });
  }

  textBox.querySelector(".more-results").addEventListener("click", function () {
    if (!current) { return; }
    current.shown += PAGE_SIZE;
    var more = current.results && current.results.length >= current.shown ? Promise.resolve() : advance(current.states, current.states.list);
    more.then(function () { showText(run); });
  });

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value;
      history.replaceState(null, "", q.trim() ? "?q=" + encodeURIComponent(q.trim()) : location.pathname);
      search(q);
    }, 80);
  });
  input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value.trim()));
    search(input.value);
  });
  var initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  var header = document.getElementById("site-search");
  if (header) { header.value = initial; }
  search(initial);
  window.jieduiSearch = { units: units, fnv: fnv, phrases: phrases, search: search, shortSpellings: shortSpellings };
}());
