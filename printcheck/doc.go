// Package printcheck holds yanchu's printer profiles and the printability report.
//
// # Printer profiles
//
// The profiles live in printers.json, embedded in the package and parsed once:
// Prusa (mk3s, mini, mk4), Bambu Lab (x1c, p1s, a1, a1mini), Creality (ender3v2,
// ender3s1), Elegoo resin printers (saturn4ultra, mars5ultra) and two generic
// profiles (generic-fdm, generic-resin). Each gives the build volume, the process,
// the nozzle or pixel size, the layer height and the rules a model must keep:
//
//   - MinWallMM: 0.8 mm for FDM (two lines of a 0.4 mm nozzle), 0.6 mm for resin
//     (an unsupported wall).
//   - MinGapMM: 0.3 mm for FDM printers with tight tolerances (Prusa, Bambu Lab),
//     0.4 mm for the Creality bowden class and the generic FDM profile, 0.3 mm for
//     resin.
//   - MaxOverhangDeg, from vertical: 45° for FDM; 30° for resin, where the peel of
//     every layer pulls on what hangs and resin slicers add supports below that
//     angle anyway, so the finding shows where supports will go.
//
// Each profile also says how G-code is made: Slicer is "prusaslicer" with the
// vendor bundle and the exact preset name of PrusaSlicer 2.5 for the printers it
// knows (MK3S+, MINI+, Ender-3 V2, Ender-3 S1, and the generic FDM profile, whose
// configuration is written from the profile); for the others Advice names the
// slicer to open the 3MF in.
//
// Lookup accepts the id, the Chinese and English names and aliases such as
// "拓竹A1mini", "Bambu Lab A1 mini", "普鲁萨MK3S" or "爱乐酷 Saturn 4 Ultra",
// ignoring case, spaces, hyphens, underscores and "+", with full-width forms
// folded. An unknown name is a *badinput.Error with code unknown_printer.
//
// # The printability report
//
// Check measures a mesh against a profile and returns a Report of Findings,
// each with a code, a severity (blocker, warning or info), a place, what was
// measured against what limit, advice, and a point of the model. Printable is
// true when nothing blocks. Check documents each check and its thresholds.
//
// Walls and gaps are measured by casting rays from points spread evenly over the
// surface through a bounding-volume hierarchy of the triangles: inward to the far
// face of a wall, outward to the surface across a gap. Overhangs and islands are
// read from the triangles' normals and the height of their vertices above the bed.
package printcheck
