"""Image checks and conversions with Pillow.

* the kind is decided by magic bytes before Pillow sees the file;
* ``Image.MAX_IMAGE_PIXELS`` stays set (decompression bombs raise, and are quarantined);
* ``verify()`` then a full ``load()`` catch truncated and corrupt files;
* ``exif_transpose`` applies the orientation, then the image is re-encoded without EXIF or
  other metadata (GPS position, device serials).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = ("png", "jpeg", "webp", "tiff", "pdf")
EXTENSION = {"png": "png", "jpeg": "jpg", "webp": "webp", "tiff": "tiff", "pdf": "pdf"}
CONTENT_TYPE = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "tiff": "image/tiff",
    "pdf": "application/pdf",
}
_PIL_FORMAT = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP", "tiff": "TIFF", "pdf": "PDF"}
_NEEDS_RGB = {"jpeg", "pdf"}


class ImageRejected(Exception):
    """The file is not a usable image; ``reason`` is the quarantine reason."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    frames: int


def open_image(data: bytes, max_pixels: int) -> tuple[Image.Image, ImageInfo]:
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            # Above MAX_IMAGE_PIXELS Pillow warns, above twice it raises; treat both as bombs.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            probe.verify()
            image = Image.open(io.BytesIO(data))
            frames = int(getattr(image, "n_frames", 1))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("image_too_large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected("corrupt_image") from None
    return image, ImageInfo(image.width, image.height, frames)


def convert(image: Image.Image, formats: tuple[str, ...]) -> dict[str, bytes]:
    """The first frame, upright and without metadata, in each requested format."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in {"RGB", "RGBA", "L", "LA", "1"}:
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    out: dict[str, bytes] = {}
    for name in formats:
        target = clean
        if name in _NEEDS_RGB and target.mode not in {"RGB", "L"}:
            target = target.convert("RGB")
        buffer = io.BytesIO()
        options: dict[str, object] = {}
        if name in {"jpeg", "webp"}:
            options["quality"] = 90
        if name == "tiff":
            options["compression"] = "tiff_deflate"
        target.save(buffer, format=_PIL_FORMAT[name], **options)
        out[name] = buffer.getvalue()
    return out
