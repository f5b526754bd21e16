package threemf

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strings"
)

// zipEpochDate is 1980-01-01 in MS-DOS date form (year since 1980 << 9 | month << 5
// | day), the earliest time a zip entry can hold; with the MS-DOS time 0 it is
// midnight.
const zipEpochDate = 0<<9 | 1<<5 | 1

// dataDescriptorFlag marks a zip entry whose sizes and checksum follow its data
// instead of standing in its local header.
const dataDescriptorFlag = 0x8

// contentTypesEntry is the zip entry name of the OPC content types part.
const contentTypesEntry = "[Content_Types].xml"

// normalizeZip writes the zip archive in pkg to w so that its bytes depend only on
// the entries' names, compression and content: every entry keeps its place, name,
// compression method and compressed bytes, but is dated 1980-01-01 00:00 with no
// extra fields (the time of writing that opc stamps is dropped) and carries its
// sizes in its header rather than in a data descriptor. The content types part,
// whose elements opc writes in map order, is rewritten with them sorted.
func normalizeZip(w io.Writer, pkg []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return fmt.Errorf("normalizing the package: %w", err)
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		fh := &zip.FileHeader{
			Name:               f.Name,
			Method:             f.Method,
			Flags:              f.Flags &^ dataDescriptorFlag,
			CreatorVersion:     f.CreatorVersion,
			ReaderVersion:      f.ReaderVersion,
			ExternalAttrs:      f.ExternalAttrs,
			ModifiedDate:       zipEpochDate,
			CRC32:              f.CRC32,
			CompressedSize64:   f.CompressedSize64,
			UncompressedSize64: f.UncompressedSize64,
		}
		if f.Name == contentTypesEntry {
			err = copySortedContentTypes(zw, fh, f)
		} else {
			err = copyRaw(zw, fh, f)
		}
		if err != nil {
			return fmt.Errorf("normalizing %s: %w", f.Name, err)
		}
	}
	return zw.Close()
}

// copyRaw writes the compressed bytes of f to zw under fh.
func copyRaw(zw *zip.Writer, fh *zip.FileHeader, f *zip.File) error {
	r, err := f.OpenRaw()
	if err != nil {
		return err
	}
	fw, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	_, err = io.Copy(fw, r)
	return err
}

// contentTypesPart is an OPC content types part as opc writes it.
type contentTypesPart struct {
	XMLName   xml.Name              `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []contentTypeDefault  `xml:"Default"`
	Overrides []contentTypeOverride `xml:"Override"`
}

// contentTypeDefault gives the content type of the parts whose names end in
// Extension.
type contentTypeDefault struct {
	XMLName     xml.Name `xml:"Default"`
	Extension   string   `xml:"Extension,attr"`
	ContentType string   `xml:"ContentType,attr"`
}

// contentTypeOverride gives the content type of one part.
type contentTypeOverride struct {
	XMLName     xml.Name `xml:"Override"`
	PartName    string   `xml:"PartName,attr"`
	ContentType string   `xml:"ContentType,attr"`
}

// copySortedContentTypes writes the content types part f to zw under fh with its
// defaults sorted by extension and its overrides by part name, compressed by
// fh.Method (store or deflate at the default level, as opc writes it).
func copySortedContentTypes(zw *zip.Writer, fh *zip.FileHeader, f *zip.File) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	var ct contentTypesPart
	err = xml.NewDecoder(r).Decode(&ct)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	slices.SortFunc(ct.Defaults, func(a, b contentTypeDefault) int { return strings.Compare(a.Extension, b.Extension) })
	slices.SortFunc(ct.Overrides, func(a, b contentTypeOverride) int { return strings.Compare(a.PartName, b.PartName) })

	var doc bytes.Buffer
	doc.WriteString(xml.Header)
	enc := xml.NewEncoder(&doc)
	enc.Indent("", "    ")
	if err := enc.Encode(&ct); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}

	data := doc.Bytes()
	switch fh.Method {
	case zip.Store:
	case zip.Deflate:
		var z bytes.Buffer
		fw, err := flate.NewWriter(&z, flate.DefaultCompression)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
		if err := fw.Close(); err != nil {
			return err
		}
		data = z.Bytes()
	default:
		return fmt.Errorf("unexpected compression method %d", fh.Method)
	}
	fh.CRC32 = crc32.ChecksumIEEE(doc.Bytes())
	fh.UncompressedSize64 = uint64(doc.Len())
	fh.CompressedSize64 = uint64(len(data))
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
