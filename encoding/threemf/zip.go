package threemf

import (
	"archive/zip"
	"encoding/xml"
	"io"
)

// zipEpochDate is 1980-01-01 in MS-DOS date form (year since 1980 << 9 | month << 5
// | day), the earliest time a zip entry can hold; with the MS-DOS time 0 it is
// midnight.
const zipEpochDate = 0<<9 | 1<<5 | 1

// contentTypesEntry is the zip entry name of the OPC content types part.
const contentTypesEntry = "[Content_Types].xml"

// The OPC content types part: its head, the default for the PrusaSlicer
// configuration when there is one, and its tail, so that the defaults are sorted
// by extension.
const (
	contentTypesHead = xml.Header +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` + "\n"
	contentTypeConfig = `    <Default Extension="config" ContentType="application/xml"></Default>` + "\n"
	contentTypesTail  = `    <Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"></Default>` + "\n" +
		`    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"></Default>` + "\n" +
		`</Types>`
)

// rootRels is the package's relationships part: one relationship, with a fixed
// id, to the 3D model part.
const rootRels = xml.Header +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + "\n" +
	`    <Relationship Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel" Target="/3D/3dmodel.model"></Relationship>` + "\n" +
	`</Relationships>`

// writePackage streams a 3MF package to w: the PrusaSlicer configuration config
// when it is not empty, the 3D model part that model writes, the relationships and
// the content types, in that order. The configuration needs no relationship;
// PrusaSlicer finds it by name, and its content type is declared by its extension.
//
// Every entry is deflated at flate.BestSpeed, a megabyte a core at once
// (parallelDeflate), and dated 1980-01-01 00:00 with no
// extra fields, so the bytes depend only on the parts. Its checksum and sizes
// follow its data in a data descriptor: knowing them before the data would take
// compressing the model twice or holding it compressed in memory.
func writePackage(w io.Writer, config string, model func(io.Writer) error) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return newParallelDeflate(w), nil
	})
	entry := func(name string, write func(io.Writer) error) error {
		ew, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, ModifiedDate: zipEpochDate})
		if err != nil {
			return err
		}
		return write(ew)
	}
	bytesOf := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	ct := contentTypesHead
	if config != "" {
		if err := entry(prusaConfigPath[1:], bytesOf(config)); err != nil {
			return err
		}
		ct += contentTypeConfig
	}
	ct += contentTypesTail
	if err := entry("3D/3dmodel.model", model); err != nil {
		return err
	}
	if err := entry("_rels/.rels", bytesOf(rootRels)); err != nil {
		return err
	}
	if err := entry(contentTypesEntry, bytesOf(ct)); err != nil {
		return err
	}
	return zw.Close()
}
