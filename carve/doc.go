// Package carve carves a printable solid from a turntable film: the visual
// hull, the largest solid whose silhouettes are the film's.
//
// A film is read with Read (a GIF, an animated PNG, a video through ffmpeg,
// or a folder of PNG or JPEG frames) or made with FromImages, and carved with
// Carve, which returns an sdf.Solid in mm standing on z = 0:
//
//	f, err := carve.Read(ctx, "turn.mp4")
//	res, err := carve.Carve(ctx, f, carve.Options{HeightMM: 80})
//	mesh, err := isosurface.Mesher{Cells: 200}.Mesh(ctx, res.Solid)
//
// The film must show one object on a turntable, against a plain background,
// from a camera that stays still and does not roll, turning at a steady rate
// about a vertical axis over a full turn (or the fraction Options.Turn says).
// The film has no scale, so the caller gives the object's height.
//
// # Method
//
// Silhouettes: the background is the median colour of a band round the
// frames' border; a pixel is the object's where its colour, smoothed over
// 3 × 3 pixels, lies farther from the background than the border's noise
// reaches; specks are dropped and small holes filled; the outline then moves
// to where each edge is half covered (see silhouette.go). A shadow on the
// turntable darkens the background and keeps its colour; where the object's
// own colour stands clear of that (its upper half, away from the outline,
// holds almost no pixel near it), the pixels that look like shadow are
// dropped from the silhouettes, and otherwise kept: a white object on white
// keeps its shadow.
//
// Camera: the field of view is given, or measured where a flat top and a
// flat base both draw an ellipse on the union of the silhouettes (below), or
// taken as yanchu's renderer's, 30° across. Over a full turn the union of the silhouettes is the silhouette of
// the solid the object sweeps, mirror-symmetric about the turning axis: its
// column is the median midpoint of the union's rows. A flat rim or base of the
// swept solid is a circle seen as an ellipse; the ratio of its axes gives the
// pitch (estimate.go). With both, the base, lower in the picture, is seen
// more steeply than the top by the angle between their rays, which fixes the
// focal length and so the field of view. A film with neither (a sphere) shows
// no pitch at all:
// its silhouettes are the same from every height, the camera is taken as
// level, and a warning says so.
//
// Hull: a point's field is the largest over the frames of the signed distance
// from its image to the silhouette's outline, scaled by its depth to world
// units; it is sampled on a grid by an octree descent that asks each block
// only the frames whose outline passes near it (hull.go). The solid's field
// interpolates the grid trilinearly.
//
// Cuts: a hull carved from one circle of views overstates the object above
// and below: a cone over a flat top, one hanging under a flat base. Both are
// cut flat where the silhouettes' edges show the rims, and a round top where
// the hull's profile below closes (cut.go). The hull is then scaled so its
// height is Options.HeightMM.
//
// Figures reports each number the carving used with its source, so a caller
// can show what was measured and what was assumed.
package carve
