// A tiny PNG encoder, so that the download examples have real pictures to
// fetch without any network or image library.
//
// A PNG file is an 8-byte signature followed by chunks, each
// `length | type | data | CRC-32(type + data)`. The smallest valid picture
// needs three: IHDR (size and pixel format), IDAT (the zlib-compressed rows,
// each prefixed with a filter byte, 0 = none) and IEND. node:zlib supplies
// both the compression and the CRC.

import { crc32, deflateSync } from "node:zlib";

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One chunk: big-endian length, 4-letter type, data, CRC over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * Encodes an 8-bit RGB picture. `pixel(x, y)` returns `[r, g, b]`, each 0-255.
 */
export function encodePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => readonly [number, number, number],
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 2; // colour type: truecolour RGB
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method: adaptive (each row says its filter)
  ihdr[12] = 0; // no interlacing

  const stride = 1 + width * 3;
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    rows[y * stride] = 0; // filter "none" for this row
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const at = y * stride + 1 + x * 3;
      rows[at] = r;
      rows[at + 1] = g;
      rows[at + 2] = b;
    }
  }

  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Hue (0-360) at full saturation and value, as RGB. */
function hueToRgb(hue: number): [number, number, number] {
  const h = (((hue % 360) + 360) % 360) / 60;
  const x = Math.round(255 * (1 - Math.abs((h % 2) - 1)));
  const sector = Math.floor(h);
  const table: [number, number, number][] = [
    [255, x, 0],
    [x, 255, 0],
    [0, 255, x],
    [0, x, 255],
    [x, 0, 255],
    [255, 0, x],
  ];
  return table[sector] ?? [255, 0, 0];
}

/**
 * The picture served for image number `index`: a diagonal gradient between
 * two hues that turn with the index, so each image differs, and along the
 * bottom edge `index` dark bars, so the number can be counted.
 */
export function sampleImage(index: number, width = 120, height = 90): Buffer {
  const from = hueToRgb(index * 67);
  const to = hueToRgb(index * 67 + 150);
  return encodePng(width, height, (x, y) => {
    const t = (x / Math.max(1, width - 1) + y / Math.max(1, height - 1)) / 2;
    const stripe = Math.floor((x / width) * 2 * Math.max(1, index)) % 2 === 1 && y > height * 0.8;
    const shade = stripe ? 0.35 : 1;
    const mix = (a: number, b: number): number => Math.round((a + (b - a) * t) * shade);
    return [mix(from[0], to[0]), mix(from[1], to[1]), mix(from[2], to[2])];
  });
}
