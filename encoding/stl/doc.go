// Package stl reads and writes STL files, binary and ASCII. Coordinates are in
// millimetres, the unit every slicer assumes for STL; they are stored as float32.
//
// Encode and EncodeASCII refuse a mesh that mesh.Validate rejects: yanchu only writes
// closed, manifold, outward-facing meshes, so such a mesh is a bug in yanchu. Decode
// reads either form, welds vertices with identical float32 coordinates into an indexed
// mesh, and caps every size taken from the file before allocating.
package stl
