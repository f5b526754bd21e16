// yanchu's page: words in, a model out. As the words are typed the page asks the server what
// it understood (explain), then for a coarse preview to look at, then for the full model and
// its files. Editing a parameter in the form rewrites the words, so words, form, address and
// model always agree. A domain made from a picture (its schema's image) shows a file input,
// and the picture chosen goes with every make request of such words.

import * as i18n from "./i18n.js";
import { Viewer } from "./viewer.js";

const { t } = i18n;
const $ = (id) => document.getElementById(id);

const DEBOUNCE_MS = 150;
const FORMATS = ["3mf", "stl", "glb"];

const el = {
	words: $("words"),
	mic: $("mic"),
	pictureRow: $("picture-row"),
	pictureLabel: $("picture-label"),
	picture: $("picture"),
	thumb: $("thumb"),
	error: $("error"),
	examples: $("examples"),
	understood: $("understood"),
	form: $("form"),
	printer: $("printer"),
	lang: $("lang"),
	viewer: $("viewer"),
	progress: $("progress"),
	stage: $("stage"),
	cut: $("cut"),
	cutRow: $("cut-row"),
	play: $("play"),
	report: $("report"),
	downloads: $("downloads"),
};

// state is what the page knows; window.yanchu.state shows it to tests.
const state = {
	words: "", // the words last settled
	gen: 0, // bumped whenever the words or the printer change; late answers of older gens are dropped
	explain: null, // the explain document of the words
	printers: [],
	picture: null, // the picture chosen, {name, bytes}; its base64 is in pictureData
	printer: "", // the chosen printer's id ("" until the list arrives: the server's default)
	defaultPrinter: "",
	jobs: new Map(), // running jobs: id → {es, reject}
	preview: null, // the preview's result document
	result: null, // the full result document
	gcode: null, // the G-code job's result document, or {error}
	film: null, // the film: {making: true}, its job's result document, or {error}
	model: { gen: 0, words: "", kind: "", count: 0 }, // the model in view
	awaitingModel: false, // a yanchu:typed mark waits for its first model
	typedToModelMs: null,
	error: null, // {code, message} shown in #error
	progress: null,
	phase: "idle", // idle | explaining | preview | full | slicing | done | error
};

let viewer = null;
let pictureData = ""; // the chosen picture in base64
let thumbURL = ""; // the chosen picture's object URL, for its thumbnail
let timer = 0;
let lastInput = 0;
let printersReady = null;

// APIError is an error document from the server, or a failure to reach it.
class APIError extends Error {
	constructor(status, doc, retryAfter) {
		const e = (doc && doc.error) || {};
		super(e.message || `HTTP ${status}`);
		this.status = status;
		this.code = e.code || (status ? "internal" : "network");
		this.suggestions = e.suggestions || [];
		this.retryAfter = retryAfter;
	}
}

// Stale marks work dropped because the words changed.
class Stale extends Error {}

async function call(url, opts = {}) {
	let r;
	try {
		r = await fetch(url, opts);
	} catch (e) {
		if (e.name === "AbortError") throw new Stale();
		const err = new APIError(0, { error: { code: "network", message: t("netError") + e.message } });
		throw err;
	}
	let doc = null;
	try {
		doc = await r.json();
	} catch {
		doc = null;
	}
	if (!r.ok) throw new APIError(r.status, doc, Number(r.headers.get("Retry-After")) || 0);
	return doc;
}

// ---- words ----

function onInput() {
	lastInput = performance.now();
	if (el.words.value.trim() !== state.words) {
		dropStale();
		viewer && viewer.hold();
	}
	clearTimeout(timer);
	timer = setTimeout(() => settle(lastInput), DEBOUNCE_MS);
}

// wordsChanged puts words in the box and runs the flow, as typing them would.
function wordsChanged(words, now) {
	el.words.value = words;
	onInput();
	if (now) {
		clearTimeout(timer);
		settle(lastInput);
	}
}

// settle runs the flow for the words in the box. typedAt is when typing stopped.
function settle(typedAt) {
	clearTimeout(timer);
	const words = el.words.value.trim();
	performance.mark("yanchu:typed", { startTime: typedAt });
	performance.mark("yanchu:settled");
	state.awaitingModel = true;
	run(words).catch((e) => {
		// Errors of the words or the server are shown in place; anything else is a bug.
		if (!(e instanceof Stale) && !(e instanceof APIError)) console.error(e);
	});
}

// dropStale forgets the current words' work: cancels their jobs and bumps the generation.
function dropStale() {
	state.gen++;
	for (const [id, job] of state.jobs) {
		job.es && job.es.close();
		job.reject(new Stale());
		fetch(`api/v1/jobs/${encodeURIComponent(id)}`, { method: "DELETE" }).catch(() => {});
	}
	state.jobs.clear();
}

async function run(words) {
	dropStale();
	const gen = state.gen;
	state.words = words;
	state.preview = null;
	state.result = null;
	state.gcode = null;
	state.film = null;
	renderExamples();
	renderReport();
	renderDownloads();
	if (!words) {
		state.explain = null;
		formExplain = null;
		state.phase = "idle";
		state.awaitingModel = false;
		showError(null);
		renderAll();
		viewer && viewer.clear();
		setProgress(null);
		return;
	}
	state.phase = "explaining";
	const printer = state.printer;
	const q = new URLSearchParams({ words });
	if (printer) q.set("printer", printer);
	const explained = call(`api/v1/explain?${q}`);
	// The preview is asked for at once; it needs nothing the explanation gives, unless a
	// picture was chosen: it goes only to a domain made from one, which the explanation names.
	let previewed = state.picture ? null : makeJob(gen, words, printer, { preview: true });
	previewed && previewed.catch(() => {}); // handled below
	let ex;
	try {
		ex = await explained;
	} catch (e) {
		if (gen === state.gen) {
			state.explain = null;
			renderUnderstood();
			renderPicture();
			fail(e);
		}
		throw e;
	}
	if (gen !== state.gen) throw new Stale();
	showError(null);
	performance.mark("yanchu:explained");
	state.explain = ex;
	if (ex.printer && ex.printer !== state.printer && state.printers.some((p) => p.id === ex.printer)) {
		// The words named a printer ("用拓竹P1S打"): the rest of the flow is for it.
		state.printer = ex.printer;
		renderPrinters();
	}
	formExplain = ex;
	renderUnderstood();
	renderForm();
	renderPicture();
	address();
	const image = pictureFor(ex);
	if (!previewed) previewed = makeJob(gen, words, printer, { preview: true, image });

	state.phase = "preview";
	setProgress({ kind: "preview", stage: "queued" });
	let pre;
	try {
		pre = await previewed;
	} catch (e) {
		if (gen === state.gen) fail(e);
		throw e;
	}
	if (gen !== state.gen) throw new Stale();
	performance.mark("yanchu:preview-result");
	state.preview = pre;
	if (image && pre.spec && pre.spec.domain === ex.spec.domain) {
		// The picture gave the sizes the words left out (its proportions, its pixel).
		state.explain = formExplain = { ...ex, spec: pre.spec };
		renderUnderstood();
		renderForm();
	}
	renderCut(pre);
	const glb = (pre.files || []).find((f) => f.format === "glb");
	if (glb) await loadModel(gen, words, glb.url, "preview");

	state.phase = "full";
	await printersReady;
	if (gen !== state.gen) throw new Stale();
	setProgress({ kind: "full", stage: "queued" });
	let res;
	try {
		res = await makeJob(gen, words, state.printer, { formats: FORMATS, image });
	} catch (e) {
		if (gen === state.gen) fail(e);
		throw e;
	}
	if (gen !== state.gen) throw new Stale();
	state.result = res;
	state.phase = "done";
	setProgress({ kind: "full", stage: "done", done: 1, total: 1 });
	renderReport();
	renderDownloads();
	renderCut(res);
	const full = (res.files || []).find((f) => f.format === "glb");
	if (full) await loadModel(gen, words, full.url, "full");

	// G-code comes last, as a job of its own: slicing takes far longer than meshing
	// (a minute for a puzzle ball on two cores), and the files and report should not wait.
	if (!gcodeRoute(state.printer) || gen !== state.gen) return;
	state.phase = "slicing";
	setProgress({ kind: "gcode", stage: "queued" });
	renderDownloads();
	try {
		state.gcode = await makeJob(gen, words, state.printer, { formats: ["gcode"], image });
	} catch (e) {
		if (e instanceof Stale || gen !== state.gen) throw e;
		state.gcode = { error: e };
	}
	if (gen !== state.gen) throw new Stale();
	state.phase = "done";
	setProgress({ kind: "gcode", stage: state.gcode.error ? "failed" : "done", done: 1, total: 1 });
	renderDownloads();
	renderReport();
}

function fail(e) {
	if (e instanceof Stale) return;
	state.phase = "error";
	state.awaitingModel = false;
	setProgress(null);
	showError(e);
}

// makeJob asks for a model and resolves with the result document the job's events end with.
// A busy server is asked again after the time it names, while the words stay the same.
// image is the picture or film to send, {name, data, film}, or nothing.
async function makeJob(gen, words, printer, { preview, formats, image }) {
	const body = { words };
	if (printer) body.printer = printer;
	if (preview) body.preview = true;
	if (formats) body.formats = formats;
	// A film goes as film, a picture as image, each {name, data}.
	if (image) body[image.film ? "film" : "image"] = { name: image.name, data: image.data };
	const only = formats && formats.length === 1 ? formats[0] : "";
	const kind = preview ? "preview" : only === "gcode" ? "gcode" : only === "gif" ? "film" : "full";
	let acc;
	for (let attempt = 0; ; attempt++) {
		if (gen !== state.gen) throw new Stale();
		try {
			acc = await call("api/v1/make", {
				method: "POST",
				headers: { "Content-Type": "application/json" },
				body: JSON.stringify(body),
			});
			break;
		} catch (e) {
			if (!(e instanceof APIError) || e.code !== "busy" || attempt >= 5) throw e;
			if (gen === state.gen) setProgress({ kind, stage: "busy" });
			await new Promise((ok) => setTimeout(ok, Math.min(Math.max(e.retryAfter, 1), 5) * 1000));
		}
	}
	if (gen !== state.gen) {
		fetch(`api/v1/jobs/${encodeURIComponent(acc.job)}`, { method: "DELETE" }).catch(() => {});
		throw new Stale();
	}
	performance.mark(`yanchu:${kind}-accepted`);
	return new Promise((resolve, reject) => {
		const job = { es: null, reject };
		state.jobs.set(acc.job, job);
		const es = new EventSource(acc.events);
		job.es = es;
		const finish = () => {
			es.close();
			state.jobs.delete(acc.job);
		};
		es.addEventListener("progress", (ev) => {
			if (gen !== state.gen) return;
			try {
				setProgress({ kind, ...JSON.parse(ev.data) });
			} catch {
				// a malformed progress event only loses one update
			}
		});
		es.addEventListener("result", (ev) => {
			finish();
			try {
				resolve(JSON.parse(ev.data));
			} catch (e) {
				reject(e);
			}
		});
		es.addEventListener("error", (ev) => {
			if (ev.data) {
				finish();
				let doc = null;
				try {
					doc = JSON.parse(ev.data);
				} catch {
					doc = null;
				}
				reject(new APIError(500, doc));
			} else if (es.readyState === EventSource.CLOSED) {
				finish();
				reject(new APIError(0, { error: { code: "network", message: t("netError") + "events" } }));
			}
			// Otherwise the browser reconnects, and the server replays the final event.
		});
	});
}

// setPlaying shows whether the parts are moving on the play button.
function setPlaying(on) {
	el.play.setAttribute("aria-pressed", on ? "true" : "false");
	el.play.dataset.i18n = on ? "stop" : "play";
	el.play.textContent = t(on ? "stop" : "play");
}

// loadModel fetches a GLB and puts it in view, unless the words have moved on.
async function loadModel(gen, words, url, kind) {
	let buf;
	try {
		const r = await fetch(url);
		if (!r.ok) throw new Error(`HTTP ${r.status}`);
		buf = await r.arrayBuffer();
		performance.mark(`yanchu:${kind}-glb`);
	} catch (e) {
		if (gen === state.gen) fail(new APIError(0, { error: { code: "network", message: t("netError") + e.message } }));
		throw new Stale();
	}
	if (gen !== state.gen || !viewer || !viewer.ok) return;
	const gltf = await viewer.parse(buf);
	if (gen !== state.gen) return;
	performance.mark(`yanchu:${kind}-parsed`);
	viewer.show(gltf.scene);
	viewer.animate(gltf.animations);
	el.play.hidden = !(gltf.animations && gltf.animations.length);
	setPlaying(false);
	state.model = { gen, words, kind, count: state.model.count + 1 };
	if (state.awaitingModel) {
		state.awaitingModel = false;
		performance.mark("yanchu:model");
		const m = performance.measure("yanchu:typed-to-model", "yanchu:typed", "yanchu:model");
		state.typedToModelMs = m ? m.duration : null;
	}
}

// ---- what was understood ----

// label returns a parameter's short name from its description in the interface language:
// "层数（含最里面的球芯）" → "层数", "outer size: length × ..." → "outer size".
function label(p) {
	const d = (i18n.lang() === "zh" ? p.zh : p.en) || p.name;
	const short = d.split(/[：:（(，,;；]/)[0].trim();
	return short || p.name;
}

function domainLabel(schema) {
	const d = (i18n.lang() === "zh" ? schema.zh : schema.en) || schema.domain;
	return d.split(/[：:]/)[0].trim();
}

function unitOf(p, v) {
	const u = (v && v.unit) || p.unit || "";
	return u === "deg" ? "°" : u;
}

function showValue(p, v) {
	if (!v) return "";
	if (Array.isArray(v.value)) return v.value.map(formatNumber).join(" × ") + " " + unitOf(p, v);
	if (typeof v.value === "number") {
		const u = unitOf(p, v);
		return formatNumber(v.value) + (u ? (u === "°" || u === "%" ? u : " " + u) : "");
	}
	return String(v.value);
}

let defaultsOpen = false;

function renderUnderstood() {
	const box = el.understood;
	box.replaceChildren();
	const ex = state.explain;
	if (!ex) return;
	const sc = ex.schema;
	const h = document.createElement("div");
	h.className = "domain";
	h.innerHTML = `<span class="k"></span> <b></b>`;
	h.querySelector(".k").textContent = t("understood");
	h.querySelector("b").textContent = sc ? domainLabel(sc) : ex.spec.domain;
	box.append(h);
	// What was said and what was worked out from it come first; defaults fold away.
	const list = document.createElement("ul");
	list.className = "params";
	const defaults = document.createElement("ul");
	defaults.className = "params";
	const params = ex.spec.params || {};
	const order = sc ? sc.params.map((p) => p.name) : Object.keys(params);
	for (const name of order) {
		const v = params[name];
		if (!v) continue;
		const p = (sc && sc.params.find((q) => q.name === name)) || { name, unit: v.unit };
		const li = document.createElement("li");
		li.className = `src-${v.source}`;
		li.dataset.param = name;
		li.title = (i18n.lang() === "zh" ? p.zh : p.en) || name;
		const n = document.createElement("span");
		n.className = "name";
		n.textContent = label(p);
		const val = document.createElement("span");
		val.className = "value";
		val.textContent = showValue(p, v);
		const src = document.createElement("span");
		src.className = "source";
		src.textContent = i18n.has(v.source) ? t(v.source) : v.source;
		li.append(n, val, src);
		(v.source === "default" ? defaults : list).append(li);
	}
	box.append(list);
	renderHeard(box, ex);
	if (defaults.children.length) {
		const more = document.createElement("details");
		more.open = defaultsOpen;
		more.addEventListener("toggle", () => (defaultsOpen = more.open));
		const summary = document.createElement("summary");
		summary.textContent = `${t("defaults")} (${defaults.children.length})`;
		more.append(summary, defaults);
		box.append(more);
	}
	const canon = document.createElement("code");
	canon.className = "canonical";
	canon.textContent = ex.canonical || "";
	box.append(canon);
}

// renderHeard says what the words said besides the parameters: the printer they named,
// the corrections, and what was set aside (fillers, politeness, purpose), so that a
// sentence from speech recognition shows that nothing was dropped silently.
function renderHeard(box, ex) {
	const h = ex.heard;
	if (!h) return;
	const add = (cls, key, text) => {
		const d = document.createElement("div");
		d.className = `heard ${cls}`;
		const k = document.createElement("span");
		k.className = "k";
		k.textContent = t(key);
		d.append(k, document.createTextNode(" " + text));
		box.append(d);
		return d;
	};
	if (h.printer) {
		const pr = state.printers.find((p) => p.id === h.printer);
		add("printer-named", "printerNamed", `${pr ? printerName(pr) : h.printer} ← ${h.printer_word || ""}`);
	}
	for (const c of h.corrections || []) {
		add("corrected", "corrected", `${c.param}: ${c.from} → ${c.to} (${c.word})`);
	}
	const aside = h.set_aside || [];
	if (aside.length) {
		const d = add("aside", "setAside", "");
		d.id = "set-aside";
		d.lastChild.textContent = " " + aside.map((a) => `${a.word} (${i18n.has("why_" + a.why) ? t("why_" + a.why) : a.why})`).join(", ");
	}
}

// ---- the picture ----

// takesPicture reports whether the words explained name a domain made from a picture,
// or carved from a turntable film (takesFilm): the file input serves both.
function takesPicture(ex) {
	return !!(ex && ex.schema && (ex.schema.image || ex.schema.film));
}

function takesFilm(ex) {
	return !!(ex && ex.schema && ex.schema.film);
}

// pictureFor returns the picture or film to send with the words explained: the one
// chosen, when their domain is made from one of its kind.
function pictureFor(ex) {
	if (!takesPicture(ex) || !state.picture || state.picture.film !== takesFilm(ex)) return undefined;
	return { name: state.picture.name, data: pictureData, film: state.picture.film };
}

function renderPicture() {
	const film = takesFilm(state.explain);
	el.pictureRow.hidden = !takesPicture(state.explain);
	el.pictureLabel.textContent = t(film ? "filmLabel" : "pictureLabel");
	el.picture.accept = film ? "video/mp4,video/*,image/gif,image/png" : "image/png,image/jpeg";
	const p = state.picture && state.picture.film === film ? state.picture : null;
	el.thumb.hidden = !p || !p.still;
	if (p) {
		el.thumb.src = thumbURL;
		el.thumb.alt = t(film ? "filmChosen" : "pictureChosen") + p.name;
	} else {
		el.thumb.removeAttribute("src");
		el.thumb.alt = "";
	}
}

// readBase64 reads a file as standard base64.
function readBase64(file) {
	return new Promise((ok, fail) => {
		const r = new FileReader();
		r.onload = () => {
			const url = String(r.result);
			ok(url.slice(url.indexOf(",") + 1));
		};
		r.onerror = () => fail(r.error);
		r.readAsDataURL(file);
	});
}

// onPicture takes the picture chosen (or its removal) and makes the words' model again
// when their domain is made from a picture.
async function onPicture() {
	const file = el.picture.files && el.picture.files[0];
	if (thumbURL) URL.revokeObjectURL(thumbURL);
	thumbURL = "";
	state.picture = null;
	pictureData = "";
	if (file) {
		try {
			pictureData = await readBase64(file);
		} catch (e) {
			renderPicture();
			showError({ code: takesFilm(state.explain) ? "bad_video" : "bad_image", message: `${file.name}: ${e && e.message}` });
			return;
		}
		if (el.picture.files[0] !== file) return; // another was chosen meanwhile
		// A film is kept for the domain of the words it was chosen for; a video has
		// no thumbnail an <img> can show.
		state.picture = { name: file.name, bytes: file.size, film: takesFilm(state.explain), still: !/^video\//.test(file.type) };
		thumbURL = URL.createObjectURL(file);
	}
	renderPicture();
	if (takesPicture(state.explain) && el.words.value.trim()) {
		dropStale();
		settle(performance.now());
	}
}

// ---- the form ----

// formatNumber prints a number as spec.FormatNumber does: shortest, at most 6 decimals.
function formatNumber(x) {
	if (Number.isInteger(x)) return String(x);
	return x.toFixed(6).replace(/0+$/, "").replace(/\.$/, "");
}

// formatValue prints a value as spec.FormatValue does: "80mm", "12", "90deg", "fdm", "100x60x40mm".
function formatValue(kind, value) {
	switch (kind) {
		case "choice":
			return String(value);
		case "size":
			return value.map(formatNumber).join("x") + "mm";
	}
	const unit = { length: "mm", angle: "deg", volume: "ml", percent: "%" }[kind] || "";
	return formatNumber(value) + unit;
}

// canonicalWords writes the words in canonical form, "domain name=value ...", with what was
// said (derived and default values are left to be worked out again) and name set to value.
function canonicalWords(ex, name, value) {
	const parts = [ex.spec.domain];
	for (const p of ex.schema.params) {
		if (p.name === name) {
			parts.push(`${p.name}=${formatValue(p.kind, value)}`);
			continue;
		}
		const v = ex.spec.params[p.name];
		if (v && v.source === "said") parts.push(`${p.name}=${formatValue(p.kind, v.value)}`);
	}
	return parts.join(" ");
}

// saidWords is the canonical form of what was said, for the address.
function saidWords(ex) {
	return ex.schema ? canonicalWords(ex, "", null) : ex.canonical;
}

function stepOf(p) {
	if (p.kind === "count") return 1;
	if (p.kind === "angle") return 1;
	const span = p.max - p.min;
	if (span > 500) return 1;
	if (span > 50) return 0.5;
	if (span > 5) return 0.1;
	return 0.05;
}

let formDomain = "";
let formExplain = null; // the explanation the form shows: the last good one

function renderForm(rebuild) {
	const ex = formExplain;
	const form = el.form;
	if (!ex || !ex.schema) {
		form.replaceChildren();
		formDomain = "";
		return;
	}
	if (rebuild || formDomain !== ex.schema.domain) {
		buildForm(ex.schema);
		formDomain = ex.schema.domain;
	}
	// Put the values in, except in the field the person is editing.
	for (const row of form.querySelectorAll(".row")) {
		const name = row.dataset.param;
		const v = ex.spec.params[name];
		row.dataset.source = v ? v.source : "";
		const src = row.querySelector(".source");
		src.textContent = v ? (i18n.has(v.source) ? t(v.source) : v.source) : "";
		if (!v) continue;
		for (const input of row.querySelectorAll("input, select")) {
			if (input === document.activeElement && input.type !== "range") continue;
			const i = input.dataset.index;
			const x = i !== undefined ? v.value[Number(i)] : v.value;
			if (x === undefined || x === null) continue;
			input.value = typeof x === "number" ? formatNumber(x) : String(x);
		}
	}
}

function buildForm(sc) {
	const form = el.form;
	form.replaceChildren();
	for (const p of sc.params) {
		const row = document.createElement("div");
		row.className = "row";
		row.dataset.param = p.name;
		row.dataset.kind = p.kind;
		const lab = document.createElement("label");
		lab.className = "label";
		lab.textContent = label(p);
		lab.title = (i18n.lang() === "zh" ? p.zh : p.en) || p.name;
		const id = `f-${p.name}`;
		lab.htmlFor = id;
		const src = document.createElement("span");
		src.className = "source";
		const ctl = document.createElement("div");
		ctl.className = "ctl";
		const unit = document.createElement("span");
		unit.className = "unit";
		unit.textContent = unitOf(p, null);

		const commit = (value) => {
			const ex = formExplain;
			if (!ex) return;
			wordsChanged(canonicalWords(ex, p.name, value), false);
		};

		if (p.kind === "choice") {
			const sel = document.createElement("select");
			sel.id = id;
			sel.name = p.name;
			for (const c of p.choices || []) sel.add(new Option(c, c));
			sel.addEventListener("change", () => commit(sel.value));
			ctl.append(sel);
		} else if (p.kind === "size") {
			const fields = [];
			["sizeX", "sizeY", "sizeZ"].forEach((k, i) => {
				const n = document.createElement("input");
				n.type = "number";
				n.inputMode = "decimal";
				n.min = p.min;
				n.max = p.max;
				n.step = "any";
				n.dataset.index = i;
				n.name = `${p.name}.${i}`;
				if (i === 0) n.id = id;
				n.setAttribute("aria-label", `${label(p)} ${t(k)}`);
				n.title = t(k);
				n.addEventListener("change", () => {
					const v = fields.map((f) => Number(f.value));
					if (v.every((x) => Number.isFinite(x) && x > 0)) commit(v);
				});
				fields.push(n);
				ctl.append(n);
				if (i < 2) ctl.append(Object.assign(document.createElement("span"), { className: "times", textContent: "×" }));
			});
			ctl.append(unit);
		} else {
			const allowed = p.values && p.values.length ? p.values : null;
			const snap = (x) => {
				if (!allowed) return x;
				return allowed.reduce((a, b) => (Math.abs(b - x) < Math.abs(a - x) ? b : a));
			};
			const range = document.createElement("input");
			range.type = "range";
			range.min = p.min;
			range.max = p.max;
			range.step = stepOf(p);
			range.name = `${p.name}.range`;
			range.setAttribute("aria-label", label(p));
			const num = document.createElement("input");
			num.type = "number";
			num.id = id;
			num.name = p.name;
			num.inputMode = p.kind === "count" ? "numeric" : "decimal";
			num.min = p.min;
			num.max = p.max;
			num.step = p.kind === "count" ? 1 : "any";
			range.addEventListener("input", () => {
				const x = snap(Number(range.value));
				num.value = formatNumber(x);
				commit(x);
			});
			num.addEventListener("change", () => {
				const x = Number(num.value);
				if (num.value === "" || !Number.isFinite(x)) return;
				const s = snap(x);
				num.value = formatNumber(s);
				range.value = s;
				commit(s);
			});
			ctl.append(range, num, unit);
		}
		const head = document.createElement("div");
		head.className = "head";
		head.append(lab, src);
		row.append(head, ctl);
		form.append(row);
	}
}

// ---- progress, report, downloads, cut ----

function setProgress(p) {
	state.progress = p;
	const bar = el.progress;
	if (!p) {
		bar.value = 0;
		bar.hidden = true;
		el.stage.textContent = "";
		return;
	}
	bar.hidden = false;
	if (p.total > 0) bar.value = Math.min(1, p.done / p.total);
	else bar.removeAttribute("value"); // moving, no measure yet
	const stage = p.stage === "busy" ? t("busy") : i18n.has(`stage_${p.stage}`) ? t(`stage_${p.stage}`) : p.stage;
	const count = p.total > 0 && p.stage !== "done" ? ` ${p.done}/${p.total}` : "";
	el.stage.textContent = `${t(p.kind)} · ${stage}${count}`;
}

function renderReport() {
	const box = el.report;
	box.replaceChildren();
	const res = state.result;
	if (!res) return;
	const rep = res.report;
	const pr = state.printers.find((p) => p.id === (rep && rep.printer));
	if (rep) {
		const v = document.createElement("p");
		v.className = rep.printable ? "verdict ok" : "verdict bad";
		v.textContent = `${rep.printable ? t("printable") : t("notPrintable")} · ${pr ? printerName(pr) : rep.printer}`;
		box.append(v);
	}
	const m = res.mesh;
	if (m) {
		const s = document.createElement("p");
		s.className = "mesh";
		s.textContent = `${m.components} ${t("bodies")} · ${m.triangles.toLocaleString()} ${t("triangles")} · ${size(m.bbox_mm)}`;
		box.append(s);
	}
	const findings = (rep && rep.findings) || [];
	if (rep && findings.length === 0) {
		box.append(Object.assign(document.createElement("p"), { textContent: t("noFindings") }));
	}
	const order = { blocker: 0, warning: 1, info: 2 };
	const list = document.createElement("ul");
	list.className = "findings";
	for (const f of findings.slice().sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3))) {
		const li = document.createElement("li");
		li.className = `sev-${f.severity}`;
		li.dataset.code = f.code;
		const sev = document.createElement("span");
		sev.className = "sev";
		sev.textContent = i18n.has(`severity_${f.severity}`) ? t(`severity_${f.severity}`) : f.severity;
		const what = document.createElement("b");
		what.textContent = i18n.has(`code_${f.code}`) ? t(`code_${f.code}`) : f.code.replaceAll("_", " ");
		const head = document.createElement("div");
		head.append(sev, what);
		if (f.place) {
			const place = document.createElement("span");
			place.className = "place";
			place.textContent = f.place;
			head.append(place);
		}
		const advice = document.createElement("p");
		advice.textContent = f.advice || "";
		li.append(head, advice);
		list.append(li);
	}
	if (findings.length) box.append(list);
	const gc = state.gcode && state.gcode.print && state.gcode.print.gcode;
	if (gc) {
		const h = document.createElement("h3");
		h.textContent = "G-code";
		const dl = document.createElement("dl");
		dl.className = "facts";
		const rows = [
			[t("printTime"), gc.time],
			[t("filament"), `${formatNumber(Math.round(gc.filament_g * 10) / 10)} g · ${formatNumber(Math.round(gc.filament_mm / 10) / 100)} m`],
			[t("layers"), String(gc.layers)],
			[t("supports"), gc.supports ? t("yes") : t("no")],
			[t("slicer"), gc.slicer],
		];
		for (const [k, v] of rows) {
			if (!v) continue;
			dl.append(Object.assign(document.createElement("dt"), { textContent: k }), Object.assign(document.createElement("dd"), { textContent: v }));
		}
		box.append(h, dl);
	}
	if (res.print && res.print.orientation) {
		const h = document.createElement("h3");
		h.textContent = t("orientation");
		box.append(h, Object.assign(document.createElement("p"), { textContent: res.print.orientation }));
	}
	if (res.facts && res.facts.length) {
		const h = document.createElement("h3");
		h.textContent = t("facts");
		const dl = document.createElement("dl");
		dl.className = "facts";
		for (const f of res.facts) {
			const dt = document.createElement("dt");
			dt.textContent = f.name.replaceAll("_", " ");
			const dd = document.createElement("dd");
			dd.textContent = `${formatNumber(Math.round(f.value * 100) / 100)} ${f.unit || ""}`.trim();
			if (f.note) dd.title = f.note;
			dl.append(dt, dd);
		}
		box.append(h, dl);
	}
	const notes = [...(res.notes || []), ...(res.warnings || [])];
	if (notes.length) {
		const h = document.createElement("h3");
		h.textContent = t("notes");
		const ul = document.createElement("ul");
		for (const n of notes) ul.append(Object.assign(document.createElement("li"), { textContent: n }));
		box.append(h, ul);
	}
}

function size(b) {
	if (!b) return "";
	const d = [0, 1, 2].map((i) => formatNumber(Math.round((b.max[i] - b.min[i]) * 10) / 10));
	return `${d.join(" × ")} mm`;
}

function bytes(n) {
	if (!(n > 0)) return "";
	if (n < 1024) return `${n} B`;
	if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
	return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function renderDownloads() {
	const box = el.downloads;
	box.replaceChildren();
	const res = state.result;
	if (!res) return;
	const order = ["3mf", "stl", "glb", "gcode"];
	const files = (res.files || []).filter((f) => f.format !== "gcode");
	const g = state.gcode && !state.gcode.error ? state.gcode : null;
	if (g) files.push(...(g.files || []).filter((f) => f.format === "gcode"));
	files.sort((a, b) => order.indexOf(a.format) - order.indexOf(b.format));
	for (const f of files) {
		if (!f.url) continue;
		const a = document.createElement("a");
		a.href = f.url;
		a.dataset.format = f.format;
		a.download = f.url.split("/").pop() || `model.${f.format}`;
		a.className = "download";
		a.innerHTML = `<b></b> <span></span>`;
		a.querySelector("b").textContent = f.format === "gcode" ? "G-code" : f.format.toUpperCase();
		a.querySelector("span").textContent = bytes(f.bytes);
		box.append(a);
	}
	box.append(filmItem());
	const hint = (text) => box.append(Object.assign(document.createElement("p"), { className: "hint", textContent: text }));
	if (state.film && state.film.error) hint(`${t("filmFailed")} ${state.film.error.message}`);
	const pr = state.printers.find((p) => p.id === state.printer);
	if (pr && !gcodeRoute(pr.id)) hint(pr.advice || t("gcodeNone"));
	else if (state.phase === "slicing") hint(t("slicing"));
	else if (state.gcode && state.gcode.error) hint(`${t("gcodeFailed")} ${state.gcode.error.message}`);
	else if (g && !files.some((f) => f.format === "gcode")) {
		for (const n of (g.print && g.print.notes) || []) hint(n);
	}
}

// filmItem is the film's place among the downloads: a button that makes it (a
// job of its own, as the G-code is: drawing 72 frames takes seconds), then the
// film itself.
function filmItem() {
	const gif = state.film && !state.film.error && !state.film.making && (state.film.files || []).find((f) => f.format === "gif");
	if (gif && gif.url) {
		const a = document.createElement("a");
		a.href = gif.url;
		a.dataset.format = "gif";
		a.download = gif.url.split("/").pop() || "model.gif";
		a.className = "download";
		a.innerHTML = `<b></b> <span></span>`;
		a.querySelector("b").textContent = t("film");
		a.querySelector("span").textContent = `GIF ${bytes(gif.bytes)}`;
		return a;
	}
	const b = document.createElement("button");
	b.type = "button";
	b.id = "make-film";
	b.className = "download";
	const making = !!(state.film && state.film.making);
	b.disabled = making;
	b.textContent = making ? t("filmMaking") : t("makeFilm");
	b.addEventListener("click", () => makeFilm().catch(() => {}));
	return b;
}

// makeFilm makes the film of the words in view, shown moving as the model
// moves (shells turning, a lid lifting off) or turning on a turntable.
async function makeFilm() {
	const gen = state.gen;
	const words = state.words;
	if (!words || state.phase !== "done" && state.phase !== "slicing") return;
	state.film = { making: true };
	renderDownloads();
	setProgress({ kind: "film", stage: "queued" });
	let res;
	try {
		res = await makeJob(gen, words, state.printer, { formats: ["gif"], image: pictureFor(state.explain) });
	} catch (e) {
		if (e instanceof Stale || gen !== state.gen) throw e;
		res = { error: e };
	}
	if (gen !== state.gen) throw new Stale();
	state.film = res;
	setProgress({ kind: "film", stage: res.error ? "failed" : "done", done: 1, total: 1 });
	renderDownloads();
}

// nested reports whether some body of the result lies inside another's bounds.
function nested(res) {
	const parts = (res && res.mesh && res.mesh.parts) || [];
	if (parts.length < 2) return false;
	const inside = (a, b) => [0, 1, 2].every((i) => a.min[i] >= b.min[i] - 1e-6 && a.max[i] <= b.max[i] + 1e-6);
	return parts.some((a, i) => parts.some((b, j) => i !== j && inside(a.bbox_mm, b.bbox_mm)));
}

function renderCut(res) {
	const show = nested(res);
	el.cutRow.hidden = !show;
	if (!show && viewer) {
		el.cut.value = 0;
		viewer.setCut(0);
	}
}

// ---- the address ----

function address() {
	const ex = state.explain;
	if (!ex) return;
	const q = new URLSearchParams({ words: saidWords(ex) });
	if (state.printer && state.printer !== state.defaultPrinter) q.set("printer", state.printer);
	history.replaceState(null, "", `?${q}`);
}

// ---- errors ----

function showError(e) {
	const box = el.error;
	if (!e) {
		state.error = null;
		box.hidden = true;
		box.replaceChildren();
		return;
	}
	state.error = { code: e.code || "internal", message: e.message };
	box.hidden = false;
	box.replaceChildren();
	const msg = document.createElement("p");
	msg.className = "message";
	msg.textContent = e.message;
	box.append(msg);
	if (e.suggestions && e.suggestions.length) {
		const p = document.createElement("p");
		p.className = "suggestions";
		p.append(document.createTextNode(t("didYouMean") + " "));
		for (const s of e.suggestions) {
			const b = document.createElement("button");
			b.type = "button";
			b.className = "chip";
			b.textContent = s;
			b.addEventListener("click", () => wordsChanged(s, true));
			p.append(b);
		}
		box.append(p);
	}
}

// ---- printers ----

function printerName(p) {
	return (i18n.lang() === "zh" ? p.name_zh : p.name_en) || p.id;
}

function gcodeRoute(id) {
	const p = state.printers.find((q) => q.id === id);
	return !!(p && p.slicer);
}

function renderPrinters() {
	const sel = el.printer;
	sel.replaceChildren();
	for (const p of state.printers) sel.add(new Option(printerName(p), p.id));
	sel.value = state.printer;
}

async function loadPrinters(wanted) {
	try {
		const doc = await call("api/v1/printers");
		state.printers = doc.printers || [];
	} catch (e) {
		state.printers = [];
		console.error("printers:", e);
	}
	const ids = state.printers.map((p) => p.id);
	state.defaultPrinter = ["generic", "generic-fdm"].find((id) => ids.includes(id)) || ids[0] || "";
	state.printer = ids.includes(wanted) ? wanted : state.defaultPrinter;
	renderPrinters();
}

// ---- examples ----

function renderExamples() {
	const box = el.examples;
	box.replaceChildren();
	if (state.words) {
		box.hidden = true;
		return;
	}
	box.hidden = false;
	box.append(Object.assign(document.createElement("span"), { textContent: t("typeSomething") + " " }));
	for (const w of i18n.exampleWords()) {
		const b = document.createElement("button");
		b.type = "button";
		b.className = "chip";
		b.textContent = w;
		b.addEventListener("click", () => wordsChanged(w, true));
		box.append(b);
	}
}

// ---- speech ----

const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
let recognition = null;

// onSpeech takes a recognition result event (or a stand-in): interim words show in the box,
// a final result runs the flow.
function onSpeech(ev) {
	let final = "";
	let interim = "";
	for (let i = ev.resultIndex || 0; i < ev.results.length; i++) {
		const r = ev.results[i];
		if (r.isFinal) final += r[0].transcript;
		else interim += r[0].transcript;
	}
	if (final.trim()) wordsChanged(final.trim(), true);
	else if (interim) el.words.value = interim;
}

function listen() {
	if (recognition) {
		recognition.stop();
		return;
	}
	const r = new Recognition();
	r.lang = i18n.lang() === "zh" ? "zh-CN" : "en-US";
	r.interimResults = true;
	r.maxAlternatives = 1;
	r.continuous = false;
	r.onresult = onSpeech;
	r.onerror = (e) => {
		if (e.error !== "no-speech" && e.error !== "aborted") {
			showError({ code: "speech", message: t("micError") + e.error });
		}
	};
	r.onend = () => {
		recognition = null;
		el.mic.classList.remove("on");
		el.mic.setAttribute("aria-pressed", "false");
	};
	recognition = r;
	el.mic.classList.add("on");
	el.mic.setAttribute("aria-pressed", "true");
	r.start();
}

// hear feeds text to the page as a final recognition result: a stand-in for the microphone.
function hear(text) {
	const alternative = { transcript: String(text), confidence: 1 };
	const result = Object.assign([alternative], { isFinal: true });
	onSpeech({ resultIndex: 0, results: [result] });
}

// ---- language ----

function renderAll() {
	i18n.apply();
	el.lang.value = i18n.lang();
	renderExamples();
	renderUnderstood();
	renderForm(true);
	renderPicture();
	renderPrinters();
	renderReport();
	renderDownloads();
	if (state.progress) setProgress(state.progress);
}

// ---- start ----

function start() {
	const params = new URLSearchParams(location.search);
	viewer = new Viewer(el.viewer);
	if (!viewer.ok) {
		el.viewer.classList.add("nogl");
		el.viewer.textContent = t("noWebGL");
	}
	el.mic.hidden = !Recognition;
	if (Recognition) el.mic.addEventListener("click", listen);
	// While an input method composes (pinyin becoming 汉字), the box holds letters that are
	// not yet words: wait for the composition to end.
	el.words.addEventListener("input", (e) => {
		if (!e.isComposing) onInput();
	});
	el.words.addEventListener("compositionstart", () => clearTimeout(timer));
	el.words.addEventListener("compositionend", onInput);
	el.words.addEventListener("keydown", (e) => {
		if (e.key === "Enter" && !e.isComposing) {
			e.preventDefault();
			settle(lastInput || performance.now());
		}
	});
	el.lang.addEventListener("change", () => {
		i18n.setLang(el.lang.value);
		renderAll();
	});
	el.printer.addEventListener("change", () => {
		state.printer = el.printer.value;
		if (el.words.value.trim()) {
			dropStale();
			settle(performance.now());
		}
	});
	el.form.addEventListener("submit", (e) => e.preventDefault());
	el.picture.addEventListener("change", () => {
		onPicture().catch((e) => console.error(e));
	});
	el.cut.addEventListener("input", () => viewer && viewer.setCut(Number(el.cut.value) / 100));
	el.play.addEventListener("click", () => {
		if (viewer) setPlaying(viewer.play(el.play.getAttribute("aria-pressed") !== "true"));
	});

	state.printer = params.get("printer") || ""; // the server checks it; the list may not be here yet
	printersReady = loadPrinters(state.printer);
	const words = (params.get("words") || "").trim();
	renderAll();
	if (words) {
		el.words.value = words;
		settle(performance.now());
	}
}

window.yanchu = {
	hear,
	state,
	// setWords puts words in the box and runs the flow at once.
	setWords: (w) => wordsChanged(String(w), true),
	get viewer() {
		return viewer;
	},
};

start();
