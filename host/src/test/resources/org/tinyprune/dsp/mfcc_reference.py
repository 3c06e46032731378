"""Independent MFCC reference for MfccTest, written with numpy from the published definitions
(tf.signal as used by the MLPerf Tiny KWS reference): 16 kHz, 1 s clip, peak-normalised,
periodic Hann window of 480 samples every 320, 512-point FFT magnitude, 40 HTK mel bands over
20..4000 Hz with DC excluded, ln(x + 1e-6), DCT-II scaled by sqrt(2 / 40), first 10 coefficients.

Usage: mfcc_reference.py SIGNAL.f64   (little-endian float64 samples) -> 49 lines of 10 numbers.
"""
import sys

import numpy as np

RATE, CLIP, FRAME, STEP, NFFT, BANDS, LOW, HIGH, COEFFS = 16000, 16000, 480, 320, 512, 40, 20.0, 4000.0, 10

signal = np.fromfile(sys.argv[1], dtype="<f8")
clip = np.zeros(CLIP)
clip[: min(CLIP, signal.size)] = signal[:CLIP]
peak = np.abs(clip).max()
if peak > 0:
    clip = clip / peak

frames = 1 + (CLIP - FRAME) // STEP
starts = STEP * np.arange(frames)
windowed = np.stack([clip[s : s + FRAME] for s in starts]) * np.hanning(FRAME + 1)[:-1]
magnitude = np.abs(np.fft.rfft(windowed, n=NFFT, axis=1))


def to_mel(hz):
    return 1127.0 * np.log1p(hz / 700.0)


edges = np.linspace(to_mel(LOW), to_mel(HIGH), BANDS + 2)
bin_mel = to_mel(np.linspace(0.0, RATE / 2.0, NFFT // 2 + 1))[:, None]
rise = (bin_mel - edges[:-2]) / (edges[1:-1] - edges[:-2])
fall = (edges[2:] - bin_mel) / (edges[2:] - edges[1:-1])
weights = np.clip(np.minimum(rise, fall), 0.0, None)
weights[0, :] = 0.0

log_mel = np.log(magnitude @ weights + 1e-6)
n = np.arange(BANDS)
basis = np.cos(np.pi * np.outer(np.arange(COEFFS), 2 * n + 1) / (2 * BANDS))
mfcc = np.sqrt(2.0 / BANDS) * log_mel @ basis.T
np.savetxt(sys.stdout, mfcc, fmt="%.10g")
