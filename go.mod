module yanchu

go 1.26.8

require (
	github.com/chromedp/chromedp v0.23.1
	github.com/hpinc/go3mf v0.24.2
	github.com/qmuntal/gltf v0.28.0
	golang.org/x/term v0.48.0
)

require (
	github.com/chromedp/cdproto v0.160.1 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/qmuntal/opc v0.7.10 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
