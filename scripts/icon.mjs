// Draws media/icon.png (256×256, the marketplace icon) without image tools: three stacked bars —
// uncached blue, cache-read green, cache-write yellow — and the white cache-point marker across
// them, on the banner's dark blue. Run: node scripts/icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const BG = [0x1e, 0x2a, 0x38];
const shapes = [
  // [x0, y0, x1, y1, colour, corner radius]
  [40, 56, 216, 104, [0x3b, 0x82, 0xf6], 10],
  [40, 120, 216, 168, [0x22, 0xc5, 0x5e], 10],
  [40, 184, 150, 216, [0xea, 0xb3, 0x08], 10],
  [171, 36, 181, 236, [0xff, 0xff, 0xff], 3],
];

function inside([x0, y0, x1, y1, , r], x, y) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const raw = Buffer.alloc(SIZE * (SIZE * 3 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 3 + 1)] = 0;
  for (let x = 0; x < SIZE; x++) {
    let colour = BG;
    for (const shape of shapes) if (inside(shape, x + 0.5, y + 0.5)) colour = shape[4];
    colour.forEach((c, i) => { raw[y * (SIZE * 3 + 1) + 1 + x * 3 + i] = c; });
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, sum]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0); header.writeUInt32BE(SIZE, 4);
header[8] = 8; header[9] = 2; // 8-bit RGB
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
