// Command yanchu turns a few words, in Chinese, English or both, into a solid that
// prints first time.
//
// Usage:
//
//	yanchu make "<words>" [-o DIR] [--formats 3mf,stl,glb,obj,gcode] [--printer ID]
//	                      [--cells N | --cell MM] [--tolerance MM | --uniform]
//	                      [--memory 4G] [--timeout 5m] [--image FILE] [--json]
//	yanchu serve [--addr 127.0.0.1:8080] [--workers N] [--dir DIR]
//	yanchu explain "<words>" [--json]
//	yanchu domains [NAME] [--json]
//	yanchu printers [ID] [--json]
//	yanchu check FILE.stl|FILE.3mf|FILE.glb [--printer ID] [--json]
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
// A domain that knows its surface in closed form (the gear, the vase, the box with
// a lift-off lid) is meshed from it directly within the tolerance, unless a cell
// is given; a cell coarser than the gaps between a model's parts is refused.
// --image gives a picture to a domain that takes one.
//
// serve serves the page and the HTTP API (see package yanchu/server) until it is
// stopped; running jobs are cancelled and their files removed on the way out.
//
// Every make ends with a printability report for the printer: --printer names one
// (an id such as mk3s or a1mini, or a name such as 拓竹A1mini; yanchu printers lists
// them), else the generic printer of the process. With --printer the files stand as
// the model should print, a process or gap not said follows the printer, and a size
// yanchu would choose must fit its build volume. --formats gcode hands the model to
// PrusaSlicer's command line with PrusaSlicer's own profile for the printer, read
// from its installed profiles, and reports the print time, the filament and, for
// nested bodies, the extrusion found in each gap; printers PrusaSlicer does not know
// get a note naming the slicer to use. check makes the same report for any STL or
// 3MF file; a file it cannot read is bad input (code bad_mesh).
//
// explain prints the understanding only. domains lists the domains and their
// parameters, with ranges and descriptions in Chinese and English. mesh meshes the
// reference solids R1 (a puzzle ball of 8 shells), R2 (a sphere of radius 40 mm) and
// R3 (a gyroid sheet in a 60 mm cube); the extension of FILE picks the format.
//
// With --json the result document goes to stdout: query, canonical, spec (each
// parameter's value, unit and source), mesh (triangles, bodies as parts, volume,
// box), report (the printability findings), print (printer, orientation, ties,
// G-code facts), files and timings_ms. Bad input prints {"error": {"code", "message",
// "suggestions"}} instead.
//
// Exit status: 0 done; 2 the input was wrong (the message says why and what would
// work, and nothing is written); 1 yanchu failed. Progress is drawn on stderr when it
// is a terminal. Ctrl-C stops the work and leaves no half-written file.
package main
