// The 3D view: a three.js renderer with orbit controls, soft lights, a ground grid and a
// cut-away plane. Models arrive as GLB (metres, Y up) and keep the material the file gives
// each body; the view draws on demand, not in a constant loop.

import * as THREE from "three";
import { OrbitControls } from "three/addons/controls/OrbitControls.js";
import { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";

// Tones for bodies whose file gives them all one colour: warm clay, ink blue, jade, amber...
const palette = [0xbf4a2e, 0x2f5c9e, 0x4f8a6b, 0xe0a24a, 0x8a5fb0, 0x3d9aa6, 0xc2577f, 0x7c8a3a];

// Viewer draws one model at a time inside a container element.
export class Viewer {
	constructor(el) {
		this.el = el;
		this.model = null;
		this.box = null; // the model's bounds, world units (metres)
		this.framed = null; // the bounds the camera was last framed on
		this.cut = 0;
		this.pending = false;
		this.loader = new GLTFLoader();
		try {
			this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
		} catch (e) {
			this.renderer = null;
			this.failure = e;
			return;
		}
		const r = this.renderer;
		r.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
		r.localClippingEnabled = true;
		r.toneMapping = THREE.NeutralToneMapping;
		el.appendChild(r.domElement);

		this.scene = new THREE.Scene();
		this.scene.background = new THREE.Color(0xf4f1ea);
		this.camera = new THREE.PerspectiveCamera(35, 1, 0.001, 100);
		this.camera.position.set(0.12, 0.09, 0.16);
		this.scene.add(this.camera);

		// Soft light: sky and ground, a key light that follows the camera, and a rim light.
		this.scene.add(new THREE.HemisphereLight(0xffffff, 0x9b9487, 1.9));
		const key = new THREE.DirectionalLight(0xffffff, 1.6);
		key.position.set(-0.6, 1.0, 0.4);
		this.camera.add(key);
		this.camera.add(key.target);
		key.target.position.set(0, 0, -1);
		const rim = new THREE.DirectionalLight(0xfff3e0, 0.6);
		rim.position.set(-1, 0.8, -1.2);
		this.scene.add(rim);

		this.grid = null;
		this.setGrid(new THREE.Box3(new THREE.Vector3(-0.05, 0, -0.05), new THREE.Vector3(0.05, 0.1, 0.05)));

		// Points with x above the plane's constant are cut away.
		this.plane = new THREE.Plane(new THREE.Vector3(-1, 0, 0), 1e6);

		this.controls = new OrbitControls(this.camera, r.domElement);
		this.controls.enableDamping = true;
		this.controls.dampingFactor = 0.12;
		this.controls.addEventListener("change", () => this.request());

		this.resize();
		new ResizeObserver(() => this.resize()).observe(el);
		this.warm();
	}

	// warm compiles the shaders a model needs before the first one arrives, so that the
	// first model is drawn without waiting for them (0.1 s in a software renderer).
	warm() {
		const probes = [THREE.FrontSide, THREE.DoubleSide].map((side) => {
			const m = new THREE.MeshStandardMaterial({ metalness: 0, roughness: 0.6, side });
			m.clippingPlanes = [this.plane];
			const probe = new THREE.Mesh(new THREE.SphereGeometry(0.001, 8, 4), m);
			probe.position.set(0, -1, 0);
			this.scene.add(probe);
			return probe;
		});
		this.renderer.compile(this.scene, this.camera);
		this.draw();
		for (const p of probes) {
			this.scene.remove(p);
			p.geometry.dispose();
			p.material.dispose();
		}
		this.draw();
	}

	// ok reports whether the browser gave a WebGL context.
	get ok() {
		return this.renderer !== null;
	}

	get canvas() {
		return this.renderer ? this.renderer.domElement : null;
	}

	resize() {
		if (!this.renderer) return;
		const w = Math.max(1, this.el.clientWidth);
		const h = Math.max(1, this.el.clientHeight);
		this.renderer.setSize(w, h, false);
		this.renderer.domElement.style.width = "100%";
		this.renderer.domElement.style.height = "100%";
		this.camera.aspect = w / h;
		this.camera.updateProjectionMatrix();
		this.draw();
	}

	// request draws on the next animation frame (once, however often it is asked).
	request() {
		if (this.pending || !this.renderer) return;
		this.pending = true;
		requestAnimationFrame(() => {
			this.pending = false;
			this.controls.update(); // dispatches "change" while damping, which asks again
			this.draw();
		});
	}

	// animate takes the model's animations (its parts' motion), or none; it stops
	// any motion under way.
	animate(clips) {
		this.playing = false;
		this.clips = clips || [];
		this.mixer = this.clips.length && this.model ? new THREE.AnimationMixer(this.model) : null;
	}

	// play starts the parts' motion, looping, or stops it and puts the parts back.
	// It returns whether they are moving.
	play(on) {
		if (!this.mixer) return false;
		if (!on) {
			this.playing = false;
			this.mixer.stopAllAction();
			this.draw();
			return false;
		}
		for (const c of this.clips) this.mixer.clipAction(c).play();
		this.playing = true;
		let last = performance.now();
		const tick = (now) => {
			if (!this.playing) return;
			this.mixer.update((now - last) / 1000);
			last = now;
			this.draw();
			requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
		return true;
	}

	// draw renders now.
	draw() {
		if (this.renderer) this.renderer.render(this.scene, this.camera);
	}

	// parse turns GLB bytes into a scene graph.
	parse(buf) {
		return this.loader.parseAsync(buf, "");
	}

	// show replaces the model with object (a parsed GLB scene) and draws it at once.
	show(object) {
		if (!this.renderer) return;
		if (this.model) {
			this.scene.remove(this.model);
			dispose(this.model);
		}
		this.model = object;
		const mats = [];
		object.traverse((o) => {
			if (!o.isMesh) return;
			for (const m of Array.isArray(o.material) ? o.material : [o.material]) if (!mats.includes(m)) mats.push(m);
		});
		const tones = new Set(mats.map((m) => (m.color ? m.color.getHex() : 0)));
		mats.forEach((m, i) => {
			if (tones.size < mats.length && m.color) m.color.setHex(palette[i % palette.length]);
			m.clippingPlanes = [this.plane];
		});
		this.mats = mats;
		this.scene.add(object);
		this.box = new THREE.Box3().setFromObject(object);
		if (!this.framed || moved(this.framed, this.box)) this.frame(this.box, reach(object, this.box.getCenter(new THREE.Vector3())));
		this.setGrid(this.box);
		this.setCut(this.cut);
		this.draw();
		// Drawn at once with the file's normals; sharp edges follow a moment later.
		setTimeout(() => this.sharpen(object), 0);
	}

	// sharpen gives the model in view normals that keep its sharp edges. The files share
	// each vertex among all the faces around it, with one smooth normal, so the top of a
	// gear or the rim of a hole would shade as if rounded. The work is done in a worker
	// (crease.js), so typing and orbiting never wait for it.
	sharpen(object) {
		if (this.model !== object) return;
		if (!this.worker) {
			try {
				this.worker = new Worker(new URL("./crease.js", import.meta.url), { type: "module" });
			} catch {
				return; // the file's normals stay
			}
			this.worker.onmessage = (e) => this.sharpened(e.data);
			this.worker.onerror = () => {};
		}
		const meshes = [];
		object.traverse((o) => {
			if (o.isMesh && !o.userData.creased) meshes.push(o);
		});
		const parts = [];
		const transfer = [];
		for (const o of meshes) {
			const pos = o.geometry.getAttribute("position");
			const position = new Float32Array(pos.count * 3);
			for (let i = 0; i < pos.count; i++) {
				position[3 * i] = pos.getX(i);
				position[3 * i + 1] = pos.getY(i);
				position[3 * i + 2] = pos.getZ(i);
			}
			const idx = o.geometry.getIndex();
			const index = idx ? Uint32Array.from(idx.array) : null;
			parts.push({ position, index });
			transfer.push(position.buffer);
			if (index) transfer.push(index.buffer);
		}
		this.sharpening = { id: (this.sharpening ? this.sharpening.id : 0) + 1, object, meshes };
		this.worker.postMessage({ id: this.sharpening.id, deg: CREASE_DEG, parts }, transfer);
	}

	// hold drops a sharpening under way: the model is about to change, and swapping its
	// meshes would only take time from the page while the person types.
	hold() {
		this.sharpening = null;
	}

	sharpened({ id, parts }) {
		const s = this.sharpening;
		if (!s || s.id !== id || this.model !== s.object) return;
		s.meshes.forEach((o, i) => {
			const g = new THREE.BufferGeometry();
			g.setAttribute("position", new THREE.BufferAttribute(parts[i].position, 3));
			g.setAttribute("normal", new THREE.BufferAttribute(parts[i].normal, 3));
			g.boundingBox = o.geometry.boundingBox;
			g.boundingSphere = o.geometry.boundingSphere;
			o.geometry.dispose();
			o.geometry = g;
			o.userData.creased = true;
		});
		this.sharpening = null;
		this.request();
	}

	// clear removes the model.
	clear() {
		if (this.model) {
			this.scene.remove(this.model);
			dispose(this.model);
			this.model = null;
			this.box = null;
			this.draw();
		}
	}

	// frame points the camera at box from the current direction, as near as it can be with
	// every corner of the box in view, or else the sphere of radius around the box's centre
	// that holds the model (a ball fills its view; a box-shaped model is framed by corners).
	frame(box, radius) {
		const center = box.getCenter(new THREE.Vector3());
		const dir = this.camera.position.clone().sub(this.controls.target);
		if (dir.lengthSq() === 0) dir.set(0.6, 0.45, 0.8);
		dir.normalize();
		const right = new THREE.Vector3().crossVectors(this.camera.up, dir).normalize();
		const up = new THREE.Vector3().crossVectors(dir, right);
		const tv = Math.tan(THREE.MathUtils.degToRad(this.camera.fov) / 2);
		const th = tv * this.camera.aspect;
		let dist = 0;
		const corner = new THREE.Vector3();
		for (let i = 0; i < 8; i++) {
			corner.set(i & 1 ? box.max.x : box.min.x, i & 2 ? box.max.y : box.min.y, i & 4 ? box.max.z : box.min.z).sub(center);
			const depth = corner.dot(dir);
			dist = Math.max(dist, depth + Math.abs(corner.dot(up)) / tv, depth + Math.abs(corner.dot(right)) / th);
		}
		const r = box.getSize(new THREE.Vector3()).length() / 2 || 0.05;
		if (radius > 0) dist = Math.min(dist, radius / Math.sin(Math.atan(Math.min(tv, th))));
		dist = Math.max(dist * 1.18, r * 0.5);
		this.controls.target.copy(center);
		this.camera.position.copy(center).addScaledVector(dir, dist);
		this.camera.near = r * 0.02; // nearer than the controls let the camera come
		this.camera.far = dist * 10 + r * 20;
		this.camera.updateProjectionMatrix();
		this.controls.minDistance = r * 0.3;
		this.controls.maxDistance = dist * 8;
		this.controls.update();
		this.framed = box.clone();
	}

	// setGrid lays a ground grid under box: 1 cm squares (5 cm for large models).
	setGrid(box) {
		if (this.grid) {
			this.scene.remove(this.grid);
			this.grid.geometry.dispose();
			this.grid.material.dispose();
		}
		const size = box.getSize(new THREE.Vector3());
		const span = Math.max(size.x, size.z, 0.02) * 2.2;
		const cell = span > 0.6 ? 0.05 : 0.01;
		const n = Math.max(2, Math.ceil(span / cell / 2) * 2);
		this.grid = new THREE.GridHelper(n * cell, n, 0xb9b2a4, 0xd9d3c7);
		const c = box.getCenter(new THREE.Vector3());
		this.grid.position.set(c.x, box.min.y - 0.0002, c.z);
		this.scene.add(this.grid);
	}

	// setCut cuts away the share f (0 to 1) of the model along x, from the +x side.
	setCut(f) {
		this.cut = f;
		if (!this.box) return;
		const min = this.box.min.x;
		const max = this.box.max.x;
		this.plane.constant = f <= 0 ? 1e6 : max - f * (max - min);
		// The inside of a cut shell shows only when back faces are drawn; a whole model
		// needs its front faces alone, which halves the work of drawing it.
		const side = f > 0 ? THREE.DoubleSide : THREE.FrontSide;
		for (const m of this.mats || []) {
			if (m.side !== side) {
				m.side = side;
				m.needsUpdate = true;
			}
		}
		this.request();
	}
}

// CREASE_DEG is the angle between faces above which an edge shows sharp (see crease.js).
const CREASE_DEG = 35;

// reach returns the largest distance from c to a vertex of object.
function reach(object, c) {
	let r2 = 0;
	const v = new THREE.Vector3();
	object.updateWorldMatrix(true, true);
	object.traverse((o) => {
		const pos = o.isMesh && o.geometry.getAttribute("position");
		if (!pos) return;
		for (let i = 0; i < pos.count; i++) {
			v.fromBufferAttribute(pos, i).applyMatrix4(o.matrixWorld);
			r2 = Math.max(r2, v.distanceToSquared(c));
		}
	});
	return Math.sqrt(r2);
}

// moved reports whether box b differs from a by more than a tenth of a's size.
function moved(a, b) {
	const sa = a.getSize(new THREE.Vector3()).length();
	const tol = Math.max(sa, 1e-6) * 0.1;
	return a.min.distanceTo(b.min) > tol || a.max.distanceTo(b.max) > tol;
}

function dispose(object) {
	object.traverse((o) => {
		if (o.geometry) o.geometry.dispose();
		if (o.material) for (const m of Array.isArray(o.material) ? o.material : [o.material]) m.dispose();
	});
}
