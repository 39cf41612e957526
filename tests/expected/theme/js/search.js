/* The search page: results from Pagefind (its files are on this site, loaded on first
   use), each post with the questions and updates that match, each linking to its
   permanent anchor. (The "/" shortcut of every page is in _search_form.html.) */
(() => {
  "use strict";
  const BATCH = 5;         // posts shown at a time (each loads its fragment)
  const PARTS = 4;         // questions or updates shown under a post
  const WORDS = 26;        // words in an excerpt
  const DEBOUNCE_MS = 120; // typing pause before searching

  const root = document.getElementById("search");
  if (!root) return;
  const form = root.querySelector("form");
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  const list = root.querySelector(".search-results");
  const more = root.querySelector(".search-more");
  const site = new URL(root.dataset.site, location.href);
  let pagefind = null;
  let results = [];
  let shown = 0;
  let generation = 0; // a newer search makes older answers stale
  let timer = 0;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  const load = () => (pagefind ??= import(root.dataset.bundle + "pagefind.js").then(async (module) => {
    await module.options({ noWorker: true }); // one file less to fetch; searching is quick
    await module.init();
    return module;
  }));
  const address = (url, id) => new URL(url.replace(/^\//, "") + (id ? "#" + id : ""), site).href;

  // A post's text is split at its questions (h2/h3) and dated updates; each match
  // belongs to the last of them before it, or to the post itself.
  const isPart = (a) => (/^h[23]$/i.test(a.element) && a.text.trim() !== "")
    || (a.element === "aside" && a.id.startsWith("update-"));
  const sections = (data, words) => {
    const anchors = data.anchors.filter((a) => a.id && isPart(a)).sort((a, b) => a.location - b.location);
    const part = (i) => {
      const title = i < 0 ? "" : partTitle(words, anchors[i]);
      return {
        anchor: anchors[i],
        title,
        body: (anchors[i]?.location ?? 0) + (title ? title.split(/\s+/).length : 0),
        end: anchors[i + 1]?.location ?? Infinity,
        locations: new Set(),
        weight: 0,
      };
    };
    const groups = new Map();
    for (const { location, weight } of data.weighted_locations) {
      let i = anchors.length - 1;
      while (i >= 0 && anchors[i].location > location) i--;
      const group = groups.get(i) ?? part(i);
      group.locations.add(location);
      group.weight += weight;
      groups.set(i, group);
    }
    const top = groups.get(-1);
    if (top) top.body = (data.meta.title || "").split(/\s+/).filter(Boolean).length; // after the title
    groups.delete(-1);
    const parts = [...groups.values()]
      .sort((a, b) => b.weight - a.weight || a.anchor.location - b.anchor.location)
      .slice(0, PARTS);
    return { top, parts };
  };

  const excerpt = (words, group) => {
    const end = Math.min(group.end, words.length);
    const hits = [...group.locations].filter((l) => l >= group.body && l < end);
    const first = hits.length ? Math.min(...hits) : group.body;
    const start = Math.max(group.body, Math.min(first - 6, end - WORDS));
    const stop = Math.min(end, start + WORDS);
    const p = el("p", "search-excerpt");
    let text = start > group.body ? "… " : "";
    for (let i = start; i < stop; i++) {
      if (group.locations.has(i)) {
        p.append(text, el("mark", null, words[i]));
        text = " ";
      } else {
        text += words[i] + " ";
      }
    }
    p.append(text.trimEnd() + (stop < end ? " …" : ""));
    return p;
  };

  // A part's title: its question, or an update's label ("Update 24 March 2022:").
  const partTitle = (words, anchor) => {
    if (anchor.text) return anchor.text;
    const start = words.slice(anchor.location, anchor.location + 8);
    const end = start.findIndex((word) => word.endsWith(":"));
    return end < 0 ? "" : start.slice(0, end + 1).join(" ").slice(0, -1);
  };
  const byline = (data) => [data.meta.date, (data.filters.author || []).join(", "),
    (data.filters.category || [])[0]].filter(Boolean).join(" · ");

  const render = (data) => {
    const item = el("li", "search-result");
    const heading = item.appendChild(el("h2"));
    const link = heading.appendChild(el("a", null, data.meta.title || data.raw_url));
    link.href = address(data.raw_url);
    const meta = byline(data);
    if (meta) item.append(el("p", "search-meta", meta));
    const words = data.content.split(/[\r\n\s]+/g);
    const { top, parts } = sections(data, words);
    if (top || !parts.length) item.append(excerpt(words, top ?? { body: 0, end: words.length, locations: new Set() }));
    if (parts.length) {
      const sub = item.appendChild(el("ul", "search-parts"));
      for (const part of parts) {
        const entry = sub.appendChild(el("li"));
        const partLink = entry.appendChild(el("a", null, part.title || "Update"));
        partLink.href = address(data.raw_url, part.anchor.id);
        entry.append(excerpt(words, part));
      }
    }
    return item;
  };

  const showMore = async (mine) => {
    const batch = results.slice(shown, shown + BATCH);
    const datas = await Promise.all(batch.map((result) => result.data()));
    if (mine !== generation) return;
    list.append(...datas.map(render));
    shown += batch.length;
    more.hidden = shown >= results.length;
  };

  const say = (query) => {
    const n = results.length;
    if (n) {
      status.textContent = `${n} ${n === 1 ? "post matches" : "posts match"} “${query}”.`;
      return;
    }
    const archives = el("a", null, "the archives");
    archives.href = root.dataset.archives;
    status.replaceChildren(`Nothing matches “${query}”. Try other words, or browse `, archives, ".");
  };

  const run = async (query) => {
    const mine = ++generation;
    clearTimeout(timer);
    query = query.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    if (!query) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    try {
      const search = await (await load()).search(query);
      if (mine !== generation) return;
      results = search.results;
      shown = 0;
      list.replaceChildren();
      await showMore(mine);
      if (mine === generation) say(query);
    } catch (error) {
      if (mine === generation) status.textContent = "Search could not load here; the archives list every post.";
      console.warn("search:", error);
    }
  };

  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(input.value);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), DEBOUNCE_MS);
  });
  input.addEventListener("focus", () => load().catch(() => {}), { once: true }); // run() says why
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && list.querySelector("a")) {
      event.preventDefault();
      list.querySelector("a").focus();
    }
  });
  more.addEventListener("click", () => showMore(generation));
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    run(query);
  }
})();
