"""MP4 (H.264, yuv420p, fast start, no edit list) through PyAV, the optional `video` extra.

PyAV's wheels bundle FFmpeg with x264, which is GPL: video lives behind
`pip install 'creative-studio[video]'` so the core stays permissive, and everything else (GIF
included) works without it. Bytes are deterministic: x264 runs in its default deterministic mode,
FFmpeg's bit-exact flags keep version strings out of the file, no creation time is written, and
the silent AAC track (for placements that expect sound) is encoded from zeros.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from PIL import Image

INSTALL_HINT = "MP4 needs the video extra (FFmpeg with x264, GPL): pip install 'creative-studio[video]'"
AUDIO_RATE = 48000
CRF = "20"
PRESET = "veryfast"


class VideoUnavailable(Exception):
    """PyAV is not installed: say how to get it."""


@dataclass(frozen=True)
class EncodedMp4:
    data: bytes
    frames: int
    fps: float
    duration_s: float
    audio: bool


def available() -> bool:
    try:
        import av  # noqa: F401
    except ImportError:
        return False
    return True


def encode_mp4(runs: Iterable[tuple[Image.Image, int]], fps: float, audio: bool) -> EncodedMp4:
    """Encode (picture, how many frames it lasts) runs at `fps`; every picture the same size."""
    try:
        import av
    except ImportError:
        raise VideoUnavailable(INSTALL_HINT) from None
    rate = Fraction(fps).limit_denominator(1001)
    fd, tmp = tempfile.mkstemp(suffix=".mp4")
    os.close(fd)
    frames = 0
    try:
        with av.open(
            tmp,
            "w",
            format="mp4",
            options={"movflags": "+faststart", "use_editlist": "0", "fflags": "+bitexact"},
        ) as out:
            video = None
            for image, count in runs:
                if video is None:
                    video = out.add_stream("libx264", rate=rate)
                    video.width, video.height = image.width - image.width % 2, image.height - image.height % 2
                    video.pix_fmt = "yuv420p"
                    video.codec_context.time_base = 1 / rate
                    video.options = {"preset": PRESET, "crf": CRF, "tune": "animation", "flags": "+bitexact"}
                    if audio:
                        sound = out.add_stream("aac", rate=AUDIO_RATE, layout="stereo")
                        sound.options = {"flags": "+bitexact"}
                    else:
                        sound = None
                rgb = image.convert("RGB")
                if rgb.size != (video.width, video.height):
                    rgb = rgb.crop((0, 0, video.width, video.height))
                frame = av.VideoFrame.from_image(rgb).reformat(format="yuv420p")
                for _ in range(count):
                    frame.pts = frames
                    frame.time_base = video.codec_context.time_base
                    for packet in video.encode(frame):
                        out.mux(packet)
                    frames += 1
            if video is None:
                raise ValueError("no frames to encode")
            for packet in video.encode(None):
                out.mux(packet)
            duration = frames / fps
            if sound is not None:
                samples = round(duration * AUDIO_RATE)
                done = 0
                while done < samples:
                    n = min(1024, samples - done)
                    af = av.AudioFrame(format="fltp", layout="stereo", samples=n)
                    for plane in af.planes:
                        plane.update(bytes(plane.buffer_size))
                    af.sample_rate = AUDIO_RATE
                    af.pts = done
                    af.time_base = Fraction(1, AUDIO_RATE)
                    for packet in sound.encode(af):
                        out.mux(packet)
                    done += n
                for packet in sound.encode(None):
                    out.mux(packet)
        with open(tmp, "rb") as fh:
            data = fh.read()
    finally:
        os.unlink(tmp)
    return EncodedMp4(data, frames, fps, frames / fps, audio)
