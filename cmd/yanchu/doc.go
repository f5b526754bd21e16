// Command yanchu turns a few words, in Chinese, English or both, into a solid that
// prints first time.
//
// Usage:
//
//	yanchu make "<words>" [-o DIR] [--formats 3mf,stl,glb,obj] [--cells N | --cell MM]
//	                      [--tolerance MM | --uniform] [--json]
//	yanchu explain "<words>" [--json]
//	yanchu domains [NAME] [--json]
//	yanchu mesh --example r1|r2|r3 [--cells N | --cell MM] [--tolerance MM] -o FILE [--json]
//
// make first prints what it understood: every parameter with its value, unit and
// source (said, default or derived), in the language the words were written in.
// Then it builds the solid, meshes it, and writes model.3mf and model.stl (or the
// formats asked for) to DIR, by default out/<the canonical words>. The default cell
// is half the smallest gap or wall, so no gap can close. The mesh is lean: within
// --tolerance millimetres (0.01 by default) of smooth surfaces, and as close as the
// uniform mesh at sharp creases; the result document gives the deviation measured on
// it. --uniform keeps the uniform mesh.
//
// explain prints the understanding only. domains lists the domains and their
// parameters, with ranges and descriptions in Chinese and English. mesh meshes the
// reference solids R1 (a puzzle ball of 8 shells), R2 (a sphere of radius 40 mm) and
// R3 (a gyroid sheet in a 60 mm cube); the extension of FILE picks the format.
//
// With --json the result document goes to stdout: query, canonical, spec (each
// parameter's value, unit and source), mesh (triangles, bodies as parts, volume,
// box), files and timings_ms. Bad input prints {"error": {"code", "message",
// "suggestions"}} instead.
//
// Exit status: 0 done; 2 the input was wrong (the message says why and what would
// work, and nothing is written); 1 yanchu failed. Progress is drawn on stderr when it
// is a terminal. Ctrl-C stops the work and leaves no half-written file.
package main
