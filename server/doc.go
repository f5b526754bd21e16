// Package server is yanchu's HTTP API and web page: the same pipeline as the
// command line, behind a bounded queue of jobs. `yanchu serve` runs it; a
// program may mount Server.Handler itself.
//
// # Routes
//
// Every answer is JSON but the page, the event streams and the files. An error
// is the error document with a 4xx or 5xx status:
//
//	{"error": {"code": "unknown_word", "message": "...", "suggestions": ["..."]}}
//
//	GET    /                               the page (index.html of Server.Assets)
//	GET    /static/NAME                    the page's files (static/NAME in Server.Assets)
//	GET    /api/v1/domains                 {"domains": [schema...]}, as `yanchu domains --json`
//	GET    /api/v1/printers                {"printers": [profile...]}, as `yanchu printers --json`
//	GET    /api/v1/explain?words=W[&printer=ID]
//	                                       the explain document (below)
//	POST   /api/v1/make                    queue a job: 202 and {"job", "events", "explain"}
//	GET    /api/v1/jobs/{id}/events        the job's progress and result, as server-sent events
//	GET    /api/v1/jobs/{id}/files/{name}  one file of a finished job
//	DELETE /api/v1/jobs/{id}               cancel a waiting or running job: 204
//	                                       (an ended job is left as it is, also 204)
//
// # Documents
//
// The explain document is what yanchu understood of the words, for the printer
// when one is named (a process, gap or size not said then follows the printer):
//
//	{"query": "鬼工球 3层 直径30毫米", "canonical": "puzzleball layers=3 diameter=30mm ...",
//	 "spec": {"domain": "puzzleball",
//	          "params": {"layers": {"value": 3, "unit": "", "source": "said"}, ...}},
//	 "schema": {"domain": "puzzleball", "zh": "...", "en": "...", "params": [...]},
//	 "heard": {"printer": "p1s", "printer_word": "拓竹P1S",     optional: what the words said
//	           "set_aside": [{"word": "嗯", "why": "filler"}],   besides the parameters
//	           "corrections": [{"param": "diameter", "from": "60mm", "to": "70mm", "word": "不对"}]},
//	 "printer": "p1s"}                        optional: the printer the model is for, given or named
//
// A printer named in the words takes over a generic "printer" (generic-fdm,
// generic-resin); a different specific one is a conflict.
//
// A make request's body is one JSON object of at most 64 KiB (Server.MaxBody)
// besides its picture or film, which may add the base64 of 32 MB
// (pipeline.MaxImageBytes):
//
//	{"words": "spur gear 12 teeth module 1",  required, unless spec is given
//	 "printer": "mk3s",                       optional: an id or name from /api/v1/printers
//	 "formats": ["3mf", "stl", "glb"],        optional: 3mf, stl, glb, obj, gcode; default 3mf, stl, glb
//	 "preview": true,                         optional: a coarse model made fast for a viewer,
//	                                            a GLB only (formats are then ignored), no report
//	 "cell": 0.2,                             optional: the cell size in mm; not with preview
//	 "image": {"name": "lotus.png",           the picture, for a domain made from one and no
//	           "data": "iVBORw0KGgo..."},       other: a PNG or JPEG in standard base64 (with
//	                                            padding, no data: prefix); the name is for messages
//	 "film": {"name": "turn.mp4",             the turntable film, for a domain carved from one
//	          "data": "AAAAIGZ0eXA..."}}        (carved): an MP4 (read through ffmpeg), GIF or
//	                                            animated PNG, in base64 as a picture is
//
// A domain made from a picture (its schema says "image": true, as lithophane's
// does) needs one with every make request, preview or not: without it the
// answer is missing_image, and a picture for any other domain is bad_request.
// A domain carved from a turntable film (its schema says "film": true, as
// carved's does) needs one with every make request: without it the answer is
// missing_video, a film for any other domain or a picture with a film is
// bad_request, and base64 that does not decode is bad_video. The worker
// decodes and carves the film within the job's time, so a film that cannot be
// read, or shows nothing against its background, ends its job with bad_video;
// the sizes it settles (the two not said, and the camera's pitch) are in the
// result document's spec. The same film sent again is carved once.
// A domain that takes sizes from the picture reads its header before the job
// is queued: a picture that is not a PNG or JPEG is bad_image, one over 32 MB
// or 25 megapixels is over_limit, and the sizes the words left out (lithophane:
// the side from its proportions, the pixel from its resolution) are in the
// answer's explain document. A picture whose header passes but whose pixels
// cannot be read ends its job with bad_image. GET /api/v1/explain takes no
// picture; it says what the words alone give.
//
// Instead of words, "spec" may give the domain and values directly, in the result
// document's form: {"spec": {"domain": "gear", "params": {"teeth": {"value": 12},
// "module": 1}}} (a bare value or {"value": ...}; numbers in mm, deg, ml or %, a
// word for a choice, three numbers for a size). It is written as its canonical
// words and read like any words, so it meets every check they meet.
//
// A field not listed is refused. Everything is checked before the job is queued:
// the words, the printer, the formats, the cell and the picture's header; a
// request that cannot be made is answered at once with its error and nothing is
// queued. The grid of a model made from a picture is known once the picture is
// read, which is the job's work: the job checks it first, and ends with
// over_limit before any meshing when it does not fit. The answer, 202,
// with the events' path also in Location:
//
//	{"job": "<id>", "events": "/api/v1/jobs/<id>/events", "explain": <the explain document>}
//
// The events stream (text/event-stream) first sends, once the job's worker has
// worked it out and before any meshing, the job's estimate (pipeline.Estimate;
// "cells" and "cell_mm" only for a model meshed on a grid):
//
//	event: estimate
//	data: {"cells": 561, "cell_mm": 0.1426, "triangles": 280000, "memory_mib": 799, "seconds": 12.1}
//
// then any number of
//
//	event: progress
//	data: {"stage": "mesh", "done": 12, "total": 40}
//
// (the stages the pipeline reports: mesh, write and, for G-code, slice; a
// stream opened late starts with the latest progress, and a listener that reads
// slowly skips intermediate progress, never the end), then exactly one of
//
//	event: result
//	data: <the result document of `yanchu make --json`>
//
//	event: error
//	data: {"error": {"code": "...", "message": "..."}}
//
// and ends. Comments (lines starting with ":") keep an idle stream open. In the
// result document every entry of "files" holds the file's name as its "path" and
// its "url", /api/v1/jobs/<id>/files/<name>; the names are model.3mf, model.stl,
// model.glb, model.obj and model.gcode, sent as model/3mf, model/stl,
// model/gltf-binary, model/obj and text/x-gcode, as attachments named after the
// domain and the job (gear-3xk7xwiw.stl). A stream opened after the job
// ended replays the last event; a browser's EventSource must be closed on it, or
// it reconnects and hears it again. When every listener of a job goes away
// before it ends, the job is cancelled; a job nobody ever listens to runs to
// its end.
//
// # Errors
//
// The codes are those of the command line (package badinput) and two more:
//
//	400  empty, unknown_word, out_of_range, conflict, infeasible, too_long,
//	     unknown_printer, bad_request (bad JSON, unknown field or format, a
//	     picture for a domain that takes none), missing_image (a domain made
//	     from a picture, and none given), missing_video (a domain carved from
//	     a film, and none given), bad_video (a film not in standard base64, or
//	     in a job, not a film), bad_image (not standard base64, not a
//	     PNG or JPEG, or unreadable), over_limit (a cell finer than the limit
//	     allows, a picture over 32 MB or 25 megapixels, a job past its time)
//	404  not_found (no such job, no such file, nothing at that path)
//	405  bad_request (a method the path does not take; Allow lists those it does)
//	413  over_limit (the request body is too large: refused before it is read
//	     in full when its Content-Length says so)
//	503  busy (the queue is full, or the server is shutting down; Retry-After: 5)
//	500  internal (a failure of yanchu; the operator's log has the details)
//
// A job's own end comes as the error event, never as a status: its input codes
// as above, over_limit when it ran past Server.JobTimeout, cancelled when it was
// deleted, left by every listener or stopped by the server's shutdown, and
// internal.
//
// # Limits
//
// Server.Workers jobs run at once (2), each on every core; Server.Queue more
// wait (16), and a make request beyond them is refused with busy. A job runs at
// most Server.JobTimeout (2 minutes). A job's grid has at most Server.MaxCells
// cells along the model's longest side (500), which bounds its triangles and
// memory: a request's cell, or else the model's own, is refused before any work
// beyond that, saying what fits (a model meshed from its surface needs no grid:
// its domain caps its triangles instead, as the puzzle ball's 16 million); a cell
// must also give at least 4. A job whose estimate needs more memory than
// Server.MemoryMiB (three quarters of the machine's, shared among the workers),
// or more time than JobTimeout, ends with over_limit before any meshing, saying
// what fits; the command line has the same limits, as --memory and --timeout.
// A picture is held by its job while the job waits and runs, and dropped when
// it ends; reading a request with one takes a few times its size in memory.
// Finished jobs and their files are kept Server.Keep (15 minutes), at most
// Server.KeepJobs of them (100); a job that failed or was cancelled has its
// files removed at once. Job ids are random and made by the server; nothing from
// a request becomes part of a path. The files are the same bytes whatever the
// number of cores. Close cancels every job and removes every job file.
package server
