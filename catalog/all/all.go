// Package all links every domain yanchu offers into a program: import it for
// its side effects, as the command line and the server do.
//
//	import _ "yanchu/catalog/all"
package all

import (
	_ "yanchu/catalog/box"        // 收纳盒, a box with a lift-off or sliding lid
	_ "yanchu/catalog/carved"     // 视频建模, a copy carved from a turntable film
	_ "yanchu/catalog/gear"       // 齿轮, a spur gear or a meshing pair
	_ "yanchu/catalog/gridfinity" // gridfinity 收纳盒, a Gridfinity bin
	_ "yanchu/catalog/lithophane" // 透光浮雕 and 浮雕, plates from a picture
	_ "yanchu/catalog/puzzleball" // 鬼工球, the Chinese puzzle ball
	_ "yanchu/catalog/vase"       // 花瓶, a vase: round or lobed, twisted, rippled
)
