// The page's words in Chinese and English. Elements carry data-i18n="key" (their text),
// data-i18n-placeholder, data-i18n-title or data-i18n-aria; apply() rewrites them all.

const dict = {
	zh: {
		title: "言出 · 说几个词，得到能打印的模型",
		tagline: "说几个词，得到一个能打印的模型",
		wordsLabel: "说说你想要什么",
		wordsPlaceholder: "例如：鬼工球 8层 直径80毫米",
		mic: "说话",
		pictureLabel: "图片（PNG 或 JPEG）",
		pictureChosen: "所选图片：",
		filmLabel: "转台视频（MP4、GIF 或 APNG）",
		filmChosen: "所选视频：",
		micListening: "正在听…",
		micError: "语音识别没有成功：",
		understood: "理解为",
		setAside: "略过：",
		corrected: "改正：",
		printerNamed: "打印机：",
		why_filler: "语气词",
		why_politeness: "客气话",
		why_purpose: "用途",
		why_approximation: "约数，按所说的值",
		why_correction: "改口",
		params: "参数",
		printer: "打印机",
		language: "语言",
		viewer: "三维预览",
		cut: "剖开",
		play: "让各部分动起来",
		stop: "停下",
		report: "打印检查",
		downloads: "下载",
		said: "你说的",
		default: "默认",
		derived: "推算",
		defaults: "其余取默认值",
		domain: "类型",
		typeSomething: "写下几个词，或者点一个例子：",
		examples: "例子",
		preview: "预览",
		full: "完整模型",
		gcode: "G-code",
		slicing: "正在切片，生成 G-code 要一会儿（大模型可能要一分钟）…",
		gcodeFailed: "G-code 没有生成：",
		film: "短片",
		makeFilm: "生成短片（GIF）",
		filmMaking: "正在生成短片…",
		filmFailed: "短片没有生成：",
		stage_render: "渲染",
		printTime: "打印时间",
		filament: "耗材",
		layers: "层数",
		supports: "支撑",
		slicer: "切片软件",
		yes: "有",
		no: "无",
		stage_failed: "没有成功",
		stage_mesh: "生成网格",
		stage_analyze: "检查",
		stage_write: "写文件",
		stage_slice: "切片",
		stage_queued: "排队中",
		stage_done: "完成",
		working: "正在生成…",
		cancelled: "已取消",
		busy: "服务器正忙，稍后重试…",
		netError: "连不上服务器：",
		printable: "可以打印",
		notPrintable: "打印前需要处理",
		noFindings: "没有发现问题。",
		severity_blocker: "必须处理",
		severity_warning: "注意",
		severity_info: "说明",
		code_open_mesh: "网格没有封闭",
		code_too_large: "放不进打印机",
		code_thin_wall: "壁太薄",
		code_narrow_gap: "间隙太窄",
		code_island: "悬空起点",
		code_overhang: "悬垂",
		code_bodies: "分离的部件",
		code_ties: "打印连接点",
		orientation: "摆放方式",
		facts: "数据",
		notes: "提示",
		didYouMean: "你是不是想说：",
		bodies: "个部件",
		triangles: "个三角形",
		gcodeNone: "这台打印机不在本机切片，请用它自己的切片软件打开 3MF。",
		generic: "通用",
		unitCount: "",
		noWebGL: "这个浏览器不能显示三维图（没有 WebGL），但文件照样可以下载。",
		sizeX: "长",
		sizeY: "宽",
		sizeZ: "高",
	},
	en: {
		title: "yanchu · a few words, a printable model",
		tagline: "say a few words, get a model that prints",
		wordsLabel: "Say what you want",
		wordsPlaceholder: "e.g. puzzle ball 8 layers 80mm",
		mic: "Speak",
		pictureLabel: "Picture (PNG or JPEG)",
		pictureChosen: "Chosen picture: ",
		filmLabel: "Turntable film (MP4, GIF or APNG)",
		filmChosen: "Chosen film: ",
		micListening: "Listening…",
		micError: "Speech recognition failed: ",
		understood: "Understood as",
		setAside: "Set aside:",
		corrected: "Corrected:",
		printerNamed: "Printer:",
		why_filler: "filler",
		why_politeness: "politeness",
		why_purpose: "purpose",
		why_approximation: "approximation, taken as said",
		why_correction: "correction",
		params: "Parameters",
		printer: "Printer",
		language: "Language",
		viewer: "3D view",
		cut: "Cut away",
		play: "Move the parts",
		stop: "Stop",
		report: "Print check",
		downloads: "Downloads",
		said: "said",
		default: "default",
		derived: "derived",
		defaults: "the rest at their defaults",
		domain: "kind",
		typeSomething: "Write a few words, or pick an example:",
		examples: "Examples",
		preview: "preview",
		full: "full model",
		gcode: "G-code",
		slicing: "Slicing: the G-code takes a while (a minute for a large model)…",
		gcodeFailed: "No G-code:",
		film: "Film",
		makeFilm: "Make a film (GIF)",
		filmMaking: "Making the film…",
		filmFailed: "No film:",
		stage_render: "drawing",
		printTime: "print time",
		filament: "filament",
		layers: "layers",
		supports: "supports",
		slicer: "slicer",
		yes: "yes",
		no: "no",
		stage_failed: "failed",
		stage_mesh: "meshing",
		stage_analyze: "checking",
		stage_write: "writing files",
		stage_slice: "slicing",
		stage_queued: "queued",
		stage_done: "done",
		working: "making…",
		cancelled: "cancelled",
		busy: "The server is busy; trying again shortly…",
		netError: "Cannot reach the server: ",
		printable: "Printable",
		notPrintable: "Needs attention before printing",
		noFindings: "No problems found.",
		severity_blocker: "must fix",
		severity_warning: "take care",
		severity_info: "good to know",
		code_open_mesh: "mesh not closed",
		code_too_large: "does not fit the printer",
		code_thin_wall: "wall too thin",
		code_narrow_gap: "gap too narrow",
		code_island: "starts in mid-air",
		code_overhang: "overhang",
		code_bodies: "separate parts",
		code_ties: "print ties",
		orientation: "How to place it",
		facts: "Figures",
		notes: "Notes",
		didYouMean: "Did you mean:",
		bodies: "parts",
		triangles: "triangles",
		gcodeNone: "This printer is not sliced here: open the 3MF in its own slicer.",
		generic: "generic",
		unitCount: "",
		noWebGL: "This browser cannot show 3D (no WebGL), but the files can still be downloaded.",
		sizeX: "length",
		sizeY: "width",
		sizeZ: "height",
	},
};

const examples = {
	zh: ["鬼工球 8层 直径80毫米", "齿轮 30齿 模数1.5 厚6", "花瓶 高20厘米 六瓣 扭转90度", "带盖收纳盒 100x60x40"],
	en: ["puzzle ball 8 layers 80mm", "spur gear 24 teeth module 2", "spiral vase 150mm tall 500ml", "box with lid 100x60x40 wall 2"],
};

let current = pick();

// pick chooses the language: one saved by the switch, else the browser's.
function pick() {
	try {
		const saved = localStorage.getItem("yanchu.lang");
		if (saved === "zh" || saved === "en") return saved;
	} catch {
		// storage may be off; fall through to the browser's language
	}
	const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
	for (const l of langs) {
		const s = String(l).toLowerCase();
		if (s.startsWith("zh")) return "zh";
		if (s.startsWith("en")) return "en";
	}
	return "en";
}

/** lang returns the interface language, "zh" or "en". */
export function lang() {
	return current;
}

/** setLang switches the interface language and remembers the choice. */
export function setLang(l) {
	current = l === "zh" ? "zh" : "en";
	try {
		localStorage.setItem("yanchu.lang", current);
	} catch {
		// not remembered; the switch still works for this page
	}
	apply();
}

/** t returns the text for key in the interface language (the key itself when unknown). */
export function t(key) {
	const d = dict[current];
	if (key in d) return d[key];
	if (key in dict.en) return dict.en[key];
	return key;
}

/** has reports whether key has a text. */
export function has(key) {
	return key in dict[current] || key in dict.en;
}

/** exampleWords returns a few example queries in the interface language. */
export function exampleWords() {
	return examples[current];
}

/** apply rewrites every marked element of the document in the interface language. */
export function apply(root = document) {
	document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
	document.title = t("title");
	for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
	for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
	for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
	for (const el of root.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
}
