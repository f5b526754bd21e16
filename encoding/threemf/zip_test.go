package threemf

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"slices"
	"testing"
	"time"
	"yanchu/internal/meshtest"

	"yanchu/geom"
)

// contentTypesPart is an OPC content types part.
type contentTypesPart struct {
	XMLName   xml.Name              `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []contentTypeDefault  `xml:"Default"`
	Overrides []contentTypeOverride `xml:"Override"`
}

// contentTypeDefault gives the content type of the parts whose names end in
// Extension.
type contentTypeDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// contentTypeOverride gives the content type of one part.
type contentTypeOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// TestEncodeIsDeterministic encodes every case many times, once more than a
// second later, and requires the same bytes each time: the zip entries must not
// carry the time of writing, nor the package depend on map order or random ids.
func TestEncodeIsDeterministic(t *testing.T) {
	var first [][]byte
	for _, tc := range cases {
		first = append(first, encode(t, tc.mesh(), Options{Names: tc.names, Title: tc.name}))
	}
	for range 20 {
		for i, tc := range cases {
			if b := encode(t, tc.mesh(), Options{Names: tc.names, Title: tc.name}); !bytes.Equal(b, first[i]) {
				t.Fatalf("%s: a second encoding differs from the first", tc.name)
			}
		}
	}
	time.Sleep(1100 * time.Millisecond) // past the one-second resolution of zip's extended timestamps
	for i, tc := range cases {
		if b := encode(t, tc.mesh(), Options{Names: tc.names, Title: tc.name}); !bytes.Equal(b, first[i]) {
			t.Errorf("%s: an encoding 1.1 s later differs from the first", tc.name)
		}
	}
}

// TestEncodeDiffersByMesh requires different meshes to give different bytes, so
// that determinism is not bought by writing something fixed.
func TestEncodeDiffersByMesh(t *testing.T) {
	shifted := meshtest.TwoCubes()
	for i := range shifted.Vertices {
		shifted.Vertices[i] = shifted.Vertices[i].Add(geom.V(0, 0, 1))
	}
	a := encode(t, meshtest.TwoCubes(), Options{})
	for name, b := range map[string][]byte{
		"nested":  encode(t, meshtest.Nested(), Options{}),
		"shifted": encode(t, shifted, Options{}),
	} {
		if bytes.Equal(a, b) {
			t.Errorf("two cubes and %s encode to the same bytes", name)
		}
	}
}

// TestEncodeZipEntries checks the archive: entries deflated, dated 1980-01-01
// 00:00 with no extra fields, each reading back whole with the checksum and size
// its data descriptor and central directory give, every part given a content
// type, and the relationships' ids fixed.
func TestEncodeZipEntries(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := encode(t, tc.mesh(), Options{Names: tc.names, Title: tc.name})
			z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			epoch := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
			for _, f := range z.File {
				names = append(names, f.Name)
				if !f.Modified.Equal(epoch) || len(f.Extra) != 0 || f.Method != zip.Deflate {
					t.Errorf("%s: modified %v, %d bytes of extra fields, method %d; want %v, none, deflate",
						f.Name, f.Modified, len(f.Extra), f.Method, epoch)
				}
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				n, err := io.Copy(io.Discard, r) // archive/zip checks the CRC-32 at the end
				if err != nil || uint64(n) != f.UncompressedSize64 {
					t.Errorf("%s: read %d bytes, error %v; want %d bytes", f.Name, n, err, f.UncompressedSize64)
				}
				r.Close()
			}
			want := []string{"3D/3dmodel.model", "_rels/.rels", contentTypesEntry}
			if _, _, ok := volumes(t, b); ok {
				want = append([]string{prusaConfigPath[1:]}, want...)
			}
			if !slices.Equal(names, want) {
				t.Errorf("entries %q, want %q", names, want)
			}

			ct := readContentTypes(t, z)
			defaults := map[string]bool{}
			for _, d := range ct.Defaults {
				defaults[d.Extension] = true
			}
			overrides := map[string]bool{}
			for _, o := range ct.Overrides {
				overrides[o.PartName] = true
			}
			for _, name := range names {
				ext := path.Ext(name)
				if name != contentTypesEntry && !overrides["/"+name] && (ext == "" || !defaults[ext[1:]]) {
					t.Errorf("%s has no content type in %+v", name, ct)
				}
			}

			rels := readRelationships(t, z, "_rels/.rels")
			if len(rels) != 1 || rels[0].ID != "rel0" || rels[0].Target != "/3D/3dmodel.model" {
				t.Errorf("root relationships %+v, want one, rel0 to /3D/3dmodel.model", rels)
			}
		})
	}
}

// readContentTypes returns the package's content types part.
func readContentTypes(t *testing.T, z *zip.Reader) contentTypesPart {
	t.Helper()
	f, err := z.Open(contentTypesEntry)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ct contentTypesPart
	if err := xml.NewDecoder(f).Decode(&ct); err != nil {
		t.Fatalf("%s: %v", contentTypesEntry, err)
	}
	return ct
}

// relationship is an OPC relationship as the tests read it.
type relationship struct {
	ID     string `xml:"Id,attr"`
	Target string `xml:"Target,attr"`
}

// readRelationships returns the relationships in the part name.
func readRelationships(t *testing.T, z *zip.Reader, name string) []relationship {
	t.Helper()
	f, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rels struct {
		Rel []relationship `xml:"Relationship"`
	}
	if err := xml.NewDecoder(f).Decode(&rels); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rels.Rel
}
