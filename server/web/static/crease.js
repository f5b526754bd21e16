// A worker that gives a model's meshes normals that keep their sharp edges (the viewer's
// sharpen). Message in: {id, deg, parts: [{position: Float32Array, index: Uint32Array|null}]};
// message out: {id, parts: [{position, normal}]}, three vertices per face.

self.onmessage = (e) => {
	const { id, deg, parts } = e.data;
	const out = parts.map((p) => creased(p.position, p.index, deg));
	const transfer = [];
	for (const o of out) transfer.push(o.position.buffer, o.normal.buffer);
	self.postMessage({ id, parts: out }, transfer);
};

// creased returns normals for a triangle mesh (positions, and indices or null) that keep
// its sharp edges sharp: each corner of a face takes the area-weighted normals of only
// those faces around its vertex that turn less than deg from it. The result has three
// vertices of its own per face.
function creased(position, index, deg) {
	const nv = position.length / 3;
	const nt = Math.floor((index ? index.length : nv) / 3);
	const at = index ? (k) => index[k] : (k) => k;
	const x = (v, i) => position[v * 3 + i];

	// Face normals: area-weighted and unit.
	const fa = new Float32Array(nt * 3);
	const fu = new Float32Array(nt * 3);
	const corner = new Uint32Array(nt * 3);
	for (let t = 0; t < nt; t++) {
		const a = at(3 * t), b = at(3 * t + 1), c = at(3 * t + 2);
		corner[3 * t] = a;
		corner[3 * t + 1] = b;
		corner[3 * t + 2] = c;
		const ux = x(b, 0) - x(a, 0), uy = x(b, 1) - x(a, 1), uz = x(b, 2) - x(a, 2);
		const vx = x(c, 0) - x(a, 0), vy = x(c, 1) - x(a, 1), vz = x(c, 2) - x(a, 2);
		const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
		const l = Math.hypot(nx, ny, nz) || 1;
		fa[3 * t] = nx;
		fa[3 * t + 1] = ny;
		fa[3 * t + 2] = nz;
		fu[3 * t] = nx / l;
		fu[3 * t + 1] = ny / l;
		fu[3 * t + 2] = nz / l;
	}
	// The faces around each vertex.
	const start = new Uint32Array(nv + 1);
	for (let k = 0; k < corner.length; k++) start[corner[k] + 1]++;
	for (let v = 0; v < nv; v++) start[v + 1] += start[v];
	const fill = start.slice(0, nv);
	const faces = new Uint32Array(corner.length);
	for (let k = 0; k < corner.length; k++) faces[fill[corner[k]]++] = Math.floor(k / 3);

	const cos = Math.cos((deg * Math.PI) / 180);
	const outP = new Float32Array(nt * 9);
	const outN = new Float32Array(nt * 9);
	for (let k = 0; k < corner.length; k++) {
		const v = corner[k];
		const t = Math.floor(k / 3);
		let sx = 0, sy = 0, sz = 0;
		for (let j = start[v]; j < start[v + 1]; j++) {
			const f = faces[j];
			if (fu[3 * t] * fu[3 * f] + fu[3 * t + 1] * fu[3 * f + 1] + fu[3 * t + 2] * fu[3 * f + 2] >= cos) {
				sx += fa[3 * f];
				sy += fa[3 * f + 1];
				sz += fa[3 * f + 2];
			}
		}
		const l = Math.hypot(sx, sy, sz) || 1;
		outN[3 * k] = sx / l;
		outN[3 * k + 1] = sy / l;
		outN[3 * k + 2] = sz / l;
		outP[3 * k] = x(v, 0);
		outP[3 * k + 1] = x(v, 1);
		outP[3 * k + 2] = x(v, 2);
	}
	return { position: outP, normal: outN };
}
