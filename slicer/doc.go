// Package slicer makes G-code with PrusaSlicer's command line, for the printers
// PrusaSlicer's vendor profiles know and for a generic printer described by its
// build volume and nozzle.
//
// Find locates the prusa-slicer executable and ProfilesDir its installed vendor
// bundles (PrusaResearch.ini, Creality.ini, ...), which are read at run time and
// never copied. ReadBundle parses a bundle, Bundle.Resolve flattens a preset's
// inherits chain as PrusaSlicer does, and Bundle.PrinterConfig (or VendorConfig)
// merges a printer preset with its print and filament presets into a Config.
// Generic.Config does the same for a printer no bundle knows. Slice writes the
// config and the model to a temporary folder and runs
//
//	prusa-slicer --export-gcode --datadir TMP --load TMP/config.ini --center X,Y --output OUT MODEL
//
// Package gcode reads what it made.
//
// When PrusaSlicer is not installed, Find's error wraps ErrNotInstalled and says
// how to install it (sudo apt-get install prusa-slicer); a caller writing several
// files still writes the others.
//
// Measured with PrusaSlicer 2.5.0 on a shared two-core machine: a 20 mm cube
// slices in 0.15 to 0.25 s, two nested 20 mm shells (33,000 triangles) in 1.4 to
// 1.6 s, and 4.7 s with supports on.
package slicer
