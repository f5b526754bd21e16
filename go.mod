module yanchu

go 1.26.8

require (
	github.com/hpinc/go3mf v0.24.2 // indirect
	github.com/qmuntal/gltf v0.28.0 // indirect
	github.com/qmuntal/opc v0.7.10 // indirect
)
