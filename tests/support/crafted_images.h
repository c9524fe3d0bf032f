// Hostile and unusual image files for the image gate's tests, built from
// real encoders (OpenCV's, zlib) and then edited the way an attacker
// would: frame sizes that lie, frames hidden from naive parsers, formats
// that cost more to decode than their size suggests.
#pragma once

#include <string>

namespace stylist::crafted {

// A real baseline JPEG of w x h with flat colour (b, g, r).
std::string FlatJpeg(int w, int h, int b = 40, int g = 90, int r = 200, bool progressive = false);
// A real PNG of w x h; 16-bit RGBA when `deep`.
std::string FlatPng(int w, int h, bool deep = false);
// A real WebP; lossless when `lossless`.
std::string FlatWebp(int w, int h, bool lossless);

// `jpeg` with its frame header (SOF) declaring w x h instead.
std::string WithJpegFrameSize(std::string jpeg, int w, int h);
// `png` with its IHDR declaring w x h, the chunk CRC recomputed.
std::string WithPngSize(std::string png, int w, int h);

// A JPEG whose only real frame header declares w x h, placed where a parser
// that takes "FF 00" for a marker with a length skips it; such a parser
// finds instead an 8 x 8 frame inside a comment that libjpeg skips. The
// upload-path bypass of the old header parser.
std::string JpegWithHiddenFrame(int w, int h);

// A w x h 8-bit palette PNG (colour type 3) whose palette entry 1 is
// (r, g, b) at alpha `a`; every pixel uses entry 1.
std::string PalettePng(int w, int h, int r, int g, int b, int a);

// The header of an animated WebP (VP8X with the animation flag).
std::string AnimatedWebpHeader();

}  // namespace stylist::crafted
