// Package web holds yanchu's web page: index.html, its scripts and styles, and the
// three.js modules it loads, all embedded so that the one binary serves the page with no
// network at run time. The server serves GET / from index.html and GET /static/... from
// the static folder of Assets.
//
// The page is plain ES modules without a build step: static/app.js runs the flow (words,
// explanation, preview, full model, G-code, report, downloads, form, address, and the
// picture that a domain such as lithophane is made from, chosen in a file input),
// static/viewer.js draws the model with three.js, static/crease.js is the worker that
// sharpens its edges, static/i18n.js holds the page's Chinese and English words, and
// static/style.css lays it out from a 390 px phone up. three.js is vendored under
// static/vendor/three; its README.md says how it was fetched and how to update it.
//
// For tests and tools the page exposes window.yanchu: hear(text) feeds a stand-in speech
// result through the microphone's code path, setWords(text) runs the flow for words, and
// state shows what the page knows. It marks performance "yanchu:typed" when typing stops
// (the last keystroke) and "yanchu:model" when the first model of those words is drawn.
package web

import "embed"

// Assets is the page's file tree: index.html at its root and the static folder beside it.
//
//go:embed index.html static
var Assets embed.FS
